"""The Peta Talenta report of the nine-box page: a PDF (WeasyPrint) or an Excel workbook of the
grid, the per-box lists, the `perlu data` list and the transition matrix, for the filters the page
had. Both are rendered by a worker of the `reports` queue (a report job of apps/core/laporan.py,
kind "peta-talenta"): a province's 100,000 pegawai take ~20 s to write as .xlsx and minutes to lay
out as PDF, too long for a request.

The filters travel as the page's query string (NineboxFilterForm.querystring()) and the worker
reads them back through the same form, so the document shows exactly the people and the filter
labels the page showed. The document is always in Bahasa Indonesia (a document of the instansi
that is filed reads the same whoever downloads it). Downloading the file is audited with the
filters and the row counts (personal data leaving the system).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.laporan import (
    JOB_TTL,
    JenisLaporan,
    LaporanJob,
    laporan_jenis_register,
    laporan_job_create,
    laporan_job_finish,
    laporan_job_get,
    laporan_job_load,
    laporan_job_update,
)
from apps.core.services import audit_event_record
from apps.core.spreadsheets import XlsxSheet, xlsx_write

from . import selectors_ninebox as selectors
from .forms_ninebox import NineboxFilterForm
from .models import Penempatan
from .periode import periode_sekarang
from .selectors_profil import kekurangan_tampil

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

LAPORAN_PETA_TALENTA = laporan_jenis_register(
    JenisLaporan(
        kode="peta-talenta",
        direktori="laporan-peta-talenta",
        kemajuan=gettext_lazy("%(d)s dari %(t)s bagian laporan sudah disusun (%(p)s%%)."),
    )
)
FORMAT = ("pdf", "xlsx")
PDF_TEMPLATE = "petatalenta/laporan/peta_talenta_pdf.html"
# A PDF lists at most this many people (boxes and perlu data together), ~90 A4 pages. WeasyPrint
# lays the whole document out in memory: measured on the 2-core dev machine under load, 3,000 rows
# took 45 s and 534 MB, 5,000 rows 60 s and 806 MB (docs/architecture.md, "Laporan Peta Talenta").
# Beyond it the PDF keeps the grid, the counts and the transitions and says to narrow the filters
# or take the Excel file, which lists everyone.
PDF_BARIS_MAKS = 3_000


# --- reads ------------------------------------------------------------------------------------------


def laporan_form(*, instansi: Instansi, qs: str) -> NineboxFilterForm:
    """The nine-box filter form of a query string (invalid values drop that filter, as on the page)."""
    return NineboxFilterForm(
        QueryDict(qs),
        instansi=instansi,
        periode_pilihan=selectors.ninebox_periode_list(instansi=instansi),
        periode_bawaan=periode_sekarang(),
    )


@dataclass
class BarisPegawai:
    nama: str
    nip: str
    jabatan: str
    jenis_jabatan: str
    golongan: str
    unit: str
    skor_potensial: Any
    skor_kinerja: Any
    talent_pool: bool = False
    kekurangan: list[str] = field(default_factory=list)  # readable "label: text" items (perlu data)


@dataclass
class BagianKotak:
    sel: selectors.Sel
    baris: list[BarisPegawai]


@dataclass
class LaporanPetaTalenta:
    periode: int
    saringan: list[str]  # the filters in words; empty = no filter
    saringan_kode: dict[str, str]  # the filters as the query string had them (audit)
    grid: selectors.Grid
    transisi: selectors.Transisi
    kotak: list[BagianKotak]  # box 9 down to box 1 (empty lists when the PDF omits them)
    perlu_data: list[BarisPegawai]
    daftar_dimuat: bool  # False: the lists exceed PDF_BARIS_MAKS and are left out

    @property
    def baris(self) -> dict[str, int]:
        """Row counts per list (audit, the page after the job)."""
        return {
            **{f"kotak_{n}": self.grid.per_kotak[n].jumlah for n in sorted(self.grid.per_kotak)},
            "perlu_data": self.grid.perlu_data,
        }


def _baris(row: Penempatan) -> BarisPegawai:
    g = row.pegawai
    return BarisPegawai(
        nama=g.nama_lengkap,
        nip=g.nip_tampilan,
        jabatan=g.jabatan_tampilan,
        jenis_jabatan=g.get_jenis_jabatan_display() if g.jenis_jabatan else "",
        golongan=g.golongan or "",
        unit=g.unit_kerja.nama if g.unit_kerja_id else "",
        skor_potensial=row.skor_potensial,
        skor_kinerja=row.skor_kinerja,
        talent_pool=row.talent_pool,
        kekurangan=[_kekurangan(item) for item in row.kekurangan],
    )


def _kekurangan(asli: str) -> str:
    item = kekurangan_tampil(str(asli))
    return f"{item.label}: {item.teks}"


def _kotak_rows(
    *, instansi: Instansi, periode: int, kotak: int, saringan: selectors.SaringanNinebox
) -> Iterator[BarisPegawai]:
    rows = selectors.ninebox_kotak_list(instansi=instansi, periode=periode, kotak=kotak, saringan=saringan)
    return (_baris(row) for row in rows.iterator(chunk_size=2000))


def _perlu_data_rows(
    *, instansi: Instansi, periode: int, saringan: selectors.SaringanNinebox
) -> Iterator[BarisPegawai]:
    rows = selectors.ninebox_perlu_data_list(instansi=instansi, periode=periode, saringan=saringan)
    return (_baris(row) for row in rows.iterator(chunk_size=2000))


def _urutan_kotak(grid: selectors.Grid) -> list[int]:
    """Boxes from the best (both axes highest) down, ties by number: the order people read."""
    return sorted(grid.per_kotak, key=lambda n: (-grid.per_kotak[n].tingkat, -n))


def peta_talenta_laporan_data(
    *, instansi: Instansi, form: NineboxFilterForm, dengan_daftar: bool = True, kemajuan=None
) -> LaporanPetaTalenta:
    """Everything the PDF shows, read with the nine-box page's own selectors. `kemajuan()` is
    called after each read: the grid, the transitions, and (`dengan_daftar`) each box and the
    perlu-data list; without lists (the Excel file streams them itself) only the first two."""
    kemajuan = kemajuan or (lambda: None)
    periode, saringan = form.periode_terpilih, form.saringan()
    grid = selectors.ninebox_grid(instansi=instansi, periode=periode, saringan=saringan)
    kemajuan()
    transisi = selectors.ninebox_transisi(instansi=instansi, periode=periode, saringan=saringan)
    kemajuan()
    muat = dengan_daftar and grid.ditempatkan + grid.perlu_data <= PDF_BARIS_MAKS
    kotak = []
    for n in _urutan_kotak(grid):
        rows = (
            list(_kotak_rows(instansi=instansi, periode=periode, kotak=n, saringan=saringan)) if muat else []
        )
        kotak.append(BagianKotak(sel=grid.per_kotak[n], baris=rows))
        if dengan_daftar:
            kemajuan()
    perlu = list(_perlu_data_rows(instansi=instansi, periode=periode, saringan=saringan)) if muat else []
    if dengan_daftar:
        kemajuan()
    return LaporanPetaTalenta(
        periode=periode,
        saringan=[str(label) for label in form.label_aktif()],
        saringan_kode=dict(QueryDict(form.querystring()).items()),
        grid=grid,
        transisi=transisi,
        kotak=kotak,
        perlu_data=perlu,
        daftar_dimuat=muat,
    )


LANGKAH_DATA = 2 + 9 + 1  # grid, transitions, nine boxes, perlu data
LANGKAH = LANGKAH_DATA + 1  # + rendering the file


# --- the files --------------------------------------------------------------------------------------


def peta_talenta_pdf_render(
    *, instansi: Instansi, laporan: LaporanPetaTalenta, actor_nama: str, fetcher=None
) -> bytes:
    from .pdf import html_to_pdf  # WeasyPrint on use

    html = render_to_string(
        PDF_TEMPLATE,
        {
            "instansi": instansi,
            "l": laporan,
            "dibuat_pada": timezone.localtime(),
            "dibuat_oleh": actor_nama,
            "pdf_baris_maks": PDF_BARIS_MAKS,
        },
    )
    return html_to_pdf(html=html, fetcher=fetcher)


def _angka(value) -> Any:
    return value if value is None else float(value)


def peta_talenta_xlsx_render(
    *,
    instansi: Instansi,
    laporan: LaporanPetaTalenta,
    form: NineboxFilterForm,
    actor_nama: str,
    kemajuan=None,
) -> bytes:
    """Three sheets: "Ringkasan" (filters, grid, transitions), "Per kotak" (one row per pegawai with
    the box), "Perlu data" (with what is missing). Lists are streamed from the database (write-only
    workbook): memory stays flat for 100,000 rows. NIP columns are text."""
    kemajuan = kemajuan or (lambda: None)
    grid, transisi = laporan.grid, laporan.transisi
    periode, saringan = form.periode_terpilih, form.saringan()
    ringkasan: list[list[Any]] = [
        [_("Instansi"), instansi.nama],
        [_("Periode"), laporan.periode],
        [_("Dibuat"), timezone.localtime().strftime("%d-%m-%Y %H.%M")],
        [_("Dibuat oleh"), actor_nama],
        [_("Saringan"), "; ".join(laporan.saringan) or _("Tanpa saringan")],
        [],
        [
            _("Kotak"),
            _("Label"),
            _("Kinerja"),
            _("Potensial"),
            _("Jumlah pegawai"),
            _("Persentase (%)"),
            _("Talent pool (KRS)"),
        ],
    ]
    for n in _urutan_kotak(grid):
        sel = grid.per_kotak[n]
        ringkasan.append(
            [
                n,
                sel.label,
                str(selectors.LEVEL_SUMBU_LABEL[sel.level_kinerja]),
                str(selectors.LEVEL_SUMBU_LABEL[sel.level_potensial]),
                sel.jumlah,
                _angka(sel.persen),
                _("Ya") if sel.talent_pool else _("Tidak"),
            ]
        )
    ringkasan += [
        [_("Penempatan final"), "", "", "", grid.ditempatkan],
        [_("Talent pool (KRS)"), "", "", "", grid.talent_pool, _angka(grid.talent_pool_persen)],
        [_("Perlu data"), "", "", "", grid.perlu_data],
        [_("Sedang dihitung"), "", "", "", grid.belum_dihitung],
        [],
        [
            _("Perpindahan kotak %(lalu)s → %(kini)s")
            % {"lalu": transisi.periode_lalu, "kini": transisi.periode}
        ],
        [_("Naik"), transisi.naik],
        [_("Tetap"), transisi.tetap],
        [_("Turun"), transisi.turun],
        [_("Bergeser"), transisi.bergeser],
        [_("Baru"), transisi.baru],
        [_("Keluar"), transisi.keluar],
        [],
        [
            _("Periode %(lalu)s \\ %(kini)s") % {"lalu": transisi.periode_lalu, "kini": transisi.periode},
            *(str(label) for _ke, label in transisi.kolom),
            _("Jumlah"),
        ],
        *([b.label, *(s.jumlah for s in b.sel), b.total] for b in transisi.baris),
        [_("Jumlah"), *transisi.total_kolom, transisi.total],
    ]

    def per_kotak() -> Iterator[list[Any]]:
        for n in _urutan_kotak(grid):
            for b in _kotak_rows(instansi=instansi, periode=periode, kotak=n, saringan=saringan):
                yield [
                    n,
                    grid.per_kotak[n].label,
                    b.nama,
                    b.nip,
                    b.jabatan,
                    b.jenis_jabatan,
                    b.golongan,
                    b.unit,
                    _angka(b.skor_potensial),
                    _angka(b.skor_kinerja),
                    _("Ya") if b.talent_pool else _("Tidak"),
                ]
            kemajuan()

    def perlu_data() -> Iterator[list[Any]]:
        for b in _perlu_data_rows(instansi=instansi, periode=periode, saringan=saringan):
            yield [b.nama, b.nip, b.jabatan, b.unit, "\n".join(b.kekurangan)]
        kemajuan()

    return xlsx_write(
        [
            XlsxSheet(
                title=_("Ringkasan"),
                headers=[_("Laporan Peta Talenta"), ""],
                rows=ringkasan,
                widths=(28, 40, 14, 14, 14, 14, 14, 12, 12, 12, 12, 12),
            ),
            XlsxSheet(
                title=_("Per kotak"),
                headers=[
                    _("Kotak"),
                    _("Label kotak"),
                    _("Nama"),
                    _("NIP"),
                    _("Jabatan"),
                    _("Jenis jabatan"),
                    _("Golongan"),
                    _("Unit kerja"),
                    _("Skor potensial"),
                    _("Skor kinerja"),
                    _("Talent pool (KRS)"),
                ],
                rows=per_kotak(),
                widths=(7, 22, 32, 22, 34, 16, 10, 34, 14, 14, 12),
                text_columns=(3,),
            ),
            XlsxSheet(
                title=_("Perlu data"),
                headers=[_("Nama"), _("NIP"), _("Jabatan"), _("Unit kerja"), _("Data yang kurang")],
                rows=perlu_data(),
                widths=(32, 22, 34, 34, 70),
                text_columns=(1,),
            ),
        ]
    )


# --- the job ----------------------------------------------------------------------------------------


def _antrean_key(*, instansi: Instansi, actor: User | None, qs: str, ekstensi: str) -> str:
    digest = hashlib.sha256(f"{ekstensi}?{qs}".encode()).hexdigest()[:32]
    return f"laporan:peta-talenta:antre:{instansi.pk}:{getattr(actor, 'pk', None)}:{digest}"


def peta_talenta_laporan_mulai(
    *, instansi: Instansi, actor: User | None, form: NineboxFilterForm, ekstensi: str
) -> LaporanJob:
    """Queue the report of the page's period and filters on the `reports` queue. Pressing the
    button again while the same report (same user, filters and format) still waits or runs
    answers that job: a double click, or an impatient user, never queues the heavy work twice."""
    from .tasks_laporan import peta_talenta_laporan_task

    if ekstensi not in FORMAT:
        raise ValueError(f"unknown report format {ekstensi!r}")
    qs = form.querystring()
    key = _antrean_key(instansi=instansi, actor=actor, qs=qs, ekstensi=ekstensi)
    antre = cache.get(key)
    if antre:
        job = peta_talenta_laporan_get(instansi=instansi, uuid=antre)
        if job is not None and not job.selesai:
            return job
    job = laporan_job_create(
        jenis=LAPORAN_PETA_TALENTA,
        instansi=instansi,
        actor=actor,
        ekstensi=ekstensi,
        parameter={"qs": qs, "periode": form.periode_terpilih},
    )
    cache.set(key, job.uuid, JOB_TTL)
    peta_talenta_laporan_task.delay(instansi_id=instansi.pk, uuid=job.uuid)
    return job


def peta_talenta_laporan_get(*, instansi: Instansi, uuid: object) -> LaporanJob | None:
    return laporan_job_get(jenis=LAPORAN_PETA_TALENTA, instansi_id=instansi.pk, uuid=uuid)


def _actor_nama(user_id: int | None) -> str:
    from apps.accounts.models import User

    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def peta_talenta_laporan_jalankan(*, instansi: Instansi, uuid: str, fetcher=None) -> LaporanJob:
    """Render the job's file (synchronous; the task, and tests inside instansi_scope, call it).
    Idempotent: a re-run renders the file again."""
    job = laporan_job_load(jenis=LAPORAN_PETA_TALENTA, instansi=instansi, uuid=uuid)
    job = laporan_job_update(job, status="berjalan", done=0, total=LANGKAH)
    state = {"job": job}

    def kemajuan() -> None:
        state["job"] = laporan_job_update(state["job"], done=state["job"].done + 1)

    with translation.override("id"):
        form = laporan_form(instansi=instansi, qs=job.parameter.get("qs", ""))
        actor_nama = _actor_nama(job.user_id)
        pdf = job.ekstensi == "pdf"
        laporan = peta_talenta_laporan_data(
            instansi=instansi, form=form, dengan_daftar=pdf, kemajuan=kemajuan
        )
        if pdf:
            content = peta_talenta_pdf_render(
                instansi=instansi, laporan=laporan, actor_nama=actor_nama, fetcher=fetcher
            )
        else:
            content = peta_talenta_xlsx_render(
                instansi=instansi, laporan=laporan, form=form, actor_nama=actor_nama, kemajuan=kemajuan
            )
    return laporan_job_finish(
        state["job"],
        content=content,
        periode=laporan.periode,
        saringan=laporan.saringan,
        saringan_kode=laporan.saringan_kode,
        baris=laporan.baris,
        daftar_dimuat=laporan.daftar_dimuat or not pdf,
    )


def peta_talenta_laporan_audit(*, instansi: Instansi, actor: User | None, job: LaporanJob) -> None:
    """A finished report leaves the system: who took which period, filters and how many rows."""
    audit_event_record(
        action="peta_talenta.laporan_unduh",
        instansi=instansi,
        actor=actor,
        target=None,
        new_values={
            "job": job.uuid,
            "format": job.ekstensi,
            "periode": job.hasil.get("periode"),
            "saringan": job.hasil.get("saringan", []),
            "saringan_kode": job.hasil.get("saringan_kode", {}),
            "baris": job.hasil.get("baris", {}),
            "daftar_dimuat": job.hasil.get("daftar_dimuat", True),
        },
    )


def peta_talenta_laporan_nama_berkas(job: LaporanJob) -> str:
    periode = job.hasil.get("periode") or job.parameter.get("periode") or ""
    return f"peta-talenta-{periode}.{job.ekstensi}"
