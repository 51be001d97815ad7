"""Candidate lists kept current by a real Celery worker, with nobody pressing a button:

* an SKP import moves a pegawai into box 9, the talent flush announces the new placement, and the
  succession flush makes them a candidate for a matching key post;
* a verifier approving a riwayat jabatan turns the path criterion from `perlu_verifikasi` into
  `memenuhi`.

The talent rule set here is the categorical preset: the box follows from the SKP predikat and the
JPM category alone, so each step's expected box is plain.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.kinerja.services import SkpData, skp_write
from apps.pegawai.models import RiwayatJabatan
from apps.pegawai.services import riwayat_approve
from apps.petatalenta.engine import PRESET_KATEGORIS
from apps.petatalenta.models import Penempatan
from apps.petatalenta.services import penempatan_flush
from apps.suksesi.models import Kandidat
from apps.suksesi.services import status_suksesi_mark_dirty, suksesi_flush
from tests.factories import AturanTalentaFactory, RiwayatJabatanFactory, user_with_role
from tests.impor.util import SKP_HEADERS, csv_bytes, skp_row
from tests.petatalenta.test_worker_pipeline import broker  # noqa: F401 - the fixture
from tests.petatalenta.workers import thread_worker, wait_for

from .pipeline_data import jabatan_kunci_buat, kandidat_buat, kriteria_dibaca

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TAHUN_LALU = timezone.localdate().year - 1


def _kandidat(instansi, post, pegawai) -> Kandidat | None:
    with instansi_scope(instansi):
        return next(iter(kriteria_dibaca(Kandidat.objects.filter(jabatan_kunci=post, pegawai=pegawai))), None)


def _kategoris(instansi) -> None:
    with scopes_disabled():
        AturanTalentaFactory(instansi=instansi, status="aktif", konfigurasi=PRESET_KATEGORIS)


def test_an_skp_import_into_box_9_makes_a_candidate_without_anyone_flushing(broker, instansi_a, tmp_path):  # noqa: F811
    _kategoris(instansi_a)
    with scopes_disabled():
        # A Pengawas for six years with JPM 95 (potensial tinggi), no placement yet.
        pegawai = kandidat_buat(instansi_a, kotak=None, jpm="95.00")
        post = jabatan_kunci_buat(instansi_a, nama="Kepala Bidang Anggaran")
    with instansi_scope(instansi_a):
        # Last year "Butuh Perbaikan": kinerja di bawah → box 6, outside the KRS.
        skp_write(
            instansi=instansi_a,
            actor=None,
            rows=[SkpData(pegawai.pk, TAHUN_LALU, "tahunan", "di_bawah", "sesuai", "Butuh Perbaikan")],
        )
        penempatan_flush(instansi=instansi_a)
        assert Penempatan.objects.get(pegawai=pegawai).kotak == 6
        status_suksesi_mark_dirty(instansi_id=instansi_a.pk, jabatan_kunci_ids=[post.pk], penyebab="uji")
        suksesi_flush(instansi=instansi_a)
    assert _kandidat(instansi_a, post, pegawai) is None

    with thread_worker():
        file = tmp_path / "skp.csv"
        row = skp_row(
            pegawai.nip,
            Tahun=str(TAHUN_LALU),
            **{
                "Rating Hasil Kerja": "Di Atas Ekspektasi",
                "Rating Perilaku Kerja": "Di Atas Ekspektasi",
                "Predikat": "Sangat Baik",
            },
        )
        file.write_bytes(csv_bytes([row], SKP_HEADERS))
        call_command("import_skp", str(file), instansi=instansi_a.kode, stdout=StringIO(), stderr=StringIO())
        kandidat = wait_for(lambda: _kandidat(instansi_a, post, pegawai), what="the new candidate")
    assert (kandidat.kotak, kandidat.kelayakan, kandidat.kesiapan) == (9, "memenuhi", "siap_sekarang")
    with instansi_scope(instansi_a):
        assert Penempatan.objects.get(pegawai=pegawai).kotak == 9


def test_approving_a_riwayat_jabatan_turns_perlu_verifikasi_into_memenuhi(broker, instansi_a):  # noqa: F811
    _kategoris(instansi_a)
    with scopes_disabled():
        verifikator = user_with_role(Role.VERIFIKATOR, instansi_a)
        # Box 9 (Sangat Baik, JPM 95); their Pengawas years are not verified yet.
        pegawai = kandidat_buat(instansi_a, kotak=None, jpm="95.00")
        RiwayatJabatan.objects.filter(pegawai=pegawai).delete()
        menunggu = RiwayatJabatanFactory(
            pegawai=pegawai, jenis_jabatan="pengawas", tmt_mulai=dt.date(2016, 1, 1)
        )
        post = jabatan_kunci_buat(instansi_a, nama="Kepala Bidang Perbendaharaan")
    with instansi_scope(instansi_a):
        skp_write(
            instansi=instansi_a,
            actor=None,
            rows=[SkpData(pegawai.pk, TAHUN_LALU, "tahunan", "di_atas", "di_atas", "Sangat Baik")],
        )
        penempatan_flush(instansi=instansi_a)
        assert Penempatan.objects.get(pegawai=pegawai).kotak == 9
        status_suksesi_mark_dirty(instansi_id=instansi_a.pk, jabatan_kunci_ids=[post.pk], penyebab="uji")
        suksesi_flush(instansi=instansi_a)
    before = _kandidat(instansi_a, post, pegawai)
    jalur = next(k for k in before.kriteria if k["kode"] == "jalur")
    assert (jalur["hasil"], jalur["verifikasi"], before.kelayakan) == (
        "perlu_verifikasi",
        ["jabatan"],
        "perlu_verifikasi",
    )

    with thread_worker():
        with instansi_scope(instansi_a):
            riwayat_approve(riwayat=menunggu, actor=verifikator)
        after = wait_for(
            lambda: (k := _kandidat(instansi_a, post, pegawai)) and k.kelayakan == "memenuhi" and k,
            what="the path criterion met",
        )
    jalur = next(k for k in after.kriteria if k["kode"] == "jalur")
    assert (jalur["hasil"], after.kesiapan) == ("memenuhi", "siap_sekarang")
