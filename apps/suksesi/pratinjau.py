"""Impact preview of a succession rule set (the succession kind's `pratinjau_hitung`,
`pratinjau_konteks`, `pratinjau_xlsx`; the generic job is apps/petatalenta/aturan/pratinjau.py).

Every active key post's candidate list is computed twice from the same inputs, with the flush's own
pieces (services.py: the posts, the nominations, the feeder pools, `_kandidat_row`, the status
counts), once under the rule set in force and once under the draft, and nothing of the flush is
written: no Kandidat, KandidatDasar or StatusSuksesi row, no dirty mark. What differs is stored as
PratinjauKandidat rows (a candidacy entering or leaving a list, or changing eligibility, readiness
or rank) with the criterion or setting that made the difference; the figures per post and the
breakdowns by group go into the job's summary (docs/succession.md, "Pratinjau dampak aturan
suksesi").
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from apps.core.bulk import rows_insert
from apps.instansi.models import Instansi
from apps.pegawai.models import PengaturanPegawai
from apps.pegawai.referensi import JenisJabatan, JenisKelamin
from apps.petatalenta.aturan.diff import konfigurasi_banding
from apps.petatalenta.models import PratinjauAturan
from apps.petatalenta.pgarray import int_array
from apps.petatalenta.selectors_ninebox import RENTANG_USIA, rentang_usia_kode

from . import engine
from .aturan import SUKSESI
from .engine import Aturan, angka, kandidat_urutan_key
from .forms_aturan import PratinjauSaringanForm
from .inputs import krs_pegawai_load
from .models import JabatanKunci, Kandidat, PratinjauKandidat
from .selectors import perangkat_daerah_q
from .services import (
    KANDIDAT_FIELDS,
    POST_BATCH,
    _Context,
    _kandidat_row,
    _nominasi_load,
    _Post,
    _posts_load,
    post_feeders,
    status_suksesi_hitung,
)

Perubahan = PratinjauKandidat.Perubahan
KELAYAKAN_LABEL = dict(Kandidat.Kelayakan.choices)
KESIAPAN_LABEL = dict(Kandidat.Kesiapan.choices)
# The settings each criterion reads ({tingkat} and {kelompok}: the post's level and its
# education group), to name the setting that changed a criterion's result.
SETELAN_KRITERIA: dict[str, tuple[str, ...]] = {
    "status": ("status_pppk_fungsional",),
    "pendidikan": ("pendidikan_minimum.{kelompok}",),
    "jalur": ("jalur.{tingkat}", "tahun_pengalaman_jpt", "bulan_siap_1_2"),
    "kinerja": ("skp_tahun", "skp_predikat_minimum"),
    "usia": ("tahun_ke_bup_minimum", "usia_maksimum.{tingkat}"),
    "hukuman": ("hukuman_tahun", "hukuman_tingkat"),
}
SETELAN_KESIAPAN = ("jpm_siap_sekarang", "jpm_siap_1_2", "bulan_siap_1_2")
SETELAN_SKOR = ("bobot_peringkat", "skor_kotak")
# The columns of a candidate's side in the comparison (a _kandidat_row tuple: KANDIDAT_FIELDS).
_KELAYAKAN, _KRITERIA, _JPM, _SKOR, _KESIAPAN = (
    KANDIDAT_FIELDS.index(nama)
    for nama in ("kelayakan", "kriteria", "jpm_jabatan", "skor_peringkat", "kesiapan")
)
# A PratinjauKandidat row as written (COPY), after the instansi and the job.
BARIS_FIELDS = (
    "jabatan_kunci_id",
    "pegawai_id",
    "perubahan",
    "kelayakan_lama",
    "kelayakan_baru",
    "kesiapan_lama",
    "kesiapan_baru",
    "peringkat_lama",
    "peringkat_baru",
    "skor_lama",
    "skor_baru",
    "penentu",
)
PENENTU_MAKS = 300
PER_HALAMAN = 50
JABATAN_PER_HALAMAN = 25
KELOMPOK = ("jenis_kelamin", "usia", "jenis_jabatan")


# --- the computation (worker) ---------------------------------------------------------------------------


def _setelan_berubah(lama: dict, baru: dict) -> dict[str, tuple[str, str, str]]:
    """{setting path: (label, old in words, new in words)} of the settings that differ."""
    return {
        p.kunci: (str(p.label), str(p.lama), str(p.baru))
        for p in konfigurasi_banding(lama=lama, baru=baru, katalog=SUKSESI)
        if p.berubah
    }


def _setelan_teks(berubah: dict[str, tuple[str, str, str]], awalan: tuple[str, ...]) -> str:
    """The changed settings among `awalan` (paths, or their top-level keys), in words."""
    bagian = [
        f"{label} {lama} → {baru}"
        for kunci, (label, lama, baru) in berubah.items()
        if any(kunci == a or kunci.startswith(a + ".") for a in awalan)
    ]
    return f" ({'; '.join(bagian)})" if bagian else ""


class _Pembanding:
    """The words of what made a candidacy differ (PratinjauKandidat.penentu). A rule change can
    touch every candidacy of the instansi: the words of each part are made once and reused."""

    def __init__(self, *, lama: dict, baru: dict, aturan_baru: Aturan):
        self.berubah = _setelan_berubah(lama, baru)
        self.aturan_baru = aturan_baru
        self.hasil_teks = {k: str(v).lower() for k, v in KELAYAKAN_LABEL.items()}
        self.kesiapan_teks = {k: str(v).lower() for k, v in KESIAPAN_LABEL.items()}
        self.pola_kriteria = _("Kriteria %(kode)s: %(a)s → %(b)s")
        self.pola_skor = _("Skor peringkat %(a)s → %(b)s")
        self.pola_urutan = _("Urutan %(a)s → %(b)s: calon lain masuk, keluar atau bergeser")
        self.jpm_kosong = _("JPM belum ada")
        self._teks: dict[tuple, str] = {}

    def setelan(self, awalan: tuple[str, ...]) -> str:
        """The changed settings among `awalan`, in words."""
        teks = self._teks.get(awalan)
        if teks is None:
            teks = self._teks[awalan] = _setelan_teks(self.berubah, awalan)
        return teks

    def _kriteria(self, kode: str, a: str | None, b: str | None, tingkat: str) -> str:
        key = ("kriteria", kode, a, b, tingkat)
        teks = self._teks.get(key)
        if teks is None:
            kelompok = self.aturan_baru.kelompok_pendidikan(tingkat)
            awalan = tuple(
                x.format(tingkat=tingkat, kelompok=kelompok) for x in SETELAN_KRITERIA.get(kode, ())
            )
            teks = self._teks[key] = self.pola_kriteria % {
                "kode": kode,
                "a": self.hasil_teks.get(a, a or "—"),
                "b": self.hasil_teks.get(b, b or "—"),
            } + self.setelan(awalan)
        return teks

    def keanggotaan(self, *, post: _Post, tingkat: str | None, masuk: bool) -> str:
        """Why a pegawai enters or leaves a list: the feeder levels of the post's path changed
        (a nominated pegawai is in both lists, the holder in neither)."""
        key = ("keanggotaan", post.tingkat, tingkat, masuk)
        teks = self._teks.get(key)
        if teks is None:
            nilai = {
                "asal": engine.TINGKAT_LABEL.get(tingkat or "", tingkat or "?"),
                "tujuan": engine.TINGKAT_LABEL.get(post.tingkat, post.tingkat),
            }
            if masuk:
                teks = _("Masuk daftar: tingkat %(asal)s kini jabatan asal jalur ke %(tujuan)s") % nilai
            else:
                teks = (
                    _("Keluar dari daftar: tingkat %(asal)s bukan lagi jabatan asal jalur ke %(tujuan)s")
                    % nilai
                )
            teks = self._teks[key] = teks + self.setelan((f"jalur.{post.tingkat}",))
        return teks

    def perubahan(
        self,
        *,
        post: _Post,
        lama: tuple,
        baru: tuple,
        konteks_lama: _Context,
        konteks_baru: _Context,
        peringkat: tuple[int, int],
    ) -> str:
        bagian = []
        # The level-only criteria (KRITERIA_TINGKAT, the ones the rule set decides) from the
        # contexts' caches; the post-specific ones from the rows' JSON when it differs.
        key = (lama[1], post.tingkat, post.jabatan.bup_usia)
        for ka, kb in zip(
            konteks_lama.dasar[key][0].kriteria, konteks_baru.dasar[key][0].kriteria, strict=True
        ):
            if ka.hasil != kb.hasil:
                bagian.append(self._kriteria(ka.kode, ka.hasil, kb.hasil, post.tingkat))
        if lama[_KRITERIA] != baru[_KRITERIA]:
            ja = {k["kode"]: k["hasil"] for k in json.loads(lama[_KRITERIA])}
            jb = {k["kode"]: k["hasil"] for k in json.loads(baru[_KRITERIA])}
            for kode in engine.KRITERIA_JABATAN:
                if ja.get(kode) != jb.get(kode):
                    bagian.append(self._kriteria(kode, ja.get(kode), jb.get(kode), post.tingkat))
        if lama[_KESIAPAN] != baru[_KESIAPAN]:
            jpm = baru[_JPM]
            jpm_teks = f"JPM {angka(jpm)}" if jpm is not None else self.jpm_kosong
            key = ("kesiapan", lama[_KESIAPAN], baru[_KESIAPAN])
            teks = self._teks.get(key)
            if teks is None:
                teks = self._teks[key] = (
                    f"{self.kesiapan_teks[lama[_KESIAPAN]]} → {self.kesiapan_teks[baru[_KESIAPAN]]}"
                    + self.setelan(SETELAN_KESIAPAN)
                )
            bagian.append(f"{jpm_teks}: {teks}")
        if not bagian and lama[_SKOR] != baru[_SKOR]:
            bagian.append(
                self.pola_skor % {"a": angka(lama[_SKOR]), "b": angka(baru[_SKOR])}
                + self.setelan(SETELAN_SKOR)
            )
        if not bagian:
            bagian.append(self.pola_urutan % {"a": peringkat[0], "b": peringkat[1]})
        teks = "; ".join(bagian)
        return teks if len(teks) <= PENENTU_MAKS else teks[: PENENTU_MAKS - 1] + "…"


def _urutkan(rows: dict[int, tuple]) -> dict[int, int]:
    """{pegawai: 1-based position} in the list's order (kandidat_urutan_key)."""
    urut = sorted(
        rows.values(),
        key=lambda r: kandidat_urutan_key(kelayakan=r[_KELAYAKAN], skor_peringkat=r[_SKOR], pegawai_id=r[1]),
    )
    return {row[1]: i for i, row in enumerate(urut, start=1)}


def _arah(kelayakan_lama: str, kelayakan_baru: str, kesiapan_lama: str, kesiapan_baru: str) -> str:
    """ "naik", "turun" or "peringkat" (only the position moved): eligibility first, then readiness."""
    a, b = engine.hasil_rank(kelayakan_lama), engine.hasil_rank(kelayakan_baru)
    if a == b:
        a, b = engine.kesiapan_rank(kesiapan_lama), engine.kesiapan_rank(kesiapan_baru)
    if a == b:
        return "peringkat"
    return "naik" if b > a else "turun"


def _perangkat_daerah_id(unit) -> int | None:
    """The perangkat daerah of a unit (the tree is three levels deep)."""
    if unit is None:
        return None
    if unit.induk_id is None:
        return unit.pk
    if unit.induk.induk_id is None:
        return unit.induk_id
    return unit.induk.induk_id


def pratinjau_suksesi_hitung(
    *,
    instansi: Instansi,
    pratinjau: PratinjauAturan,
    lama: dict,
    baru: dict,
    kemajuan: Callable[[int, int], None],
) -> dict[str, Any]:
    """Both candidate lists of every active key post (see the module docstring); returns the
    summary: `inti` (headline figures), `jabatan` (per post, both sides' status), `kelompok` (the
    changed candidacies by gender, age band and jenis jabatan of the pegawai)."""
    PratinjauKandidat.objects.filter(instansi=instansi, pratinjau=pratinjau).delete()
    acuan = timezone.localdate()  # the flush's planning date
    PratinjauAturan.objects.filter(pk=pratinjau.pk).update(periode=acuan.year, tanggal_acuan=acuan)
    aturan_lama, aturan_baru = Aturan.from_config(lama), Aturan.from_config(baru)
    pengaturan = PengaturanPegawai.objects.filter(instansi=instansi).values_list("bup", flat=True).first()
    konteks_lama = _Context(
        instansi=instansi, aturan_obj=None, aturan=aturan_lama, acuan=acuan, bup_pengaturan=pengaturan or {}
    )
    # The same inputs and JPM (neither depends on the rule set); level-only results per rule set.
    konteks_baru = _Context(
        instansi=instansi,
        aturan_obj=None,
        aturan=aturan_baru,
        acuan=acuan,
        bup_pengaturan=pengaturan or {},
        inputs=konteks_lama.inputs,
        jpm=konteks_lama.jpm,
    )
    pembanding = _Pembanding(lama=lama, baru=baru, aturan_baru=aturan_baru)
    posts = _posts_load(context=konteks_lama)
    aktif = sorted((p for p in posts.values() if p.aktif), key=lambda p: p.id)
    tingkat_krs = krs_pegawai_load(instansi=instansi, periode=acuan.year)
    krs: dict[str, list[int]] = defaultdict(list)
    for pegawai_id, tingkat in tingkat_krs.items():
        krs[tingkat].append(pegawai_id)
    total = len(aktif)
    kemajuan(0, total)
    jabatan: dict[int, dict[str, Any]] = {}
    # Per pegawai: candidacies under each rule set ("lama", "baru") and changed ones by direction
    # ("masuk", "keluar", "naik", "turun", "peringkat"): the breakdowns and headline figures.
    hitung: dict[str, Counter[int]] = defaultdict(Counter)
    nilai_berubah = {"kelayakan": 0, "kesiapan": 0}  # candidacies in both lists whose value changed
    for start in range(0, total, POST_BATCH):
        batch = aktif[start : start + POST_BATCH]
        nominasi = _nominasi_load(context=konteks_lama, jabatan_kunci_ids=[p.id for p in batch])
        pools = {}
        for post in batch:
            n = nominasi.get(post.id, {})
            pools[post.id] = (
                post_feeders(aturan=aturan_lama, post=post, krs=krs, nominasi=n),
                post_feeders(aturan=aturan_baru, post=post, krs=krs, nominasi=n),
            )
        konteks_lama.inputs_ensure({p for a, b in pools.values() for p in a | b})
        baris: list[tuple] = []
        for post in batch:
            n = nominasi.get(post.id, {})
            rows_lama, rows_baru = (
                {
                    pegawai_id: _kandidat_row(
                        context=konteks, post=post, pegawai_id=pegawai_id, nominasi=n.get(pegawai_id)
                    )
                    for pegawai_id in sorted(pool)
                    if pegawai_id in konteks_lama.inputs  # nominated but no longer active here
                }
                for konteks, pool in ((konteks_lama, pools[post.id][0]), (konteks_baru, pools[post.id][1]))
            )
            hitung["lama"].update(rows_lama.keys())
            hitung["baru"].update(rows_baru.keys())
            sebelum = len(baris)
            for row, arah in _bandingkan(
                post=post,
                rows_lama=rows_lama,
                rows_baru=rows_baru,
                konteks_lama=konteks_lama,
                konteks_baru=konteks_baru,
                pembanding=pembanding,
                tingkat_krs=tingkat_krs,
            ):
                baris.append(row)
                hitung[arah][row[1]] += 1
                if arah not in (Perubahan.MASUK, Perubahan.KELUAR):
                    nilai_berubah["kelayakan"] += row[3] != row[4]
                    nilai_berubah["kesiapan"] += row[5] != row[6]
            jabatan[post.id] = {
                "id": post.id,
                "berubah": len(baris) - sebelum,
                **{
                    sisi: status_suksesi_hitung(
                        post=post,
                        kandidat=[(r[_KELAYAKAN], r[_KESIAPAN]) for r in rows.values()],
                        aturan=aturan,
                        acuan=acuan,
                    )
                    for sisi, rows, aturan in (
                        ("lama", rows_lama, aturan_lama),
                        ("baru", rows_baru, aturan_baru),
                    )
                },
            }
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Preview rows are recomputed by a rerun: a batch lost to a crash costs nothing.
                cursor.execute("SET LOCAL synchronous_commit = off")
            rows_insert(
                model=PratinjauKandidat,
                fields=BARIS_FIELDS,
                rows=baris,
                insert_values={"instansi_id": instansi.pk, "pratinjau_id": pratinjau.pk},
            )
        kemajuan(min(start + POST_BATCH, total), total)
    _jabatan_nama(instansi=instansi, jabatan=jabatan)
    return {
        "inti": _inti(jabatan=jabatan, hitung=hitung, nilai_berubah=nilai_berubah),
        "jabatan": sorted(jabatan.values(), key=lambda j: (-j["berubah"], j["nama"], j["id"])),
        "kelompok": _kelompok(instansi=instansi, acuan=acuan, hitung=hitung),
    }


def _bandingkan(
    *,
    post: _Post,
    rows_lama: dict[int, tuple],
    rows_baru: dict[int, tuple],
    konteks_lama: _Context,
    konteks_baru: _Context,
    pembanding: _Pembanding,
    tingkat_krs: dict[int, str],
):
    """The changed candidacies of one post, as (BARIS_FIELDS row, direction): in one list only
    (masuk, keluar), or in both with another kelayakan, kesiapan or position."""
    urut_lama, urut_baru = _urutkan(rows_lama), _urutkan(rows_baru)
    for pegawai_id in sorted(rows_lama.keys() | rows_baru.keys()):
        a, b = rows_lama.get(pegawai_id), rows_baru.get(pegawai_id)
        if a is not None and b is not None:
            peringkat = (urut_lama[pegawai_id], urut_baru[pegawai_id])
            if (a[_KELAYAKAN], a[_KESIAPAN], peringkat[0]) == (b[_KELAYAKAN], b[_KESIAPAN], peringkat[1]):
                continue
            jenis = Perubahan.BERUBAH
            arah = _arah(a[_KELAYAKAN], b[_KELAYAKAN], a[_KESIAPAN], b[_KESIAPAN])
            penentu = pembanding.perubahan(
                post=post,
                lama=a,
                baru=b,
                konteks_lama=konteks_lama,
                konteks_baru=konteks_baru,
                peringkat=peringkat,
            )
        else:
            jenis = Perubahan.MASUK if a is None else Perubahan.KELUAR
            arah = str(jenis)
            penentu = pembanding.keanggotaan(post=post, tingkat=tingkat_krs.get(pegawai_id), masuk=a is None)
        yield (
            (
                post.id,
                pegawai_id,
                str(jenis),
                a[_KELAYAKAN] if a else "",
                b[_KELAYAKAN] if b else "",
                a[_KESIAPAN] if a else "",
                b[_KESIAPAN] if b else "",
                urut_lama.get(pegawai_id),
                urut_baru.get(pegawai_id),
                a[_SKOR] if a else None,
                b[_SKOR] if b else None,
                penentu,
            ),
            arah,
        )


def _jabatan_nama(*, instansi: Instansi, jabatan: dict[int, dict[str, Any]]) -> None:
    """Each post's name, unit and perangkat daerah (the page filters on it), in one query."""
    for post in JabatanKunci.objects.filter(instansi=instansi, pk__in=list(jabatan)).select_related(
        "unit_kerja__induk__induk"
    ):
        jabatan[post.pk].update(
            nama=post.nama, unit=post.unit_kerja.nama, pd=_perangkat_daerah_id(post.unit_kerja)
        )
    for row in jabatan.values():
        row.setdefault("nama", "")
        row.setdefault("unit", "")
        row.setdefault("pd", None)


def _inti(
    *, jabatan: dict[int, dict[str, Any]], hitung: dict[str, Counter[int]], nilai_berubah: dict[str, int]
) -> dict[str, int]:
    return {
        "jabatan_kunci": len(jabatan),
        "jabatan_berubah": sum(1 for j in jabatan.values() if j["berubah"]),
        "calon_masuk": hitung["masuk"].total(),
        "calon_keluar": hitung["keluar"].total(),
        "kelayakan_berubah": nilai_berubah["kelayakan"],
        "kesiapan_berubah": nilai_berubah["kesiapan"],
        "peringkat_bergeser": hitung["peringkat"].total(),
        "berisiko_baru": sum(
            1 for j in jabatan.values() if j["baru"]["berisiko"] and not j["lama"]["berisiko"]
        ),
        "berisiko_hilang": sum(
            1 for j in jabatan.values() if j["lama"]["berisiko"] and not j["baru"]["berisiko"]
        ),
    }


KOLOM_KELOMPOK = ("lama", "baru", "masuk", "keluar", "naik", "turun", "peringkat")


def _kelompok(
    *, instansi: Instansi, acuan, hitung: dict[str, Counter[int]]
) -> dict[str, list[dict[str, Any]]]:
    """Candidacies (not persons: one pegawai may be a candidate for several posts) per group of
    the pegawai: how many under each rule set, and how many would enter, leave, rise, fall or only
    move in the order. One query for the pegawai concerned."""
    ids = set().union(*(hitung[kolom].keys() for kolom in KOLOM_KELOMPOK))
    data: dict[int, dict[str, str]] = {}
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT id, jenis_kelamin, tanggal_lahir, jenis_jabatan FROM pegawai_pegawai
                    WHERE instansi_id = %s AND id = ANY(%s::bigint[])""",
                [instansi.pk, int_array(ids)],
            )
            for pegawai_id, jk, lahir, jenis in cursor.fetchall():
                data[pegawai_id] = {
                    "jenis_kelamin": jk or "",
                    "usia": rentang_usia_kode(tanggal_lahir=lahir, tanggal_acuan=acuan),
                    "jenis_jabatan": jenis or "",
                }
    kosong = {"jenis_kelamin": "", "usia": "", "jenis_jabatan": ""}
    jumlah: dict[str, dict[str, Counter[str]]] = {k: defaultdict(Counter) for k in KELOMPOK}
    for kolom in KOLOM_KELOMPOK:
        for pegawai_id, n in hitung[kolom].items():
            for kelompok, kode in data.get(pegawai_id, kosong).items():
                jumlah[kelompok][kode][kolom] += n
    urutan = {
        "jenis_kelamin": [k for k, _l in JenisKelamin.choices],
        "usia": list(RENTANG_USIA),
        "jenis_jabatan": [k for k, _l in JenisJabatan.choices],
    }
    return {
        kelompok: [
            {"kode": kode, **{k: jumlah[kelompok][kode][k] for k in KOLOM_KELOMPOK}}
            for kode in [*urutan[kelompok], ""]
            if kode in jumlah[kelompok]
        ]
        for kelompok in KELOMPOK
    }


# --- the finished preview's page and export (reads of the stored rows and summary) -------------------


KELOMPOK_JUDUL = {
    "jenis_kelamin": _lazy("Jenis kelamin"),
    "usia": _lazy("Rentang usia"),
    "jenis_jabatan": _lazy("Jenis jabatan"),
}


def _kelompok_label(kelompok: str, kode: str) -> str:
    if not kode:
        return str(_lazy("Tidak tercatat"))
    if kelompok == "jenis_kelamin":
        return str(dict(JenisKelamin.choices).get(kode, kode))
    if kelompok == "usia":
        return str(RENTANG_USIA[kode][0]) if kode in RENTANG_USIA else kode
    return str(dict(JenisJabatan.choices).get(kode, kode))


def _saringan(*, instansi: Instansi, pratinjau: PratinjauAturan, params) -> PratinjauSaringanForm:
    return PratinjauSaringanForm(
        params or None, instansi=instansi, jabatan=(pratinjau.ringkasan or {}).get("jabatan", [])
    )


def _kandidat_queryset(*, instansi: Instansi, pratinjau: PratinjauAturan, saringan: dict):
    queryset = PratinjauKandidat.objects.filter(instansi=instansi, pratinjau=pratinjau).select_related(
        "pegawai", "jabatan_kunci__unit_kerja"
    )
    if saringan["jabatan_kunci"] is not None:
        queryset = queryset.filter(jabatan_kunci_id=saringan["jabatan_kunci"])
    queryset = queryset.filter(
        perangkat_daerah_q(saringan["perangkat_daerah"], prefix="jabatan_kunci__unit_kerja")
    )
    return queryset.order_by(
        "jabatan_kunci__unit_kerja__kode",
        "jabatan_kunci__nama",
        "jabatan_kunci_id",
        F("peringkat_baru").asc(nulls_last=True),
        "peringkat_lama",
        "pk",
    )


def _tampil(row: PratinjauKandidat) -> PratinjauKandidat:
    """The row with its values in words, for the page and the export."""
    row.kelayakan_lama_label = str(KELAYAKAN_LABEL.get(row.kelayakan_lama, "")) or "—"
    row.kelayakan_baru_label = str(KELAYAKAN_LABEL.get(row.kelayakan_baru, "")) or "—"
    row.kesiapan_lama_label = str(KESIAPAN_LABEL.get(row.kesiapan_lama, "")) or "—"
    row.kesiapan_baru_label = str(KESIAPAN_LABEL.get(row.kesiapan_baru, "")) or "—"
    return row


def pratinjau_suksesi_konteks(*, instansi: Instansi, pratinjau: PratinjauAturan, params) -> dict[str, Any]:
    """The finished preview's page: the posts (those whose list changes first), the changed
    candidacies, both filtered by key post and perangkat daerah and paginated, and the
    breakdowns. Reads the stored summary and rows only."""
    ringkasan = pratinjau.ringkasan or {}
    form = _saringan(instansi=instansi, pratinjau=pratinjau, params=params)
    saringan = form.saringan()
    jabatan = ringkasan.get("jabatan", [])
    if saringan["jabatan_kunci"] is not None:
        jabatan = [j for j in jabatan if j["id"] == saringan["jabatan_kunci"]]
    if saringan["perangkat_daerah"] is not None:
        jabatan = [j for j in jabatan if j.get("pd") == saringan["perangkat_daerah"].pk]
    jabatan_halaman = Paginator(jabatan, JABATAN_PER_HALAMAN).get_page(params.get("hal_jabatan"))
    kandidat_halaman = Paginator(
        _kandidat_queryset(instansi=instansi, pratinjau=pratinjau, saringan=saringan), PER_HALAMAN
    ).get_page(params.get("halaman"))
    kandidat_halaman.object_list = [_tampil(row) for row in kandidat_halaman.object_list]
    kelompok = [
        {
            "kode": nama,
            "judul": KELOMPOK_JUDUL[nama],
            "baris": [
                {**row, "label": _kelompok_label(nama, row["kode"])}
                for row in ringkasan.get("kelompok", {}).get(nama, [])
            ],
        }
        for nama in KELOMPOK
    ]
    return {
        "ringkasan": ringkasan,
        "filter_form": form,
        "filtered": saringan["jabatan_kunci"] is not None or saringan["perangkat_daerah"] is not None,
        "jabatan_halaman": jabatan_halaman,
        "kandidat_halaman": kandidat_halaman,
        "kelompok": kelompok,
    }


def pratinjau_suksesi_xlsx(
    *, instansi: Instansi, pratinjau: PratinjauAturan, params
) -> tuple[list[str], list[list[Any]]]:
    """Every changed candidacy with the page's filters; the NIP stays text."""
    saringan = _saringan(instansi=instansi, pratinjau=pratinjau, params=params).saringan()
    headers = [
        str(_lazy("Jabatan kunci")),
        str(_lazy("Unit kerja jabatan")),
        str(_lazy("NIP")),
        str(_lazy("Nama")),
        str(_lazy("Perubahan")),
        str(_lazy("Kelayakan lama")),
        str(_lazy("Kelayakan baru")),
        str(_lazy("Kesiapan lama")),
        str(_lazy("Kesiapan baru")),
        str(_lazy("Peringkat lama")),
        str(_lazy("Peringkat baru")),
        str(_lazy("Skor lama")),
        str(_lazy("Skor baru")),
        str(_lazy("Penentu")),
    ]
    rows = []
    for row in _kandidat_queryset(instansi=instansi, pratinjau=pratinjau, saringan=saringan).iterator(
        chunk_size=2000
    ):
        _tampil(row)
        rows.append(
            [
                row.jabatan_kunci.nama,
                row.jabatan_kunci.unit_kerja.nama,
                str(row.pegawai.nip),
                row.pegawai.nama,
                row.get_perubahan_display(),
                row.kelayakan_lama_label,
                row.kelayakan_baru_label,
                row.kesiapan_lama_label,
                row.kesiapan_baru_label,
                row.peringkat_lama,
                row.peringkat_baru,
                row.skor_lama,
                row.skor_baru,
                row.penentu,
            ]
        )
    return headers, rows
