"""Reads of the talent engine shared by its pages: the active rule set, bulk-recompute progress."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.instansi.models import Instansi

from .engine import PRESET_BERBOBOT
from .models import AturanTalenta, HitungUlang, Penempatan, PengaturanTalenta


@dataclass(frozen=True)
class HitungUlangProgress:
    total: int
    sisa: int
    selesai: bool

    @classmethod
    def of(cls, *, job: HitungUlang, sisa: int) -> HitungUlangProgress:
        """The job's progress with `sisa` dirty placements left in its period (a finished job is
        done whatever is dirty now: later changes are not its work)."""
        if job.selesai_pada is not None:
            return cls(total=job.total, sisa=0, selesai=True)
        return cls(total=job.total, sisa=min(sisa, job.total), selesai=sisa == 0)

    @property
    def diproses(self) -> int:
        return max(0, self.total - self.sisa)

    @property
    def persen(self) -> int:
        return 100 if self.selesai or not self.total else min(99, self.diproses * 100 // self.total)

    @property
    def teks(self) -> str:
        return _("%(d)s dari %(t)s pegawai sudah dihitung ulang (%(p)s%%).") % {
            "d": number_format(self.diproses, force_grouping=True),
            "t": number_format(self.total, force_grouping=True),
            "p": self.persen,
        }


def hitung_ulang_get(*, instansi: Instansi, uuid) -> HitungUlang | None:
    return HitungUlang.objects.filter(instansi=instansi, uuid=uuid).first()


def hitung_ulang_progress(*, job: HitungUlang) -> HitungUlangProgress:
    """Progress from the placements themselves (dirty rows left in the job's period): true after a
    worker crash or a retry, one count on a partial index."""
    if job.selesai_pada is not None:
        return HitungUlangProgress.of(job=job, sisa=0)
    sisa = Penempatan.objects.filter(
        instansi_id=job.instansi_id, periode=job.periode, dirty_since__isnull=False
    ).count()
    return HitungUlangProgress.of(job=job, sisa=sisa)


def pengaturan_talenta_get(*, instansi: Instansi) -> PengaturanTalenta:
    """The instansi's settings, or an unsaved row with the defaults."""
    return PengaturanTalenta.objects.filter(instansi=instansi).first() or PengaturanTalenta(instansi=instansi)


def aturan_aktif(*, instansi: Instansi) -> AturanTalenta | None:
    """The active version, without creating one (pages never write on a GET)."""
    return AturanTalenta.objects.filter(instansi=instansi, status=AturanTalenta.Status.AKTIF).first()


def aturan_aktif_konfigurasi(*, instansi: Instansi) -> dict:
    """The active rule set's configuration for pages that only read it: the national weighted
    preset until the instansi has one (the first flush creates that copy; a page view never
    writes)."""
    aktif = aturan_aktif(instansi=instansi)
    # A copy: callers must never be able to change the national preset for the whole process.
    return aktif.konfigurasi if aktif is not None else copy.deepcopy(PRESET_BERBOBOT)
