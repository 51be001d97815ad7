"""Reminders and preferences (docs/notifications.md).

`pengingat_jalankan` runs every registered reminder source for one instansi and delivers what is
due through the idempotency ledger (`PengingatTerkirim`, unique per recipient and key): a batch
inserts its keys with `ON CONFLICT DO NOTHING RETURNING`, and only the keys that were new become
notifications, in the same transaction. Two beat runs, a redelivered task, two workers at once or a
run after weeks of outage therefore send each reminder once. Sources describe the state *now* (a
backlog today, a digest this week), never the periods that were missed, so an outage cannot cause
a flood either.

Every batch costs a fixed number of queries whatever its size (members, ledger, preferences,
notification rows), never one per person.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.services import audit_event_record
from apps.instansi.models import Membership

from .models import Notifikasi, PengingatTerkirim, PreferensiNotifikasi
from .pengingat import Pengingat, jenis_get, sumber_semua

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi

UKURAN_BATCH = 2000
# E-mail copies are queued in tasks of at most this many notifications.
EMAIL_PER_TUGAS = 500


# --- preferences ---------------------------------------------------------------------------------


def preferensi_map(
    *, instansi: Instansi, user_ids: Iterable[int], jenis: str
) -> dict[int, tuple[bool, bool]]:
    """(in the inbox, by e-mail) per user for one kind; users without a stored choice are left
    out (the default is both). One query."""
    rows = PreferensiNotifikasi.objects.filter(instansi=instansi, jenis=jenis, user_id__in=list(user_ids))
    return {
        user_id: (kotak, email)
        for user_id, kotak, email in rows.values_list("user_id", "kotak_masuk", "email")
    }


@transaction.atomic
def preferensi_notifikasi_simpan(
    *, instansi: Instansi, user: User, pilihan: dict[str, tuple[bool, bool]]
) -> list[PreferensiNotifikasi]:
    """Store the user's choice per kind: {"pegawai.kelengkapan_mingguan": (kotak_masuk, email)}.
    Unknown kinds are refused (nothing is written); kinds not named keep their current choice."""
    salah = sorted(kode for kode in pilihan if jenis_get(kode) is None)
    if salah:
        raise ValidationError(
            _("Jenis notifikasi tidak dikenal: %(jenis)s.") % {"jenis": ", ".join(salah)}, code="jenis"
        )
    lama = {
        row.jenis: row
        for row in PreferensiNotifikasi.objects.select_for_update().filter(
            instansi=instansi, user=user, jenis__in=list(pilihan)
        )
    }
    hasil, berubah_lama, berubah_baru = [], {}, {}
    for kode, (kotak, email) in sorted(pilihan.items()):
        kotak, email = bool(kotak), bool(email)
        row = lama.get(kode)
        sebelum = (row.kotak_masuk, row.email) if row else (True, True)
        if row is None:
            row = PreferensiNotifikasi.objects.create(
                instansi=instansi, user=user, jenis=kode, kotak_masuk=kotak, email=email
            )
        elif sebelum != (kotak, email):
            row.kotak_masuk, row.email = kotak, email
            row.save(update_fields=["kotak_masuk", "email", "diubah_pada"])
        if sebelum != (kotak, email):
            berubah_lama[kode] = {"kotak_masuk": sebelum[0], "email": sebelum[1]}
            berubah_baru[kode] = {"kotak_masuk": kotak, "email": email}
        hasil.append(row)
    if berubah_baru:
        audit_event_record(
            action="notifikasi.preferensi",
            instansi=instansi,
            actor=user,
            target=user,
            old_values=berubah_lama,
            new_values=berubah_baru,
        )
    return hasil


# --- delivery ------------------------------------------------------------------------------------


def _ledger_insert(
    *, instansi: Instansi, kunci: Sequence[tuple[int, str]], pada: dt.datetime
) -> set[tuple[int, str]]:
    """Insert (recipient, key) rows that are not in the ledger yet; returns those inserted."""
    if not kunci:
        return set()
    table = PengingatTerkirim._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (instansi_id, penerima_id, kunci, dikirim_pada)
            SELECT %s, u.penerima_id, u.kunci, %s
            FROM unnest(%s::bigint[], %s::text[]) AS u(penerima_id, kunci)
            ON CONFLICT (instansi_id, penerima_id, kunci) DO NOTHING
            RETURNING penerima_id, kunci
            """,  # noqa: S608 - the model's own table name
            [instansi.pk, pada, [p for p, _k in kunci], [k for _p, k in kunci]],
        )
        return {(p, k) for p, k in cursor.fetchall()}


def _notifikasi_insert(
    *, instansi: Instansi, jenis: str, rows: Sequence[tuple[int, str, str, str, bool]]
) -> list[tuple[int, int]]:
    """Insert notification rows (recipient, title, text, link, in the inbox) in one statement;
    returns (id, recipient) of each. The same row Notifikasi.objects.bulk_create would write, without
    building a model instance and a parameter list per row (the digest writes 100,000 of them)."""
    if not rows:
        return []
    table = Notifikasi._meta.db_table
    kolom = list(zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (instansi_id, penerima_id, jenis, judul, isi, tautan, kotak_masuk, dibuat_pada)
            SELECT %s, u.penerima_id, %s, u.judul, u.isi, u.tautan, u.kotak_masuk, %s
            FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::boolean[])
                AS u(penerima_id, judul, isi, tautan, kotak_masuk)
            RETURNING id, penerima_id
            """,  # noqa: S608 - the model's own table name
            [instansi.pk, jenis, timezone.now(), *(list(k) for k in kolom)],
        )
        return cursor.fetchall()


def _email_queue(*, instansi: Instansi, ids: list[int]) -> None:
    if not ids:
        return
    from .tasks import notifikasi_email_kirim_task

    instansi_id = instansi.pk
    for start in range(0, len(ids), EMAIL_PER_TUGAS):
        chunk = ids[start : start + EMAIL_PER_TUGAS]
        transaction.on_commit(
            lambda chunk=chunk: notifikasi_email_kirim_task.delay(
                instansi_id=instansi_id, notifikasi_ids=chunk
            )
        )


@transaction.atomic
def pengingat_kirim_batch(
    *, instansi: Instansi, jenis: str, pengingat: Sequence[Pengingat], sekarang: dt.datetime
) -> int:
    """Deliver one batch of one kind: recipients outside the instansi or inactive are dropped
    (fail closed), keys already in the ledger are skipped, preferences decide inbox and e-mail.
    Returns the number of reminders newly recorded in the ledger."""
    unik: dict[tuple[int, str], Pengingat] = {}
    for p in pengingat:
        unik.setdefault((p.penerima_id, p.kunci), p)
    if not unik:
        return 0
    anggota = dict(
        Membership.objects.filter(
            instansi=instansi, user_id__in={p for p, _k in unik}, user__is_active=True
        ).values_list("user_id", "user__email")
    )
    kunci = [key for key in unik if key[0] in anggota]
    baru = _ledger_insert(instansi=instansi, kunci=kunci, pada=sekarang)
    if not baru:
        return 0
    pref = preferensi_map(instansi=instansi, user_ids={p for p, _k in baru}, jenis=jenis)
    rows = []
    for key in kunci:  # keep the source's order
        if key not in baru:
            continue
        kotak, email = pref.get(key[0], (True, True))
        if kotak or email:
            p = unik[key]
            rows.append((p.penerima_id, p.judul[:200], p.isi, p.tautan, kotak))
    dibuat = _notifikasi_insert(instansi=instansi, jenis=jenis, rows=rows)
    _email_queue(
        instansi=instansi,
        ids=sorted(
            pk
            for pk, penerima_id in dibuat
            if pref.get(penerima_id, (True, True))[1] and anggota[penerima_id]
        ),
    )
    return len(baru)


def pengingat_jalankan(
    *, instansi: Instansi, sekarang: dt.datetime | None = None, jenis: Iterable[str] | None = None
) -> dict[str, int]:
    """Run every registered reminder source (or only the kinds named) for one instansi; returns how
    many reminders each kind recorded. Periodic sources wait until NOTIFIKASI_JAM_KIRIM local time.
    Each batch commits on its own, so a crash keeps what was sent and the next run sends the rest."""
    sekarang = sekarang or timezone.now()
    jam = timezone.localtime(sekarang).hour
    pilih = set(jenis) if jenis is not None else None
    hasil: dict[str, int] = {}
    for sumber in sumber_semua():
        if pilih is not None and sumber.jenis not in pilih:
            continue
        if sumber.berkala and jam < settings.NOTIFIKASI_JAM_KIRIM:
            continue
        jumlah = 0
        semua = iter(sumber.kumpulkan(instansi=instansi, sekarang=sekarang))
        while batch := list(itertools.islice(semua, UKURAN_BATCH)):
            jumlah += pengingat_kirim_batch(
                instansi=instansi, jenis=sumber.jenis, pengingat=batch, sekarang=sekarang
            )
        hasil[sumber.jenis] = jumlah
        if jumlah:
            audit_event_record(
                action="notifikasi.pengingat",
                instansi=instansi,
                actor=None,
                new_values={"jenis": sumber.jenis, "jumlah": jumlah},
            )
    return hasil


def pengingat_ledger_bersihkan(*, instansi: Instansi, sekarang: dt.datetime | None = None) -> int:
    """Delete ledger rows older than NOTIFIKASI_LEDGER_SIMPAN_HARI days (far beyond any source's
    window, so no reminder can come back); returns how many."""
    batas = (sekarang or timezone.now()) - dt.timedelta(days=settings.NOTIFIKASI_LEDGER_SIMPAN_HARI)
    jumlah, _detail = PengingatTerkirim.objects.filter(instansi=instansi, dikirim_pada__lt=batas).delete()
    return jumlah
