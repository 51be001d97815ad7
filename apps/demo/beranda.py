"""Demo for the role home pages: waiting portfolio items of every age (the verification backlog by
age) and a few finished imports with their results (the Admin BKD's recent imports)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apps.impor.models import ImportJob
from apps.instansi.models import Instansi
from apps.pegawai.models import RIWAYAT_MODELS, StatusVerifikasi

# Days since submission given to the waiting items in turn: every age column of the backlog shows.
UMUR_HARI = (48, 1, 4, 12, 0, 35, 6, 20)

IMPOR_DEMO = (
    # (kind, file, status, mode, hours ago, result)
    ("pegawai", "demo-data-pegawai-januari.xlsx", ImportJob.Status.SELESAI, ImportJob.Mode.SIMPAN, 72,
     {"baris": 150, "baru": 120, "diubah": 24, "tetap": 6, "baris_galat": 0, "committed": True}),
    ("asesmen", "demo-hasil-asesmen-uptd.xlsx", ImportJob.Status.SELESAI, ImportJob.Mode.SIMPAN, 30,
     {"baris": 40, "baru": 38, "diubah": 2, "tetap": 0, "baris_galat": 0, "committed": True}),
    ("skp", "demo-skp-tahunan.xlsx", ImportJob.Status.SIAP, ImportJob.Mode.PRATINJAU, 3,
     {"baris": 95, "baru": 80, "diubah": 9, "tetap": 0, "baris_galat": 6, "committed": False,
      "errors": [[7, "Predikat", "Predikat kinerja harus salah satu dari: Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang."]],
      "galat_total": 1}),
)  # fmt: skip


def beranda_demo_seed(*, instansi: Instansi) -> tuple[int, int]:
    """Spread the submission dates of the waiting items over UMUR_HARI (idempotent: the same items
    get the same ages relative to now) and add the demo import jobs once. Returns (items, jobs)."""
    now = timezone.now()
    diubah = 0
    urutan = 0
    for model in RIWAYAT_MODELS:
        if not model.DIISI_ASN:
            continue
        for pk in (
            model.objects.filter(instansi=instansi, status=StatusVerifikasi.DIAJUKAN)
            .order_by("pk")
            .values_list("pk", flat=True)
        ):
            hari = UMUR_HARI[urutan % len(UMUR_HARI)]
            model.objects.filter(instansi=instansi, pk=pk).update(
                diajukan_pada=now - dt.timedelta(days=hari, hours=1)
            )
            urutan += 1
            diubah += 1
    dibuat = 0
    for kind, nama, status, mode, jam, result in IMPOR_DEMO:
        if ImportJob.objects.filter(instansi=instansi, nama_berkas=nama).exists():
            continue
        waktu = now - dt.timedelta(hours=jam)
        job = ImportJob.objects.create(
            instansi=instansi, kind=kind, nama_berkas=nama, status=status, mode=mode, result=result,
            progress_done=result["baris"], progress_total=result["baris"],
            selesai_pada=waktu if status == ImportJob.Status.SELESAI else None,
        )  # fmt: skip
        ImportJob.objects.filter(instansi=instansi, pk=job.pk).update(dibuat_pada=waktu)
        dibuat += 1
    return diubah, dibuat
