"""The nine-box pages: counts and shares per box, the layout from the active rule set, every filter,
age bands at their boundaries, the perlu-data list, the transition matrix, tenant isolation and
query counts that do not grow with the number of pegawai."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.tenancy import instansi_scope
from apps.petatalenta.engine import PRESET_BERBOBOT
from apps.petatalenta.models import Penempatan
from apps.petatalenta.selectors_ninebox import (
    BELUM_FINAL,
    SaringanNinebox,
    ninebox_grid,
    ninebox_transisi,
    ninebox_transisi_counts,
    rentang_usia_kode,
)
from tests.assertions import assert_absent
from tests.factories import AturanTalentaFactory, PegawaiFactory, PenempatanFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db

URL = "/talenta/sembilan-kotak/"
TAHUN = timezone.localdate().year


def grid_of(instansi, periode=TAHUN, **saringan):
    with instansi_scope(instansi):
        return ninebox_grid(instansi=instansi, periode=periode, saringan=SaringanNinebox(**saringan))


def counts_of(grid) -> dict[int, int]:
    return {n: sel.jumlah for n, sel in grid.per_kotak.items() if sel.jumlah}


# --- the grid ---------------------------------------------------------------------------------------


@pytest.fixture
def populated(instansi_a, instansi_b):
    """Instansi A: 3 in box 9, 4 in box 5, 2 in box 8, 1 in box 1 (10 final), 2 perlu data, 1 not
    yet computed, plus rows that must never count: an inactive pegawai's, another period's, and
    instansi B's."""
    for kotak, n in ((9, 3), (5, 4), (8, 2), (1, 1)):
        for _ in range(n):
            PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a), kotak=kotak)
    for _ in range(2):
        PenempatanFactory(
            pegawai=PegawaiFactory(instansi=instansi_a),
            kotak=5,
            status="perlu_data",
            kekurangan=["asesmen: belum ada"],
        )
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a), kotak=None, status="")
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a, aktif=False), kotak=9)
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a), kotak=9, periode=TAHUN - 3)
    for _ in range(5):
        PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_b), kotak=9)
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_b), kotak=2, status="perlu_data")


def test_grid_counts_shares_and_the_side_figures(populated, instansi_a):
    grid = grid_of(instansi_a)
    assert counts_of(grid) == {9: 3, 5: 4, 8: 2, 1: 1}
    assert grid.ditempatkan == 10
    assert grid.perlu_data == 2
    assert grid.belum_dihitung == 1
    assert grid.talent_pool == 5  # boxes 8 and 9
    assert grid.per_kotak[9].persen == Decimal("30.0")
    assert grid.per_kotak[5].persen == Decimal("40.0")
    assert grid.per_kotak[7].persen == Decimal("0.0")
    assert grid.talent_pool_persen == Decimal("50.0")


def test_grid_page_shows_counts_and_shares_in_indonesian_format(populated, login, admin_bkd_a):
    # 1 of 3 → 33,3%: Indonesian decimal comma.
    response = login(admin_bkd_a).get(URL)
    assert response.status_code == 200
    cells = _cells(response.content.decode())
    assert cells[9] == ("3", "30,0%")
    assert cells[5] == ("4", "40,0%")
    assert cells[7] == ("0", "0,0%")
    html = response.content.decode()
    assert "/talenta/sembilan-kotak/perlu-data/?periode=" in html
    assert re.search(r'href="/talenta/sembilan-kotak/perlu-data/\?periode=\d+">2<', html)


def test_share_has_one_decimal_with_a_comma(instansi_a, login, admin_bkd_a):
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a), kotak=9)
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a), kotak=5)
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a), kotak=5)
    cells = _cells(login(admin_bkd_a).get(URL).content.decode())
    assert cells[9] == ("1", "33,3%") and cells[5] == ("2", "66,7%")


CELL = re.compile(
    r'<td class="ninebox__sel[^"]*">.*?ninebox__nomor"><span class="sr-only">Kotak </span>(\d)</span>'
    r'.*?ninebox__jumlah">([\d.]+) .*?ninebox__persen">([^<]+)</span>',
    re.S,
)


def _cells(html: str) -> dict[int, tuple[str, str]]:
    return {int(n): (jumlah, persen) for n, jumlah, persen in CELL.findall(html)}


def _order(html: str) -> list[int]:
    return [int(n) for n, _j, _p in CELL.findall(html)]


def test_layout_follows_domain_md_with_the_default_aturan(instansi_a, login, admin_bkd_a):
    response = login(admin_bkd_a).get(URL)
    html = response.content.decode()
    # Rows kinerja di atas → di bawah; columns potensial rendah → tinggi (docs/domain.md §5).
    assert _order(html) == [4, 7, 9, 2, 5, 8, 1, 3, 6]
    rows = re.findall(r'<th scope="row" class="ninebox__baris">([^<]+)</th>', html)
    assert rows == ["Kinerja di atas ekspektasi", "Kinerja sesuai ekspektasi", "Kinerja di bawah ekspektasi"]
    cols = re.findall(r'<th scope="col" class="ninebox__kolom">([^<]+)</th>', html)
    assert cols == ["Potensial rendah", "Potensial menengah", "Potensial tinggi"]
    assert "Promosi; suksesi instansi dan nasional" in html  # the default label of box 9
    # Talent-pool boxes are marked.
    assert html.count('class="ninebox__krs"') == 3


def test_layout_follows_the_active_aturan_own_numbering_and_labels(instansi_a, login, admin_bkd_a):
    # A row-major numbering (another regime): 1 top-left … 9 bottom-right, with its own labels.
    nomor = {}
    for i, kinerja in enumerate(("di_atas", "sesuai", "di_bawah")):
        for j, potensial in enumerate(("rendah", "menengah", "tinggi")):
            nomor[f"{kinerja}/{potensial}"] = i * 3 + j + 1
    AturanTalentaFactory(
        instansi=instansi_a, versi=1, nama="Rezim lain", status="aktif",
        konfigurasi={**PRESET_BERBOBOT, "kotak": nomor, "label_kotak": {"3": "Bintang", "7": "Risiko"},
                     "kotak_talent_pool": [3]},
    )  # fmt: skip
    pegawai = PegawaiFactory(instansi=instansi_a)
    PenempatanFactory(pegawai=pegawai, kotak=3)
    response = login(admin_bkd_a).get(URL)
    html = response.content.decode()
    assert _order(html) == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert _cells(html)[3] == ("1", "100,0%")
    assert "Bintang" in html and "Risiko" in html
    assert_absent(response, "Promosi; suksesi instansi dan nasional")  # PermenPANRB labels do not apply
    assert html.count('class="ninebox__krs"') == 1


# --- filters ----------------------------------------------------------------------------------------


@pytest.fixture
def varied(instansi_a, unit_tree_a):
    """Pegawai differing in exactly one attribute each from a baseline, all in box 5."""
    dinas, bidang, seksi = unit_tree_a
    lain = UnitKerjaFactory(instansi=instansi_a, kode="A.02", nama="Dinas Perhubungan")
    base = {
        "instansi": instansi_a, "unit_kerja": lain, "jenis_jabatan": "pelaksana", "golongan": "III/b",
        "status_kepegawaian": "pns", "jenis_kelamin": "L", "tanggal_lahir": dt.date(1980, 6, 1),
    }  # fmt: skip
    people = {
        "base": PegawaiFactory(**base),
        "dinas": PegawaiFactory(**{**base, "unit_kerja": dinas}),
        "seksi": PegawaiFactory(**{**base, "unit_kerja": seksi}),
        "fungsional": PegawaiFactory(
            **{**base, "jenis_jabatan": "fungsional", "jenjang_fungsional": "ahli_muda"}
        ),
        "golongan": PegawaiFactory(**{**base, "golongan": "IV/a"}),
        "pppk": PegawaiFactory(
            **{**base, "status_kepegawaian": "pppk", "golongan": "IX", "nip": "198006012021011001"}
        ),
        "perempuan": PegawaiFactory(**{**base, "jenis_kelamin": "P"}),
        "muda": PegawaiFactory(**{**base, "tanggal_lahir": dt.date(TAHUN - 25, 1, 1)}),
    }
    for pegawai in people.values():
        PenempatanFactory(pegawai=pegawai, kotak=5)
    return people, dinas, bidang, seksi


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"jenis_jabatan": "fungsional"}, 1),
        ({"golongan": "IV/a"}, 1),
        ({"status": "pppk"}, 1),
        ({"jenis_kelamin": "P"}, 1),
        ({"jenis_kelamin": "L"}, 7),
        ({"usia": "lt30"}, 1),
        ({"usia": "40_49"}, 7),
        ({"jenis_jabatan": "pelaksana", "jenis_kelamin": "L", "golongan": "III/b"}, 4),
        ({}, 8),
    ],
)
def test_each_filter_narrows_the_grid(varied, login, admin_bkd_a, query, expected):
    response = login(admin_bkd_a).get(URL, query)
    assert _cells(response.content.decode())[5][0] == str(expected)


def test_unit_filter_includes_the_units_below(varied, instansi_a, login, admin_bkd_a):
    _people, dinas, bidang, seksi = varied
    client = login(admin_bkd_a)
    assert _cells(client.get(URL, {"unit": dinas.pk}).content.decode())[5][0] == "2"  # dinas + seksi
    assert _cells(client.get(URL, {"unit": bidang.pk}).content.decode())[5][0] == "1"  # seksi below it
    assert _cells(client.get(URL, {"unit": seksi.pk}).content.decode())[5][0] == "1"


def test_a_foreign_or_unknown_unit_id_is_just_an_invalid_filter(varied, unit_b, login, admin_bkd_a):
    client = login(admin_bkd_a)
    foreign = client.get(URL, {"unit": unit_b.pk})
    missing = client.get(URL, {"unit": 987654321})
    assert foreign.status_code == missing.status_code == 200
    assert _cells(foreign.content.decode())[5][0] == _cells(missing.content.decode())[5][0] == "8"
    assert_absent(foreign, unit_b.nama)
    assert _same(foreign.content.decode().replace(str(unit_b.pk), "#")) == _same(
        missing.content.decode().replace("987654321", "#")
    )


def _same(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize(
    ("lahir", "band"),
    [
        (dt.date(1994, 12, 31), "30_39"),  # 30 on the reference date, 31 December 2024
        (dt.date(1995, 1, 1), "lt30"),  # 29 until tomorrow
        (dt.date(1984, 12, 31), "40_49"),
        (dt.date(1985, 1, 1), "30_39"),
        (dt.date(1974, 12, 31), "50"),
        (dt.date(1975, 1, 1), "40_49"),
    ],
)
def test_age_bands_at_their_boundaries(instansi_a, lahir, band):
    # A past period: its reference date is 31 December of that year.
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a, tanggal_lahir=lahir), kotak=5, periode=2024)
    for usia in ("lt30", "30_39", "40_49", "50"):
        grid = grid_of(instansi_a, periode=2024, usia=usia)
        assert grid.ditempatkan == (1 if usia == band else 0), usia
    # The in-memory band of the rule-set previews' breakdowns follows the same rule.
    assert rentang_usia_kode(tanggal_lahir=lahir, tanggal_acuan=dt.date(2024, 12, 31)) == band


def test_in_memory_age_band_on_29_february_and_unknown_birth_date():
    # Born 29 February 1996: on 28 February 2026 not yet 30 (the filter's birthday rule).
    assert rentang_usia_kode(tanggal_lahir=dt.date(1996, 2, 29), tanggal_acuan=dt.date(2026, 2, 28)) == "lt30"
    assert rentang_usia_kode(tanggal_lahir=dt.date(1996, 2, 29), tanggal_acuan=dt.date(2026, 3, 1)) == "30_39"
    assert rentang_usia_kode(tanggal_lahir=None, tanggal_acuan=dt.date(2026, 3, 1)) == ""


def test_period_selector_offers_years_with_penempatan_and_defaults_to_this_year(
    instansi_a, login, admin_bkd_a
):
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a), kotak=9, periode=TAHUN - 2)
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a), kotak=5)
    client = login(admin_bkd_a)
    html = client.get(URL).content.decode()
    options = re.findall(r'<option value="(\d{4})"( selected)?>', html)
    assert [int(y) for y, _s in options] == [TAHUN, TAHUN - 2]
    assert options[0][1] == " selected"
    assert _cells(html)[5][0] == "1" and _cells(html)[9][0] == "0"
    html = client.get(URL, {"periode": TAHUN - 2}).content.decode()
    assert _cells(html)[9][0] == "1" and _cells(html)[5][0] == "0"
    # A year without placements is not a valid choice: the current year is shown.
    html = client.get(URL, {"periode": 1999}).content.decode()
    assert _cells(html)[5][0] == "1"


# --- box list, perlu data --------------------------------------------------------------------------


def test_box_list_links_each_name_to_the_pegawai_page_sorted_by_score(instansi_a, login, admin_bkd_a):
    a = PegawaiFactory(instansi=instansi_a, nama="Andi Saputra")
    b = PegawaiFactory(instansi=instansi_a, nama="Budi Pratama")
    c = PegawaiFactory(instansi=instansi_a, nama="Citra Lestari")
    PenempatanFactory(pegawai=a, kotak=9, skor_potensial=Decimal("85.00"), skor_kinerja=Decimal("95.00"))
    PenempatanFactory(pegawai=b, kotak=9, skor_potensial=Decimal("92.50"), skor_kinerja=Decimal("81.00"))
    PenempatanFactory(pegawai=c, kotak=9, skor_potensial=Decimal("80.00"), skor_kinerja=Decimal("88.00"))
    PenempatanFactory(pegawai=PegawaiFactory(instansi=instansi_a, nama="Dedi Kotak Lima"), kotak=5)
    PenempatanFactory(
        pegawai=PegawaiFactory(instansi=instansi_a, nama="Eka Perlu Data"), kotak=9, status="perlu_data"
    )
    client = login(admin_bkd_a)
    url = f"{URL}kotak/9/"
    response = client.get(url)
    html = response.content.decode()
    links = re.findall(r'<a href="/pegawai/(\d+)/">([^<]+)</a>', html)
    assert links == [
        (str(b.pk), b.nama),
        (str(a.pk), a.nama),
        (str(c.pk), c.nama),
    ]  # potensial, highest first
    assert_absent(response, "Dedi Kotak Lima", "Eka Perlu Data")
    assert "92,50" in html  # Indonesian decimals

    def order(urut):
        html = client.get(url, {"urut": urut}).content.decode()
        return [n for _pk, n in re.findall(r'<a href="/pegawai/(\d+)/">([^<]+)</a>', html)]

    assert order("-kinerja") == [a.nama, c.nama, b.nama]
    assert order("kinerja") == [b.nama, c.nama, a.nama]
    assert order("potensial") == [c.nama, a.nama, b.nama]
    assert order("nama") == [a.nama, b.nama, c.nama]
    assert order("bukan-urutan") == [b.nama, a.nama, c.nama]


def test_box_list_keeps_the_filters_and_paginates(instansi_a, login, admin_bkd_a):
    for i in range(55):
        PenempatanFactory(
            pegawai=PegawaiFactory(instansi=instansi_a, jenis_kelamin="P", nama=f"Perempuan {i:02d}"), kotak=8
        )
    for i in range(3):
        PenempatanFactory(
            pegawai=PegawaiFactory(instansi=instansi_a, jenis_kelamin="L", nama=f"Zulkifli {i}"), kotak=8
        )
    client = login(admin_bkd_a)
    grid = client.get(URL, {"jenis_kelamin": "P"}).content.decode()
    assert f'href="{URL}kotak/8/?periode={TAHUN}&amp;jenis_kelamin=P"' in grid
    page1 = assert_absent(client.get(f"{URL}kotak/8/", {"periode": TAHUN, "jenis_kelamin": "P"}), "Zulkifli")
    assert "55 pegawai" in page1
    assert "Jenis kelamin: Perempuan" in page1
    assert f'href="?periode={TAHUN}">Hapus saringan</a>' in page1
    assert "jenis_kelamin=P&amp;page=2" in page1
    page2 = client.get(f"{URL}kotak/8/", {"periode": TAHUN, "jenis_kelamin": "P", "page": 2}).content.decode()
    assert len(re.findall(r'<a href="/pegawai/\d+/">', page2)) == 5
    # The way back to the grid keeps the filters.
    assert f'href="{URL}?periode={TAHUN}&amp;jenis_kelamin=P"' in page2


@pytest.mark.parametrize("kotak", [0, 10, 99])
def test_a_box_number_outside_1_to_9_is_not_found(kotak, login, admin_bkd_a):
    assert login(admin_bkd_a).get(f"{URL}kotak/{kotak}/").status_code == 404


def test_perlu_data_list_shows_the_missing_items(populated, instansi_a, login, admin_bkd_a):
    p = PegawaiFactory(instansi=instansi_a, nama="Rina Belum Lengkap")
    PenempatanFactory(
        pegawai=p,
        kotak=3,
        status="perlu_data",
        kekurangan=["asesmen: belum ada hasil asesmen", "skp: tidak ada SKP tahunan 2024–2025"],
    )
    html = login(admin_bkd_a).get(f"{URL}perlu-data/").content.decode()
    assert "3 pegawai perlu data" in html
    assert f'<a href="/pegawai/{p.pk}/">Rina Belum Lengkap</a>' in html
    # Read as words (the same sentences as the pegawai's explanation), not the engine's codes.
    assert "<li>Asesmen: Belum ada hasil asesmen kompetensi.</li>" in html
    assert "<li>SKP tahunan: Tidak ada SKP tahunan tahun 2024–2025.</li>" in html


# --- transitions ------------------------------------------------------------------------------------


@pytest.fixture
def two_years(instansi_a, instansi_b):
    """Last year → this year in instansi A, one pegawai per kind of move."""
    people = {name: PegawaiFactory(instansi=instansi_a, nama=name) for name in (
        "tetap", "naik", "turun", "bergeser", "baru", "keluar", "nonaktif", "lengkap", "kurang", "tetap2")}  # fmt: skip
    moves = {
        "tetap": (5, 5), "tetap2": (5, 5), "naik": (5, 9), "turun": (9, 1), "bergeser": (4, 6),
        "baru": (None, 8), "keluar": (7, None), "nonaktif": (8, 8),
    }  # fmt: skip
    for name, (lalu, kini) in moves.items():
        if lalu:
            PenempatanFactory(pegawai=people[name], kotak=lalu, periode=TAHUN - 1)
        if kini:
            PenempatanFactory(pegawai=people[name], kotak=kini)
    people["nonaktif"].aktif = False  # both rows stay, but no longer an active pegawai: "keluar"
    people["nonaktif"].save(update_fields=["aktif"])
    PenempatanFactory(pegawai=people["lengkap"], kotak=2, periode=TAHUN - 1, status="perlu_data")
    PenempatanFactory(pegawai=people["lengkap"], kotak=5)
    PenempatanFactory(pegawai=people["kurang"], kotak=5, periode=TAHUN - 1)
    PenempatanFactory(pegawai=people["kurang"], kotak=5, status="perlu_data")
    # Instansi B's history never counts in A.
    other = PegawaiFactory(instansi=instansi_b)
    PenempatanFactory(pegawai=other, kotak=1, periode=TAHUN - 1)
    PenempatanFactory(pegawai=other, kotak=9)
    return people


def test_transition_counts_in_one_query_including_new_and_left(two_years, instansi_a, unit_tree_a):
    with instansi_scope(instansi_a), CaptureQueriesContext(connection) as ctx:
        counts = ninebox_transisi_counts(instansi=instansi_a, periode=TAHUN, saringan=SaringanNinebox())
    assert len(ctx.captured_queries) == 1
    # A unit filter reads the unit tree once more, for both periods together.
    with instansi_scope(instansi_a), CaptureQueriesContext(connection) as ctx:
        by_unit = ninebox_transisi_counts(
            instansi=instansi_a, periode=TAHUN, saringan=SaringanNinebox(unit_kerja=unit_tree_a[0])
        )
    assert len(ctx.captured_queries) == 2 and by_unit == {}
    assert counts == {
        (5, 5): 2,
        (5, 9): 1,
        (9, 1): 1,
        (4, 6): 1,
        (None, 8): 1,
        (7, None): 1,
        (8, None): 1,  # deactivated: left
        (BELUM_FINAL, 5): 1,
        (5, BELUM_FINAL): 1,
    }


def test_transition_summary(two_years, instansi_a):
    with instansi_scope(instansi_a):
        t = ninebox_transisi(instansi=instansi_a, periode=TAHUN, saringan=SaringanNinebox())
    assert (t.tetap, t.naik, t.turun, t.bergeser, t.baru, t.keluar) == (2, 1, 1, 1, 1, 2)
    assert t.total == 10
    assert [label for _k, label in t.kolom][-2:] == ["Belum final", "Keluar"]
    row5 = next(b for b in t.baris if b.dari == 5)
    assert [c.jumlah for c in row5.sel] == [0, 0, 0, 0, 2, 0, 0, 0, 1, 1, 0]
    assert row5.sel[4].arah == "tetap" and row5.sel[8].arah == "naik"


def test_transition_page_highlights_the_diagonal_and_applies_filters(
    two_years, instansi_a, login, admin_bkd_a
):
    client = login(admin_bkd_a)
    html = client.get(f"{URL}transisi/").content.decode()
    assert re.search(r'class="num transisi__sel transisi__sel--tetap">2</td>', html)
    assert re.search(r'class="num transisi__sel transisi__sel--naik">1</td>', html)
    assert f"Perpindahan kotak {TAHUN - 1} → {TAHUN}" in html
    # Only the pegawai named "naik" is a woman: the filter leaves exactly that move.
    two_years["naik"].jenis_kelamin = "P"
    two_years["naik"].save(update_fields=["jenis_kelamin"])
    for name, p in two_years.items():
        if name != "naik" and p.jenis_kelamin == "P":
            p.jenis_kelamin = "L"
            p.save(update_fields=["jenis_kelamin"])
    with instansi_scope(instansi_a):
        counts = ninebox_transisi_counts(
            instansi=instansi_a, periode=TAHUN, saringan=SaringanNinebox(jenis_kelamin="P")
        )
    assert counts == {(5, 9): 1}


def test_other_instansi_never_counted_in_the_transition_of_b(two_years, instansi_b):
    with instansi_scope(instansi_b):
        counts = ninebox_transisi_counts(instansi=instansi_b, periode=TAHUN, saringan=SaringanNinebox())
    assert counts == {(1, 9): 1}


def test_pages_never_show_another_instansis_people(populated, instansi_b, login, admin_bkd_a):
    with instansi_scope(instansi_b):
        names = list(Penempatan.objects.filter(instansi=instansi_b).values_list("pegawai__nama", flat=True))
    client = login(admin_bkd_a)
    for url in (URL, f"{URL}kotak/9/", f"{URL}kotak/2/", f"{URL}perlu-data/", f"{URL}transisi/"):
        assert_absent(client.get(url), *names)


# --- query counts -----------------------------------------------------------------------------------


def _fill(instansi, n, unit):
    for i in range(n):
        p = PegawaiFactory(
            instansi=instansi, unit_kerja=unit, tanggal_lahir=dt.date(TAHUN - 45, 1 + i % 12, 1)
        )
        PenempatanFactory(pegawai=p, kotak=1 + i % 9, periode=TAHUN - 1)
        PenempatanFactory(pegawai=p, kotak=1 + (i * 4) % 9, status="final" if i % 5 else "perlu_data",
                          kekurangan=["skp: x"], skor_potensial=Decimal(50 + i % 40), skor_kinerja=Decimal(60 + i % 30))  # fmt: skip


@pytest.mark.parametrize(
    "path",
    [URL, f"{URL}kotak/5/", f"{URL}perlu-data/", f"{URL}transisi/"],
)
def test_query_count_does_not_grow_with_the_number_of_pegawai(
    path, instansi_a, unit_tree_a, login, admin_bkd_a
):
    client = login(admin_bkd_a)
    query = {"unit": unit_tree_a[0].pk, "usia": "40_49"}
    client.get(path, query)  # the rule set is created on first use

    def queries(n):
        _fill(instansi_a, n, unit_tree_a[2])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, query)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    small = queries(3)
    large = queries(40)
    assert small == large


def test_a_renumbered_box_shows_the_follow_up_of_its_cell_not_of_its_number():
    from apps.petatalenta.labels import REKOMENDASI_LABEL
    from apps.petatalenta.selectors_ninebox import Sel

    # A rule set that calls the top-right cell "1": its follow-up is box 9's of PermenPANRB.
    sel = Sel(nomor=1, label="Bintang", level_kinerja="di_atas", level_potensial="tinggi", tingkat=4,
              talent_pool=True)  # fmt: skip
    assert sel.rekomendasi == str(REKOMENDASI_LABEL[9])
