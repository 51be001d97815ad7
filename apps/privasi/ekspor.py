"""The ASN's copy of their own personal data (UU PDP; docs/privacy.md, "Hak ASN").

One ZIP: `data-pribadi.json` (every section below, Indonesian labels), `BACA-SAYA.txt`, and the
ASN's documents under `dokumen/`. Built synchronously in the request: one person's data is a few
hundred rows at most, and the documents (the bulk) are capped per file by the instansi's
`ukuran_dokumen_maks_kb` (2 MB by default); they are stored without recompression (PDF/JPEG/PNG
are compressed already) in a temporary file that spills to disk past 8 MB, and streamed.

Only the requester's own data: everything is read from the actor's own pegawai record (found by
the signed-in user, never by an id from the request) inside the actor's instansi.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tempfile
import uuid
import zipfile
from decimal import Decimal
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from apps.asesmen.models import Asesmen
from apps.core.actor import Actor
from apps.core.models import AuditEvent
from apps.core.services import audit_event_record
from apps.kinerja.models import SKP, UmpanBalik360
from apps.notifikasi.models import Notifikasi
from apps.pegawai.models import RIWAYAT_MODELS, Dokumen, Pegawai
from apps.pengembangan.models import Idp
from apps.petatalenta.models import Penempatan, RiwayatPenempatan
from apps.petatalenta.selectors import pengaturan_talenta_get
from apps.petatalenta.selectors_profil import penempatan_penjelasan_get
from apps.suksesi.selectors import kandidat_pegawai_qs, pengaturan_suksesi_get

User = get_user_model()

SPOOL_BYTES = 8 * 1024 * 1024
# Columns that are bookkeeping, not data about the person.
TIDAK_DIEKSPOR = {
    "instansi",
    "pegawai",
    "idp",
    "asesmen",
    "inputs_hash",
    "dirty_since",
    "penyebab_kotor",
    "aturan",
}


def dokumen_nama_arsip(dokumen: Dokumen) -> str:
    return f"dokumen/{dokumen.uuid.hex}{dokumen.ekstensi}"


def _nilai(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _nilai(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_nilai(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _nilai(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not isinstance(getattr(value, f.name), models.Model) and f.name != "grid"
        }
    if isinstance(value, Dokumen):
        return {"berkas": dokumen_nama_arsip(value), "nama asli": value.nama_asli}
    if isinstance(value, User):
        return value.get_full_name() or value.get_username()
    return str(value)


def baris(obj: models.Model, *, kecuali: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """One row as {Indonesian field label: value}; choices shown as their label."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in TIDAK_DIEKSPOR or field.name in kecuali:
            continue
        label = str(capfirst(field.verbose_name))
        if field.is_relation:
            value = getattr(obj, field.name)
        elif field.choices:
            value = (
                getattr(obj, f"get_{field.name}_display")()
                if getattr(obj, field.attname) not in ("", None)
                else ""
            )
        else:
            value = getattr(obj, field.attname)
        data[label] = _nilai(value)
    return data


def _saring(values: Any, *, boleh_kotak: bool) -> Any:
    """Audit values without any box or talent-score key when the instansi keeps the box closed."""
    if boleh_kotak or not isinstance(values, dict):
        return values
    tertutup = ("kotak", "skor_potensial", "skor_kinerja", "level_potensial", "level_kinerja", "talent_pool")
    return {k: v for k, v in values.items() if not str(k).startswith(tertutup)}


def _penempatan(*, actor: Actor, pegawai: Pegawai) -> dict[str, Any]:
    """The box only if the instansi lets its ASN see it (PengaturanTalenta.asn_boleh_lihat_kotak,
    the rule of /saya/talenta/); closed, only the data the placement is missing, as on that page."""
    penjelasan = penempatan_penjelasan_get(instansi=actor.instansi, pegawai=pegawai)
    if not pengaturan_talenta_get(instansi=actor.instansi).asn_boleh_lihat_kotak:
        return {
            "keterangan": "Instansi Anda belum membuka kotak talenta untuk ASN; yang dicantumkan hanya "
            "data yang masih kurang.",
            "data yang kurang": _nilai(penjelasan.kekurangan),
        }
    return {
        "penempatan per periode": [
            baris(p, kecuali={"kekurangan"})
            for p in Penempatan.objects.filter(instansi=actor.instansi, pegawai=pegawai).order_by("periode")
        ],
        "riwayat perpindahan kotak": [
            baris(r)
            for r in RiwayatPenempatan.objects.filter(instansi=actor.instansi, pegawai=pegawai).order_by("pk")
        ],
        "penjelasan periode terakhir": _nilai(penjelasan),
    }


def _pencalonan(*, actor: Actor, pegawai: Pegawai, tanpa: set[str]) -> Any:
    """Candidacies for key posts only where the instansi opened them to ASN (the rule of
    /suksesi/saya/), without the box where the box is closed."""
    if not pengaturan_suksesi_get(instansi=actor.instansi).asn_boleh_lihat_pencalonan:
        return {"keterangan": "Instansi Anda belum membuka pencalonan suksesor untuk ASN."}
    kecuali = tanpa | {"hasil_hash"}
    return [baris(k, kecuali=kecuali) for k in kandidat_pegawai_qs(instansi=actor.instansi, pegawai=pegawai)]


def data_pribadi_kumpulkan(*, actor: Actor, pegawai: Pegawai) -> tuple[dict[str, Any], list[Dokumen]]:
    """Every section of the export, and the documents to put beside it. `pegawai` must be the
    actor's own (pegawai_get_own); it is checked again here."""
    if pegawai.user_id != actor.user.pk or pegawai.instansi_id != actor.instansi.pk:
        raise PermissionError("data pribadi hanya untuk pemiliknya")
    instansi, user = actor.instansi, actor.user
    dokumen = list(Dokumen.objects.filter(instansi=instansi, pegawai=pegawai).order_by("diunggah_pada", "pk"))

    riwayat: dict[str, list] = {}
    subjek: set[tuple[str, str]] = {(Pegawai._meta.label, str(pegawai.pk)), (User._meta.label, str(user.pk))}
    for model in RIWAYAT_MODELS:
        rows = list(model.objects.filter(instansi=instansi, pegawai=pegawai).order_by("pk"))
        riwayat[str(capfirst(model._meta.verbose_name_plural))] = [baris(r) for r in rows]
        subjek |= {(model._meta.label, str(r.pk)) for r in rows}
    subjek |= {(Dokumen._meta.label, str(d.pk)) for d in dokumen}

    asesmen = []
    for row in Asesmen.objects.filter(instansi=instansi, pegawai=pegawai).order_by("tanggal", "pk"):
        asesmen.append({**baris(row), "kompetensi": [baris(k) for k in row.kompetensi.order_by("pk")]})
        subjek.add((Asesmen._meta.label, str(row.pk)))
    # The box where it was copied (the IDP's "box when drawn up", audit values) follows the same rule
    # as the placement itself.
    boleh_kotak = pengaturan_talenta_get(instansi=instansi).asn_boleh_lihat_kotak
    tanpa = set() if boleh_kotak else {"kotak"}
    idp = []
    for row in Idp.objects.filter(instansi=instansi, pegawai=pegawai).order_by("tahun"):
        idp.append(
            {
                **baris(row, kecuali=tanpa),
                "kegiatan": [baris(k) for k in row.kegiatan.order_by("urutan", "pk")],
            }
        )
        subjek.add((Idp._meta.label, str(row.pk)))
    skp = list(SKP.objects.filter(instansi=instansi, pegawai=pegawai).order_by("pk"))
    subjek |= {(SKP._meta.label, str(r.pk)) for r in skp}

    subjek_q = Q()
    for label, pk in subjek:
        subjek_q |= Q(target_type=label, target_id=pk)
    audit = (
        AuditEvent.objects.filter(instansi=instansi)
        .filter(Q(actor=user) | subjek_q)
        .order_by("created_at", "pk")
    )
    masuk = audit.filter(action__startswith="auth.")

    def peristiwa(e: AuditEvent) -> dict[str, Any]:
        return {
            "waktu": _nilai(e.created_at),
            "pelaku": e.actor_label,
            "tindakan": e.action,
            "objek": e.target_repr,
            "nilai lama": _nilai(_saring(e.old_values, boleh_kotak=boleh_kotak)),
            "nilai baru": _nilai(_saring(e.new_values, boleh_kotak=boleh_kotak)),
            "alamat IP": e.ip_address,
            "peramban": e.user_agent,
        }

    data = {
        "keterangan": {
            "dibuat pada": _nilai(timezone.now()),
            "instansi": str(instansi),
            "isi": "Salinan seluruh data pribadi Anda yang disimpan Talenta (UU No. 27 Tahun 2022 "
            "tentang Pelindungan Data Pribadi). Berkas dokumen ada di folder dokumen/.",
        },
        "akun": {
            "nama pengguna": user.get_username(),
            "nama": user.get_full_name(),
            "e-mail": user.email,
            "terakhir masuk": _nilai(user.last_login),
            "terdaftar sejak": _nilai(user.date_joined),
        },
        "profil": baris(pegawai, kecuali={"user"}),
        "riwayat": riwayat,
        "dokumen": [
            {**baris(d, kecuali={"berkas", "uuid", "diunggah_oleh"}), "berkas": dokumen_nama_arsip(d)}
            for d in dokumen
        ],
        "asesmen": asesmen,
        "SKP": [baris(r) for r in skp],
        "umpan balik 360°": [
            baris(r)
            for r in UmpanBalik360.objects.filter(instansi=instansi, pegawai=pegawai).order_by("tanggal")
        ],
        "penempatan talenta": _penempatan(actor=actor, pegawai=pegawai),
        "pencalonan suksesor": _pencalonan(actor=actor, pegawai=pegawai, tanpa=tanpa),
        "IDP": idp,
        "notifikasi": [
            baris(n, kecuali={"penerima"})
            for n in Notifikasi.objects.filter(instansi=instansi, penerima=user).order_by("dibuat_pada", "pk")
        ],
        "peristiwa audit": [peristiwa(e) for e in audit.exclude(action__startswith="auth.")],
        "riwayat masuk": [peristiwa(e) for e in masuk],
    }
    return data, dokumen


BACA_SAYA = """Data pribadi Anda di Talenta
============================

data-pribadi.json  seluruh data yang disimpan tentang Anda, per bagian: akun, profil, riwayat
                   (pendidikan, diklat, sertifikat, ...), dokumen, asesmen, SKP, umpan balik 360°,
                   penempatan talenta dan pencalonan suksesor (jika instansi membukanya untuk
                   ASN), IDP, notifikasi, peristiwa audit dan riwayat masuk.
dokumen/           berkas dokumen pendukung Anda, dengan nama seperti pada bagian "dokumen".

Data yang keliru dapat Anda perbaiki sendiri di Profil Saya (kontak dan portofolio; perubahan
portofolio diverifikasi BKD); untuk data pokok kepegawaian hubungi Admin BKD instansi Anda.
"""


def data_pribadi_ekspor(*, actor: Actor, pegawai: Pegawai) -> IO[bytes]:
    """The ZIP as an open temporary file (at position 0); audited as `data_pribadi.unduh`."""
    data, dokumen = data_pribadi_kumpulkan(actor=actor, pegawai=pegawai)
    berkas = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned open
    hilang = 0
    with zipfile.ZipFile(berkas, "w") as zf:
        zf.writestr("BACA-SAYA.txt", BACA_SAYA, compress_type=zipfile.ZIP_DEFLATED)
        for row in dokumen:
            try:
                with row.berkas.open("rb") as src, zf.open(dokumen_nama_arsip(row), "w") as dst:
                    while chunk := src.read(1024 * 1024):
                        dst.write(chunk)
            except FileNotFoundError:
                hilang += 1
        data["keterangan"]["berkas dokumen tidak ditemukan"] = hilang
        zf.writestr(
            "data-pribadi.json",
            json.dumps(data, ensure_ascii=False, indent=2),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    berkas.seek(0, 2)
    ukuran = berkas.tell()
    berkas.seek(0)
    audit_event_record(
        action="data_pribadi.unduh",
        instansi=actor.instansi,
        actor=actor.user,
        target=pegawai,
        new_values={"dokumen": len(dokumen) - hilang, "ukuran": ukuran},
    )
    return berkas
