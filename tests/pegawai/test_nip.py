"""NIP (PNS/CPNS) and NI PPPK rules of apps/pegawai/nip.py (docs/domain.md §2): one clear message per
failure, spaces tolerated, numbers refused, the PPPK layout never judged by the PNS rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.pegawai.nip import (
    NipInfo,
    ni_pppk_parse,
    nip_check_profile,
    nip_normalize,
    nip_parse_for_status,
    nip_pns_parse,
)

TODAY = dt.date(2026, 11, 22)
# 26 September 1986, TMT CPNS May 2015, male, sequence 001.
NIP = "198609262015051001"
# 15 March 1990, first PPPK appointment 2022, first contract, female, sequence 001.
NI = "199003152022012001"


def _fail(parse, value, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse(value, today=TODAY, **kwargs)
    error = info.value
    assert len(error.messages) == 1, error.messages  # one clear message per failure
    return error


# --- a valid NIP and what it encodes -------------------------------------------------------------


def test_valid_pns_nip_encodes_birth_date_tmt_and_sex():
    info = nip_pns_parse(NIP, today=TODAY)
    assert info == NipInfo(
        nip=NIP, tanggal_lahir=dt.date(1986, 9, 26), jenis_kelamin="L", tmt_cpns=dt.date(2015, 5, 1)
    )
    assert info.tahun_pppk is None and info.perjanjian_ke is None


def test_female_sex_digit():
    assert nip_pns_parse("198609262015052001", today=TODAY).jenis_kelamin == "P"


@pytest.mark.parametrize(
    "typed",
    [
        "19860926 201505 1 001",
        " 198609262015051001 ",
        "19860926\t201505 1\u00a0001",
        "1986 0926 2015 0510 01",
    ],
)
def test_spaces_are_tolerated(typed):
    assert nip_pns_parse(typed, today=TODAY).nip == NIP
    assert nip_normalize(typed) == NIP


# --- shape ------------------------------------------------------------------------------------------


def test_empty():
    error = _fail(nip_pns_parse, "")
    assert error.code == "nip_kosong"
    assert error.messages == ["NIP wajib diisi."]


@pytest.mark.parametrize(
    ("value", "n"), [("19860926201505100", 17), ("1986092620150510011", 19), ("1986", 4)]
)
def test_length_must_be_18(value, n):
    error = _fail(nip_pns_parse, value)
    assert error.code == "nip_panjang"
    assert error.messages == [f"NIP harus 18 digit; yang diisi {n} digit."]


@pytest.mark.parametrize("value", ["19860926201505100A", "19860926-201505-1-001", "l98609262015051001"])
def test_non_digits(value):
    error = _fail(nip_pns_parse, value)
    assert error.code == "nip_bukan_angka"
    assert "hanya boleh berisi angka" in error.messages[0]
    assert value in error.messages[0]


def test_length_of_the_pppk_number_says_ni_pppk():
    error = _fail(ni_pppk_parse, "1990031520220120")
    assert error.messages == ["NI PPPK harus 18 digit; yang diisi 16 digit."]


# --- numbers from spreadsheets ------------------------------------------------------------------------


@pytest.mark.parametrize("value", [198609262015051001, 1.98609262015051e17, Decimal("198609262015051001")])
def test_numeric_nip_is_refused_with_the_excel_advice(value):
    error = _fail(nip_pns_parse, value)
    assert error.code == "nip_angka"
    assert "Format kolom NIP sebagai Teks di Excel" in error.messages[0]


@pytest.mark.parametrize(
    "value", ["1.98609E+17", "1,98609E+17", "1.98609262015051e17", "198609262015051001.0"]
)
def test_scientific_notation_text_is_refused(value):
    error = _fail(nip_pns_parse, value)
    assert error.code == "nip_angka"
    assert "notasi ilmiah" in error.messages[0]


def test_numeric_ni_pppk_is_refused_too():
    assert _fail(ni_pppk_parse, 199003152022012001).code == "nip_angka"


# --- birth date --------------------------------------------------------------------------------------


@pytest.mark.parametrize("birth", ["19860231", "19861301", "19860900", "19850229"])
def test_impossible_birth_date(birth):
    error = _fail(nip_pns_parse, f"{birth}2015051001")
    assert error.code == "nip_tanggal_lahir"
    assert error.messages == [f"Tanggal lahir pada NIP (digit 1–8: {birth}) bukan tanggal yang valid."]


def test_leap_day_birth_date_is_valid():
    assert nip_pns_parse("198802292012031001", today=TODAY).tanggal_lahir == dt.date(1988, 2, 29)


@pytest.mark.parametrize("birth", ["19391231", "18990101"])
def test_birth_year_too_early(birth):
    error = _fail(nip_pns_parse, f"{birth}1970011001")
    assert error.code == "nip_tanggal_lahir"
    assert "tidak mungkin untuk ASN aktif" in error.messages[0]


def test_birth_date_in_the_future():
    error = _fail(nip_pns_parse, "20990101" + "2025011001")
    assert error.code == "nip_tanggal_lahir"
    assert "(01-01-2099) tidak mungkin" in error.messages[0]


# --- TMT CPNS ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tmt", ["201513", "201500", "201599"])
def test_impossible_tmt_month(tmt):
    error = _fail(nip_pns_parse, f"19860926{tmt}1001")
    assert error.code == "nip_tmt"
    assert error.messages == [f"TMT CPNS pada NIP (digit 9–14: {tmt}) bukan tahun dan bulan yang valid."]


def test_tmt_before_age_18():
    error = _fail(nip_pns_parse, "198609262004081001")  # August 2004: one month short of 18
    assert error.code == "nip_tmt"
    assert error.messages == [
        "TMT CPNS pada NIP (08-2004) terjadi sebelum pegawai berusia 18 tahun (lahir 26-09-1986)."
    ]


def test_tmt_in_the_month_of_the_18th_birthday_is_valid():
    assert nip_pns_parse("198609262004091001", today=TODAY).tmt_cpns == dt.date(2004, 9, 1)


def test_tmt_in_the_future():
    error = _fail(nip_pns_parse, "199501012026121001")  # December 2026, today is November
    assert error.code == "nip_tmt"
    assert error.messages == ["TMT CPNS pada NIP (12-2026) belum terjadi."]


def test_tmt_in_the_current_month_is_valid():
    assert nip_pns_parse("199501012026111001", today=TODAY).tmt_cpns == dt.date(2026, 11, 1)


# --- sex digit and sequence -----------------------------------------------------------------------------


@pytest.mark.parametrize("digit", ["3", "0", "9"])
def test_sex_digit_must_be_1_or_2(digit):
    error = _fail(nip_pns_parse, f"19860926201505{digit}001")
    assert error.code == "nip_jenis_kelamin"
    assert error.messages == [
        f"Digit jenis kelamin pada NIP (digit ke-15) harus 1 (laki-laki) atau 2 (perempuan), bukan {digit}."
    ]


def test_sequence_000():
    error = _fail(nip_pns_parse, "198609262015051000")
    assert error.code == "nip_urutan"
    assert error.messages == ["Nomor urut pada NIP (3 digit terakhir) harus 001–999, bukan 000."]


@pytest.mark.parametrize("urut", ["001", "500", "999"])
def test_sequence_001_to_999(urut):
    assert nip_pns_parse(f"198609262015051{urut}", today=TODAY).nip.endswith(urut)


# --- NI PPPK -------------------------------------------------------------------------------------------------


def test_valid_ni_pppk_encodes_year_contract_and_sex():
    info = ni_pppk_parse(NI, today=TODAY)
    assert info == NipInfo(
        nip=NI, tanggal_lahir=dt.date(1990, 3, 15), jenis_kelamin="P", tahun_pppk=2022, perjanjian_ke=1
    )
    assert info.tmt_cpns is None


def test_pppk_digits_13_14_are_a_contract_count_not_a_month():
    ni = "199003152022152001"  # 15th contract: as a PNS NIP this would be "month 15"
    info = ni_pppk_parse(ni, today=TODAY)
    assert info.perjanjian_ke == 15
    assert nip_parse_for_status(ni, status="pppk", today=TODAY).perjanjian_ke == 15
    assert nip_parse_for_status(ni, status="pppk_paruh_waktu", today=TODAY).perjanjian_ke == 15
    # The PNS rules would have refused the same number.
    assert _fail(nip_pns_parse, ni).code == "nip_tmt"
    assert _fail(nip_parse_for_status, ni, status="pns").code == "nip_tmt"


def test_pppk_contract_count_00():
    error = _fail(ni_pppk_parse, "199003152024002001")
    assert error.code == "nip_perjanjian"
    assert error.messages == [
        "Jumlah perjanjian kerja pada NI PPPK (digit 13–14) harus 01 atau lebih, bukan 00."
    ]


@pytest.mark.parametrize("tahun", ["2018", "2000"])
def test_pppk_year_before_2019(tahun):
    error = _fail(ni_pppk_parse, f"19900315{tahun}012001")
    assert error.code == "nip_tmt"
    assert error.messages == [
        f"Tahun pengangkatan PPPK pada NI PPPK (digit 9–12: {tahun}) harus antara 2019 dan 2026."
    ]


def test_pppk_year_in_the_future():
    error = _fail(ni_pppk_parse, "199003152027012001")
    assert error.code == "nip_tmt"
    assert "harus antara 2019 dan 2026" in error.messages[0]


@pytest.mark.parametrize("tahun", ["2019", "2026"])
def test_pppk_year_bounds_are_valid(tahun):
    assert ni_pppk_parse(f"19900315{tahun}012001", today=TODAY).tahun_pppk == int(tahun)


def test_pppk_appointed_before_age_18():
    error = _fail(ni_pppk_parse, "200601012023011001")
    assert error.code == "nip_tmt"
    assert "sebelum pegawai berusia 18 tahun (lahir 01-01-2006)" in error.messages[0]


def test_pppk_sex_digit_sequence_and_birth_date():
    assert _fail(ni_pppk_parse, "199003152022013001").code == "nip_jenis_kelamin"
    assert _fail(ni_pppk_parse, "199003152022012000").code == "nip_urutan"
    error = _fail(ni_pppk_parse, "199002302022012001")
    assert error.messages == ["Tanggal lahir pada NI PPPK (digit 1–8: 19900230) bukan tanggal yang valid."]


def test_pppk_spaces_tolerated():
    assert ni_pppk_parse("19900315 2022 01 2 001", today=TODAY).nip == NI


def test_cpns_uses_the_pns_rules():
    assert nip_parse_for_status(NIP, status="cpns", today=TODAY).tmt_cpns == dt.date(2015, 5, 1)
    # A PNS NIP read as NI PPPK: year 2015 is before PPPK existed.
    assert _fail(nip_parse_for_status, NIP, status="pppk").code == "nip_tmt"


# --- cross-check with the profile -------------------------------------------------------------------------


def test_profile_that_agrees_passes():
    info = nip_pns_parse(NIP, today=TODAY)
    nip_check_profile(info, tanggal_lahir=dt.date(1986, 9, 26), jenis_kelamin="L")
    nip_check_profile(info, tanggal_lahir=None, jenis_kelamin="")  # nothing to compare yet


def test_profile_birth_date_must_match():
    info = nip_pns_parse(NIP, today=TODAY)
    with pytest.raises(ValidationError) as error:
        nip_check_profile(info, tanggal_lahir=dt.date(1986, 9, 27), jenis_kelamin="L")
    assert error.value.message_dict == {
        "tanggal_lahir": ["Tanggal lahir 27-09-1986 tidak sama dengan tanggal lahir pada NIP (26-09-1986)."]
    }


def test_profile_sex_must_match():
    info = ni_pppk_parse(NI, today=TODAY)
    with pytest.raises(ValidationError) as error:
        nip_check_profile(info, tanggal_lahir=dt.date(1990, 3, 15), jenis_kelamin="L")
    assert error.value.message_dict == {
        "jenis_kelamin": [
            "Jenis kelamin laki-laki tidak sama dengan digit jenis kelamin pada NIP (perempuan)."
        ]
    }


def test_both_mismatches_are_reported_on_their_fields():
    info = nip_pns_parse(NIP, today=TODAY)
    with pytest.raises(ValidationError) as error:
        nip_check_profile(info, tanggal_lahir=dt.date(1987, 1, 1), jenis_kelamin="P")
    assert set(error.value.message_dict) == {"tanggal_lahir", "jenis_kelamin"}


# --- display -------------------------------------------------------------------------------------------------


def test_display_grouping_pns():
    assert nip_pns_parse(NIP, today=TODAY).tampilan == "19860926 201505 1 001"


def test_display_grouping_pppk():
    assert ni_pppk_parse(NI, today=TODAY).tampilan == "19900315 2022 01 2 001"


def test_display_round_trips_through_the_parser():
    for parse, value in ((nip_pns_parse, NIP), (ni_pppk_parse, NI)):
        assert parse(parse(value, today=TODAY).tampilan, today=TODAY).nip == value
