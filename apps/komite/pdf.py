"""The session documents: the Berita Acara Sidang Komite Talenta and the Keputusan PPK with its
annexes (WeasyPrint, A4, always in Bahasa Indonesia with Indonesian dates), and the annexes as an
Excel workbook.

A document is made in steps so its job shows progress: the Berita Acara in one step; the
Keputusan as its body, then each annex in chunks of `POTONGAN` rows (annex I box by box); the
workbook one sheet per step. The steps are rendered separately and their pages joined into one
PDF. WeasyPrint fetches nothing but the app's own static files (apps/petatalenta/pdf.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.spreadsheets import XlsxSheet, xlsx_write
from apps.petatalenta.pdf import DOKUMEN_ORIGIN, StaticOnlyFetcher

from . import selectors_dokumen as sel
from .models import DokumenKomite, Penetapan, Sidang, SnapshotPenempatan

if TYPE_CHECKING:
    from weasyprint.document import Document

POTONGAN = 1000  # rows of an annex rendered per step
KOTAK_URUTAN: tuple[int | None, ...] = (9, 8, 7, 6, 5, 4, 3, 2, 1, None)

Kemajuan = Callable[[int, int], None]  # (done, total)


def _render(html: str, fetcher: StaticOnlyFetcher) -> Document:
    from weasyprint import HTML

    return HTML(string=html, base_url=DOKUMEN_ORIGIN, url_fetcher=fetcher).render()


def _gabung(documents: list[Document]) -> bytes:
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def dokumen_nama_berkas(dokumen: DokumenKomite) -> str:
    """The download name: kind, session number or id, extension."""
    stem = {
        DokumenKomite.Jenis.BERITA_ACARA: "berita-acara-sidang",
        DokumenKomite.Jenis.KEPUTUSAN: "keputusan-ppk",
        DokumenKomite.Jenis.LAMPIRAN_XLSX: "lampiran-keputusan",
    }.get(dokumen.jenis, "dokumen")
    return f"{stem}-{dokumen.sidang.periode}-{dokumen.sidang_id}{dokumen.ekstensi}"


# --- Berita Acara -----------------------------------------------------------------------------------


def berita_acara_html(*, sidang: Sidang) -> str:
    data = sel.berita_acara_data(sidang=sidang)
    return render_to_string(
        "komite/dokumen/berita_acara_pdf.html",
        {"ba": data, "sidang": sidang, "instansi": sidang.instansi, "dibuat_pada": timezone.localtime()},
    )


# --- Keputusan PPK ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Langkah:
    """One step of a document: renders one part."""

    buat: Callable[[], Any]


def _potongan(qs: QuerySet, jumlah: int) -> Iterator[tuple[int, QuerySet]]:
    """(first row number, rows) chunks of `POTONGAN` rows of an ordered queryset."""
    for i in range(max(1, math.ceil(jumlah / POTONGAN))):
        yield i * POTONGAN + 1, qs[i * POTONGAN : (i + 1) * POTONGAN]


def _konteks_keputusan(*, sidang: Sidang, penetapan: Penetapan) -> dict:
    instansi = sidang.instansi
    return {
        "sidang": sidang,
        "penetapan": penetapan,
        "instansi": instansi,
        "kop": sel.kop_surat_baris(instansi=instansi),
        "ppk": sel.jabatan_ppk(instansi=instansi),
        "dibuat_pada": timezone.localtime(),
    }


def keputusan_langkah(*, sidang: Sidang, penetapan: Penetapan, fetcher: StaticOnlyFetcher) -> list[Langkah]:
    """The steps of the Keputusan PPK: the decree, annex I per box, II, III (chunked), IV."""
    konteks = _konteks_keputusan(sidang=sidang, penetapan=penetapan)
    jumlah_kotak = sel.lampiran_kotak_jumlah(penetapan=penetapan)
    semua = sel.snapshot_penempatan_qs(penetapan=penetapan)

    def dokumen(template: str, **extra) -> Langkah:
        return Langkah(lambda: _render(render_to_string(template, {**konteks, **extra}), fetcher))

    langkah = [
        dokumen(
            "komite/dokumen/keputusan_pdf.html",
            jumlah_kotak=[(k, jumlah_kotak.get(k, 0)) for k in KOTAK_URUTAN],
            jumlah_pool=semua.filter(talent_pool=True).count(),
            jumlah_nasional=semua.filter(krs_nasional=True).count(),
            jumlah_jabatan=penetapan.suksesor.values("jabatan_kunci").distinct().count(),
        )
    ]
    # Annex I: the boxes in order, each cut in chunks of POTONGAN rows; small boxes share a step
    # (and a page), so a small instansi's annex is not one page per box.
    blok: list[tuple[int | None, int, QuerySet, int]] = []
    for kotak in KOTAK_URUTAN:
        n = jumlah_kotak.get(kotak, 0)
        if n:
            qs = semua.filter(kotak=kotak) if kotak else semua.filter(kotak__isnull=True)
            blok.extend((kotak, mulai, rows, n) for mulai, rows in _potongan(qs, n))
    paket: list[list] = [[]]
    for item in blok:
        ukuran = min(POTONGAN, item[3] - item[1] + 1)
        if paket[-1] and sum(min(POTONGAN, b[3] - b[1] + 1) for b in paket[-1]) + ukuran > POTONGAN:
            paket.append([])
        paket[-1].append(item)
    for i, isi in enumerate(paket):
        langkah.append(_lampiran_peta(konteks, fetcher, "I", isi, judul_lampiran=i == 0))
    for nomor, filt in (("II", {"talent_pool": True}), ("III", {"krs_nasional": True})):
        qs = semua.filter(**filt)
        n = qs.count()
        for i, (mulai, rows) in enumerate(_potongan(qs, n)):
            langkah.append(
                _lampiran_peta(konteks, fetcher, nomor, [(None, mulai, rows, n)], judul_lampiran=i == 0)
            )
    langkah.append(
        dokumen(
            "komite/dokumen/lampiran_suksesor_pdf.html",
            jabatan_list=sel.lampiran_suksesor(penetapan=penetapan),
        )
    )
    return langkah


def _lampiran_peta(konteks, fetcher, nomor: str, blok: list, *, judul_lampiran: bool) -> Langkah:
    """One step of annex I (boxes: (kotak, first row number, rows, rows in the box)), II or III."""

    def buat():
        return _render(
            render_to_string(
                "komite/dokumen/lampiran_peta_pdf.html",
                {
                    **konteks,
                    "lampiran": nomor,
                    "judul_lampiran": judul_lampiran,
                    "blok": [
                        {
                            "kotak": kotak,
                            "jumlah": jumlah,
                            "lanjutan": mulai > 1,
                            "baris": list(sel.lampiran_peta_rows(rows, mulai=mulai)),
                        }
                        for kotak, mulai, rows, jumlah in blok
                    ],
                },
            ),
            fetcher,
        )

    return Langkah(buat)


# --- one entry point per kind -----------------------------------------------------------------------


def dokumen_render(
    *, dokumen: DokumenKomite, kemajuan: Kemajuan, fetcher: StaticOnlyFetcher | None = None
) -> bytes:
    """The file of a document job, in Bahasa Indonesia whoever asked; `kemajuan(done, total)` is
    called as steps finish. Raises LookupError when the session has no penetapan (annexes)."""
    fetcher = fetcher or StaticOnlyFetcher()
    sidang = dokumen.sidang
    with translation.override("id"):
        if dokumen.jenis == DokumenKomite.Jenis.BERITA_ACARA:
            kemajuan(0, 1)
            pdf = _render(berita_acara_html(sidang=sidang), fetcher).write_pdf()
            kemajuan(1, 1)
            return pdf
        penetapan = sel.penetapan_sidang_get(sidang=sidang)
        if penetapan is None:
            raise LookupError("sidang tanpa penetapan")
        if dokumen.jenis == DokumenKomite.Jenis.KEPUTUSAN:
            langkah = keputusan_langkah(sidang=sidang, penetapan=penetapan, fetcher=fetcher)
            kemajuan(0, len(langkah))
            documents = []
            for i, step in enumerate(langkah, start=1):
                documents.append(step.buat())
                kemajuan(i, len(langkah))
            return _gabung(documents)
        return lampiran_xlsx(penetapan=penetapan, kemajuan=kemajuan)


# --- Excel -------------------------------------------------------------------------------------------


def _setelah(rows: Iterable, selesai: Callable[[], None]) -> Iterator:
    """`rows`, then `selesai()` once they have all been written (progress per sheet)."""
    yield from rows
    selesai()


def _peta_xlsx_rows(qs: QuerySet[SnapshotPenempatan]) -> Iterator[list]:
    for b in sel.lampiran_peta_rows(qs.iterator(chunk_size=2000)):
        yield [
            b.nomor,
            b.nama,
            b.nip,
            b.jabatan,
            b.unit,
            b.kotak_dihitung,
            b.kotak,
            _("Ya") if b.dikalibrasi else "",
        ]


def lampiran_xlsx(*, penetapan: Penetapan, kemajuan: Kemajuan) -> bytes:
    """One sheet per annex, read from the snapshot (streamed: flat memory for 100,000 rows)."""
    total = 4
    kemajuan(0, total)
    selesai = iter(range(1, total + 1))

    def maju():
        kemajuan(next(selesai), total)

    semua = sel.snapshot_penempatan_qs(penetapan=penetapan)
    kepala_peta = [
        _("No."),
        _("Nama"),
        _("NIP"),
        _("Jabatan"),
        _("Unit kerja"),
        _("Kotak hasil perhitungan"),
        _("Kotak ditetapkan"),
        _("Dikalibrasi Komite"),
    ]
    lebar = (6, 32, 22, 32, 32, 12, 12, 12)

    def suksesor_rows() -> Iterator[list]:
        for j in sel.lampiran_suksesor(penetapan=penetapan):
            for s in j.suksesor:
                yield [j.jabatan, j.unit, j.pemegang, s.peran, s.urutan, s.nama, s.nip, s.jabatan, s.kesiapan]

    sheets = [
        XlsxSheet(
            title=_("I Peta Talenta"),
            headers=kepala_peta,
            rows=_setelah(_peta_xlsx_rows(semua), maju),
            widths=lebar,
            text_columns=(2,),
        ),
        XlsxSheet(
            title=_("II KRS Instansi"),
            headers=kepala_peta,
            rows=_setelah(_peta_xlsx_rows(semua.filter(talent_pool=True)), maju),
            widths=lebar,
            text_columns=(2,),
        ),
        XlsxSheet(
            title=_("III KRS Nasional"),
            headers=kepala_peta,
            rows=_setelah(_peta_xlsx_rows(semua.filter(krs_nasional=True)), maju),
            widths=lebar,
            text_columns=(2,),
        ),
        XlsxSheet(
            title=_("IV Suksesor"),
            headers=[
                _("Jabatan kunci"),
                _("Unit kerja"),
                _("Pemegang"),
                _("Peran"),
                _("Urutan"),
                _("Nama"),
                _("NIP"),
                _("Jabatan sekarang"),
                _("Kesiapan"),
            ],
            rows=_setelah(suksesor_rows(), maju),
            widths=(32, 28, 28, 16, 8, 32, 22, 32, 16),
            text_columns=(6,),
        ),
    ]
    return xlsx_write(sheets)
