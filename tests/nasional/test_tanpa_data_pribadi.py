"""No BKN page or endpoint shows personal data (issue #12): a crawl as a BKN account WITHOUT the
KRS Nasional grant.

Three instansi get pegawai with distinctive names and NIPs (box-9 placements, asesmen, SKP, an ASN
account carrying the same name), their summaries are refreshed through the real service, and the
KRS Nasional index holds their minimal profiles (the one table with personal data the national
part keeps). Then every route of the `nasional` namespace and every /api/v1/nasional/ endpoint,
enumerated from the URL resolver (tests/nasional/crawl.py), is requested with its URL arguments
filled from the seeded data, and every national link those answers hand out is followed (drill-
downs, periods, filters, CSV and XLSX exports). No answer may contain a seeded name (any part of
it, any case) or NIP (raw or in its grouped display form). Routes that are not BKN's answer 403
(KRS Nasional without the grant, the operator's pages, the instansi's own pages) and are fine.

KRS Nasional WITH the grant: tests/nasional/crawl.py's `rute_krs()` lists those routes and
`crawl()` requests them; the "every read leaves an audit event" test builds on `data_pribadi`
below (import the fixture and `_kwarg_nilai`): HOOK — add it here, next to the crawl without
the grant, as `test_bkn_dengan_akses_krs_setiap_baca_diaudit`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.nasional.models import IndeksKrsNasional, RingkasanInstansi
from apps.nasional.services import ringkasan_refresh
from apps.pegawai.models import Pegawai
from apps.petatalenta.periode import periode_sekarang
from tests.factories import (
    AsesmenFactory,
    AsnPegawaiFactory,
    PegawaiFactory,
    PenempatanFactory,
    SKPFactory,
    UnitKerjaFactory,
    nip_pns,
)
from tests.nasional.crawl import FORMAT_API, Rute, crawl, isi_rute, rute_krs, rute_nasional

pytestmark = pytest.mark.django_db

# Distinctive names (no Faker: a random common name could appear in a label by chance), with titles.
NAMA = {
    "6201": [("Dr.", "Wiraguna Kusumasembada", "M.Si."), ("", "Larasati Gandasubrata", "S.Sos.")],
    "6202": [("Ir.", "Jatmikowati Sastrodiharjo", ""), ("", "Bramantyo Wirasasmita", "S.T., M.T.")],
    "6101": [("", "Oktaviarni Pringgodigdo", "S.E."), ("Drs.", "Sumarsonoputro Hadiwijoyo", "")],
}
ASN_NAMA = {
    "6201": "Kusnandarwati Rekso",
    "6202": "Prabowoharjo Tirtowinoto",
    "6101": "Handayaniputri Sasmito",
}


PLACEHOLDER_UUID = "12345678-1234-5678-1234-567812345678"
# URL arguments filled with an id that names no seeded object: 404 is a fine answer there.
PLACEHOLDER_KWARGS = {"uuid", "sesi", "id", "pk"}


def _nip(index: int) -> str:
    lahir = dt.date(1975 + index, 1 + index, 10 + index)
    return nip_pns(
        lahir=lahir, tmt=dt.date(lahir.year + 25, 3, 1), kelamin="L" if index % 2 else "P", urut=700 + index
    )


@pytest.fixture
def data_pribadi(tenants):
    """The seeded personal data: {"nama": [...], "nip": [...], "pegawai": [...]} across instansi A,
    B and C, their summaries refreshed and their KRS Nasional index rows present."""
    periode = periode_sekarang()
    nama_semua, nip_semua, pegawai_semua = [], [], []
    index = 0
    for instansi in tenants:
        unit = UnitKerjaFactory(instansi=instansi, kode=f"P{instansi.kode}", nama="Dinas Pemberdayaan")
        orang = []
        for depan, nama, belakang in NAMA[instansi.kode]:
            lahir = dt.date(1975 + index, 1 + index, 10 + index)
            orang.append(
                PegawaiFactory(
                    instansi=instansi,
                    unit_kerja=unit,
                    nama=nama,
                    gelar_depan=depan,
                    gelar_belakang=belakang,
                    tanggal_lahir=lahir,
                    jenis_kelamin="L" if index % 2 else "P",
                    nip=_nip(index),
                    jenis_jabatan="administrator",
                    nama_jabatan="Kepala Bidang Pemberdayaan",
                )
            )
            index += 1
        asn = AsnPegawaiFactory(
            instansi=instansi, username=f"asn.pribadi.{instansi.kode}", nama=ASN_NAMA[instansi.kode]
        )
        orang.append(asn)
        for nomor, pegawai in enumerate(orang):
            AsesmenFactory(pegawai=pegawai)
            SKPFactory(pegawai=pegawai, predikat="Sangat Baik")
            PenempatanFactory(pegawai=pegawai, kotak=9 if nomor < 2 else 5)
        pegawai_semua += orang
        nama_semua += [p.nama for p in orang]
        nip_semua += [p.nip for p in orang]

    for instansi in tenants:
        with instansi_scope(instansi):
            ringkasan_refresh(instansi=instansi)
    with scopes_disabled():
        # The trend needs an earlier period: a copy of this period's row a year back.
        for row in RingkasanInstansi.objects.filter(periode=periode):
            row.pk, row.periode = None, periode - 1
            row.save()
        # The KRS Nasional index: its refresh (apps/nasional/krs.py) writes the box-9 profiles; if
        # it does not (yet), the profiles are written here, so the national tables hold personal
        # data a leaking page could show.
        now = timezone.now()
        for pegawai in pegawai_semua[:]:
            if not pegawai.penempatan.filter(kotak=9).exists():
                continue
            IndeksKrsNasional.objects.get_or_create(
                instansi=pegawai.instansi,
                pegawai=pegawai,
                periode=periode,
                defaults={
                    "provinsi": pegawai.instansi.provinsi,
                    "nama": pegawai.nama_lengkap,
                    "nip": pegawai.nip,
                    "nama_jabatan": pegawai.nama_jabatan,
                    "jenis_jabatan": pegawai.jenis_jabatan,
                    "kotak": 9,
                    "jpm": Decimal("90.00"),
                    "diperbarui_pada": now,
                },
            )
        assert IndeksKrsNasional.objects.count() >= 6
        tampilan = [Pegawai.objects.get(pk=p.pk).nip_tampilan for p in pegawai_semua]
    assert all(" " in t for t in tampilan), "the display form of a NIP is grouped with spaces"
    return {
        "nama": nama_semua,
        "nip": nip_semua + tampilan,
        "pegawai": pegawai_semua,
        "instansi": tenants,
        "periode": periode,
    }


def _kwarg_nilai(data):
    """KWARG_NILAI: how the crawl fills each URL argument, by name (and route where a name means
    different things). A new route with an argument not listed here fails the crawl on purpose."""
    instansi_a = data["instansi"][0]
    pegawai_a = data["pegawai"][0]

    def nilai(rute: Rute, name: str) -> list[str] | None:
        if name == "kode":
            if "provinsi" in rute.rute:
                return [instansi_a.provinsi.kode]
            if "instansi" in rute.rute:
                return [instansi_a.kode]
            return None
        return {
            "periode": [str(data["periode"]), str(data["periode"] - 1)],
            "format": list(FORMAT_API),
            "provinsi": [instansi_a.provinsi.kode],
            "instansi": [instansi_a.kode],
            # KRS Nasional profile (403 without the grant) and other per-pegawai routes.
            "pegawai": [str(pegawai_a.pk)],
            "pegawai_id": [str(pegawai_a.pk)],
            "pk": ["1"],
            "nip": [pegawai_a.nip],
            "tahap": ["1", "3"],
            # Objects BKN cannot name anyway (a declaration's evidence, a search session): a
            # well-formed id that matches nothing; such routes may answer 403 or 404.
            "uuid": [PLACEHOLDER_UUID],
            "sesi": [PLACEHOLDER_UUID],
            "id": ["1"],
        }.get(name)

    return nilai


def _untuk_dicari(data) -> list[str]:
    """Every name in full and each of its parts (a page might show only a first name), and NIPs."""
    texts = set(data["nip"])
    for nama in data["nama"]:
        texts.add(nama)
        texts.update(part for part in nama.split() if len(part) >= 5)
    return sorted(texts)


def test_bkn_tanpa_akses_krs_tidak_melihat_nama_atau_nip(data_pribadi, make_user, client):
    routes = rute_nasional()
    assert any(r.nama == "nasional:home" for r in routes)
    assert any(r.api for r in routes), "no /api/v1/nasional/ endpoint was enumerated"
    nilai = _kwarg_nilai(data_pribadi)
    awal = [path for rute in routes for path in isi_rute(rute, nilai)]

    bkn = make_user(Role.BKN, username="bkn.tanpa.krs", first_name="Pemantau", last_name="Nasional")
    client.force_login(bkn)
    hasil = crawl(client, awal)

    cari = _untuk_dicari(data_pribadi)
    bocor = []
    for url, jawaban in hasil.jawaban.items():
        teks = jawaban.teks.casefold()
        bocor += [(url, t) for t in cari if t.casefold() in teks]
    assert bocor == [], f"personal data on BKN pages/endpoints: {bocor}"

    # Every answer is a page BKN may read (200), a page that is not BKN's (403), a POST-only
    # route (405) or a redirect inside the crawl; a 404 only for a format the API does not offer
    # or an object id that names nothing.
    boleh_404 = {
        path
        for rute in routes
        if {"format", *PLACEHOLDER_KWARGS} & set(rute.kwargs)
        for path in isi_rute(rute, nilai)
    }
    salah = [
        (url, j.status)
        for url, j in hasil.jawaban.items()
        if j.status not in (200, 301, 302, 403, 405) and not (j.status == 404 and url in boleh_404)
    ]
    assert salah == [], salah

    # Not vacuous: BKN's own pages and API answered and were read.
    dibaca = hasil.dengan_status(200)
    assert "/nasional/" in dibaca
    assert any(u.startswith("/api/v1/nasional/") for u in dibaca), dibaca
    for rute in routes:
        if rute.nama in {"nasional:home", "nasional:provinsi", "nasional:instansi", "nasional:tahap_daftar",
                         "nasional:keadilan_nasional"}:  # fmt: skip
            for path in isi_rute(rute, nilai):
                assert hasil.status(path) == 200, (path, hasil.status(path))

    # Without the grant, every KRS Nasional route refuses (none of them is a BKN aggregate).
    for rute in rute_krs():
        for path in isi_rute(rute, nilai):
            assert hasil.status(path) in (403, 405), (path, hasil.status(path))


def test_crawl_menemukan_kebocoran(data_pribadi, make_user, client, monkeypatch):
    """The crawl's own check: a page that printed a seeded NIP would be caught (guards against a
    crawl that silently reads nothing, e.g. an XLSX not unpacked)."""
    from tests.nasional import crawl as crawl_module

    nip = data_pribadi["nip"][0]
    teks_asli = crawl_module.isi_teks
    monkeypatch.setattr(crawl_module, "isi_teks", lambda response: teks_asli(response) + nip)
    bkn = make_user(Role.BKN, username="bkn.uji")
    client.force_login(bkn)
    hasil = crawl_module.crawl(client, ["/nasional/"])
    assert any(nip in j.teks for j in hasil.jawaban.values())


def test_xlsx_dibaca_per_sel():
    """An XLSX answer is read cell by cell (its strings are compressed inside the zip)."""
    from openpyxl import Workbook

    from tests.nasional.crawl import _xlsx_teks

    workbook = Workbook()
    workbook.active.append(["Nama", "Wiraguna Kusumasembada"])
    buffer = __import__("io").BytesIO()
    workbook.save(buffer)
    body = buffer.getvalue()
    assert b"Kusumasembada" not in body
    assert "Wiraguna Kusumasembada" in _xlsx_teks(body)
