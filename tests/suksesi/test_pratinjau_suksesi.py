"""Impact preview of a succession rule set (apps/suksesi/pratinjau.py): computed from the same inputs
as the flush without writing a candidate, a level-only row, a status or a dirty mark; what it
predicts is what activation then stores, post by post; activation needs it and records it; the
pages filter, export (audited), are read by the Komite and hidden from another instansi."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.kinerja.models import SKP
from apps.petatalenta.aturan import pratinjau as umum_pratinjau
from apps.petatalenta.aturan import services as umum
from apps.petatalenta.models import PratinjauAturan
from apps.suksesi.aturan import preset_konfigurasi
from apps.suksesi.engine import kandidat_urutan_key
from apps.suksesi.models import (
    AturanSuksesi,
    Kandidat,
    KandidatDasar,
    NominasiKhusus,
    PratinjauKandidat,
    StatusSuksesi,
    SuksesiKotor,
)
from apps.suksesi.services import status_suksesi_mark_dirty, suksesi_flush
from apps.suksesi.services_aturan import JENIS_SUKSESI, aturan_suksesi_aktif_get
from tests.factories import UnitKerjaFactory, user_with_role

from .pipeline_data import jabatan_kunci_buat, kandidat_buat

pytestmark = pytest.mark.django_db
PRESET = preset_konfigurasi("nasional")
STATUS_KOLOM = (
    "jumlah_kandidat",
    "jumlah_memenuhi",
    "jumlah_perlu_verifikasi",
    "jumlah_tidak_memenuhi",
    "jumlah_siap_sekarang",
    "jumlah_siap_1_2",
    "kekuatan_bench",
    "berisiko",
    "alasan_risiko",
)


def _flush(instansi):
    with instansi_scope(instansi):
        return suksesi_flush(instansi=instansi)


def _semua_dirty(instansi):
    with instansi_scope(instansi):
        status_suksesi_mark_dirty(instansi_id=instansi.pk, jabatan_kunci_ids=None, penyebab="uji")


def _snapshot(instansi) -> dict:
    """Every derived succession row of the instansi, whole (ids, timestamps, marks included)."""
    with instansi_scope(instansi):
        return {
            "kandidat": sorted(Kandidat.objects.filter(instansi=instansi).values_list(), key=str),
            "dasar": sorted(KandidatDasar.objects.filter(instansi=instansi).values_list(), key=str),
            "status": sorted(StatusSuksesi.objects.filter(instansi=instansi).values_list(), key=str),
            "kotor": sorted(SuksesiKotor.objects.filter(instansi=instansi).values_list(), key=str),
        }


def _daftar(instansi) -> dict[int, list[tuple]]:
    """{post: [(pegawai, kelayakan, kesiapan), …] in list order} as stored."""
    with instansi_scope(instansi):
        rows = list(Kandidat.objects.filter(instansi=instansi))
    out: dict[int, list] = {}
    for k in sorted(
        rows,
        key=lambda k: kandidat_urutan_key(
            kelayakan=k.kelayakan, skor_peringkat=k.skor_peringkat, pegawai_id=k.pegawai_id
        ),
    ):
        out.setdefault(k.jabatan_kunci_id, []).append((k.pegawai_id, k.kelayakan, k.kesiapan))
    return out


def _draf(instansi, konfigurasi, nama="Draf suksesi 2027") -> AturanSuksesi:
    with instansi_scope(instansi):
        aturan = umum.aturan_salin(
            jenis=JENIS_SUKSESI, instansi=instansi, actor=None, sumber="preset:nasional", nama=nama
        )
        return umum.aturan_ubah(
            jenis=JENIS_SUKSESI,
            instansi=instansi,
            actor=None,
            aturan_id=aturan.pk,
            nama=nama,
            catatan="",
            konfigurasi=konfigurasi,
        )


def _pratinjau(instansi, aturan, actor=None) -> PratinjauAturan:
    with instansi_scope(instansi):
        job, _baru = umum_pratinjau.pratinjau_mulai(
            jenis=JENIS_SUKSESI, instansi=instansi, actor=actor, aturan_id=aturan.pk
        )
        return umum_pratinjau.pratinjau_jalankan(instansi=instansi, uuid=str(job.uuid))


def _aktifkan(instansi, aturan, uuid):
    with instansi_scope(instansi):
        return umum.aturan_aktifkan(
            jenis=JENIS_SUKSESI, instansi=instansi, actor=None, aturan_id=aturan.pk, pratinjau_uuid=uuid
        )


@pytest.fixture
def dunia(instansi_a, instansi_b):
    """Four active key posts and one inactive, computed by the flush under the active (preset)
    rules: an Administrator post held, fed by Pengawas and Ahli Muda in the KRS (SKP Baik or Sangat
    Baik, JPM from 70 to 92), plus a Komite nomination outside the KRS; a vacant Administrator post
    in another perangkat daerah; a vacant Pengawas post fed by Pelaksana; a JPT Pratama post whose
    holder reaches BUP within months."""
    with connection.cursor() as cursor:
        # Key-post ids past 1,000, as in any real database: ids printed with a thousands separator
        # ("12.346") once broke the pages' data attributes and filters, unseen with small ids.
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('suksesi_jabatankunci', 'id'), "
            "GREATEST(12345, (SELECT last_value FROM suksesi_jabatankunci_id_seq)))"
        )
    with scopes_disabled():
        pd_a = UnitKerjaFactory(instansi=instansi_a, kode="P.01", nama="Dinas Pendidikan")
        pd_b = UnitKerjaFactory(instansi=instansi_a, kode="P.02", nama="Dinas Kesehatan")
        bidang = UnitKerjaFactory(
            instansi=instansi_a, kode="P.01.01", nama="Bidang SD", jenis="bidang", induk=pd_a
        )
        pemegang = kandidat_buat(instansi_a, nama="Pemegang Kabid")
        kabid = jabatan_kunci_buat(instansi_a, pemegang=pemegang, unit_kerja=bidang, nama="Kepala Bidang SD")
        sekretaris = jabatan_kunci_buat(instansi_a, unit_kerja=pd_b, nama="Sekretaris Dinas Kesehatan")
        kasi = jabatan_kunci_buat(
            instansi_a, jenis="pengawas", unit_kerja=pd_a, nama="Kepala Seksi Kurikulum"
        )
        tua = kandidat_buat(
            instansi_a,
            jenis="jpt_pratama",
            tanggal_lahir=timezone.localdate().replace(day=1) - dt.timedelta(days=365 * 60 - 200),
            nama="Kadis Tua",
        )
        jpt = jabatan_kunci_buat(
            instansi_a, jenis="jpt_pratama", pemegang=tua, unit_kerja=pd_a, nama="Kepala Dinas Pendidikan"
        )
        jabatan_kunci_buat(instansi_a, unit_kerja=pd_a, nama="Jabatan Ditutup", aktif=False)
        calon = {
            "sangat_baik_92": kandidat_buat(
                instansi_a, kotak=9, jpm="92.00", nama="Sari Sangat Baik", jenis_kelamin="P"
            ),
            "baik_90": kandidat_buat(instansi_a, kotak=9, jpm="90.00", nama="Budi Baik", jenis_kelamin="L"),
            "baik_82": kandidat_buat(instansi_a, kotak=8, jpm="82.00", nama="Citra Baik", jenis_kelamin="P"),
            "baik_72": kandidat_buat(instansi_a, kotak=8, jpm="72.00", nama="Dedi Baik", jenis_kelamin="L"),
            "ahli_muda": kandidat_buat(
                instansi_a,
                jenis="fungsional",
                jenjang="ahli_muda",
                kotak=7,
                jpm="88.00",
                nama="Eka Ahli Muda",
            ),
            "nominasi": kandidat_buat(instansi_a, kotak=5, jpm="85.00", nama="Fajar Nominasi"),
            "pelaksana": kandidat_buat(
                instansi_a, jenis="pelaksana", kotak=8, jpm="81.00", nama="Gita Pelaksana"
            ),
            "admin": kandidat_buat(
                instansi_a,
                jenis="administrator",
                kotak=9,
                jpm="86.00",
                mulai=dt.date(2010, 1, 1),
                nama="Hadi Administrator",
            ),
        }
        SKP.objects.filter(pegawai=calon["sangat_baik_92"]).update(
            predikat="Sangat Baik", rating_hasil_kerja="di_atas", rating_perilaku_kerja="di_atas"
        )
        NominasiKhusus.objects.create(
            instansi=instansi_a, jabatan_kunci=kabid, pegawai=calon["nominasi"], alasan="Penugasan khusus"
        )
        kandidat_buat(instansi_b)
        jabatan_kunci_buat(instansi_b)
    with instansi_scope(instansi_a):
        aktif = aturan_suksesi_aktif_get(instansi=instansi_a)
    _semua_dirty(instansi_a)
    _flush(instansi_a)
    return {
        "kabid": kabid,
        "sekretaris": sekretaris,
        "kasi": kasi,
        "jpt": jpt,
        "aktif": aktif,
        "pd_a": pd_a,
        "pd_b": pd_b,
        **calon,
    }


def _konfigurasi_berubah() -> dict:
    konfigurasi = copy.deepcopy(PRESET)
    konfigurasi["skp_predikat_minimum"] = "Sangat Baik"  # everyone but Sari fails kinerja
    konfigurasi["jpm_siap_sekarang"] = 85
    konfigurasi["jpm_siap_1_2"] = 75
    konfigurasi["jalur"]["administrator"]["asal"] = ["pengawas"]  # Ahli Muda leaves the lists
    konfigurasi["bobot_peringkat"] = {"kotak": 20, "jpm": 50, "potensial": 15, "kinerja": 15}
    konfigurasi["bulan_berisiko"] = 6
    return konfigurasi


@pytest.mark.parametrize(
    "ubah",
    [
        _konfigurasi_berubah,
        lambda: {**copy.deepcopy(PRESET), "jpm_siap_sekarang": 91, "jpm_siap_1_2": 80},
        lambda: {
            **copy.deepcopy(PRESET),
            "jalur": {
                **copy.deepcopy(PRESET["jalur"]),
                "pengawas": {"asal": ["pelaksana", "ahli_muda"], "tahun": 4},
            },
        },
        lambda: {
            **copy.deepcopy(PRESET),
            "bobot_peringkat": {"kotak": 10, "jpm": 60, "potensial": 15, "kinerja": 15},
        },
    ],
    ids=["banyak-setelan", "batas-kesiapan", "jalur", "bobot"],
)
def test_the_preview_writes_nothing_and_activation_then_stores_exactly_its_new_side(instansi_a, dunia, ubah):
    sebelum_daftar = _daftar(instansi_a)
    assert sebelum_daftar  # the flush computed lists under the active rules
    with instansi_scope(instansi_a):
        status_sebelum = {s.jabatan_kunci_id: s for s in StatusSuksesi.objects.filter(instansi=instansi_a)}
    draf = _draf(instansi_a, ubah())
    snapshot = _snapshot(instansi_a)
    job = _pratinjau(instansi_a, draf)
    assert job.status == "selesai" and job.tanggal_acuan == timezone.localdate()
    assert (job.done, job.total, job.periode) == (4, 4, timezone.localdate().year)  # the active posts
    assert _snapshot(instansi_a) == snapshot  # no candidate, level-only row, status or mark changed
    with instansi_scope(instansi_a):
        assert AturanSuksesi.objects.get(pk=draf.pk).digunakan is False  # the draft stays editable
        perubahan = {
            (p.jabatan_kunci_id, p.pegawai_id): p for p in PratinjauKandidat.objects.filter(pratinjau=job)
        }
    assert perubahan  # the draft changes something
    ringkasan = job.ringkasan
    jabatan = {j["id"]: j for j in ringkasan["jabatan"]}
    aktif_posts = {dunia[k].pk for k in ("kabid", "sekretaris", "kasi", "jpt")}
    assert set(jabatan) == aktif_posts and ringkasan["inti"]["jabatan_kunci"] == 4
    # the "lama" side equals what the flush stored under the active rules
    for post_id, row in jabatan.items():
        stored = status_sebelum[post_id]
        assert {k: getattr(stored, k) for k in STATUS_KOLOM} == row["lama"], post_id

    _aktifkan(instansi_a, draf, job.uuid)
    _flush(instansi_a)
    sesudah = _daftar(instansi_a)
    with instansi_scope(instansi_a):
        status_sesudah = {s.jabatan_kunci_id: s for s in StatusSuksesi.objects.filter(instansi=instansi_a)}
    for post_id in aktif_posts:
        lama = sebelum_daftar.get(post_id, [])
        # The predicted new list: the old one with every previewed change applied.
        diduga = {pegawai: (kelayakan, kesiapan) for pegawai, kelayakan, kesiapan in lama}
        posisi = {pegawai: i for i, (pegawai, _k, _s) in enumerate(lama, start=1)}
        for (pid, pegawai), p in perubahan.items():
            if pid != post_id:
                continue
            if p.perubahan == "keluar":
                diduga.pop(pegawai)
            else:
                diduga[pegawai] = (p.kelayakan_baru, p.kesiapan_baru)
                posisi[pegawai] = p.peringkat_baru
        baru = sesudah.get(post_id, [])
        assert {pegawai: (k, s) for pegawai, k, s in baru} == diduga, post_id
        assert [pegawai for pegawai, _k, _s in baru] == sorted(diduga, key=posisi.__getitem__), post_id
        assert {k: getattr(status_sesudah[post_id], k) for k in STATUS_KOLOM} == jabatan[post_id]["baru"], (
            post_id
        )
    # every unchanged candidacy kept its place (no row), every changed one has a row
    for post_id in aktif_posts:
        lama = {p: (i, k, s) for i, (p, k, s) in enumerate(sebelum_daftar.get(post_id, []), start=1)}
        baru = {p: (i, k, s) for i, (p, k, s) in enumerate(sesudah.get(post_id, []), start=1)}
        for pegawai in set(lama) | set(baru):
            assert ((post_id, pegawai) in perubahan) == (lama.get(pegawai) != baru.get(pegawai))


def test_the_changes_name_what_made_the_difference(instansi_a, dunia):
    draf = _draf(instansi_a, _konfigurasi_berubah())
    job = _pratinjau(instansi_a, draf)
    with instansi_scope(instansi_a):
        rows = {
            (p.jabatan_kunci_id, p.pegawai_id): p for p in PratinjauKandidat.objects.filter(pratinjau=job)
        }
    kabid = dunia["kabid"].pk
    keluar = rows[(kabid, dunia["ahli_muda"].pk)]
    assert keluar.perubahan == "keluar" and keluar.kelayakan_baru == "" and keluar.peringkat_baru is None
    assert (
        "Keluar dari daftar: tingkat Ahli Muda bukan lagi jabatan asal jalur ke Administrator"
        in keluar.penentu
    )
    assert "Pengawas atau Ahli Muda, minimal 3 tahun → Pengawas, minimal 3 tahun" in keluar.penentu
    budi = rows[(kabid, dunia["baik_90"].pk)]
    assert (budi.kelayakan_lama, budi.kelayakan_baru) == ("memenuhi", "tidak_memenuhi")
    assert budi.penentu.startswith(
        "Kriteria kinerja: memenuhi → tidak memenuhi (Predikat SKP minimal Baik → Sangat Baik)"
    )
    # Sari (SKP Sangat Baik, JPM 92) stays first and ready now: unchanged, no row
    assert (kabid, dunia["sangat_baik_92"].pk) not in rows
    # the nominated pegawai stays on the list whatever the path (the Komite's exception)
    fajar = rows[(kabid, dunia["nominasi"].pk)]
    assert fajar.perubahan == "berubah" and fajar.penentu.startswith("Kriteria kinerja")
    inti = job.ringkasan["inti"]
    assert inti["calon_keluar"] >= 2  # Ahli Muda from both Administrator posts
    assert inti["kelayakan_berubah"] >= 1 and inti["jabatan_berubah"] >= 2
    assert sum(r["keluar"] for r in job.ringkasan["kelompok"]["jenis_jabatan"]) == inti["calon_keluar"]
    fungsional = next(r for r in job.ringkasan["kelompok"]["jenis_jabatan"] if r["kode"] == "fungsional")
    assert fungsional["keluar"] == 2 and fungsional["baru"] == 0


def test_a_weight_change_moves_the_order_and_names_the_score(instansi_a, dunia):
    bobot = {"kotak": 10, "jpm": 60, "potensial": 15, "kinerja": 15}
    job = _pratinjau(instansi_a, _draf(instansi_a, {**copy.deepcopy(PRESET), "bobot_peringkat": bobot}))
    with instansi_scope(instansi_a):
        eka = PratinjauKandidat.objects.get(
            pratinjau=job, jabatan_kunci=dunia["kabid"], pegawai=dunia["ahli_muda"]
        )
    # Kotak 7 with JPM 88 overtakes kotak 8 with JPM 82 once the JPM weighs more.
    assert eka.perubahan == "berubah" and eka.peringkat_baru < eka.peringkat_lama
    assert (eka.kelayakan_lama, eka.kesiapan_lama) == (eka.kelayakan_baru, eka.kesiapan_baru)
    assert eka.penentu.startswith(f"Skor peringkat {str(eka.skor_lama).replace('.', ',')} → ")
    assert (
        "Bobot kotak talenta 40 → 10" in eka.penentu
        and "Bobot JPM terhadap standar jabatan 30 → 60" in eka.penentu
    )
    assert (
        job.ringkasan["inti"]["peringkat_bergeser"] >= 2 and job.ringkasan["inti"]["kelayakan_berubah"] == 0
    )


def test_a_readiness_threshold_change_is_named_with_the_jpm(instansi_a, dunia):
    draf = _draf(instansi_a, {**copy.deepcopy(PRESET), "jpm_siap_sekarang": 85})
    job = _pratinjau(instansi_a, draf)
    with instansi_scope(instansi_a):
        citra = PratinjauKandidat.objects.get(
            pratinjau=job, jabatan_kunci=dunia["kabid"], pegawai=dunia["baik_82"]
        )
    assert (citra.kesiapan_lama, citra.kesiapan_baru) == ("siap_sekarang", "siap_1_2")
    assert (
        citra.penentu == "JPM 82,00: siap sekarang → siap 1–2 tahun (JPM minimal untuk siap sekarang 80 → 85)"
    )


# --- activation needs a current preview, and records it ------------------------------------------------


def test_activation_through_the_page_records_the_preview_it_showed(admin_bkd_a, instansi_a, dunia, login):
    draf = _draf(instansi_a, _konfigurasi_berubah())
    client = login(admin_bkd_a)
    tanpa = client.get(f"/suksesi/aturan/{draf.pk}/aktifkan/").content.decode()
    assert "Belum ada pratinjau yang berlaku" in tanpa
    refused = client.post(f"/suksesi/aturan/{draf.pk}/aktifkan/", {"konfirmasi": "on"})
    assert refused.status_code == 200 and "Aktivasi tersedia setelah pratinjau" in refused.content.decode()
    with instansi_scope(instansi_a):
        assert AturanSuksesi.objects.get(pk=draf.pk).status == "draf"
    job = _pratinjau(instansi_a, draf, actor=admin_bkd_a)
    page = client.get(f"/suksesi/aturan/{draf.pk}/aktifkan/").content.decode()
    assert f'value="{job.uuid}"' in page and "Calon keluar dari daftar" in page
    response = client.post(
        f"/suksesi/aturan/{draf.pk}/aktifkan/", {"konfirmasi": "on", "pratinjau": str(job.uuid)}
    )
    assert response.status_code == 302
    with instansi_scope(instansi_a):
        [event] = AuditEvent.objects.filter(instansi=instansi_a, action="aturan_suksesi.aktifkan")
        [mulai] = AuditEvent.objects.filter(instansi=instansi_a, action="aturan_suksesi.pratinjau")
    assert (
        event.new_values["pratinjau"] == str(job.uuid) and event.new_values["pratinjau_ditampilkan"] is True
    )
    assert event.new_values["pratinjau_inti"] == job.ringkasan["inti"]
    assert event.new_values["jabatan_kunci_dihitung_ulang"] == 4
    assert mulai.actor_id == admin_bkd_a.pk and mulai.new_values["pratinjau"] == str(job.uuid)


def test_a_stale_or_unfinished_preview_refuses_activation(instansi_a, dunia):
    draf = _draf(instansi_a, _konfigurasi_berubah())
    job = _pratinjau(instansi_a, draf)
    # the draft edited after the preview: its configuration no longer matches
    with instansi_scope(instansi_a):
        umum.aturan_ubah(
            jenis=JENIS_SUKSESI,
            instansi=instansi_a,
            actor=None,
            aturan_id=draf.pk,
            nama=draf.nama,
            catatan="",
            konfigurasi={**_konfigurasi_berubah(), "bulan_berisiko": 12},
        )
    with pytest.raises(ValidationError, match="sudah tidak berlaku"):
        _aktifkan(instansi_a, draf, job.uuid)
    # a fresh one still being computed
    with instansi_scope(instansi_a):
        baru, _dibuat = umum_pratinjau.pratinjau_mulai(
            jenis=JENIS_SUKSESI, instansi=instansi_a, actor=None, aturan_id=draf.pk
        )
    with pytest.raises(ValidationError, match="belum selesai"):
        _aktifkan(instansi_a, draf, baru.uuid)
    # a preview too old
    with instansi_scope(instansi_a):
        umum_pratinjau.pratinjau_jalankan(instansi=instansi_a, uuid=str(baru.uuid))
        PratinjauAturan.objects.filter(pk=baru.pk).update(dibuat_pada=timezone.now() - dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="sudah tidak berlaku"):
        _aktifkan(instansi_a, draf, baru.uuid)
    # the active version changed meanwhile
    job3 = _pratinjau(instansi_a, draf)
    lain = _draf(instansi_a, {**copy.deepcopy(PRESET), "bulan_berisiko": 30}, nama="Lain")
    _aktifkan(instansi_a, lain, _pratinjau(instansi_a, lain).uuid)
    with pytest.raises(ValidationError, match="sudah tidak berlaku"):
        _aktifkan(instansi_a, draf, job3.uuid)
    with instansi_scope(instansi_a):
        assert AturanSuksesi.objects.get(pk=draf.pk).status == "draf"


# --- pages -------------------------------------------------------------------------------------------


def _url(aturan, job, rest=""):
    return f"/suksesi/aturan/{aturan.pk}/pratinjau/{job.uuid}/{rest}"


def test_the_result_page_lists_posts_and_changes_with_filters(admin_bkd_a, instansi_a, dunia, login):
    draf = _draf(instansi_a, _konfigurasi_berubah())
    job = _pratinjau(instansi_a, draf, actor=admin_bkd_a)
    client = login(admin_bkd_a)
    html = client.get(_url(draf, job)).content.decode()
    assert 'table--responsive pratinjau-kandidat"' in html
    ditemukan = sorted(set(re.findall(r'data-jabatan-kunci="(\d+)"', html)))
    assert (
        f'data-jabatan-kunci="{dunia["kabid"].pk}"' in html
        and f'data-jabatan-kunci="{dunia["sekretaris"].pk}"' in html
    ), (ditemukan, job.ringkasan.get("inti"), [j["id"] for j in job.ringkasan.get("jabatan", [])])
    assert f'data-pegawai-nip="{dunia["ahli_muda"].nip}"' in html
    assert "Kriteria kinerja: memenuhi → tidak memenuhi" in html and "Jenis kelamin" in html
    assert "Rentang usia" in html and "Fungsional" in html
    # by key post
    html = client.get(_url(draf, job), {"jabatan_kunci": dunia["sekretaris"].pk}).content.decode()
    assert f'data-jabatan-kunci="{dunia["sekretaris"].pk}"' in html
    assert f'data-jabatan-kunci="{dunia["kabid"].pk}"' not in html
    # by perangkat daerah of the key post (Kepala Bidang SD sits in a bidang under Dinas Pendidikan)
    html = client.get(_url(draf, job), {"perangkat_daerah": dunia["pd_a"].pk}).content.decode()
    assert f'data-jabatan-kunci="{dunia["kabid"].pk}"' in html
    assert f'data-jabatan-kunci="{dunia["sekretaris"].pk}"' not in html
    # the headline figures on the version's page
    detail = client.get(f"/suksesi/aturan/{draf.pk}/").content.decode()
    assert "Calon keluar dari daftar" in detail and "Jabatan kunci berubah" in detail


def test_the_page_is_paginated(admin_bkd_a, instansi_a, dunia, login, monkeypatch):
    from apps.suksesi import pratinjau as modul

    monkeypatch.setattr(modul, "PER_HALAMAN", 2)
    draf = _draf(instansi_a, _konfigurasi_berubah())
    job = _pratinjau(instansi_a, draf)
    client = login(admin_bkd_a)
    satu = client.get(_url(draf, job)).content.decode()
    dua = client.get(_url(draf, job), {"halaman": 2}).content.decode()
    assert satu.count("data-pegawai-nip=") == 2 and dua.count("data-pegawai-nip=") == 2
    assert "halaman=2" in satu


def test_the_export_is_filtered_audited_and_keeps_the_nip_as_text(admin_bkd_a, instansi_a, dunia, login):
    import openpyxl

    draf = _draf(instansi_a, _konfigurasi_berubah())
    job = _pratinjau(instansi_a, draf)
    client = login(admin_bkd_a)
    response = client.get(_url(draf, job, "perubahan.xlsx"), {"jabatan_kunci": dunia["kabid"].pk})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Jabatan kunci", "Unit kerja jabatan", "NIP", "Nama")
    assert {r[0] for r in rows[1:]} == {"Kepala Bidang SD"}
    nips = {r[2] for r in rows[1:]}
    assert dunia["ahli_muda"].nip in nips and all(isinstance(n, str) for n in nips)
    with instansi_scope(instansi_a):
        [event] = AuditEvent.objects.filter(instansi=instansi_a, action="aturan_suksesi.pratinjau_unduh")
        jumlah = PratinjauKandidat.objects.filter(pratinjau=job, jabatan_kunci=dunia["kabid"]).count()
    assert event.new_values == {"pratinjau": str(job.uuid), "baris": jumlah} and len(rows) == jumlah + 1


def test_the_komite_reads_the_preview_but_cannot_start_one(instansi_a, dunia, login):
    draf = _draf(instansi_a, _konfigurasi_berubah())
    job = _pratinjau(instansi_a, draf)
    with scopes_disabled():
        anggota = user_with_role(Role.KOMITE_ANGGOTA, instansi=instansi_a)
    client = login(anggota)
    assert client.get(_url(draf, job)).status_code == 200
    assert client.get(_url(draf, job, "perubahan.xlsx")).status_code == 200
    assert client.post(f"/suksesi/aturan/{draf.pk}/pratinjau/mulai/").status_code == 403


def test_another_instansis_preview_answers_404(admin_bkd_a, instansi_a, instansi_b, dunia, login):
    draf = _draf(instansi_a, _konfigurasi_berubah())
    job = _pratinjau(instansi_a, draf)
    with scopes_disabled():
        admin_b = user_with_role(Role.ADMIN_BKD, instansi=instansi_b)
    client = login(admin_b)
    for rest in ("", "status.json", "perubahan.xlsx"):
        assert client.get(_url(draf, job, rest)).status_code == 404, rest
    assert client.get(f"/suksesi/aturan/{draf.pk}/pratinjau/").status_code == 404
    assert client.post(f"/suksesi/aturan/{draf.pk}/pratinjau/mulai/").status_code == 404
    with instansi_scope(instansi_a):
        assert PratinjauAturan.objects.filter(instansi=instansi_a).count() == 1
