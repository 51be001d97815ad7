"""A rule-set version as a JSON file and back (format in docs/rulesets.md): the export, with a
fixed key order and no timestamps, and the strict reading of an uploaded file, every problem at
once, nothing written."""

from __future__ import annotations

import json
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core.json_aman import JsonTerlaluDalam, json_baca

from .katalog import Katalog, konfigurasi_urut
from .validasi import konfigurasi_periksa

NAMA_MAKS = 150  # a version's name (the column's length)
IMPOR_MAKS_BYTE = 256 * 1024
# An exported file nests at most 5 levels (document, konfigurasi, a setting, its map, a list in it:
# the succession rules); room for later formats, and nowhere near the parser's recursion limit (a
# file nested 1,200 levels deep was a 500).
IMPOR_KEDALAMAN_MAKS = 10
IMPOR_KUNCI = ("format", "versi_format", "instansi", "nama", "versi", "catatan", "konfigurasi")


class VersiAturan(Protocol):
    """A stored version of any rule-set kind (AturanTalenta for the talent one)."""

    instansi: Any  # kode, nama
    nama: str
    versi: int
    catatan: str
    konfigurasi: dict[str, Any]


def aturan_ekspor(*, aturan: VersiAturan, katalog: Katalog) -> bytes:
    """The version as a JSON document: exporting the same version twice gives the same bytes."""
    dokumen = {
        "format": katalog.format_nama,
        "versi_format": katalog.format_versi,
        "instansi": {"kode": aturan.instansi.kode, "nama": aturan.instansi.nama},
        "nama": aturan.nama,
        "versi": aturan.versi,
        "catatan": aturan.catatan,
        "konfigurasi": konfigurasi_urut(aturan.konfigurasi, katalog=katalog),
    }
    return (json.dumps(dokumen, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_baca(data: bytes) -> Any:
    """Parse strictly: duplicate keys and NaN/Infinity are errors, not silently resolved."""

    def tanpa_duplikat(pasangan):
        hasil = {}
        for k, v in pasangan:
            if k in hasil:
                raise ValueError(_("kunci “%(k)s” ditulis lebih dari sekali") % {"k": k})
            hasil[k] = v
        return hasil

    def tolak_konstanta(nama):
        raise ValueError(_("%(nama)s bukan angka yang sah di sini") % {"nama": nama})

    try:
        teks = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Berkas bukan teks UTF-8: pastikan yang diunggah berkas .json hasil ekspor.")
        ) from None
    try:
        return json_baca(
            teks,
            maks=IMPOR_KEDALAMAN_MAKS,
            object_pairs_hook=tanpa_duplikat,
            parse_constant=tolak_konstanta,
        )
    except JsonTerlaluDalam:
        raise ValidationError(
            _(
                "Berkas bersarang terlalu dalam (lebih dari %(maks)s tingkat objek/daftar); berkas "
                "hasil ekspor tidak pernah sedalam itu."
            )
            % {"maks": IMPOR_KEDALAMAN_MAKS}
        ) from None
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("Berkas bukan JSON yang sah: baris %(baris)s, kolom %(kolom)s (%(pesan)s).")
            % {"baris": error.lineno, "kolom": error.colno, "pesan": error.msg}
        ) from None
    except ValueError as error:
        raise ValidationError(_("Berkas bukan JSON yang sah: %(pesan)s.") % {"pesan": error}) from None


def aturan_impor_baca(*, data: bytes, katalog: Katalog, nama: str = "") -> dict[str, Any]:
    """Read an exported rule set; every problem at once (ValidationError with a list), nothing
    written. Returns nama, catatan, konfigurasi and what the file says about its origin."""
    if len(data) > IMPOR_MAKS_BYTE:
        raise ValidationError(
            str(katalog.pesan_terlalu_besar) % {"kb": len(data) // 1024, "maks": IMPOR_MAKS_BYTE // 1024}
        )
    if not data.strip():
        raise ValidationError(_("Berkas kosong."))
    dokumen = _json_baca(data)
    if not isinstance(dokumen, dict):
        raise ValidationError(_("Isi berkas harus satu objek JSON ({ ... }) seperti hasil ekspor."))
    masalah: list[str] = []
    if dokumen.get("format") != katalog.format_nama:
        masalah.append(str(katalog.pesan_bukan_format) % {"f": katalog.format_nama})
    elif dokumen.get("versi_format") != katalog.format_versi:
        masalah.append(
            _("Versi format %(v)s tidak dikenal; aplikasi ini membaca versi format %(dikenal)s.")
            % {"v": json.dumps(dokumen.get("versi_format")), "dikenal": katalog.format_versi}
        )
    for kunci in dokumen:
        if kunci not in IMPOR_KUNCI:
            masalah.append(_("Kunci “%(k)s” tidak dikenal di berkas.") % {"k": kunci})
    nama = (nama or "").strip() or dokumen.get("nama")
    if not isinstance(nama, str) or not nama.strip():
        masalah.append(_("“nama” wajib diisi (teks)."))
    elif len(nama.strip()) > NAMA_MAKS:
        masalah.append(_("“nama” paling panjang %(n)s karakter.") % {"n": NAMA_MAKS})
    catatan = dokumen.get("catatan", "")
    if not isinstance(catatan, str):
        masalah.append(_("“catatan” harus teks."))
    if "konfigurasi" not in dokumen:
        masalah.append(_("“konfigurasi” tidak ada di berkas."))
    else:
        masalah += [
            _("Konfigurasi: %(m)s") % {"m": m.teks()}
            for m in konfigurasi_periksa(dokumen["konfigurasi"], katalog=katalog)
        ]
    if masalah:
        raise ValidationError(masalah)
    asal_instansi = dokumen.get("instansi") if isinstance(dokumen.get("instansi"), dict) else {}
    return {
        "nama": nama.strip(),
        "catatan": catatan.strip(),
        "konfigurasi": dokumen["konfigurasi"],
        "asal_versi": dokumen.get("versi") if isinstance(dokumen.get("versi"), int) else None,
        "asal_instansi": str(asal_instansi.get("kode", ""))[:20],
    }
