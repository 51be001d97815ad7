"""Impact preview of a talent rule set (apps/petatalenta/pratinjau.py): it writes nothing, and what
it says equals what activation then produces, for every pegawai; activation needs a current
preview and its audit event records it; the pages, filters, export and who may see them."""

from __future__ import annotations

from collections import Counter
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.petatalenta.aturan import services as aturan_services
from apps.petatalenta.engine import Aturan
from apps.petatalenta.models import AturanTalenta, HitungUlang, Penempatan, PratinjauPenempatan
from apps.petatalenta.pratinjau import _skor_sama
from apps.petatalenta.services import aturan_aktif_get, penempatan_flush
from apps.petatalenta.services_aturan import JENIS_TALENTA
from tests.petatalenta.pratinjau_data import (
    draf_buat,
    draf_ubah,
    instansi_bervariasi,
    pratinjau_jalankan,
    snapshot,
)

pytestmark = pytest.mark.django_db

DRAF = {
    # cut-offs only: the scores stay, the levels move
    "batas": {"batas_potensial": [60, 70], "batas_kinerja": [70, 90]},
    # weights only: the scores move
    "bobot": {"bobot_potensial": {"jpm": 35, "potensi": 10}, "bobot_kinerja": {"skp": 70, "sk_tim": 5}},
    # a one-year SKP window: perlu data, and the inputs loaded twice (JP and SK tim in the window)
    "jendela": {"jendela_tahun": 1, "target_sk_tim": 1},
    # a smaller talent pool: the boxes stay
    "pool": {"kotak_talent_pool": [8, 9]},
    # boxes 7 and 8 renumbered: the same cells, other numbers
    "nomor": {"kotak": {"di_atas/menengah": 8, "sesuai/tinggi": 7}},
}


def _keadaan(kotak, status) -> int:
    return kotak if status == "final" else 0


def _placements(instansi) -> dict:
    with instansi_scope(instansi):
        return {
            p.pegawai_id: p
            for p in Penempatan.objects.filter(instansi=instansi, pegawai__aktif=True).order_by("pk")
        }


@pytest.mark.parametrize("nama", list(DRAF))
def test_the_preview_writes_nothing_and_equals_what_activation_then_computes(nama, instansi_a):
    instansi_bervariasi(instansi_a)
    draf = draf_buat(instansi_a, **DRAF[nama])
    sebelum = snapshot(instansi_a)
    lama = _placements(instansi_a)
    assert lama and all(p.dirty_since is None and p.status for p in lama.values())

    job = pratinjau_jalankan(instansi_a, draf)
    # Cut-offs, numbering and pool only: the draf side is the engine's last step redone on the
    # result in force (pratinjau._tata_ulang); anything else: a second full evaluation.
    with instansi_scope(instansi_a):
        lama_aturan = Aturan.from_config(aturan_aktif_get(instansi=instansi_a).konfigurasi)
    assert _skor_sama(lama_aturan, Aturan.from_config(draf.konfigurasi)) == (
        nama in ("batas", "pool", "nomor")
    )

    # Nothing written: every placement column (dirty marks included) and every history row.
    assert snapshot(instansi_a) == sebelum
    with instansi_scope(instansi_a):
        assert not HitungUlang.objects.exists()
        rows = {
            r.pegawai_id: r for r in PratinjauPenempatan.objects.filter(instansi=instansi_a, pratinjau=job)
        }
    ringkasan = job.ringkasan
    inti = ringkasan["inti"]
    assert (job.status, job.done, job.total) == ("selesai", len(lama), len(lama))
    assert job.periode == next(iter(lama.values())).periode and job.tanggal_acuan is not None
    assert inti["dihitung"] == len(lama) and inti["berubah"] == len(rows) > 0

    with instansi_scope(instansi_a):
        aturan_services.aturan_aktifkan(
            jenis=JENIS_TALENTA, instansi=instansi_a, actor=None, aturan_id=draf.pk, pratinjau_uuid=job.uuid
        )
        penempatan_flush(instansi=instansi_a)
    baru = _placements(instansi_a)
    assert set(baru) == set(lama)

    matriks = Counter()
    for pegawai_id, p in baru.items():
        sebelumnya = lama[pegawai_id]
        assert p.aturan_id == draf.pk and p.dirty_since is None
        matriks[(_keadaan(sebelumnya.kotak, sebelumnya.status), _keadaan(p.kotak, p.status))] += 1
        row = rows.get(pegawai_id)
        if row is None:  # no row: box, status and talent pool stay
            assert (p.kotak, p.status, p.talent_pool) == (
                sebelumnya.kotak,
                sebelumnya.status,
                sebelumnya.talent_pool,
            ), pegawai_id
            continue
        assert (row.kotak_lama, row.status_lama, row.talent_pool_lama) == (
            sebelumnya.kotak,
            sebelumnya.status,
            sebelumnya.talent_pool,
        )
        assert (row.skor_potensial_lama, row.skor_kinerja_lama) == (
            sebelumnya.skor_potensial,
            sebelumnya.skor_kinerja,
        )
        assert (row.kotak_baru, row.status_baru, row.talent_pool_baru) == (p.kotak, p.status, p.talent_pool)
        assert (row.skor_potensial_baru, row.skor_kinerja_baru) == (p.skor_potensial, p.skor_kinerja)
        assert (row.kotak_lama, row.status_lama, row.talent_pool_lama) != (
            row.kotak_baru,
            row.status_baru,
            row.talent_pool_baru,
        )
        assert row.penentu and row.unit_kerja_id == p.pegawai.unit_kerja_id
    assert {(d, k): n for d, k, n in ringkasan["matriks"]} == dict(matriks)
    pindah = sum(n for (d, k), n in matriks.items() if d != k and d and k)
    assert inti["pindah_kotak"] == pindah
    assert inti["masuk_talent_pool"] == sum(
        1 for i, p in baru.items() if p.talent_pool and not lama[i].talent_pool
    )
    assert inti["keluar_talent_pool"] == sum(
        1 for i, p in baru.items() if lama[i].talent_pool and not p.talent_pool
    )
    assert inti["perlu_data_baru"] == sum(
        1 for i, p in baru.items() if p.status == "perlu_data" and lama[i].status == "final"
    )
    assert ringkasan["talent_pool"] == {
        "lama": sum(p.talent_pool for p in lama.values()),
        "baru": sum(p.talent_pool for p in baru.values()),
    }
    # Each breakdown covers everyone once; up/down/sideways count the moves to another cell (a
    # renumbered box keeps its cell).
    sel_pindah = sum(
        1
        for i, p in baru.items()
        if p.status == lama[i].status == "final"
        and (p.level_kinerja, p.level_potensial) != (lama[i].level_kinerja, lama[i].level_potensial)
    )
    for dimensi in ("jenis_kelamin", "usia", "jenis_jabatan"):
        grup = ringkasan["kelompok"][dimensi]
        assert sum(g["total"] for g in grup.values()) == len(lama)
        assert sum(g["pindah"] for g in grup.values()) == pindah
        assert sum(g["naik"] + g["turun"] + g["bergeser"] for g in grup.values()) == sel_pindah
    assert set(ringkasan["kelompok"]["jenis_jabatan"]) == {
        "pelaksana",
        "fungsional",
        "pengawas",
        "administrator",
    }
    assert set(ringkasan["kelompok"]["jenis_kelamin"]) == {"L", "P"}

    penentu = [r.penentu for r in rows.values()]
    if nama == "batas":
        assert any(t.startswith("Batas potensial") and "70" in t for t in penentu), penentu
        assert inti["pindah_kotak"] > 0
    elif nama == "bobot":
        assert any(t.startswith("Bobot ") and "→" in t and "skor" in t for t in penentu), penentu
        assert inti["pindah_kotak"] > 0
    elif nama == "jendela":
        assert inti["perlu_data_baru"] > 0
        assert any(t.startswith("Jendela SKP (tahun) 2 → 1: menjadi perlu data: skp") for t in penentu), (
            penentu
        )
    elif nama == "nomor":
        assert inti["pindah_kotak"] == len(rows) > 0 and inti["keluar_talent_pool"] == 0
        assert {t.split(" nomor ")[0] for t in penentu} <= {
            "Penomoran kotak: kinerja di atas ekspektasi, potensial menengah",
            "Penomoran kotak: kinerja sesuai ekspektasi, potensial tinggi",
        }, penentu
    else:
        assert inti["keluar_talent_pool"] == len(rows) > 0 and inti["pindah_kotak"] == 0
        assert set(penentu) == {"Kotak talent pool (KRS) 7, 8, 9 → 8, 9: kotak 7"}


def test_the_activation_audit_event_records_the_preview_it_showed(instansi_a, admin_bkd_a, login):
    instansi_bervariasi(instansi_a, jumlah=12)
    draf = draf_buat(instansi_a, **DRAF["batas"])
    job = pratinjau_jalankan(instansi_a, draf, actor=admin_bkd_a)
    client = login(admin_bkd_a)
    form = client.get(f"/talenta/aturan/{draf.pk}/aktifkan/")
    html = form.content.decode()
    # The form shows the summary and carries the preview it showed.
    assert f'value="{job.uuid}"' in html and "pratinjau-matriks" in html
    assert "pindah kotak" in html
    response = client.post(
        f"/talenta/aturan/{draf.pk}/aktifkan/", {"konfirmasi": "on", "pratinjau": str(job.uuid)}
    )
    assert response.status_code == 302
    with instansi_scope(instansi_a):
        event = AuditEvent.objects.get(action="aturan_talenta.aktifkan")
        assert AturanTalenta.objects.get(pk=draf.pk).status == "aktif"
    assert event.new_values["pratinjau"] == str(job.uuid)
    assert event.new_values["pratinjau_ditampilkan"] is True
    assert event.new_values["pratinjau_inti"] == job.ringkasan["inti"]


def test_activation_without_a_preview_or_with_a_stale_one_is_refused_and_changes_nothing(
    instansi_a, admin_bkd_a, login
):
    instansi_bervariasi(instansi_a, jumlah=6)
    draf = draf_buat(instansi_a, **DRAF["batas"])
    client = login(admin_bkd_a)
    sebelum = snapshot(instansi_a)

    # No preview: the form says to read one first.
    response = client.post(f"/talenta/aturan/{draf.pk}/aktifkan/", {"konfirmasi": "on"})
    assert response.status_code == 200
    assert "Aktivasi tersedia setelah pratinjau dampak versi ini selesai" in response.content.decode()

    # A preview, then the draf edited: the preview is stale.
    job = pratinjau_jalankan(instansi_a, draf)
    draf = draf_ubah(instansi_a, draf, batas_potensial=[60, 75])
    response = client.post(
        f"/talenta/aturan/{draf.pk}/aktifkan/", {"konfirmasi": "on", "pratinjau": str(job.uuid)}
    )
    # The page no longer offers the form (no current preview); the service says why.
    assert response.status_code == 200
    assert "Aktivasi tersedia setelah pratinjau dampak versi ini selesai" in response.content.decode()
    with instansi_scope(instansi_a), pytest.raises(ValidationError, match="sudah tidak berlaku"):
        aturan_services.aturan_aktifkan(
            jenis=JENIS_TALENTA, instansi=instansi_a, actor=None, aturan_id=draf.pk, pratinjau_uuid=job.uuid
        )
    with instansi_scope(instansi_a):
        assert dict(AturanTalenta.objects.values_list("versi", "status")) == {1: "aktif", 2: "draf"}
        assert not HitungUlang.objects.exists()
        assert not AuditEvent.objects.filter(action="aturan_talenta.aktifkan").exists()
    assert snapshot(instansi_a) == sebelum
    # The page of the stale preview says so and offers no activation.
    page = client.get(f"/talenta/aturan/{draf.pk}/pratinjau/{job.uuid}/").content.decode()
    assert "Pratinjau ini sudah tidak berlaku" in page and "Lanjut ke aktivasi" not in page


def test_the_pages_filter_export_and_permissions(
    instansi_a, instansi_b, admin_bkd_a, admin_bkd_b, make_user, login
):
    units = instansi_bervariasi(instansi_a)
    # Generous cut-offs in force (box 9 well filled), then a draf that is stricter on kinerja.
    longgar = draf_buat(instansi_a, batas_potensial=[50, 65], batas_kinerja=[40, 60])
    with instansi_scope(instansi_a):
        aturan_services.aturan_aktifkan(
            jenis=JENIS_TALENTA, instansi=instansi_a, actor=None, aturan_id=longgar.pk, pratinjau_uuid=None
        )
        penempatan_flush(instansi=instansi_a)
    draf = draf_buat(instansi_a, batas_kinerja=[50, 75])
    job = pratinjau_jalankan(instansi_a, draf, actor=admin_bkd_a)
    with instansi_scope(instansi_a):
        rows = list(
            PratinjauPenempatan.objects.filter(instansi=instansi_a, pratinjau=job).select_related("pegawai")
        )
    url = f"/talenta/aturan/{draf.pk}/pratinjau/{job.uuid}/"
    client = login(admin_bkd_a)

    def nips(response) -> set[str]:
        return {r.pegawai.nip for r in response.context["halaman"].object_list} | set()

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<table class="table pratinjau-perubahan' in html and 'class="table pratinjau-matriks' in html
    assert 'data-dari="9" data-ke="6"' in html and 'data-dari="0" data-ke="0"' in html
    assert page.context["halaman"].paginator.count == len(rows)
    for r in rows[:5]:
        assert f'data-pegawai-nip="{r.pegawai.nip}"' in html

    # Leaving box 9.
    keluar_9 = {r.pegawai.nip for r in rows if r.status_lama == "final" and r.kotak_lama == 9} - {
        r.pegawai.nip for r in rows if r.status_baru == "final" and r.kotak_baru == 9
    }
    assert keluar_9, "the data should move someone out of box 9"
    response = client.get(url, {"dari": "9"})
    assert nips(response) == keluar_9
    assert all(
        'data-kotak-lama="9"' in line
        for line in response.content.decode().split("<tr")
        if "data-pegawai-nip" in line
    )
    # A perangkat daerah includes its sub-units.
    response = client.get(url, {"unit": units["induk"].pk})
    assert nips(response) == {
        r.pegawai.nip for r in rows if r.unit_kerja_id in (units["induk"].pk, units["anak"].pk)
    }
    assert any(r.unit_kerja_id == units["anak"].pk for r in rows)
    response = client.get(url, {"unit": units["lain"].pk, "dari": "9"})
    assert nips(response) == {r.pegawai.nip for r in rows if r.unit_kerja_id == units["lain"].pk} & keluar_9

    # The export: the same filters, NIP as text, audited.
    unduh = client.get(f"{url}perubahan.xlsx", {"dari": "9"})
    assert unduh.status_code == 200
    sheet = openpyxl.load_workbook(
        BytesIO(b"".join(unduh.streaming_content) if unduh.streaming else unduh.content)
    ).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "NIP" and values[0][-1] == "Penentu"
    assert {v[0] for v in values[1:]} == keluar_9 and all(isinstance(v[0], str) for v in values[1:])
    with instansi_scope(instansi_a):
        event = AuditEvent.objects.get(action="aturan_talenta.pratinjau_unduh")
    assert event.new_values == {"pratinjau": str(job.uuid), "baris": len(keluar_9)}

    # The version's page shows the summary card.
    detail = client.get(f"/talenta/aturan/{draf.pk}/").content.decode()
    assert "pindah kotak" in detail and "pratinjau-matriks" in detail

    # Komite reads, cannot start.
    komite = login(make_user(Role.KOMITE_KETUA, instansi_a, username="komite.a"))
    assert komite.get(url).status_code == 200
    assert komite.post(f"/talenta/aturan/{draf.pk}/pratinjau/mulai/").status_code == 403
    # Another instansi: 404 for the page, its status and its export.
    asing = login(admin_bkd_b)
    for suffix in ("", "status.json", "perubahan.xlsx"):
        assert asing.get(f"{url}{suffix}").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_path_loading_ahead_in_a_thread_gives_the_in_line_result(instansi_a, monkeypatch):
    """Outside a transaction (the worker) the next batch is loaded by a helper thread with its own
    connection in the instansi's scope; inside one (the other tests) in line: same result."""
    import threading

    from django.db import transaction

    from apps.petatalenta import pratinjau as modul
    from apps.petatalenta import services

    monkeypatch.setattr(services, "penempatan_flush_schedule", lambda **kwargs: False)
    instansi_bervariasi(instansi_a, jumlah=14)
    draf = draf_buat(instansi_a, batas_potensial=[60, 70], jendela_tahun=1)  # two loads per batch
    monkeypatch.setattr(modul, "BATCH_SIZE", 4)
    dimuat_di = []
    asli = modul.penempatan_inputs_load

    def muat(**kwargs):
        dimuat_di.append(threading.current_thread().name)
        return asli(**kwargs)

    monkeypatch.setattr(modul, "penempatan_inputs_load", muat)

    def hasil(job):
        with instansi_scope(instansi_a):
            rows = PratinjauPenempatan.objects.filter(instansi=instansi_a, pratinjau=job).values_list(
                "pegawai_id", "kotak_lama", "kotak_baru", "status_lama", "status_baru", "talent_pool_lama",
                "talent_pool_baru", "skor_potensial_lama", "skor_potensial_baru", "skor_kinerja_lama",
                "skor_kinerja_baru", "penentu",
            )  # fmt: skip
            return job.ringkasan, sorted(rows)

    thread = pratinjau_jalankan(instansi_a, draf)
    assert len(dimuat_di) == 8 and all(n.startswith("pratinjau") for n in dimuat_di)  # 4 batches × 2
    dimuat_di.clear()
    with transaction.atomic():
        in_line = pratinjau_jalankan(instansi_a, draf)
    assert len(dimuat_di) == 8 and threading.current_thread().name in dimuat_di
    assert thread.uuid != in_line.uuid and thread.ringkasan["inti"]["dihitung"] == 14
    assert hasil(thread) == hasil(in_line)
    assert thread.ringkasan["inti"]["berubah"] > 0
