"""Demo pegawai (`apps/demo/pegawai.py`, `manage.py seed_demo`): idempotent, deterministic,
plausible (NIPs agree with birth date and sex, a realistic mix), portfolios in every verification
state, and the demo "asn" login linked to its pegawai."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.demo.instansi import DEMO_INSTANSI, demo_seed
from apps.demo.pegawai import ASN_DEMO_NIP, pegawai_demo_rencana, pegawai_demo_seed
from apps.instansi.models import Instansi
from apps.pegawai.models import (
    RIWAYAT_MODELS,
    Dokumen,
    HukumanDisiplin,
    KelengkapanData,
    Pegawai,
    StatusVerifikasi,
)
from apps.pegawai.nip import nip_check_profile, nip_parse_for_status
from apps.pegawai.referensi import GOLONGAN_PNS, GOLONGAN_PPPK
from apps.pegawai.services import dokumen_jenis_detect

pytestmark = pytest.mark.django_db

JUMLAH = 30


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def palangka_raya():
    demo_seed()  # tenants, unit trees and the demo logins (the service: no logins file written)
    return Instansi.objects.get(kode="6271")


def seed(instansi, jumlah=JUMLAH) -> int:
    with instansi_scope(instansi):
        return pegawai_demo_seed(instansi=instansi, jumlah=jumlah)


def counts() -> dict[str, int]:
    with scopes_disabled():
        result = {
            "pegawai": Pegawai.objects.count(),
            "dokumen": Dokumen.objects.count(),
            "kelengkapan": KelengkapanData.objects.count(),
            "audit": AuditEvent.objects.count(),
        }
        for model in RIWAYAT_MODELS:
            result[model.KODE] = model.objects.count()
    return result


def all_riwayat(instansi):
    with scopes_disabled():
        return [item for model in RIWAYAT_MODELS for item in model.objects.filter(instansi=instansi)]


def test_seeding_twice_creates_nothing_new(palangka_raya):
    assert seed(palangka_raya) == JUMLAH
    first = counts()
    assert first["pegawai"] == first["kelengkapan"] == JUMLAH
    assert seed(palangka_raya) == 0
    assert counts() == first


def test_generation_is_deterministic_and_independent_of_jumlah(palangka_raya):
    with instansi_scope(palangka_raya):
        small = pegawai_demo_rencana(instansi=palangka_raya, jumlah=10)
        again = pegawai_demo_rencana(instansi=palangka_raya, jumlah=10)
        large = pegawai_demo_rencana(instansi=palangka_raya, jumlah=40)
    assert [r.profil for r in small] == [r.profil for r in again]
    assert [r.profil["nip"] for r in large[:10]] == [r.profil["nip"] for r in small]
    assert len({r.profil["nip"] for r in large}) == 40


def test_a_larger_jumlah_adds_only_the_missing_pegawai(palangka_raya):
    seed(palangka_raya, jumlah=12)
    assert seed(palangka_raya, jumlah=JUMLAH) == JUMLAH - 12
    with scopes_disabled():
        assert Pegawai.objects.filter(instansi=palangka_raya).count() == JUMLAH


def test_every_verification_state_is_present(palangka_raya):
    seed(palangka_raya)
    items = [item for item in all_riwayat(palangka_raya) if not isinstance(item, HukumanDisiplin)]
    statuses = Counter(item.status for item in items)
    assert statuses[StatusVerifikasi.DISETUJUI] > statuses[StatusVerifikasi.DIAJUKAN] > 0
    assert statuses[StatusVerifikasi.DITOLAK] > 0
    rejected = [item for item in items if item.status == StatusVerifikasi.DITOLAK]
    assert all(len(item.alasan_penolakan) >= 5 for item in rejected)
    assert any(item.status == StatusVerifikasi.DISETUJUI and item.dokumen_id is None for item in items)
    assert any(item.status == StatusVerifikasi.DIAJUKAN and item.dokumen_id is None for item in items)
    approved = [item for item in items if item.status == StatusVerifikasi.DISETUJUI]
    assert all(item.diverifikasi_pada is not None for item in approved)
    with scopes_disabled():
        assert HukumanDisiplin.objects.filter(instansi=palangka_raya).exists()


def test_documents_are_real_pdf_and_png_files(palangka_raya):
    seed(palangka_raya, jumlah=10)
    with scopes_disabled():
        documents = list(Dokumen.objects.filter(instansi=palangka_raya))
    kinds = set()
    for dokumen in documents:
        with dokumen.berkas.open("rb") as handle:
            head = handle.read()
        assert dokumen_jenis_detect(head[:16]) == dokumen.content_type
        assert len(head) == dokumen.ukuran
        kinds.add(dokumen.content_type)
        if dokumen.content_type == "application/pdf":
            assert head.rstrip().endswith(b"%%EOF")
    assert kinds == {"application/pdf", "image/png"}


def test_nips_are_consistent_with_the_profiles(palangka_raya):
    seed(palangka_raya)
    today = dt.date.today()
    with scopes_disabled():
        pegawai_list = list(Pegawai.objects.filter(instansi=palangka_raya))
    for pegawai in pegawai_list:
        info = nip_parse_for_status(pegawai.nip, status=pegawai.status_kepegawaian)
        nip_check_profile(info, tanggal_lahir=pegawai.tanggal_lahir, jenis_kelamin=pegawai.jenis_kelamin)
        assert pegawai.tanggal_pensiun() > today, pegawai  # nobody is past retirement
        if pegawai.status_kepegawaian in ("pns", "cpns"):
            assert pegawai.golongan in GOLONGAN_PNS
        elif pegawai.status_kepegawaian == "pppk":
            assert pegawai.golongan in GOLONGAN_PPPK
        assert bool(pegawai.jenjang_fungsional) == (pegawai.jenis_jabatan == "fungsional")


def test_a_realistic_mix(palangka_raya):
    with instansi_scope(palangka_raya):
        rencana = pegawai_demo_rencana(instansi=palangka_raya, jumlah=150)
    profil = [r.profil for r in rencana]
    status = Counter(p["status_kepegawaian"] for p in profil)
    assert 90 <= status["pns"] <= 120 and 25 <= status["pppk"] <= 50
    assert status["cpns"] >= 1 and status["pppk_paruh_waktu"] >= 1
    jabatan = Counter(p["jenis_jabatan"] for p in profil)
    assert 0.45 <= jabatan["fungsional"] / 150 <= 0.7
    assert 0.2 <= jabatan["pelaksana"] / 150 <= 0.4
    assert jabatan["jpt_pratama"] >= 5 and jabatan["administrator"] >= 5 and jabatan["pengawas"] >= 3
    golongan_pns = Counter(p["golongan"][: p["golongan"].index("/")] for p in profil if "/" in p["golongan"])
    assert golongan_pns.most_common(1)[0][0] == "III"
    assert {p["nama_jabatan"] for p in profil} >= {"Guru", "Perawat"}
    assert sum(1 for r in rencana if r.hukuman) == 3
    units = {p["unit_kerja"].pk for p in profil if p["unit_kerja"]}
    assert len(units) >= 15  # spread over the instansi's tree


def test_the_demo_asn_login_is_linked_to_its_pegawai(palangka_raya):
    seed(palangka_raya, jumlah=5)
    with scopes_disabled():
        pegawai = Pegawai.objects.select_related("user").get(instansi=palangka_raya, nip=ASN_DEMO_NIP)
        kinds = Counter(
            item.status for model in RIWAYAT_MODELS for item in model.objects.filter(pegawai=pegawai)
        )
    assert pegawai.user.username == "asn"
    assert pegawai.user.nip == ASN_DEMO_NIP
    assert (pegawai.tanggal_lahir, pegawai.jenis_kelamin) == (dt.date(1990, 3, 15), "P")
    info = nip_parse_for_status(pegawai.nip, status=pegawai.status_kepegawaian)
    assert info.tmt_cpns == dt.date(2015, 3, 1)
    assert set(kinds) == {StatusVerifikasi.DISETUJUI, StatusVerifikasi.DIAJUKAN, StatusVerifikasi.DITOLAK}


def test_the_command_seeds_every_demo_instansi(palangka_raya):
    out = StringIO()
    call_command("seed_demo", "--pegawai", "3", stdout=out)
    with scopes_disabled():
        per_instansi = Counter(Pegawai.objects.values_list("instansi__kode", flat=True))
    assert per_instansi == {kode: 3 for kode, _nama in DEMO_INSTANSI}
    assert out.getvalue().count("3 pegawai baru") == len(DEMO_INSTANSI)
    call_command("seed_demo", "--pegawai", "3", stdout=out)
    assert out.getvalue().count("0 pegawai baru") == len(DEMO_INSTANSI)
