"""A talent rule-set version laid out for reading: weights by regulation group, level ranges,
score tables and the 3×3 grid of boxes."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..engine import KINERJA_LEVELS, KOTAK_PERMENPANRB, POTENSIAL_LEVELS
from ..labels import BOBOT_LABEL, LEVEL_LABEL, label_kotak_efektif
from .katalog import angka_json, angka_tampil, aturan_baca, urut
from .talenta import (
    AGREGASI_LABEL,
    HUKUMAN_LABEL,
    KELOMPOK_BOBOT,
    KUNCI_LABEL,
    MODEL_LABEL,
    PENDIDIKAN_LABEL,
    SKOR_KUNCI,
    TALENTA,
)
from .validasi import konfigurasi_periksa


@dataclass
class SelKotak:
    kinerja: str
    potensial: str
    nomor: int
    label: str
    talent_pool: bool


@dataclass
class TampilanAturan:
    model: str
    model_label: str
    bobot: list[dict] = field(default_factory=list)  # per axis: judul, total, kelompok
    batas: list[dict] = field(default_factory=list)  # per axis: judul, rentang per level
    skor: list[dict] = field(default_factory=list)  # score tables: judul, baris
    lainnya: list[tuple[str, str]] = field(default_factory=list)  # SKP window, targets
    kolom_potensial: list[str] = field(default_factory=list)
    baris_kotak: list[tuple[str, list[SelKotak]]] = field(default_factory=list)
    talent_pool: list[tuple[int, str]] = field(default_factory=list)
    galat: list[str] = field(default_factory=list)
    penomoran_baku: bool = False  # the boxes numbered as PermenPANRB 3/2020 numbers them


def _rentang(batas: tuple[Decimal, Decimal], levels: tuple[str, str, str]) -> list[tuple[str, str]]:
    bawah, atas = (angka_tampil(angka_json(v)) for v in batas)
    return [
        (capfirst(str(LEVEL_LABEL[levels[2]])), _("%(atas)s ke atas") % {"atas": atas}),
        (
            capfirst(str(LEVEL_LABEL[levels[1]])),
            _("%(bawah)s sampai di bawah %(atas)s") % {"bawah": bawah, "atas": atas},
        ),
        (capfirst(str(LEVEL_LABEL[levels[0]])), _("di bawah %(bawah)s") % {"bawah": bawah}),
    ]


def aturan_tampilan(*, konfigurasi: dict[str, Any]) -> TampilanAturan:
    """A version's configuration laid out for reading: weights by regulation group, level ranges,
    score tables, the 3×3 grid (PermenPANRB 3/2020: kinerja rows from the top, potensial columns)."""
    aturan = aturan_baca(konfigurasi, katalog=TALENTA)
    if aturan is None:
        model = konfigurasi.get("model", "")
        return TampilanAturan(
            model=model,
            model_label=str(MODEL_LABEL.get(model, model)),
            galat=[m.teks() for m in konfigurasi_periksa(konfigurasi, katalog=TALENTA)],
        )
    t = TampilanAturan(model=aturan.model, model_label=str(MODEL_LABEL[aturan.model]))
    if aturan.model == "berbobot":
        for sumbu in ("bobot_potensial", "bobot_kinerja"):
            bobot = getattr(aturan, sumbu)
            t.bobot.append(
                {
                    "judul": KUNCI_LABEL[sumbu],
                    "total": sum(bobot.values()),
                    "kelompok": [
                        {
                            "judul": judul,
                            "subtotal": sum(bobot[k] for k in komponen),
                            "komponen": [(capfirst(str(BOBOT_LABEL[k])), bobot[k]) for k in komponen],
                        }
                        for judul, komponen in KELOMPOK_BOBOT[sumbu]
                    ],
                }
            )
        t.batas = [
            {
                "judul": _("Level potensial (skor 0–100)"),
                "rentang": _rentang(aturan.batas_potensial, POTENSIAL_LEVELS),
            },
            {
                "judul": _("Level kinerja (skor 0–100)"),
                "rentang": _rentang(aturan.batas_kinerja, KINERJA_LEVELS),
            },
        ]
        t.skor = [
            {
                "judul": KUNCI_LABEL["predikat_skor"],
                "baris": list(urut(aturan.predikat_skor, SKOR_KUNCI["predikat_skor"]).items()),
            },
            {
                "judul": KUNCI_LABEL["hukuman_skor"],
                "baris": [
                    (capfirst(str(HUKUMAN_LABEL.get(k, k))), v)
                    for k, v in urut(aturan.hukuman_skor, SKOR_KUNCI["hukuman_skor"]).items()
                ],
            },
            {
                "judul": KUNCI_LABEL["pendidikan_skor"],
                "baris": [
                    (PENDIDIKAN_LABEL.get(k, k), v)
                    for k, v in urut(aturan.pendidikan_skor, SKOR_KUNCI["pendidikan_skor"]).items()
                ],
            },
        ]
        t.lainnya = [
            (str(KUNCI_LABEL["jendela_tahun"]), str(aturan.jendela_tahun)),
            (str(KUNCI_LABEL["agregasi_skp"]), capfirst(str(AGREGASI_LABEL[aturan.agregasi_skp]))),
            (str(KUNCI_LABEL["target_jp_per_tahun"]), angka_tampil(aturan.target_jp_per_tahun)),
            (str(KUNCI_LABEL["target_tahun_pengalaman"]), angka_tampil(aturan.target_tahun_pengalaman)),
            (str(KUNCI_LABEL["target_penghargaan"]), angka_tampil(aturan.target_penghargaan)),
            (str(KUNCI_LABEL["target_sk_tim"]), angka_tampil(aturan.target_sk_tim)),
        ]
    else:
        t.batas = [
            {
                "judul": _("Level potensial dari JPM asesmen"),
                "rentang": _rentang(aturan.batas_jpm, POTENSIAL_LEVELS),
            }
        ]
        t.lainnya = [
            (str(KUNCI_LABEL["jendela_tahun"]), str(aturan.jendela_tahun)),
            (
                _("Level kinerja"),
                _(
                    "dari predikat SKP tahunan terakhir: Sangat Baik → di atas ekspektasi, "
                    "Baik → sesuai ekspektasi, lainnya → di bawah ekspektasi"
                ),
            ),
        ]
    labels = label_kotak_efektif(aturan)
    t.kolom_potensial = [capfirst(str(LEVEL_LABEL[p])) for p in POTENSIAL_LEVELS]
    for k in reversed(KINERJA_LEVELS):
        t.baris_kotak.append(
            (
                capfirst(str(LEVEL_LABEL[k])),
                [
                    SelKotak(
                        k,
                        p,
                        aturan.kotak[(k, p)],
                        labels[aturan.kotak[(k, p)]],
                        aturan.kotak[(k, p)] in aturan.kotak_talent_pool,
                    )
                    for p in POTENSIAL_LEVELS
                ],
            )
        )
    t.talent_pool = [(n, labels[n]) for n in sorted(aturan.kotak_talent_pool)]
    t.penomoran_baku = aturan.kotak == KOTAK_PERMENPANRB
    return t
