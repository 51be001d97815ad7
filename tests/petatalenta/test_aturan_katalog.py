"""The rule-set machinery is driven by a catalogue alone: a second kind of rule set (here a small
made-up one) gets its checks, diff and JSON files without any talent-specific code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from apps.petatalenta.aturan.diff import konfigurasi_banding, konfigurasi_perubahan_nilai, perbedaan_ringkas
from apps.petatalenta.aturan.json_io import aturan_ekspor, aturan_impor_baca
from apps.petatalenta.aturan.katalog import Katalog, konfigurasi_urut, nilai_tampil_umum
from apps.petatalenta.aturan.validasi import konfigurasi_periksa, periksa_bilangan, periksa_bobot


class UjiGalat(ValueError):
    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class UjiAturan:
    model: str
    bobot: dict
    ambang: int = 3

    @classmethod
    def from_config(cls, config):
        if config.get("ambang") == 13:
            raise UjiGalat(["ambang: angka sial menurut mesin"])
        return cls(model=config["model"], bobot=dict(config.get("bobot", {})), ambang=config.get("ambang", 3))


LABEL = {"model": "Model", "bobot": "Bobot", "ambang": "Ambang"}
UJI = Katalog(
    format_nama="talenta/aturan-uji",
    format_versi=2,
    kunci_urutan=("model", "bobot", "ambang"),
    urutan_dalam={"bobot": ("a", "b")},
    kunci_model={"satu": ("model", "bobot", "ambang")},
    kunci_wajib={"satu": (("bobot",), "wajib untuk model satu")},
    kunci_berindeks={},
    pemeriksa=(("bobot", periksa_bobot(("a", "b"))), ("ambang", periksa_bilangan(1, 20))),
    mesin=UjiAturan,
    mesin_galat=UjiGalat,
    banding=lambda r: {"model": r.model, "bobot": {"a": r.bobot["a"], "b": r.bobot["b"]}, "ambang": r.ambang},
    kunci_label=lambda k: LABEL.get(k, k.replace(".", " ")),
    bagian_label=lambda k: "Umum",
    nilai_tampil=lambda k, v: nilai_tampil_umum(v),
    pesan_model="harus “satu”",
    pesan_bukan_format="Bukan ekspor aturan uji: “format” harus “%(f)s”.",
    pesan_terlalu_besar="Terlalu besar (%(kb)s KB, paling besar %(maks)s KB).",
)
SAH = {"model": "satu", "bobot": {"a": 40, "b": 60}, "ambang": 3}


def test_checks_come_from_the_catalogue_then_its_engine():
    assert konfigurasi_periksa(SAH, katalog=UJI) == []
    masalah = konfigurasi_periksa({"model": "dua", "lain": 1, "ambang": 30}, katalog=UJI)
    assert [(m.kunci, m.pesan) for m in masalah] == [
        ("", "setelan “lain” tidak dikenal; lihat docs/rulesets.md untuk daftar setelan"),
        ("model", "harus “satu”"),
        ("ambang", "harus bilangan bulat 1–20"),
    ]
    assert masalah[2].teks() == "Ambang (ambang): harus bilangan bulat 1–20"
    tanpa_bobot = konfigurasi_periksa({"model": "satu"}, katalog=UJI)
    assert [(m.kunci, m.pesan) for m in tanpa_bobot] == [("bobot", "wajib untuk model satu")]
    bobot_salah = konfigurasi_periksa({**SAH, "bobot": {"a": 40, "b": 50}}, katalog=UJI)
    assert [m.pesan for m in bobot_salah] == ["jumlah bobot harus 100, sekarang 90 (kurang 10)"]
    dari_mesin = konfigurasi_periksa({**SAH, "ambang": 13}, katalog=UJI)
    assert [(m.kunci, m.pesan) for m in dari_mesin] == [("", "ambang: angka sial menurut mesin")]


def test_diff_and_audit_values_follow_the_catalogue_order_and_labels():
    baru = {"ambang": 5, "bobot": {"b": 50, "a": 50}, "model": "satu"}
    perbedaan = konfigurasi_banding(lama=SAH, baru=baru, katalog=UJI)
    assert [p.kunci for p in perbedaan] == ["model", "bobot.a", "bobot.b", "ambang"]
    assert [(p.label, p.lama, p.baru) for p in perbedaan_ringkas(perbedaan)] == [
        ("bobot a", "40", "50"),
        ("bobot b", "60", "50"),
        ("Ambang", "3", "5"),
    ]
    assert konfigurasi_perubahan_nilai(lama=SAH, baru=baru, katalog=UJI) == (
        {"bobot.a": 40, "bobot.b": 60, "ambang": 3},
        {"bobot.a": 50, "bobot.b": 50, "ambang": 5},
    )


def test_json_file_round_trip_uses_the_catalogues_format():
    versi = SimpleNamespace(
        instansi=SimpleNamespace(kode="UJI", nama="Instansi Uji"),
        nama="Aturan uji",
        versi=4,
        catatan="",
        konfigurasi={"ambang": 3, "bobot": {"b": 60, "a": 40}, "model": "satu"},
    )
    data = aturan_ekspor(aturan=versi, katalog=UJI)
    dokumen = json.loads(data)
    assert (dokumen["format"], dokumen["versi_format"]) == ("talenta/aturan-uji", 2)
    assert list(dokumen["konfigurasi"]) == ["model", "bobot", "ambang"]
    assert dokumen["konfigurasi"] == konfigurasi_urut(versi.konfigurasi, katalog=UJI) == SAH
    isi = aturan_impor_baca(data=data, katalog=UJI)
    assert (isi["nama"], isi["konfigurasi"], isi["asal_versi"], isi["asal_instansi"]) == (
        "Aturan uji",
        SAH,
        4,
        "UJI",
    )
    with pytest.raises(ValidationError) as galat:
        aturan_impor_baca(data=data.replace(b"aturan-uji", b"aturan-lain"), katalog=UJI)
    assert galat.value.messages == ["Bukan ekspor aturan uji: “format” harus “talenta/aturan-uji”."]
