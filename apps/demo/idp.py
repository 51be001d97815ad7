"""Demo IDPs (`manage.py seed_demo` runs this after the talent map and the key posts): drafts for
every pegawai of the instansi (boxes 4–6 first, the same service the BKD's button queues), about
two thirds of the middle boxes' plans approved by the Admin BKD, some activities under way or done,
and the demo "asn" login's own plan approved with one activity in progress, so the ASN, the atasan,
the BKD and the Komite pages all show something. Idempotent: plans that exist are left alone."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from apps.instansi.models import Instansi
from apps.pegawai.models import Pegawai
from apps.pengembangan.models import Idp, KegiatanIdp
from apps.pengembangan.services import idp_setujui, idp_susun_massal, kegiatan_progres
from apps.petatalenta.periode import periode_sekarang

from .pegawai import ASN_DEMO_NIP


@dataclass
class IdpDemo:
    dibuat: int = 0
    disetujui: int = 0


def idp_demo_seed(*, instansi: Instansi) -> IdpDemo:
    tahun = periode_sekarang()
    admin = get_user_model().objects.filter(username=f"admin.{instansi.kode}").first()
    hasil = IdpDemo(dibuat=idp_susun_massal(instansi=instansi, tahun=tahun, actor=admin)["dibuat"])
    if admin is None:
        return hasil
    draf = list(
        Idp.objects.filter(
            instansi=instansi, tahun=tahun, status=Idp.Status.DRAF, kotak__in=(4, 5, 6, 7, 8, 9)
        )
        .select_related("pegawai")
        .order_by("pk")
    )
    for idp in draf:
        # A third stays a draft (chosen by id, so a second run picks the same ones): the priority
        # list shows who still needs a plan.
        if idp.pegawai_id % 3 == 0:
            continue
        idp_setujui(idp=idp, actor=admin)
        hasil.disetujui += 1
        kegiatan = KegiatanIdp.objects.filter(instansi=instansi, idp=idp).order_by("urutan").first()
        if kegiatan is not None and idp.pegawai_id % 2 == 0:
            kegiatan_progres(
                kegiatan=kegiatan,
                actor=idp.pegawai.user or admin,
                progres=40,
                catatan="Berjalan sesuai jadwal.",
            )
    asn = Pegawai.objects.filter(instansi=instansi, nip=ASN_DEMO_NIP).first()
    idp = Idp.objects.filter(instansi=instansi, pegawai=asn, tahun=tahun).first() if asn else None
    if idp is not None and idp.status == Idp.Status.DRAF:
        idp_setujui(idp=idp, actor=admin)
        hasil.disetujui += 1
        kegiatan = KegiatanIdp.objects.filter(instansi=instansi, idp=idp).order_by("urutan").first()
        if kegiatan is not None:
            kegiatan_progres(
                kegiatan=kegiatan, actor=asn.user or admin, progres=25, catatan="Sudah dibahas dengan atasan."
            )
    return hasil
