"""The succession rule set's catalogue: its settings in the documented order (docs/rulesets.md) with
their Indonesian labels, the check of each, its canonical (explicit, ordered) form and the
`SUKSESI` catalogue that drives checking, comparing and the JSON files on the shared rule-set
machinery (apps/petatalenta/aturan)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.pegawai.referensi import JenisJabatan, JenjangFungsional, JenjangPendidikan
from apps.petatalenta.aturan.katalog import Katalog, angka_json, angka_tampil, nilai_tampil_umum, urut
from apps.petatalenta.aturan.validasi import (
    Masalah,
    bulat,
    bulat_per_kunci,
    desimal,
    kunci_tepat,
    periksa_bilangan,
    periksa_bobot,
    periksa_nomor_kotak,
    periksa_pilihan,
)

from .engine import (
    BOBOT_KOMPONEN,
    JENJANG_PENDIDIKAN,
    KELOMPOK_PENDIDIKAN,
    PREDIKAT_URUTAN,
    PRESET_NASIONAL,
    TINGKAT,
    TINGKAT_JABATAN_KUNCI,
    Aturan,
    AturanError,
)

FORMAT_NAMA = "talenta/aturan-suksesi"
FORMAT_VERSI = 1

# Every key a configuration may hold, in the documented (and exported) order: the national preset's.
KUNCI_URUTAN = tuple(PRESET_NASIONAL)
HUKUMAN_TINGKAT = ("ringan", "sedang", "berat")
JPM_MAKS = Decimal(200)

TINGKAT_LABEL = {
    **{k: v for k, v in JenisJabatan.choices if k in TINGKAT},
    **dict(JenjangFungsional.choices),
}
KELOMPOK_LABEL = {
    "jpt_pratama": JenisJabatan.JPT_PRATAMA.label,
    "administrator": JenisJabatan.ADMINISTRATOR.label,
    "pengawas": JenisJabatan.PENGAWAS.label,
    "fungsional": gettext_lazy("Fungsional (semua jenjang)"),
}
PENDIDIKAN_LABEL = dict(JenjangPendidikan.choices)
HUKUMAN_LABEL = {
    "ringan": gettext_lazy("ringan"),
    "sedang": gettext_lazy("sedang"),
    "berat": gettext_lazy("berat"),
}
BOBOT_LABEL = {
    "kotak": gettext_lazy("kotak talenta"),
    "jpm": gettext_lazy("JPM terhadap standar jabatan"),
    "potensial": gettext_lazy("skor potensial"),
    "kinerja": gettext_lazy("skor kinerja"),
}
KUNCI_LABEL = {
    "status_pppk_fungsional": gettext_lazy("PPPK boleh dicalonkan untuk jabatan fungsional"),
    "pendidikan_minimum": gettext_lazy("Pendidikan minimum"),
    "jalur": gettext_lazy("Jalur jabatan"),
    "tahun_pengalaman_jpt": gettext_lazy("Pengalaman jabatan minimal untuk JPT Pratama (tahun)"),
    "skp_tahun": gettext_lazy("Jumlah tahun SKP yang dinilai"),
    "skp_predikat_minimum": gettext_lazy("Predikat SKP minimal"),
    "tahun_ke_bup_minimum": gettext_lazy("Sisa masa kerja minimal sampai BUP (tahun)"),
    "usia_maksimum": gettext_lazy("Usia maksimal saat diangkat"),
    "hukuman_tahun": gettext_lazy("Masa bersih hukuman disiplin (tahun)"),
    "hukuman_tingkat": gettext_lazy("Tingkat hukuman disiplin yang menghalangi"),
    "kotak_krs_nasional": gettext_lazy("Kotak KRS Nasional"),
    "bobot_peringkat": gettext_lazy("Bobot peringkat"),
    "skor_kotak": gettext_lazy("Skor kotak untuk peringkat"),
    "jpm_siap_sekarang": gettext_lazy("JPM minimal untuk siap sekarang"),
    "jpm_siap_1_2": gettext_lazy("JPM minimal untuk siap 1–2 tahun"),
    "bulan_siap_1_2": gettext_lazy("Batas waktu siap 1–2 tahun (bulan)"),
    "bulan_berisiko": gettext_lazy("Batas BUP pemegang untuk jabatan berisiko (bulan)"),
}
# (key, lowest, highest) of the whole-number settings: the engine's ranges.
BILANGAN = (
    ("tahun_pengalaman_jpt", 0, 40),
    ("skp_tahun", 1, 5),
    ("tahun_ke_bup_minimum", 0, 20),
    ("hukuman_tahun", 0, 20),
    ("bulan_siap_1_2", 1, 120),
    ("bulan_berisiko", 1, 120),
)
JALUR_TAHUN = (0, 40)
USIA = (18, 70)
URUTAN_DALAM = {
    "pendidikan_minimum": KELOMPOK_PENDIDIKAN,
    "jalur": tuple(PRESET_NASIONAL["jalur"]),
    "usia_maksimum": tuple(PRESET_NASIONAL["usia_maksimum"]),
    "bobot_peringkat": BOBOT_KOMPONEN,
    "skor_kotak": tuple(PRESET_NASIONAL["skor_kotak"]),
}
# Settings of one value share a section in the diff; a mapping is its own section.
BAGIAN = {
    "kelayakan": gettext_lazy("Kriteria kelayakan"),
    "krs": gettext_lazy("KRS"),
    "kesiapan": gettext_lazy("Kesiapan"),
    "risiko": gettext_lazy("Jabatan berisiko"),
}
BAGIAN_KUNCI = {
    "status_pppk_fungsional": "kelayakan",
    "tahun_pengalaman_jpt": "kelayakan",
    "skp_tahun": "kelayakan",
    "skp_predikat_minimum": "kelayakan",
    "tahun_ke_bup_minimum": "kelayakan",
    "hukuman_tahun": "kelayakan",
    "hukuman_tingkat": "kelayakan",
    "kotak_krs_nasional": "krs",
    "jpm_siap_sekarang": "kesiapan",
    "jpm_siap_1_2": "kesiapan",
    "bulan_siap_1_2": "kesiapan",
    "bulan_berisiko": "risiko",
}
PRESET_LABEL = {"nasional": gettext_lazy("Preset nasional suksesi (PP 11/2017, PermenPANRB 3/2020)")}


def tingkat_label(kode: str) -> str:
    return str(TINGKAT_LABEL.get(kode, kode))


def _atau(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(awal)s atau %(akhir)s") % {"awal": ", ".join(items[:-1]), "akhir": items[-1]}


def kunci_label(kunci: str) -> str:
    """The Indonesian label of a setting path ("jalur.jpt_pratama.tahun" → "Jalur ke JPT Pratama:
    lama minimal (tahun)")."""
    if not kunci:
        return ""
    bagian = kunci.split(".")
    induk = bagian[0]
    if len(bagian) == 1:
        return str(KUNCI_LABEL.get(induk, induk))
    anak = bagian[1]
    if induk == "pendidikan_minimum":
        return _("Pendidikan minimum %(kelompok)s") % {"kelompok": KELOMPOK_LABEL.get(anak, anak)}
    if induk == "jalur":
        label = _("Jalur ke %(tingkat)s") % {"tingkat": tingkat_label(anak)}
        if len(bagian) == 3 and bagian[2] == "asal":
            return _("%(jalur)s: jabatan asal") % {"jalur": label}
        if len(bagian) == 3 and bagian[2] == "tahun":
            return _("%(jalur)s: lama minimal (tahun)") % {"jalur": label}
        return label
    if induk == "usia_maksimum":
        return _("Usia maksimal diangkat ke %(tingkat)s") % {"tingkat": tingkat_label(anak)}
    if induk == "bobot_peringkat":
        return _("Bobot %(komponen)s") % {"komponen": BOBOT_LABEL.get(anak, anak)}
    if induk == "skor_kotak":
        return _("Skor kotak %(n)s") % {"n": anak}
    return f"{KUNCI_LABEL.get(induk, induk)}: {'.'.join(bagian[1:])}"


def _bagian_label(kunci: str) -> str:
    if kunci in BAGIAN_KUNCI:
        return str(BAGIAN[BAGIAN_KUNCI[kunci]])
    return str(KUNCI_LABEL[kunci])


def setelan_nilai_tampil(kunci: str, nilai: Any) -> str:
    """A succession setting's value as a BKD clerk reads it (`kunci` is the top-level key; a
    mapping's entries come one at a time)."""
    if kunci == "jalur" and isinstance(nilai, dict) and set(nilai) == {"asal", "tahun"}:
        asal = _atau([tingkat_label(a) for a in nilai["asal"]])
        return _("%(asal)s, minimal %(tahun)s tahun") % {"asal": asal, "tahun": nilai["tahun"]}
    if isinstance(nilai, dict | list) and kunci not in ("hukuman_tingkat", "kotak_krs_nasional"):
        return nilai_tampil_umum(nilai)  # a whole mapping: only for a configuration the engine refused
    if kunci == "status_pppk_fungsional":
        return _("ya") if nilai else _("tidak")
    if kunci == "pendidikan_minimum":
        return str(PENDIDIKAN_LABEL.get(nilai, nilai))
    if kunci == "hukuman_tingkat" and isinstance(nilai, list):
        return ", ".join(str(HUKUMAN_LABEL.get(t, t)) for t in nilai) if nilai else _("tidak ada")
    if kunci == "kotak_krs_nasional" and isinstance(nilai, list):
        return ", ".join(str(n) for n in nilai)
    if kunci in ("usia_maksimum",):
        return _("%(n)s tahun") % {"n": nilai}
    if isinstance(nilai, Decimal | float | int) and not isinstance(nilai, bool):
        return angka_tampil(nilai)
    return nilai_tampil_umum(nilai)


# --- canonical form --------------------------------------------------------------------------------


def _urut_tingkat(kode) -> list[str]:
    return sorted(kode, key=lambda t: TINGKAT.index(t) if t in TINGKAT else len(TINGKAT))


def konfigurasi_kanonik(aturan: Aturan) -> dict[str, Any]:
    """Every setting, explicit (engine defaults written out), in the documented order: what a new
    draf stores and what two versions are compared on (a path's feeder levels in level order, so
    the same levels in another order compare equal)."""
    jalur_urutan = urut(dict.fromkeys(aturan.jalur), URUTAN_DALAM["jalur"])
    usia_urutan = urut(dict(aturan.usia_maksimum), URUTAN_DALAM["usia_maksimum"])
    skor_urutan = sorted(aturan.skor_kotak, reverse=True)
    return {
        "status_pppk_fungsional": aturan.status_pppk_fungsional,
        "pendidikan_minimum": urut(dict(aturan.pendidikan_minimum), KELOMPOK_PENDIDIKAN),
        "jalur": {
            t: {"asal": _urut_tingkat(aturan.jalur[t].asal), "tahun": aturan.jalur[t].tahun}
            for t in jalur_urutan
        },
        "tahun_pengalaman_jpt": aturan.tahun_pengalaman_jpt,
        "skp_tahun": aturan.skp_tahun,
        "skp_predikat_minimum": aturan.skp_predikat_minimum,
        "tahun_ke_bup_minimum": aturan.tahun_ke_bup_minimum,
        "usia_maksimum": usia_urutan,
        "hukuman_tahun": aturan.hukuman_tahun,
        "hukuman_tingkat": [t for t in HUKUMAN_TINGKAT if t in aturan.hukuman_tingkat],
        "kotak_krs_nasional": sorted(aturan.kotak_krs_nasional),
        "bobot_peringkat": urut(dict(aturan.bobot_peringkat), BOBOT_KOMPONEN),
        "skor_kotak": {str(n): aturan.skor_kotak[n] for n in skor_urutan},
        "jpm_siap_sekarang": angka_json(aturan.jpm_siap_sekarang),
        "jpm_siap_1_2": angka_json(aturan.jpm_siap_1_2),
        "bulan_siap_1_2": aturan.bulan_siap_1_2,
        "bulan_berisiko": aturan.bulan_berisiko,
    }


def preset_konfigurasi(nama: str = "nasional") -> dict[str, Any]:
    if nama != "nasional":
        raise KeyError(nama)
    return konfigurasi_kanonik(Aturan.from_config(PRESET_NASIONAL))


# --- checks ----------------------------------------------------------------------------------------


def _periksa_status(kunci: str, nilai: Any) -> list[Masalah]:
    return [] if isinstance(nilai, bool) else [Masalah(kunci, _("harus true atau false"))]


def _periksa_pendidikan(kunci: str, nilai: Any) -> list[Masalah]:
    if not isinstance(nilai, dict):
        return [
            Masalah(kunci, _('harus berupa pasangan kelompok → jenjang, mis. {"jpt_pratama": "d4", ...}'))
        ]
    masalah = kunci_tepat(
        kunci,
        nilai,
        KELOMPOK_PENDIDIKAN,
        pesan_lebih=_("kelompok tidak dikenal: %(lebih)s (yang dikenal: %(dikenal)s)"),
    )
    for k in KELOMPOK_PENDIDIKAN:
        if k in nilai and nilai[k] not in JENJANG_PENDIDIKAN:
            masalah.append(
                Masalah(
                    f"{kunci}.{k}",
                    _("harus salah satu jenjang: %(daftar)s") % {"daftar": ", ".join(JENJANG_PENDIDIKAN)},
                )
            )
    return masalah


def _periksa_jalur(kunci: str, nilai: Any) -> list[Masalah]:
    if not isinstance(nilai, dict):
        return [
            Masalah(
                kunci,
                _('harus berupa pasangan tingkat → jalur, mis. {"jpt_pratama": {"asal": [...], "tahun": 2}}'),
            )
        ]
    masalah = []
    for target, jalur in nilai.items():
        path = f"{kunci}.{target}"
        if target not in TINGKAT_JABATAN_KUNCI:
            masalah.append(
                Masalah(
                    kunci,
                    _("tingkat jabatan kunci “%(t)s” tidak dikenal (yang dikenal: %(dikenal)s)")
                    % {"t": target, "dikenal": ", ".join(TINGKAT_JABATAN_KUNCI)},
                )
            )
            continue
        if not isinstance(jalur, dict) or set(jalur) != {"asal", "tahun"}:
            masalah.append(Masalah(path, _('harus berisi tepat "asal" (daftar tingkat) dan "tahun"')))
            continue
        asal = jalur["asal"]
        if not isinstance(asal, list) or not asal:
            masalah.append(Masalah(f"{path}.asal", _("pilih minimal satu tingkat jabatan asal")))
        else:
            asing = [str(a) for a in asal if a not in TINGKAT]
            if asing:
                masalah.append(
                    Masalah(
                        f"{path}.asal",
                        _("tingkat tidak dikenal: %(asing)s (yang dikenal: %(dikenal)s)")
                        % {"asing": ", ".join(asing), "dikenal": ", ".join(TINGKAT)},
                    )
                )
            elif target in asal:
                masalah.append(
                    Masalah(f"{path}.asal", _("tidak boleh memuat tingkat jabatan kunci itu sendiri"))
                )
            elif len(set(asal)) != len(asal):
                masalah.append(Masalah(f"{path}.asal", _("ada tingkat yang ditulis lebih dari sekali")))
        tahun = bulat(jalur["tahun"])
        if tahun is None or not JALUR_TAHUN[0] <= tahun <= JALUR_TAHUN[1]:
            masalah.append(
                Masalah(
                    f"{path}.tahun",
                    _("harus bilangan bulat %(a)s–%(b)s") % dict(zip("ab", JALUR_TAHUN, strict=True)),
                )
            )
    return masalah


def _periksa_usia(kunci: str, nilai: Any) -> list[Masalah]:
    if not isinstance(nilai, dict):
        return [Masalah(kunci, _('harus berupa pasangan tingkat → usia, mis. {"jpt_pratama": 56}'))]
    lebih = [str(k) for k in nilai if k not in TINGKAT_JABATAN_KUNCI]
    masalah = []
    if lebih:
        masalah.append(
            Masalah(
                kunci,
                _("tingkat jabatan kunci tidak dikenal: %(lebih)s (yang dikenal: %(dikenal)s)")
                % {"lebih": ", ".join(lebih), "dikenal": ", ".join(TINGKAT_JABATAN_KUNCI)},
            )
        )
    dikenal = tuple(k for k in nilai if k in TINGKAT_JABATAN_KUNCI)
    return masalah + bulat_per_kunci(kunci, nilai, dikenal, *USIA, _("harus bilangan bulat 18–70"))[1]


def _periksa_hukuman(kunci: str, nilai: Any) -> list[Masalah]:
    if not isinstance(nilai, list) or any(t not in HUKUMAN_TINGKAT for t in nilai):
        return [Masalah(kunci, _('harus daftar dari "ringan", "sedang", "berat" (boleh kosong)'))]
    if len(set(nilai)) != len(nilai):
        return [Masalah(kunci, _("ada tingkat yang ditulis lebih dari sekali"))]
    return []


def _periksa_skor_kotak(kunci: str, nilai: Any) -> list[Masalah]:
    if not isinstance(nilai, dict) or not nilai:
        return [Masalah(kunci, _('harus berupa pasangan nomor kotak → skor, mis. {"9": 100, "8": 80}'))]
    nomor = tuple(str(n) for n in range(1, 10))
    asing = [str(k) for k in nilai if k not in nomor]
    masalah = []
    if asing:
        masalah.append(Masalah(kunci, _("“%(k)s” bukan nomor kotak 1–9") % {"k": ", ".join(asing)}))
    dikenal = tuple(k for k in nilai if k in nomor)
    return masalah + bulat_per_kunci(kunci, nilai, dikenal, 0, 100, _("harus bilangan bulat 0–100"))[1]


def _periksa_jpm(kunci: str, nilai: Any) -> list[Masalah]:
    angka = desimal(nilai)
    if angka is None:
        return [Masalah(kunci, _("harus angka, mis. 80"))]
    if not 0 < angka <= JPM_MAKS:
        return [
            Masalah(
                kunci,
                _("harus lebih dari 0 dan paling besar 200, sekarang %(v)s") % {"v": angka_tampil(angka)},
            )
        ]
    if angka != angka.quantize(Decimal("0.01")):
        return [Masalah(kunci, _("paling banyak dua angka di belakang koma"))]
    return []


def _periksa_silang(konfigurasi: dict[str, Any]) -> list[Masalah]:
    """The readiness thresholds rise: siap 1–2 tahun below siap sekarang."""
    bawah = desimal(konfigurasi.get("jpm_siap_1_2", PRESET_NASIONAL["jpm_siap_1_2"]))
    atas = desimal(konfigurasi.get("jpm_siap_sekarang", PRESET_NASIONAL["jpm_siap_sekarang"]))
    if bawah is not None and atas is not None and bawah >= atas:
        return [
            Masalah(
                "jpm_siap_1_2",
                _("harus lebih kecil dari JPM minimal untuk siap sekarang (%(atas)s), sekarang %(bawah)s")
                % {"atas": angka_tampil(atas), "bawah": angka_tampil(bawah)},
            )
        ]
    return []


SUKSESI = Katalog(
    format_nama=FORMAT_NAMA,
    format_versi=FORMAT_VERSI,
    kunci_urutan=KUNCI_URUTAN,
    urutan_dalam=URUTAN_DALAM,
    kunci_model={},
    kunci_wajib={},
    kunci_berindeks={},
    pemeriksa=(
        ("status_pppk_fungsional", _periksa_status),
        ("pendidikan_minimum", _periksa_pendidikan),
        ("jalur", _periksa_jalur),
        *((nama, periksa_bilangan(terendah, tertinggi)) for nama, terendah, tertinggi in BILANGAN),
        (
            "skp_predikat_minimum",
            periksa_pilihan(
                PREDIKAT_URUTAN,
                gettext_lazy(
                    "harus salah satu predikat SKP: Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang"
                ),
            ),
        ),
        ("usia_maksimum", _periksa_usia),
        ("hukuman_tingkat", _periksa_hukuman),
        ("kotak_krs_nasional", periksa_nomor_kotak("[9]")),
        ("bobot_peringkat", periksa_bobot(BOBOT_KOMPONEN)),
        ("skor_kotak", _periksa_skor_kotak),
        ("jpm_siap_sekarang", _periksa_jpm),
        ("jpm_siap_1_2", _periksa_jpm),
    ),
    mesin=Aturan,
    mesin_galat=AturanError,
    banding=konfigurasi_kanonik,
    kunci_label=kunci_label,
    bagian_label=_bagian_label,
    nilai_tampil=setelan_nilai_tampil,
    pesan_model="",
    pesan_bukan_format=gettext_lazy("Berkas ini bukan ekspor aturan suksesi: “format” harus “%(f)s”."),
    pesan_terlalu_besar=gettext_lazy(
        "Berkas terlalu besar (%(kb)s KB); berkas aturan suksesi paling besar %(maks)s KB."
    ),
    pemeriksa_silang=_periksa_silang,
)
