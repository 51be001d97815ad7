"""Labels of the engine's codes for people (gettext): levels, components, box names and follow-ups,
the causes of a recompute. Every page (rule sets, nine-box, explanations) reads them from here, so
a box reads the same everywhere."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.pegawai.models import RIWAYAT_BY_KODE

from .engine import KOTAK_PERMENPANRB, Aturan

LEVEL_LABEL = {
    "di_bawah": gettext_lazy("di bawah ekspektasi"),
    "sesuai": gettext_lazy("sesuai ekspektasi"),
    "di_atas": gettext_lazy("di atas ekspektasi"),
    "rendah": gettext_lazy("rendah"),
    "menengah": gettext_lazy("menengah"),
    "tinggi": gettext_lazy("tinggi"),
}
# A level with its axis, where the axis is not said around it (the nine-box's row and column heads).
LEVEL_SUMBU_LABEL = {
    "di_atas": gettext_lazy("Kinerja di atas ekspektasi"),
    "sesuai": gettext_lazy("Kinerja sesuai ekspektasi"),
    "di_bawah": gettext_lazy("Kinerja di bawah ekspektasi"),
    "rendah": gettext_lazy("Potensial rendah"),
    "menengah": gettext_lazy("Potensial menengah"),
    "tinggi": gettext_lazy("Potensial tinggi"),
}

# The weighted model's components, as the explanation of a placement names them (with the source
# of the value), and as a weight setting names them (short: "Bobot JPM").
KOMPONEN_LABEL = {
    "jpm": gettext_lazy("JPM kompetensi (asesmen)"),
    "potensi": gettext_lazy("Nilai potensi (asesmen)"),
    "pengembangan": gettext_lazy("Pengembangan kompetensi (JP diklat)"),
    "pengalaman": gettext_lazy("Pengalaman jabatan"),
    "pendidikan": gettext_lazy("Tingkat pendidikan"),
    "kesesuaian": gettext_lazy("Kesesuaian bidang pendidikan"),
    "integritas": gettext_lazy("Rekam jejak disiplin"),
    "skp": gettext_lazy("Predikat SKP"),
    "penghargaan": gettext_lazy("Penghargaan"),
    "sk_tim": gettext_lazy("SK tim kerja"),
    "umpan_balik_360": gettext_lazy("Umpan balik 360°"),
}
BOBOT_LABEL = {
    "jpm": gettext_lazy("JPM"),
    "pengembangan": gettext_lazy("pengembangan kompetensi (JP)"),
    "pengalaman": gettext_lazy("pengalaman jabatan"),
    "potensi": gettext_lazy("nilai potensi"),
    "pendidikan": gettext_lazy("tingkat pendidikan"),
    "kesesuaian": gettext_lazy("kesesuaian bidang pendidikan"),
    "integritas": gettext_lazy("integritas"),
    "skp": gettext_lazy("predikat SKP"),
    "penghargaan": gettext_lazy("penghargaan"),
    "sk_tim": gettext_lazy("SK tim kerja"),
    "umpan_balik_360": gettext_lazy("umpan balik 360°"),
}


# PermenPANRB 3/2020 follow-up per cell, keyed by the default box number. Looked up by the cell,
# not by the rule set's number, so a rule set that numbers the boxes differently still gets the
# follow-up of the right cell.
REKOMENDASI_LABEL = {
    9: gettext_lazy(
        "Dipromosikan dan dipertahankan; masuk Kelompok Rencana Suksesi Instansi dan Nasional; "
        "diberikan penghargaan."
    ),
    8: gettext_lazy(
        "Dipertahankan; masuk Kelompok Rencana Suksesi Instansi; rotasi/perluasan jabatan; bimbingan kinerja."
    ),
    7: gettext_lazy(
        "Dipertahankan; masuk Kelompok Rencana Suksesi Instansi; rotasi/pengayaan jabatan; "
        "pengembangan kompetensi; tugas belajar."
    ),
    6: gettext_lazy("Penempatan yang sesuai; bimbingan kinerja; konseling kinerja."),
    5: gettext_lazy("Penempatan yang sesuai; bimbingan kinerja; pengembangan kompetensi."),
    4: gettext_lazy("Rotasi; pengembangan kompetensi."),
    3: gettext_lazy("Bimbingan kinerja; konseling kinerja; pengembangan kompetensi; penempatan yang sesuai."),
    2: gettext_lazy("Bimbingan kinerja; pengembangan kompetensi; penempatan yang sesuai."),
    1: gettext_lazy("Diproses sesuai ketentuan peraturan perundang-undangan (disiplin/kinerja)."),
}


# The same follow-ups in a few words, for the nine-box's cells when the rule set names no labels
# of its own (keyed by the default box number, like REKOMENDASI_LABEL).
REKOMENDASI_SINGKAT = {
    9: gettext_lazy("Promosi; suksesi instansi dan nasional"),
    8: gettext_lazy("Dipertahankan; suksesi; rotasi"),
    7: gettext_lazy("Dipertahankan; suksesi; pengayaan"),
    6: gettext_lazy("Bimbingan dan konseling kinerja"),
    5: gettext_lazy("Bimbingan kinerja; pengembangan"),
    4: gettext_lazy("Rotasi; pengembangan kompetensi"),
    3: gettext_lazy("Konseling kinerja; pengembangan"),
    2: gettext_lazy("Bimbingan kinerja; penempatan sesuai"),
    1: gettext_lazy("Penanganan kinerja dan disiplin"),
}

# What caused a recompute: the `penyebab` code a service sends with inputs_changed (kept on the
# dirty mark, the placement history and bulk recompute jobs). People read the words, never the code:
# the explanation's history, the rule-set pages, the recompute progress page.
PENYEBAB_AKTIVASI = "aturan.aktivasi"
PENYEBAB_MANUAL = "hitung_ulang.manual"
PENYEBAB_LABEL = {
    PENYEBAB_AKTIVASI: gettext_lazy("Aktivasi aturan talenta"),
    PENYEBAB_MANUAL: gettext_lazy("Hitung ulang manual"),
    "aturan_suksesi.aktivasi": gettext_lazy("Aktivasi aturan suksesi"),
    "hitung_ulang.perintah": gettext_lazy("Hitung ulang oleh operator"),
    "demo": gettext_lazy("Data contoh (demo)"),
    "perubahan data": gettext_lazy("Perubahan data"),
    "pegawai.create": gettext_lazy("Pegawai baru ditambahkan"),
    "pegawai.update": gettext_lazy("Data pegawai diubah"),
    "pegawai.import": gettext_lazy("Impor data pegawai"),
    "pegawai.transfer_keluar": gettext_lazy("Mutasi ke instansi lain"),
    "pegawai.transfer_masuk": gettext_lazy("Mutasi dari instansi lain"),
    "asesmen.record": gettext_lazy("Hasil asesmen dicatat"),
    "asesmen.import": gettext_lazy("Impor hasil asesmen"),
    "asesmen.api": gettext_lazy("Hasil asesmen dikirim lewat API"),
    "skp.record": gettext_lazy("SKP dicatat"),
    "skp.import": gettext_lazy("Impor SKP"),
    "skp.api": gettext_lazy("SKP dikirim lewat API"),
    "umpan_balik_360.record": gettext_lazy("Umpan balik 360° dicatat"),
    "umpan_balik_360.import": gettext_lazy("Impor umpan balik 360°"),
    "umpan_balik_360.api": gettext_lazy("Umpan balik 360° dikirim lewat API"),
    "jabatan_kunci.create": gettext_lazy("Jabatan kunci ditambahkan"),
    "jabatan_kunci.update": gettext_lazy("Jabatan kunci diubah"),
    "jabatan_kunci.deactivate": gettext_lazy("Jabatan kunci dinonaktifkan"),
    "jabatan_kunci.bulk_mark": gettext_lazy("Jabatan kunci ditandai sekaligus"),
    "jabatan_kunci.import": gettext_lazy("Impor jabatan kunci"),
    "nominasi_khusus.create": gettext_lazy("Nominasi khusus calon suksesor"),
    "nominasi_khusus.revoke": gettext_lazy("Nominasi khusus dicabut"),
    "komite.anggota": gettext_lazy("Keanggotaan komite talenta berubah"),
    "komite.keputusan": gettext_lazy("Keputusan komite talenta"),
    "komite.penetapan": gettext_lazy("Penetapan oleh PPK"),
    "tahap.deklarasi": gettext_lazy("Deklarasi tahap manajemen talenta"),
    "tahap.deklarasi_cabut": gettext_lazy("Deklarasi tahap dicabut"),
    "penempatan.flush": gettext_lazy("Penempatan talenta dihitung ulang"),
    "suksesi.flush": gettext_lazy("Calon suksesor dihitung ulang"),
    "refresh harian": gettext_lazy("Pembaruan harian"),
    "banyak pegawai berubah": gettext_lazy("Banyak data pegawai berubah"),
}
# Causes named after the kind of data and what happened to it ("idp.import", "umpan_balik.api"):
# the words of each part, for codes this table does not list one by one.
PENYEBAB_SUMBER = {
    "pegawai": gettext_lazy("Data pegawai"),
    "asesmen": gettext_lazy("Hasil asesmen"),
    "skp": gettext_lazy("SKP"),
    "kinerja": gettext_lazy("Data kinerja"),
    "umpan_balik": gettext_lazy("Umpan balik 360°"),
    "kesesuaian": gettext_lazy("Kesesuaian bidang pendidikan"),
    "kesesuaian_pendidikan": gettext_lazy("Kesesuaian bidang pendidikan"),
    "idp": gettext_lazy("Rencana pengembangan (IDP)"),
    "kegiatan_idp": gettext_lazy("Kegiatan IDP"),
    "jabatan_kunci": gettext_lazy("Jabatan kunci"),
    "komite": gettext_lazy("Komite talenta"),
    "aturan": gettext_lazy("Aturan talenta"),
    "aturan_suksesi": gettext_lazy("Aturan suksesi"),
}
PENYEBAB_AKSI = {
    "create": gettext_lazy("ditambahkan"),
    "record": gettext_lazy("dicatat"),
    "update": gettext_lazy("diubah"),
    "delete": gettext_lazy("dihapus"),
    "import": gettext_lazy("diimpor"),
    "api": gettext_lazy("dikirim lewat API"),
    "approve": gettext_lazy("disetujui"),
    "aktivasi": gettext_lazy("diaktifkan"),
}
# Portfolio causes: "riwayat.<kind>" (an approved item changed) and "riwayat.<kind>.<what>".
PENYEBAB_RIWAYAT_AKSI = {
    "": gettext_lazy("Portofolio berubah: %(jenis)s"),
    "diajukan": gettext_lazy("Portofolio diajukan untuk verifikasi: %(jenis)s"),
    "ditolak": gettext_lazy("Portofolio ditolak verifikator: %(jenis)s"),
    "dihapus": gettext_lazy("Portofolio dihapus: %(jenis)s"),
    "dokumen_baru": gettext_lazy("Dokumen baru diajukan: %(jenis)s"),
    "dokumen_baru_disetujui": gettext_lazy("Dokumen baru disetujui: %(jenis)s"),
    "dokumen_baru_ditolak": gettext_lazy("Dokumen baru ditolak: %(jenis)s"),
}


_KODE = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")


def penyebab_label(penyebab: str) -> str:
    """The cause in words for people. Unknown codes never show as code: their parts are named
    where known, else they read as "Perubahan data"."""
    penyebab = (penyebab or "").strip()
    if penyebab in PENYEBAB_LABEL:
        return str(PENYEBAB_LABEL[penyebab])
    if not _KODE.fullmatch(penyebab):
        return penyebab or str(gettext_lazy("Perubahan data"))  # already words ("impor SKP")
    bagian = penyebab.split(".")
    if bagian[0] == "riwayat" and len(bagian) >= 2:
        model = RIWAYAT_BY_KODE.get(bagian[1])
        pola = PENYEBAB_RIWAYAT_AKSI.get(".".join(bagian[2:]))
        if model is not None and pola is not None:
            return str(pola) % {"jenis": model._meta.verbose_name}
        return str(gettext_lazy("Portofolio berubah"))
    sumber = PENYEBAB_SUMBER.get(bagian[0])
    if sumber is not None:
        aksi = PENYEBAB_AKSI.get(bagian[-1]) if len(bagian) > 1 else None
        return f"{sumber} {aksi}" if aksi else str(sumber)
    return str(gettext_lazy("Perubahan data"))


def rekomendasi_kotak(*, level_kinerja: str, level_potensial: str) -> str:
    """The PermenPANRB follow-up of a cell, whatever number the rule set gives its box."""
    nomor = KOTAK_PERMENPANRB.get((level_kinerja, level_potensial))
    return str(REKOMENDASI_LABEL[nomor]) if nomor else ""


def sel_label(kinerja: str, potensial: str) -> str:
    """PermenPANRB 3/2020 names a box by its two axes: "Kinerja di atas ekspektasi, potensial tinggi"."""
    return _("Kinerja %(kinerja)s, potensial %(potensial)s") % {
        "kinerja": LEVEL_LABEL[kinerja],
        "potensial": LEVEL_LABEL[potensial],
    }


def kotak_label(*, kotak: int, aturan: Aturan | None) -> str:
    """The rule set's own label for the box, else the cell its number stands for in that rule set
    (so renumbered boxes keep a truthful description); without a rule set, PermenPANRB's numbering."""
    if aturan is not None and aturan.label_kotak.get(kotak):
        return aturan.label_kotak[kotak]
    mapping = aturan.kotak if aturan is not None else KOTAK_PERMENPANRB
    for (kinerja, potensial), nomor in mapping.items():
        if nomor == kotak:
            return sel_label(kinerja, potensial)
    return ""


def label_kotak_efektif(aturan: Aturan) -> dict[int, str]:
    """Every box's label under the rule set (see kotak_label)."""
    return {nomor: kotak_label(kotak=nomor, aturan=aturan) for nomor in aturan.kotak.values()}


# --- next steps (engine.Langkah) in words, in each input's own unit ---------------------------------

# An action named in a few words, for the "two together" hint when no single step is enough.
LANGKAH_SINGKAT = {
    "jp": gettext_lazy("JP pelatihan sampai target"),
    "asesmen": gettext_lazy("asesmen baru dengan nilai tertinggi"),
    "jpm": gettext_lazy("JPM tertinggi pada asesmen berikutnya"),
    "potensi": gettext_lazy("nilai potensi tertinggi pada asesmen berikutnya"),
    "skp": gettext_lazy("predikat SKP tahunan Sangat Baik"),
    "pendidikan": gettext_lazy("jenjang pendidikan berikutnya"),
    "kesesuaian": gettext_lazy("bidang pendidikan dinilai sesuai jabatan"),
    "umpan_balik_360": gettext_lazy("umpan balik 360° bernilai 100"),
    "pengalaman": gettext_lazy("pengalaman jabatan sampai target"),
    "penghargaan": gettext_lazy("penghargaan sampai target"),
    "sk_tim": gettext_lazy("SK tim kerja sampai target"),
}
PREDIKAT_TERTINGGI = "Sangat Baik"


def _tanggal(value) -> str:
    from django.utils.formats import date_format

    return date_format(value, "DATE_FORMAT")


def _bilangan(value, decimal_pos: int = 0) -> str:
    from django.utils.formats import number_format

    return number_format(value, decimal_pos=decimal_pos, force_grouping=True)


def _skor(value) -> str:
    return _bilangan(value, 0 if value == value.to_integral_value() else 2)


def jenjang_label(kode: str) -> str:
    from apps.pegawai.referensi import JenjangPendidikan

    return str(dict(JenjangPendidikan.choices).get(kode, kode.upper()))


def langkah_teks(step, *, model: str = "berbobot") -> str:
    """One next step (engine.Langkah) as a sentence a pegawai can act on."""
    k = step.kode
    if k == "jp":
        return _("Selesaikan %(jp)s JP pelatihan lagi sebelum %(tanggal)s") % {
            "jp": _bilangan(step.jumlah),
            "tanggal": _tanggal(step.batas_tanggal),
        }
    if k in ("asesmen", "asesmen_ulang"):
        if k == "asesmen_ulang":
            return _(
                "Ikut asesmen ulang sebelum %(sampai)s: hasil asesmen %(tahun)s berlaku sampai %(sampai)s"
            ) % {"tahun": step.asesmen_tanggal.year, "sampai": _tanggal(step.batas_tanggal)}
        if model == "kategoris":
            syarat = _("dengan JPM minimal %(nilai)s") % {"nilai": _skor(step.jumlah)}
        else:
            syarat = _("dengan JPM dan nilai potensi masing-masing minimal %(nilai)s") % {
                "nilai": _skor(step.jumlah)
            }
        if step.asesmen_tanggal is None:
            return _("Ikut asesmen kompetensi %(syarat)s") % {"syarat": syarat}
        return _("Ikut asesmen ulang (hasil %(tahun)s berlaku sampai %(sampai)s) %(syarat)s") % {
            "tahun": step.asesmen_tanggal.year,
            "sampai": _tanggal(step.batas_tanggal),
            "syarat": syarat,
        }
    if k == "jpm":
        return _("Capai JPM minimal %(nilai)s pada asesmen berikutnya") % {"nilai": _skor(step.jumlah)}
    if k == "potensi":
        return _("Capai nilai potensi minimal %(nilai)s pada asesmen berikutnya") % {
            "nilai": _skor(step.jumlah)
        }
    if k == "skp":
        if step.nilai == PREDIKAT_TERTINGGI:
            return _("Raih predikat SKP tahunan %(tahun)s Sangat Baik") % {"tahun": step.tahun}
        return _("Raih predikat SKP tahunan %(tahun)s minimal %(predikat)s") % {
            "tahun": step.tahun,
            "predikat": step.nilai,
        }
    if k == "pendidikan":
        pilihan = [jenjang_label(j) for j in step.nilai.split("/")]
        jenjang = pilihan[0]
        for lain in pilihan[1:]:
            jenjang = _("%(satu)s atau %(dua)s") % {"satu": jenjang, "dua": lain}
        return _("Lanjut pendidikan %(jenjang)s") % {"jenjang": jenjang}
    if k == "kesesuaian":
        return _(
            "Minta verifikator menilai kesesuaian bidang pendidikan dengan jabatan (bila bidangnya sesuai)"
        )
    if k == "umpan_balik_360":
        return _("Umpan balik 360° dengan nilai minimal %(nilai)s") % {"nilai": _skor(step.jumlah)}
    if k == "pengalaman":
        return _("Tambah pengalaman jabatan %(tahun)s tahun lagi") % {"tahun": _bilangan(step.jumlah, 1)}
    if k == "penghargaan":
        return _("Tambah %(jumlah)s penghargaan lagi (terverifikasi)") % {"jumlah": _bilangan(step.jumlah)}
    if k == "sk_tim":
        return _("Tambah %(jumlah)s SK tim kerja lagi (terverifikasi)") % {"jumlah": _bilangan(step.jumlah)}
    return str(KOMPONEN_LABEL.get(k, k))


def kombinasi_teks(pairs: list[tuple[str, str]]) -> list[str]:
    """Pairs of actions that together lift an axis, in words ("A dan B")."""
    return [
        _("%(satu)s dan %(dua)s") % {"satu": LANGKAH_SINGKAT.get(a, a), "dua": LANGKAH_SINGKAT.get(b, b)}
        for a, b in pairs
    ]
