"""`manage.py ringkasan_refresh`: an operator's recount, and the closing row of a past period."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from apps.core.tenancy import scopes_disabled
from apps.nasional.models import RingkasanInstansi
from apps.petatalenta.periode import periode_sekarang
from tests.nasional.ringkasan_data import InstansiSpec, PegawaiSpec, instansi_isi

pytestmark = pytest.mark.django_db


def _rows(instansi) -> dict[int, RingkasanInstansi]:
    with scopes_disabled():
        return {row.periode: row for row in RingkasanInstansi.objects.filter(instansi=instansi)}


def test_a_past_period_counts_that_periods_placements_and_leaves_the_krs_index_alone(instansi_a):
    lalu = periode_sekarang() - 1
    with scopes_disabled():
        # Two final placements last year (box 9 and box 5), one this year.
        instansi_isi(
            instansi_a,
            InstansiSpec(
                pegawai=[
                    PegawaiSpec(penempatan=("final", 9, True, False)),
                    PegawaiSpec(penempatan=("final", 5, False, False)),
                    PegawaiSpec(penempatan=("final", 7, True, True)),
                ]
            ),
            prefix="A",
        )
    call_command("ringkasan_refresh", "--periode", str(lalu), "--instansi", instansi_a.kode)
    rows = _rows(instansi_a)
    assert set(rows) == {lalu}
    assert rows[lalu].jumlah_final == 2
    assert rows[lalu].kotak_dihitung["9"] == 1 and rows[lalu].kotak_dihitung["5"] == 1
    assert rows[lalu].kotak_dihitung["7"] == 0
    with scopes_disabled():
        from apps.nasional.models import IndeksKrsNasional

        assert not IndeksKrsNasional.objects.filter(instansi=instansi_a, periode=lalu).exists()

    call_command("ringkasan_refresh", "--instansi", instansi_a.kode)
    rows = _rows(instansi_a)
    assert set(rows) == {lalu, periode_sekarang()}
    assert rows[periode_sekarang()].kotak_dihitung["7"] == 1
    assert rows[lalu].jumlah_final == 2  # the past row keeps its figures


def test_every_active_instansi_by_default_and_clear_refusals(instansi_a, instansi_b):
    call_command("ringkasan_refresh")
    assert _rows(instansi_a) and _rows(instansi_b)
    with pytest.raises(CommandError, match="tidak ada: XYZ"):
        call_command("ringkasan_refresh", "--instansi", "XYZ")
    with pytest.raises(CommandError, match="tidak dapat dihitung"):
        call_command("ringkasan_refresh", "--periode", str(periode_sekarang() + 1))
