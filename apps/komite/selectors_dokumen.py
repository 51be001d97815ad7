"""Reads of the session documents: the document jobs of a session, which documents a session may
have now, and the content of the Berita Acara and of the Keputusan PPK with its annexes.

The Berita Acara is read from the session's stored rows (attendance, agenda, the append-only
decisions and what each decision recorded in `isi`). The annexes of the Keputusan PPK are read
from the snapshot the penetapan froze (SnapshotPenempatan, SnapshotSuksesor), never from the live
placements; only the identity of a person or a post (name, NIP, jabatan, unit) comes from its own
row.

`isi` is written by the decisions part; this module reads it leniently: a person may be given as
an id or as a dict with `nama`, `anggota_id`, `pegawai_id` or `user_id` (see `_orang`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.pegawai.models import Pegawai

from .models import (
    AgendaSidang,
    AnggotaKomite,
    DokumenKomite,
    KehadiranSidang,
    KeputusanKomite,
    Penetapan,
    Sidang,
    SnapshotPenempatan,
    SnapshotSuksesor,
)
from .selectors import anggota_aktif_list, kesiapan_label, pengaturan_komite_get

if TYPE_CHECKING:
    import uuid

    from apps.instansi.models import Instansi

Jenis = DokumenKomite.Jenis

# Which session statuses allow which document.
STATUS_BERITA_ACARA = frozenset({Sidang.Status.SELESAI, Sidang.Status.DITETAPKAN, Sidang.Status.DIKEMBALIKAN})
STATUS_KEPUTUSAN = frozenset({Sidang.Status.DITETAPKAN})

ARAHAN_LABEL = {
    "penugasan_khusus": gettext_lazy("Penugasan khusus"),
    "pelatihan": gettext_lazy("Pelatihan"),
    "rotasi": gettext_lazy("Rotasi"),
}


# --- jobs --------------------------------------------------------------------------------------------


def dokumen_list(*, sidang: Sidang) -> QuerySet[DokumenKomite]:
    """The session's document jobs, newest first."""
    return DokumenKomite.objects.filter(instansi=sidang.instansi, sidang=sidang).select_related("dibuat_oleh")


def dokumen_get(*, sidang: Sidang, uuid: uuid.UUID | str) -> DokumenKomite | None:
    """One document job of the session (another session's or instansi's: None)."""
    return dokumen_list(sidang=sidang).filter(uuid=uuid).first()


def sidang_dokumen_get(*, instansi: Instansi, pk: int) -> Sidang | None:
    return Sidang.objects.filter(instansi=instansi, pk=pk).first()


def dokumen_alasan_tidak_tersedia(*, sidang: Sidang, jenis: str) -> str:
    """Why `jenis` cannot be made for the session now (empty when it can), for a BKD clerk."""
    if jenis not in Jenis.values:
        return _("Jenis dokumen tidak dikenal.")
    if jenis == Jenis.BERITA_ACARA:
        if sidang.status not in STATUS_BERITA_ACARA:
            return _("Berita acara tersedia setelah sidang ditutup.")
        return ""
    if sidang.status != Sidang.Status.DITETAPKAN:
        return _("Keputusan PPK dan lampirannya tersedia setelah hasil sidang ditetapkan PPK.")
    if penetapan_sidang_get(sidang=sidang) is None:
        return _("Penetapan sidang ini tidak ditemukan.")
    return ""


@dataclass(frozen=True)
class JenisDokumen:
    jenis: str
    label: str
    alasan: str  # empty: may be made now

    @property
    def tersedia(self) -> bool:
        return not self.alasan


def dokumen_jenis_list(*, sidang: Sidang) -> list[JenisDokumen]:
    """Every kind of document with whether it can be made for the session now."""
    return [
        JenisDokumen(
            jenis=value, label=str(label), alasan=dokumen_alasan_tidak_tersedia(sidang=sidang, jenis=value)
        )
        for value, label in Jenis.choices
    ]


def penetapan_sidang_get(*, sidang: Sidang) -> Penetapan | None:
    """The PPK's setting of the session (None when returned or not answered)."""
    return (
        Penetapan.objects.filter(instansi=sidang.instansi, sidang=sidang, hasil=Penetapan.Hasil.DITETAPKAN)
        .select_related("oleh")
        .first()
    )


# --- shared ------------------------------------------------------------------------------------------


def kop_surat_baris(*, instansi: Instansi) -> list[str]:
    """The letterhead lines: the committee setting's `kop_surat`, else the instansi's name."""
    teks = pengaturan_komite_get(instansi=instansi).kop_surat or ""
    baris = [line.strip() for line in teks.splitlines() if line.strip()]
    return baris or [instansi.nama.upper()]


def jabatan_ppk(*, instansi: Instansi) -> str:
    """The PPK of a regional government: Gubernur, Bupati or Wali Kota of the region."""
    gelar = {"pemprov": _("GUBERNUR"), "pemkab": _("BUPATI"), "pemkot": _("WALI KOTA")}.get(
        instansi.jenis, _("PEJABAT PEMBINA KEPEGAWAIAN")
    )
    return f"{gelar} {instansi.wilayah.nama.upper()}"


def _nama_user(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def anggota_nama(anggota: AnggotaKomite) -> str:
    """A member as written on the documents: their pegawai name with titles, else the account name."""
    if anggota.pegawai_id:
        return anggota.pegawai.nama_lengkap
    return _nama_user(anggota.user)


def peran_anggota_label(anggota: AnggotaKomite) -> str:
    label = str(anggota.get_peran_display())
    if anggota.pengganti_ketua:
        label = _("%(peran)s (pengganti ketua)") % {"peran": label}
    return label


@dataclass(frozen=True)
class Orang:
    nama: str
    nip: str = ""
    keterangan: str = ""


class _Pemecah:
    """Resolves the people named in decisions' `isi` with one query per kind."""

    def __init__(self, *, instansi: Instansi, isi_list: Iterable[dict]) -> None:
        anggota_ids, pegawai_ids, user_ids = set(), set(), set()

        def kumpul(value: Any, default: str) -> None:
            if isinstance(value, bool) or value is None:
                return
            if isinstance(value, int):
                (anggota_ids if default == "anggota" else pegawai_ids).add(value)
            elif isinstance(value, dict):
                for key, target in (
                    ("anggota_id", anggota_ids),
                    ("pegawai_id", pegawai_ids),
                    ("user_id", user_ids),
                ):
                    if isinstance(value.get(key), int):
                        target.add(value[key])
                if isinstance(value.get("anggota"), int):
                    anggota_ids.add(value["anggota"])
                if isinstance(value.get("pegawai"), int):
                    pegawai_ids.add(value["pegawai"])
            elif isinstance(value, list):
                for item in value:
                    kumpul(item, default)

        for isi in isi_list:
            for key in ("hadir", "terhalang", "pengusul", "diusulkan_oleh"):
                kumpul(isi.get(key), "anggota")
            for key in ("daftar_pendek", "suksesor", "suksesor_darurat", "arahan"):
                kumpul(isi.get(key), "pegawai")
        self.anggota = {
            a.pk: a
            for a in AnggotaKomite.objects.filter(instansi=instansi, pk__in=anggota_ids).select_related(
                "user", "pegawai"
            )
        }
        self.pegawai = {p.pk: p for p in Pegawai.objects.filter(instansi=instansi, pk__in=pegawai_ids)}
        self.users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}

    def orang(self, value: Any, *, default: str) -> Orang | None:
        """A person given as an id (`default`: "anggota" or "pegawai") or a dict."""
        if isinstance(value, bool) or value is None or value == "":
            return None
        if isinstance(value, str):
            return Orang(nama=value)
        if isinstance(value, int):
            value = {f"{default}_id": value}
        if not isinstance(value, dict):
            return None
        keterangan = str(value.get("alasan_luar_krs") or value.get("alasan") or value.get("keterangan") or "")
        anggota_id = value.get("anggota_id", value.get("anggota"))
        pegawai_id = value.get("pegawai_id", value.get("pegawai"))
        if value.get("nama"):
            return Orang(nama=str(value["nama"]), nip=str(value.get("nip") or ""), keterangan=keterangan)
        if isinstance(anggota_id, int) and anggota_id in self.anggota:
            anggota = self.anggota[anggota_id]
            nip = anggota.pegawai.nip_tampilan if anggota.pegawai_id else ""
            return Orang(nama=anggota_nama(anggota), nip=nip, keterangan=keterangan)
        if isinstance(pegawai_id, int) and pegawai_id in self.pegawai:
            pegawai = self.pegawai[pegawai_id]
            return Orang(nama=pegawai.nama_lengkap, nip=pegawai.nip_tampilan, keterangan=keterangan)
        if isinstance(value.get("user_id"), int) and value["user_id"] in self.users:
            return Orang(nama=_nama_user(self.users[value["user_id"]]), keterangan=keterangan)
        return Orang(nama=_("(tidak ditemukan)"), keterangan=keterangan)

    def daftar(self, value: Any, *, default: str) -> list[Orang]:
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        return [o for o in (self.orang(item, default=default) for item in items) if o is not None]


def suara_teks(keputusan: KeputusanKomite) -> str:
    """ "Mufakat" or the votes in words."""
    if keputusan.cara == KeputusanKomite.Cara.MUFAKAT:
        return _("Musyawarah mufakat")
    return _("Pemungutan suara: %(setuju)s setuju, %(tolak)s tidak setuju, %(abstain)s abstain") % {
        "setuju": keputusan.suara_setuju or 0,
        "tolak": keputusan.suara_tolak or 0,
        "abstain": keputusan.suara_abstain or 0,
    }


# --- Berita Acara ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisKehadiran:
    nama: str
    nip: str
    peran: str
    hadir: bool | None


@dataclass
class ButirKeputusan:
    """One agenda item and its decision, as the Berita Acara lists it."""

    agenda: AgendaSidang
    jenis: str
    subjek: str
    subjek_rinci: str = ""
    keputusan: KeputusanKomite | None = None
    hasil: str = ""
    suara: str = ""
    alasan: str = ""
    pendapat_berbeda: str = ""
    catatan: str = ""
    kotak: str = ""
    pengusul: Orang | None = None
    bukti_nama: str = ""
    terhalang: list[Orang] = field(default_factory=list)
    daftar_pendek: list[Orang] = field(default_factory=list)
    suksesor: list[Orang] = field(default_factory=list)
    suksesor_darurat: Orang | None = None
    arahan: list[Orang] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)  # distribution warnings seen (review items)


@dataclass(frozen=True)
class Penandatangan:
    jabatan: str  # "Ketua", "Sekretaris"
    nama: str
    nip: str


@dataclass
class BeritaAcara:
    sidang: Sidang
    kop: list[str]
    kehadiran: list[BarisKehadiran]
    butir: list[ButirKeputusan]
    penandatangan: list[Penandatangan]

    @property
    def jumlah_hadir(self) -> int:
        return sum(1 for b in self.kehadiran if b.hadir)


def _subjek(agenda: AgendaSidang) -> tuple[str, str]:
    if agenda.jenis == AgendaSidang.Jenis.KALIBRASI and agenda.pegawai_id:
        p = agenda.pegawai
        return p.nama_lengkap, _("NIP %(nip)s · %(jabatan)s") % {
            "nip": p.nip_tampilan,
            "jabatan": p.jabatan_tampilan,
        }
    if agenda.jenis == AgendaSidang.Jenis.SUKSESI and agenda.jabatan_kunci_id:
        j = agenda.jabatan_kunci
        rinci = j.unit_kerja.nama if j.unit_kerja_id else ""
        if j.pemegang_id:
            rinci = _("%(unit)s · pemegang: %(nama)s") % {"unit": rinci, "nama": j.pemegang.nama_lengkap}
        return j.nama, rinci
    if agenda.unit_kerja_id:
        return agenda.unit_kerja.nama, ""
    return _("Seluruh perangkat daerah"), ""


def berita_acara_data(*, sidang: Sidang) -> BeritaAcara:
    """Everything the Berita Acara shows, read from the session's stored rows."""
    instansi = sidang.instansi
    aktif = list(anggota_aktif_list(instansi=instansi, tanggal=sidang.tanggal))
    kehadiran = {
        k.anggota_id: k
        for k in KehadiranSidang.objects.filter(instansi=instansi, sidang=sidang).select_related(
            "anggota__user", "anggota__pegawai"
        )
    }
    anggota_semua = {a.pk: a for a in aktif}
    for k in kehadiran.values():  # invited members whose term ended before the date still show
        anggota_semua.setdefault(k.anggota_id, k.anggota)
    urutan_peran = {
        AnggotaKomite.Peran.KETUA: 0,
        AnggotaKomite.Peran.SEKRETARIS: 1,
        AnggotaKomite.Peran.ANGGOTA: 2,
    }
    baris = [
        BarisKehadiran(
            nama=anggota_nama(a),
            nip=a.pegawai.nip_tampilan if a.pegawai_id else "",
            peran=peran_anggota_label(a),
            hadir=kehadiran[a.pk].hadir if a.pk in kehadiran else None,
        )
        for a in sorted(
            anggota_semua.values(),
            key=lambda a: (urutan_peran.get(a.peran, 9), not a.pengganti_ketua, anggota_nama(a)),
        )
    ]

    agenda_list = list(
        AgendaSidang.objects.filter(instansi=instansi, sidang=sidang)
        .select_related("pegawai", "jabatan_kunci__unit_kerja", "jabatan_kunci__pemegang", "unit_kerja")
        .order_by("urutan")
    )
    keputusan = {
        k.agenda_id: k
        for k in KeputusanKomite.objects.filter(instansi=instansi, sidang=sidang).order_by("urutan")
    }
    pemecah = _Pemecah(instansi=instansi, isi_list=[k.isi or {} for k in keputusan.values()])
    butir = []
    for agenda in agenda_list:
        subjek, rinci = _subjek(agenda)
        item = ButirKeputusan(
            agenda=agenda, jenis=str(agenda.get_jenis_display()), subjek=subjek, subjek_rinci=rinci
        )
        k = keputusan.get(agenda.pk)
        if k is not None:
            isi = k.isi if isinstance(k.isi, dict) else {}
            item.keputusan = k
            item.hasil = str(k.get_hasil_display())
            item.suara = suara_teks(k)
            item.alasan = k.alasan or str(isi.get("alasan") or "")
            item.pendapat_berbeda = k.pendapat_berbeda
            catatan = str(isi.get("catatan") or "")
            item.catatan = "" if catatan == item.alasan else catatan
            sebaran = isi.get("sebaran") if isinstance(isi.get("sebaran"), dict) else {}
            item.peringatan = [str(p) for p in sebaran.get("peringatan") or [] if p]
            if k.jenis == AgendaSidang.Jenis.KALIBRASI:
                item.kotak = _(
                    "kotak hasil perhitungan %(dihitung)s, diusulkan %(usulan)s, diputuskan %(putus)s"
                ) % {
                    "dihitung": k.kotak_dihitung or "—",
                    "usulan": k.kotak_usulan or "—",
                    "putus": k.kotak_diputuskan or "—",
                }
            item.pengusul = pemecah.orang(isi.get("pengusul", isi.get("diusulkan_oleh")), default="anggota")
            item.bukti_nama = str(isi.get("bukti_nama") or isi.get("bukti") or "")
            item.terhalang = pemecah.daftar(isi.get("terhalang"), default="anggota")
            item.daftar_pendek = pemecah.daftar(isi.get("daftar_pendek"), default="pegawai")
            item.suksesor = []
            for raw in isi.get("suksesor") or []:
                o = pemecah.orang(raw, default="pegawai")
                if o is not None:
                    item.suksesor.append(
                        Orang(nama=o.nama, nip=o.nip, keterangan=kesiapan_label(_kesiapan(raw)))
                    )
            darurat = isi.get("suksesor_darurat")
            if darurat:
                o = pemecah.orang(darurat, default="pegawai")
                if o is not None:
                    item.suksesor_darurat = Orang(
                        nama=o.nama, nip=o.nip, keterangan=kesiapan_label(_kesiapan(darurat))
                    )
            item.arahan = [_arahan(pemecah, a) for a in (isi.get("arahan") or []) if isinstance(a, dict)]
        butir.append(item)

    return BeritaAcara(
        sidang=sidang,
        kop=kop_surat_baris(instansi=instansi),
        kehadiran=baris,
        butir=butir,
        penandatangan=_penandatangan(aktif=aktif, kehadiran=kehadiran),
    )


def _kesiapan(raw: Any) -> str:
    return str(raw.get("kesiapan") or "") if isinstance(raw, dict) else ""


def _arahan(pemecah: _Pemecah, arahan: dict) -> Orang:
    """A direction as a line: its kind (nama), whom it is for (nip: the name), what (keterangan)."""
    jenis = str(ARAHAN_LABEL.get(arahan.get("jenis"), arahan.get("jenis") or ""))
    untuk = None
    if isinstance(arahan.get("pegawai_id"), int):
        untuk = pemecah.orang({"pegawai_id": arahan["pegawai_id"]}, default="pegawai")
    return Orang(nama=jenis, nip=untuk.nama if untuk else "", keterangan=str(arahan.get("uraian") or ""))


def _penandatangan(
    *, aktif: list[AnggotaKomite], kehadiran: dict[int, KehadiranSidang]
) -> list[Penandatangan]:
    """Ketua (or, when the ketua was absent and the substitute present, the substitute) and
    sekretaris active on the session date. No member: an empty name line to fill in by hand."""

    def hadir(a: AnggotaKomite) -> bool:
        return a.pk in kehadiran and kehadiran[a.pk].hadir is True

    ketua = next((a for a in aktif if a.peran == AnggotaKomite.Peran.KETUA), None)
    pengganti = next((a for a in aktif if a.pengganti_ketua), None)
    jabatan_ketua = _("Ketua Komite Talenta")
    if (ketua is None or not hadir(ketua)) and pengganti is not None and hadir(pengganti):
        ketua, jabatan_ketua = pengganti, _("Pengganti Ketua Komite Talenta")
    sekretaris = next((a for a in aktif if a.peran == AnggotaKomite.Peran.SEKRETARIS), None)
    hasil = []
    for jabatan, anggota in ((jabatan_ketua, ketua), (_("Sekretaris Komite Talenta"), sekretaris)):
        hasil.append(
            Penandatangan(
                jabatan=jabatan,
                nama=anggota_nama(anggota) if anggota else "",
                nip=anggota.pegawai.nip_tampilan if anggota and anggota.pegawai_id else "",
            )
        )
    return hasil


# --- Keputusan PPK and its annexes ------------------------------------------------------------------


@dataclass(frozen=True)
class BarisPeta:
    nomor: int
    nama: str
    nip: str
    jabatan: str
    unit: str
    kotak_dihitung: int | None
    kotak: int | None
    dikalibrasi: bool


@dataclass(frozen=True)
class BarisSuksesor:
    urutan: int
    peran: str
    nama: str
    nip: str
    jabatan: str
    kesiapan: str


@dataclass
class JabatanSuksesor:
    jabatan: str
    unit: str
    pemegang: str
    suksesor: list[BarisSuksesor]


def snapshot_penempatan_qs(*, penetapan: Penetapan) -> QuerySet[SnapshotPenempatan]:
    return (
        SnapshotPenempatan.objects.filter(instansi=penetapan.instansi, penetapan=penetapan)
        # Names, NIP, jabatan and unit as frozen on the day of the penetapan (never today's).
        .order_by("-kotak", "nama", "pegawai_id")
    )


def lampiran_peta_rows(rows: Iterable[SnapshotPenempatan], *, mulai: int = 1) -> Iterator[BarisPeta]:
    for nomor, s in enumerate(rows, start=mulai):
        yield BarisPeta(
            nomor=nomor,
            nama=s.nama,
            nip=s.nip_tampilan,
            jabatan=s.jabatan_tampilan,
            unit=s.unit_kerja_nama,
            kotak_dihitung=s.kotak_dihitung,
            kotak=s.kotak,
            dikalibrasi=s.keputusan_id is not None,
        )


def lampiran_kotak_jumlah(*, penetapan: Penetapan) -> dict[int | None, int]:
    """Established placements per box (None: no box — data incomplete)."""
    from django.db.models import Count

    return {
        row["kotak"]: row["n"]
        for row in SnapshotPenempatan.objects.filter(instansi=penetapan.instansi, penetapan=penetapan)
        .values("kotak")
        .annotate(n=Count("id"))
    }


def lampiran_suksesor(*, penetapan: Penetapan) -> list[JabatanSuksesor]:
    """Annex IV: the established successors per key post (successors in order, then the emergency one)."""
    rows = (
        SnapshotSuksesor.objects.filter(instansi=penetapan.instansi, penetapan=penetapan)
        # Posts and people as frozen on the day of the penetapan (never today's).
        .order_by("jabatan_kunci_nama", "jabatan_kunci_id", "peran", "urutan")
    )
    per_jabatan: dict[int, JabatanSuksesor] = {}
    for s in rows:
        if s.jabatan_kunci_id not in per_jabatan:
            per_jabatan[s.jabatan_kunci_id] = JabatanSuksesor(
                jabatan=s.jabatan_kunci_nama,
                unit=s.jabatan_kunci_unit,
                pemegang=s.pemegang_nama or _("Lowong"),
                suksesor=[],
            )
        per_jabatan[s.jabatan_kunci_id].suksesor.append(
            BarisSuksesor(
                urutan=s.urutan,
                peran=str(s.get_peran_display()),
                nama=s.nama,
                nip=s.nip_tampilan,
                jabatan=s.jabatan_tampilan,
                kesiapan=kesiapan_label(s.kesiapan),
            )
        )
    for item in per_jabatan.values():  # successors first (in order), the emergency successor last
        item.suksesor.sort(key=lambda b: (b.peran == str(SnapshotSuksesor.Peran.DARURAT.label), b.urutan))
    return list(per_jabatan.values())
