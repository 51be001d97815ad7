"""Writes of the decisions part: calibration proposals, and the decisions on agenda items
(calibration, succession, review of the talent map).

Every decision goes through `selectors.pemutus_periksa` (session under way, quorum, the actor a
member present and not recused, the item undecided) with the session row locked, and is written
with `integrity.rantai_tambah` (numbered, hash-chained, append-only). The computed box, the
proposed box, the decided box and the reason are all kept; who was present and who was recused
(with why) are kept in `isi`. One audit event per action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.events import ringkasan_stale_send
from apps.core.services import audit_event_record
from apps.pegawai.models import Pegawai
from apps.pegawai.selectors_portfolio import dokumen_ukuran_maks_kb
from apps.petatalenta.models import Penempatan
from apps.suksesi.models import JabatanKunci, Kandidat

from .integrity import rantai_tambah
from .models import (
    AgendaSidang,
    AnggotaKomite,
    KehadiranSidang,
    KeputusanKomite,
    Sidang,
    UsulanKalibrasi,
)
from .selectors import (
    anggota_aktif_list,
    anggota_hadir_tidak_terhalang,
    anggota_terhalang,
    anggota_untuk_user,
    pemutus_periksa,
)
from .selectors_keputusan import krs_pegawai_ids, penempatan_get, sidang_sebaran

if TYPE_CHECKING:
    from apps.accounts.models import User

Jenis = AgendaSidang.Jenis
Hasil = KeputusanKomite.Hasil
Cara = KeputusanKomite.Cara
ARAHAN_JENIS = {
    "penugasan_khusus": gettext_lazy("Penugasan khusus"),
    "pelatihan": gettext_lazy("Pelatihan"),
    "rotasi": gettext_lazy("Rotasi"),
}
KESIAPAN = set(Kandidat.Kesiapan.values)


# --- shared checks ----------------------------------------------------------------------------------


def _agenda_terkunci(agenda: AgendaSidang) -> AgendaSidang:
    """Lock the session row (its status decides what may happen) and re-read the item under it."""
    Sidang.objects.select_for_update().get(instansi=agenda.instansi, pk=agenda.sidang_id)
    return AgendaSidang.objects.select_related("sidang", "sidang__instansi", "pegawai", "jabatan_kunci").get(
        instansi=agenda.instansi, pk=agenda.pk
    )


def _jenis_periksa(agenda: AgendaSidang, jenis: str) -> None:
    if agenda.jenis != jenis:
        raise ValidationError(
            _("Agenda ini bukan agenda %(jenis)s.") % {"jenis": Jenis(jenis).label.lower()}, code="jenis"
        )


def _nama_user(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _anggota_isi(anggota: AnggotaKomite) -> dict[str, Any]:
    return {
        "anggota_id": anggota.pk,
        "user_id": anggota.user_id,
        "nama": _nama_user(anggota.user),
        "peran": anggota.peran,
        "pengganti_ketua": anggota.pengganti_ketua,
    }


def _kehadiran_isi(agenda: AgendaSidang) -> dict[str, Any]:
    """Who was present and may decide, and who was present but recused (with why)."""
    sidang = agenda.sidang
    hadir_ids = set(
        KehadiranSidang.objects.filter(instansi=sidang.instansi, sidang=sidang, hadir=True).values_list(
            "anggota_id", flat=True
        )
    )
    hadir, terhalang = [], []
    for anggota in anggota_aktif_list(instansi=sidang.instansi, tanggal=sidang.tanggal):
        if anggota.pk not in hadir_ids:
            continue
        alasan = anggota_terhalang(agenda=agenda, anggota=anggota)
        if alasan:
            terhalang.append({**_anggota_isi(anggota), "alasan": alasan})
        else:
            hadir.append(_anggota_isi(anggota))
    return {"hadir": hadir, "terhalang": terhalang}


def _bilangan(value: Any, nama: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        angka = value
    elif isinstance(value, str) and value.strip().isdigit():
        angka = int(value.strip())
    else:
        angka = -1
    if angka < 0:
        raise ValidationError({nama: _("Jumlah suara harus bilangan bulat 0 atau lebih.")})
    return angka


def suara_periksa(
    *,
    agenda: AgendaSidang,
    cara: str,
    hasil: str,
    suara_setuju: Any = None,
    suara_tolak: Any = None,
    suara_abstain: Any = None,
) -> tuple[int | None, int | None, int | None]:
    """The way of deciding and the votes: by consensus (no counts), or by vote — all three counts,
    their sum at most the members present and not recused, and the result the majority's (a tie
    does not approve)."""
    if cara not in Cara.values:
        raise ValidationError({"cara": _("Pilih cara memutuskan: mufakat atau pemungutan suara.")})
    if cara == Cara.MUFAKAT:
        return None, None, None
    setuju = _bilangan(suara_setuju, "suara_setuju")
    tolak = _bilangan(suara_tolak, "suara_tolak")
    abstain = _bilangan(suara_abstain, "suara_abstain")
    kosong = {
        nama: _("Isi jumlah suara (0 bila tidak ada).")
        for nama, nilai in (("suara_setuju", setuju), ("suara_tolak", tolak), ("suara_abstain", abstain))
        if nilai is None
    }
    if kosong:
        raise ValidationError(kosong)
    batas = len(anggota_hadir_tidak_terhalang(agenda=agenda))
    jumlah = setuju + tolak + abstain
    if jumlah == 0:
        raise ValidationError({"suara_setuju": _("Belum ada suara yang dicatat.")})
    if jumlah > batas:
        raise ValidationError(
            {
                "suara_setuju": _(
                    "Jumlah suara (%(jumlah)s) melebihi anggota yang hadir dan berhak memutuskan (%(batas)s)."
                )
                % {"jumlah": jumlah, "batas": batas}
            }
        )
    mayoritas = Hasil.SETUJU if setuju > tolak else Hasil.TOLAK
    if hasil != mayoritas:
        raise ValidationError(
            {
                "hasil": _(
                    "Hasil tidak sesuai suara: %(setuju)s setuju, %(tolak)s menolak — hasilnya “%(mayoritas)s”."
                )
                % {"setuju": setuju, "tolak": tolak, "mayoritas": Hasil(mayoritas).label.lower()}
            }
        )
    return setuju, tolak, abstain


def _teks(value: Any) -> str:
    return str(value or "").strip()


# --- calibration proposal -------------------------------------------------------------------------------


def _kotak(value: Any) -> int:
    try:
        kotak = int(value)
    except (TypeError, ValueError):
        kotak = 0
    if isinstance(value, bool) or not 1 <= kotak <= 9:
        raise ValidationError({"kotak_usulan": _("Pilih kotak 1 sampai 9.")})
    return kotak


def _bukti_periksa(*, instansi, bukti: UploadedFile) -> None:
    maks_kb = dokumen_ukuran_maks_kb(instansi=instansi)
    if bukti.size == 0:
        raise ValidationError({"bukti": _("Berkas bukti kosong.")})
    if bukti.size > maks_kb * 1024:
        raise ValidationError(
            {
                "bukti": _("Berkas bukti terlalu besar (%(ukuran)s KB); maksimal %(maks)s KB.")
                % {"ukuran": bukti.size // 1024, "maks": maks_kb}
            }
        )
    bukti.seek(0)
    head = bukti.read(5)
    bukti.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"bukti": _("Bukti harus berkas PDF (isi berkas diperiksa, bukan namanya).")})


@transaction.atomic
def usulan_kalibrasi_simpan(
    *,
    agenda: AgendaSidang,
    actor: User,
    kotak_usulan: Any,
    alasan: str,
    bukti: UploadedFile | None = None,
) -> UsulanKalibrasi:
    """Propose (or replace, before the decision) moving the item's placement to another box, with a
    written reason and optional PDF evidence. Only while the session is under way, by a member
    present and not recused. A replacement without new evidence keeps the earlier evidence."""
    agenda = _agenda_terkunci(agenda)
    sidang = agenda.sidang
    _jenis_periksa(agenda, Jenis.KALIBRASI)
    if sidang.status != Sidang.Status.BERLANGSUNG:
        raise ValidationError(
            _("Usulan kalibrasi hanya dapat diajukan saat sidang berlangsung."), code="status"
        )
    anggota = anggota_untuk_user(instansi=sidang.instansi, user=actor, tanggal=sidang.tanggal)
    if anggota is None:
        raise ValidationError(
            _("Anda bukan anggota Komite Talenta pada tanggal sidang."), code="bukan_anggota"
        )
    if not KehadiranSidang.objects.filter(
        instansi=sidang.instansi, sidang=sidang, anggota=anggota, hadir=True
    ).exists():
        raise ValidationError(
            _("Hanya anggota yang hadir yang dapat mengusulkan kalibrasi."), code="tidak_hadir"
        )
    terhalang = anggota_terhalang(agenda=agenda, anggota=anggota)
    if terhalang:
        raise ValidationError(
            _("Anda tidak dapat mengusulkan kalibrasi pada agenda ini: %(alasan)s") % {"alasan": terhalang},
            code="terhalang",
        )
    if agenda.keputusan.exists():
        raise ValidationError(
            _("Agenda ini sudah diputuskan; usulan tidak dapat diubah lagi."), code="sudah_diputuskan"
        )
    kotak = _kotak(kotak_usulan)
    alasan = _teks(alasan)
    if not alasan:
        raise ValidationError(
            {"alasan": _("Tuliskan alasan kalibrasi; usulan tanpa alasan tidak dapat dicatat.")}
        )
    penempatan = penempatan_get(instansi=sidang.instansi, pegawai=agenda.pegawai_id, periode=sidang.periode)
    if penempatan is None or penempatan.status != Penempatan.Status.FINAL or penempatan.kotak is None:
        raise ValidationError(
            _(
                "Penempatan pegawai ini pada periode %(periode)s belum final; kalibrasi menunggu datanya lengkap."
            )
            % {"periode": sidang.periode},
            code="belum_final",
        )
    if kotak == penempatan.kotak:
        raise ValidationError(
            {
                "kotak_usulan": _(
                    "Kotak usulan sama dengan kotak hasil perhitungan (%(kotak)s); pilih kotak lain."
                )
                % {"kotak": penempatan.kotak}
            }
        )
    if bukti is not None:
        _bukti_periksa(instansi=sidang.instansi, bukti=bukti)
    usulan = UsulanKalibrasi.objects.filter(instansi=sidang.instansi, agenda=agenda).first()
    lama = None
    if usulan is None:
        usulan = UsulanKalibrasi(instansi=sidang.instansi, agenda=agenda)
    else:
        lama = {"kotak_usulan": usulan.kotak_usulan, "alasan": usulan.alasan, "bukti": usulan.bukti_nama}
    usulan.kotak_dihitung = penempatan.kotak
    usulan.kotak_usulan = kotak
    usulan.alasan = alasan
    usulan.diusulkan_oleh = actor
    berkas_lama = None
    if bukti is not None:
        if usulan.bukti:
            berkas_lama = usulan.bukti.name
        usulan.bukti_nama = (bukti.name or "bukti.pdf")[-200:]
        usulan.bukti.save("bukti.pdf", bukti, save=False)
    usulan.save()
    if berkas_lama:
        storage = usulan.bukti.storage
        transaction.on_commit(lambda: storage.delete(berkas_lama))
    audit_event_record(
        action="komite.usulan_kalibrasi.simpan",
        instansi=sidang.instansi,
        actor=actor,
        target=usulan,
        old_values=lama,
        new_values={
            "agenda": agenda.pk,
            "pegawai": agenda.pegawai_id,
            "kotak_dihitung": penempatan.kotak,
            "kotak_usulan": kotak,
            "alasan": alasan,
            "bukti": usulan.bukti_nama,
        },
    )
    return usulan


# --- decisions --------------------------------------------------------------------------------------


def _keputusan_tulis(*, agenda: AgendaSidang, actor: User, **fields) -> KeputusanKomite:
    sidang = agenda.sidang
    # A decided successor is what the implementation-stage tracker reads (the national summary).
    ringkasan_stale_send(instansi_id=sidang.instansi_id, penyebab="komite.keputusan")
    return rantai_tambah(
        KeputusanKomite(
            instansi=sidang.instansi,
            sidang=sidang,
            agenda=agenda,
            jenis=agenda.jenis,
            periode=sidang.periode,
            dicatat_oleh=actor,
            dicatat_pada=timezone.now(),
            **fields,
        )
    )


def _audit_keputusan(*, keputusan: KeputusanKomite, actor: User, action: str) -> None:
    audit_event_record(
        action=action,
        instansi=keputusan.instansi,
        actor=actor,
        target=keputusan,
        new_values={
            "sidang": keputusan.sidang_id,
            "agenda": keputusan.agenda_id,
            "hasil": keputusan.hasil,
            "cara": keputusan.cara,
            "suara": [keputusan.suara_setuju, keputusan.suara_tolak, keputusan.suara_abstain],
            "kotak_dihitung": keputusan.kotak_dihitung,
            "kotak_usulan": keputusan.kotak_usulan,
            "kotak_diputuskan": keputusan.kotak_diputuskan,
            "urutan": keputusan.urutan,
            "hash": keputusan.hash,
        },
    )


@transaction.atomic
def keputusan_kalibrasi_catat(
    *,
    agenda: AgendaSidang,
    actor: User,
    hasil: str,
    cara: str,
    suara_setuju: Any = None,
    suara_tolak: Any = None,
    suara_abstain: Any = None,
    pendapat_berbeda: str = "",
) -> KeputusanKomite:
    """Decide the item's calibration proposal: approved (the placement's decided box is the proposed
    one) or rejected (the computed box stands). Keeps the computed box now, the proposed and the
    decided box, the reason, the votes or consensus, the dissent, who was present and recused."""
    agenda = _agenda_terkunci(agenda)
    _jenis_periksa(agenda, Jenis.KALIBRASI)
    anggota = pemutus_periksa(agenda=agenda, user=actor)
    usulan = UsulanKalibrasi.objects.filter(instansi=agenda.instansi, agenda=agenda).first()
    if usulan is None:
        raise ValidationError(
            _("Belum ada usulan kalibrasi dengan alasan tertulis; ajukan usulan dahulu."), code="tanpa_usulan"
        )
    if hasil not in (Hasil.SETUJU, Hasil.TOLAK):
        raise ValidationError({"hasil": _("Pilih hasil: disetujui atau ditolak.")})
    setuju, tolak, abstain = suara_periksa(
        agenda=agenda,
        cara=cara,
        hasil=hasil,
        suara_setuju=suara_setuju,
        suara_tolak=suara_tolak,
        suara_abstain=suara_abstain,
    )
    sidang = agenda.sidang
    penempatan = penempatan_get(instansi=sidang.instansi, pegawai=agenda.pegawai_id, periode=sidang.periode)
    if penempatan is None or penempatan.status != Penempatan.Status.FINAL or penempatan.kotak is None:
        raise ValidationError(
            _(
                "Penempatan pegawai ini pada periode %(periode)s tidak final lagi; keputusan menunggu datanya lengkap."
            )
            % {"periode": sidang.periode},
            code="belum_final",
        )
    kotak_dihitung = penempatan.kotak
    isi = {
        **_kehadiran_isi(agenda),
        "pemutus": _anggota_isi(anggota),
        "pengusul": {"user_id": usulan.diusulkan_oleh_id, "nama": _nama_user(usulan.diusulkan_oleh)},
        "usulan_pada": usulan.diusulkan_pada.isoformat() if usulan.diusulkan_pada else None,
        "kotak_dihitung_saat_usulan": usulan.kotak_dihitung,
        "bukti": usulan.bukti_nama,
        "pegawai": {"id": agenda.pegawai_id, "nama": agenda.pegawai.nama, "nip": agenda.pegawai.nip},
        "aturan_id": penempatan.aturan_id,
        "inputs_hash": penempatan.inputs_hash,
    }
    keputusan = _keputusan_tulis(
        agenda=agenda,
        actor=actor,
        hasil=hasil,
        pegawai_id=agenda.pegawai_id,
        kotak_dihitung=kotak_dihitung,
        kotak_usulan=usulan.kotak_usulan,
        kotak_diputuskan=usulan.kotak_usulan if hasil == Hasil.SETUJU else kotak_dihitung,
        alasan=usulan.alasan,
        cara=cara,
        suara_setuju=setuju,
        suara_tolak=tolak,
        suara_abstain=abstain,
        pendapat_berbeda=_teks(pendapat_berbeda),
        isi=isi,
    )
    _audit_keputusan(keputusan=keputusan, actor=actor, action="komite.keputusan.kalibrasi")
    return keputusan


def _pegawai_map(*, instansi, ids: set[int]) -> dict[int, Pegawai]:
    return {p.pk: p for p in Pegawai.objects.filter(instansi=instansi, aktif=True, pk__in=ids)}


def _id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _arahan_periksa(*, instansi, arahan: list[dict] | None, boleh: set[int] | None) -> list[dict]:
    """Directions: {"jenis": penugasan_khusus | pelatihan | rotasi, "pegawai_id" or None, "uraian"}.
    `boleh`: the pegawai a direction may name (None: any active pegawai of the instansi)."""
    hasil, masalah = [], []
    items = list(arahan or [])
    ids = {_id(item.get("pegawai_id")) for item in items if isinstance(item, dict) and item.get("pegawai_id")}
    pegawai = _pegawai_map(instansi=instansi, ids={i for i in ids if i})
    for nomor, item in enumerate(items, 1):
        if not isinstance(item, dict):
            masalah.append(_("Arahan %(n)s tidak lengkap.") % {"n": nomor})
            continue
        jenis = _teks(item.get("jenis"))
        uraian = _teks(item.get("uraian"))
        if jenis not in ARAHAN_JENIS:
            masalah.append(
                _("Arahan %(n)s: pilih jenis penugasan khusus, pelatihan atau rotasi.") % {"n": nomor}
            )
            continue
        if not uraian:
            masalah.append(_("Arahan %(n)s: tuliskan uraiannya.") % {"n": nomor})
            continue
        pegawai_id = None
        if item.get("pegawai_id") not in (None, ""):
            pegawai_id = _id(item.get("pegawai_id"))
            if pegawai_id not in pegawai:
                masalah.append(_("Arahan %(n)s: pegawai tidak ditemukan di instansi ini.") % {"n": nomor})
                continue
            if boleh is not None and pegawai_id not in boleh:
                masalah.append(_("Arahan %(n)s: pegawainya harus ada di daftar pendek.") % {"n": nomor})
                continue
        hasil.append(
            {
                "jenis": jenis,
                "pegawai_id": pegawai_id,
                "nama": pegawai[pegawai_id].nama if pegawai_id else "",
                "uraian": uraian,
            }
        )
    if masalah:
        raise ValidationError({"arahan": masalah})
    return hasil


@transaction.atomic
def keputusan_suksesi_catat(
    *,
    agenda: AgendaSidang,
    actor: User,
    daftar_pendek: list[dict],
    suksesor: list[dict],
    suksesor_darurat: dict | None = None,
    arahan: list[dict] | None = None,
    cara: str,
    suara_setuju: Any = None,
    suara_tolak: Any = None,
    suara_abstain: Any = None,
    pendapat_berbeda: str = "",
    alasan: str = "",
) -> KeputusanKomite:
    """Decide the succession of the item's key post: the ordered shortlist (a pegawai outside the
    post's computed KRS list needs a written reason), the successor(s) with readiness and an optional
    emergency successor — all from the shortlist — and directions."""
    agenda = _agenda_terkunci(agenda)
    _jenis_periksa(agenda, Jenis.SUKSESI)
    anggota = pemutus_periksa(agenda=agenda, user=actor)
    setuju, tolak, abstain = suara_periksa(
        agenda=agenda,
        cara=cara,
        hasil=Hasil.SETUJU,
        suara_setuju=suara_setuju,
        suara_tolak=suara_tolak,
        suara_abstain=suara_abstain,
    )
    instansi = agenda.instansi
    jabatan: JabatanKunci = agenda.jabatan_kunci
    items = [item for item in (daftar_pendek or []) if isinstance(item, dict)]
    if not items:
        raise ValidationError({"daftar_pendek": _("Daftar pendek wajib berisi sedikitnya satu pegawai.")})
    ids = [_id(item.get("pegawai_id")) for item in items]
    pegawai = _pegawai_map(instansi=instansi, ids={i for i in ids if i})
    krs = krs_pegawai_ids(instansi=instansi, jabatan_kunci_id=jabatan.pk)
    masalah: list[str] = []
    pendek: list[dict] = []
    dilihat: set[int] = set()
    for nomor, (item, pegawai_id) in enumerate(zip(items, ids, strict=True), 1):
        if pegawai_id not in pegawai:
            masalah.append(
                _("Daftar pendek nomor %(n)s: pegawai aktif tidak ditemukan di instansi ini.") % {"n": nomor}
            )
            continue
        p = pegawai[pegawai_id]
        if pegawai_id in dilihat:
            masalah.append(_("%(nama)s tertulis dua kali di daftar pendek.") % {"nama": p.nama})
            continue
        dilihat.add(pegawai_id)
        if pegawai_id == jabatan.pemegang_id:
            masalah.append(
                _("%(nama)s adalah pemegang jabatan ini, bukan calon suksesornya.") % {"nama": p.nama}
            )
            continue
        alasan_luar = _teks(item.get("alasan_luar_krs"))
        dalam_krs = pegawai_id in krs
        if not dalam_krs and not alasan_luar:
            masalah.append(
                _("%(nama)s tidak ada dalam daftar calon (KRS) jabatan ini; tuliskan alasan mencantumkannya.")
                % {"nama": p.nama}
            )
            continue
        pendek.append(
            {
                "urutan": len(pendek) + 1,
                "pegawai_id": pegawai_id,
                "nama": p.nama,
                "nip": p.nip,
                "dalam_krs": dalam_krs,
                "alasan_luar_krs": "" if dalam_krs else alasan_luar,
            }
        )
    if masalah:
        raise ValidationError({"daftar_pendek": masalah})
    di_daftar = {item["pegawai_id"]: item for item in pendek}
    terpilih: list[dict] = []
    for item in suksesor or []:
        pegawai_id = _id(item.get("pegawai_id")) if isinstance(item, dict) else None
        if pegawai_id not in di_daftar:
            masalah.append(_("Setiap suksesor harus ada di daftar pendek."))
            continue
        if any(s["pegawai_id"] == pegawai_id for s in terpilih):
            masalah.append(
                _("%(nama)s dipilih dua kali sebagai suksesor.") % {"nama": di_daftar[pegawai_id]["nama"]}
            )
            continue
        kesiapan = _teks(item.get("kesiapan"))
        if kesiapan not in KESIAPAN:
            masalah.append(
                _("Pilih kesiapan %(nama)s: siap sekarang, 1–2 tahun atau 3+ tahun.")
                % {"nama": di_daftar[pegawai_id]["nama"]}
            )
            continue
        terpilih.append(
            {
                "urutan": len(terpilih) + 1,
                "pegawai_id": pegawai_id,
                "nama": di_daftar[pegawai_id]["nama"],
                "nip": di_daftar[pegawai_id]["nip"],
                "kesiapan": kesiapan,
            }
        )
    if not terpilih and not masalah:
        masalah.append(_("Pilih sedikitnya satu suksesor dari daftar pendek beserta kesiapannya."))
    if masalah:
        raise ValidationError({"suksesor": masalah})
    darurat = None
    if suksesor_darurat:
        pegawai_id = _id(suksesor_darurat.get("pegawai_id")) if isinstance(suksesor_darurat, dict) else None
        if pegawai_id not in di_daftar:
            raise ValidationError({"suksesor_darurat": _("Suksesor darurat harus ada di daftar pendek.")})
        kesiapan = _teks(suksesor_darurat.get("kesiapan"))
        if kesiapan and kesiapan not in KESIAPAN:
            raise ValidationError({"suksesor_darurat": _("Kesiapan suksesor darurat tidak dikenal.")})
        darurat = {
            "pegawai_id": pegawai_id,
            "nama": di_daftar[pegawai_id]["nama"],
            "nip": di_daftar[pegawai_id]["nip"],
            "kesiapan": kesiapan,
        }
    daftar_arahan = _arahan_periksa(instansi=instansi, arahan=arahan, boleh=set(di_daftar))
    isi = {
        **_kehadiran_isi(agenda),
        "pemutus": _anggota_isi(anggota),
        "jabatan_kunci": {"id": jabatan.pk, "nama": jabatan.nama, "pemegang_id": jabatan.pemegang_id},
        "daftar_pendek": pendek,
        "suksesor": terpilih,
        "suksesor_darurat": darurat,
        "arahan": daftar_arahan,
    }
    keputusan = _keputusan_tulis(
        agenda=agenda,
        actor=actor,
        hasil=Hasil.SETUJU,
        jabatan_kunci=jabatan,
        alasan=_teks(alasan),
        cara=cara,
        suara_setuju=setuju,
        suara_tolak=tolak,
        suara_abstain=abstain,
        pendapat_berbeda=_teks(pendapat_berbeda),
        isi=isi,
    )
    _audit_keputusan(keputusan=keputusan, actor=actor, action="komite.keputusan.suksesi")
    return keputusan


@transaction.atomic
def keputusan_tinjau_catat(
    *,
    agenda: AgendaSidang,
    actor: User,
    catatan: str,
    arahan: list[dict] | None = None,
    cara: str,
    suara_setuju: Any = None,
    suara_tolak: Any = None,
    suara_abstain: Any = None,
    pendapat_berbeda: str = "",
) -> KeputusanKomite:
    """Record the committee's conclusion on a review of the talent map (all, or one perangkat
    daerah): a written note and directions; the distribution seen is kept with it."""
    agenda = _agenda_terkunci(agenda)
    _jenis_periksa(agenda, Jenis.TINJAU_PETA)
    anggota = pemutus_periksa(agenda=agenda, user=actor)
    setuju, tolak, abstain = suara_periksa(
        agenda=agenda,
        cara=cara,
        hasil=Hasil.SETUJU,
        suara_setuju=suara_setuju,
        suara_tolak=suara_tolak,
        suara_abstain=suara_abstain,
    )
    catatan = _teks(catatan)
    if not catatan:
        raise ValidationError({"catatan": _("Tuliskan kesimpulan tinjauan peta talenta.")})
    daftar_arahan = _arahan_periksa(instansi=agenda.instansi, arahan=arahan, boleh=None)
    sebaran = sidang_sebaran(sidang=agenda.sidang, unit_kerja=agenda.unit_kerja)
    isi = {
        **_kehadiran_isi(agenda),
        "pemutus": _anggota_isi(anggota),
        "unit_kerja": {"id": agenda.unit_kerja_id, "nama": agenda.unit_kerja.nama}
        if agenda.unit_kerja_id
        else None,
        "catatan": catatan,
        "arahan": daftar_arahan,
        "sebaran": {
            "ditempatkan": sebaran.sebelum.ditempatkan,
            "sebelum": {str(n): s.jumlah for n, s in sorted(sebaran.sebelum.per_kotak.items())},
            "sesudah": {str(n): s.jumlah for n, s in sorted(sebaran.sesudah.per_kotak.items())},
            "talent_pool_sesudah": sebaran.sesudah.talent_pool,
            "peringatan": [p.pesan for p in sebaran.peringatan],
        },
    }
    keputusan = _keputusan_tulis(
        agenda=agenda,
        actor=actor,
        hasil=Hasil.DICATAT,
        alasan=catatan,
        cara=cara,
        suara_setuju=setuju,
        suara_tolak=tolak,
        suara_abstain=abstain,
        pendapat_berbeda=_teks(pendapat_berbeda),
        isi=isi,
    )
    _audit_keputusan(keputusan=keputusan, actor=actor, action="komite.keputusan.tinjau")
    return keputusan
