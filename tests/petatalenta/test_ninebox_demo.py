"""Demo data of the talent map (apps/petatalenta/demo.py): after seeding, the nine-box of this year
is populated, last year has placements too, the transition matrix shows movement, and a second run
changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from apps.asesmen.models import Asesmen
from apps.core.models import AuditEvent
from apps.core.tenancy import instansi_scope, scopes_disabled
from apps.demo.instansi import demo_seed
from apps.demo.pegawai import pegawai_demo_seed
from apps.demo.talenta import BARU_DIANGKAT, talenta_demo_seed
from apps.instansi.models import Instansi
from apps.kinerja.models import SKP
from apps.pegawai.models import Pegawai, Penghargaan, RiwayatDiklat, SkTimKerja
from apps.petatalenta.models import Penempatan, RiwayatPenempatan
from apps.petatalenta.selectors_ninebox import SaringanNinebox, ninebox_grid, ninebox_transisi

pytestmark = pytest.mark.django_db

TAHUN = timezone.localdate().year
JUMLAH = 45


@pytest.fixture
def palangka_raya(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    demo_seed()
    instansi = Instansi.objects.get(kode="6271")
    with instansi_scope(instansi):
        pegawai_demo_seed(instansi=instansi, jumlah=JUMLAH)
    return instansi


def _counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            model.__name__: model.objects.count()
            for model in (
                Asesmen, SKP, Penghargaan, SkTimKerja, RiwayatDiklat, Penempatan, RiwayatPenempatan, AuditEvent,
            )
        }  # fmt: skip


def test_demo_fills_the_grid_gives_a_meaningful_transition_matrix_and_reseeds_to_nothing(palangka_raya):
    # One test: seeding the demo pegawai is the slow part.
    with instansi_scope(palangka_raya):
        hasil = talenta_demo_seed(instansi=palangka_raya)
        first = _counts()
        grid = ninebox_grid(instansi=palangka_raya, periode=TAHUN, saringan=SaringanNinebox())
        lalu = ninebox_grid(instansi=palangka_raya, periode=TAHUN - 1, saringan=SaringanNinebox())
        transisi = ninebox_transisi(instansi=palangka_raya, periode=TAHUN, saringan=SaringanNinebox())
        baru_diangkat = Pegawai.objects.filter(
            instansi=palangka_raya, aktif=True, status_kepegawaian__in=BARU_DIANGKAT
        ).count()
    assert hasil.asesmen > JUMLAH // 2 and hasil.skp > JUMLAH and hasil.penguat > 0
    assert hasil.ditempatkan == {TAHUN - 1: JUMLAH - baru_diangkat, TAHUN: JUMLAH}
    # Every row and every column of this year's grid has people; some still need data.
    rows = [sum(sel.jumlah for sel in baris.sel) for baris in grid.baris]
    columns = [sum(baris.sel[i].jumlah for baris in grid.baris) for i in range(3)]
    assert all(rows) and all(columns), (rows, columns)
    assert sum(1 for sel in grid.per_kotak.values() if sel.jumlah) >= 7
    assert grid.perlu_data > 0 and grid.talent_pool > 0
    assert lalu.ditempatkan > JUMLAH // 2
    # People moved between the years, most stayed, and the recently appointed are new.
    assert transisi.tetap > transisi.naik + transisi.turun
    assert transisi.naik > 0 and transisi.turun > 0
    assert transisi.baru == baru_diangkat
    assert transisi.total == JUMLAH

    with instansi_scope(palangka_raya):
        again = talenta_demo_seed(instansi=palangka_raya)
    assert (again.asesmen, again.skp, again.penguat) == (0, 0, 0)
    assert _counts() == first
    with scopes_disabled():
        assert not Penempatan.objects.filter(dirty_since__isnull=False).exists()
