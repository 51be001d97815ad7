"""Demo declarations of the implementation-stage tracker: the main instansi's Admin BKD declared
the commitment, the Perkada and the development programme with their PDFs, so the tracker shows
declared indicators beside the ones read from the data. Idempotent: a butir already declared is
left as it is."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.instansi.models import Instansi
from apps.nasional.models import DeklarasiTahap
from apps.nasional.services_tahap import deklarasi_tahap_create

from .pegawai import demo_pdf

DEKLARASI_DEMO = [
    (DeklarasiTahap.Butir.KOMITMEN, "800.1/45/BKPSDM/2024", dt.date(2024, 8, 12), "Komitmen Wali Kota"),
    (
        DeklarasiTahap.Butir.PERKADA,
        "Perwali 17 Tahun 2024",
        dt.date(2024, 10, 1),
        "Perwali Manajemen Talenta",
    ),
    (
        DeklarasiTahap.Butir.PENGEMBANGAN,
        "800.1/112/BKPSDM/2025",
        dt.date(2025, 2, 3),
        "Program Pengembangan Talenta 2025",
    ),
]


def tahap_demo_seed(*, instansi: Instansi) -> int:
    """Declare the demo butir not yet declared; returns how many were created."""
    admin = get_user_model().objects.filter(username=f"admin.{instansi.kode}").first()
    sudah = set(DeklarasiTahap.objects.filter(instansi=instansi).values_list("butir", flat=True))
    dibuat = 0
    for butir, nomor, tanggal, judul in DEKLARASI_DEMO:
        if butir in sudah:
            continue
        berkas = SimpleUploadedFile(f"{judul}.pdf", demo_pdf(judul), content_type="application/pdf")
        deklarasi_tahap_create(
            instansi=instansi, actor=admin, butir=butir, nomor=nomor, tanggal=tanggal, berkas=berkas
        )
        dibuat += 1
    return dibuat
