"""Reminders (docs/notifications.md, "Pengingat"): every source, the ledger that makes two beat runs
and a run after weeks of outage send each reminder once per event and period, the preferences
(inbox and/or e-mail per kind), the hour gate, fail-closed recipients and a query count that does
not grow with the number of people."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.komite.models import Sidang
from apps.notifikasi.models import Notifikasi, PengingatTerkirim
from apps.notifikasi.pengingat import hari_kerja_mundur, periode_minggu
from apps.notifikasi.selectors import notifikasi_belum_dibaca_count, notifikasi_list
from apps.notifikasi.services_pengingat import pengingat_jalankan, preferensi_notifikasi_simpan
from apps.pegawai.models import StatusVerifikasi
from tests.factories import (
    AsesmenFactory,
    AsnPegawaiFactory,
    RiwayatDiklatFactory,
    SertifikatFactory,
    SidangFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

# Monday 7 December 2026, 08:00 in Jakarta: a working day, after the sending hour.
SENIN = timezone.make_aware(dt.datetime(2026, 12, 7, 8, 0))


def _jalankan(instansi, sekarang=SENIN, **kwargs):
    with instansi_scope(instansi):
        return pengingat_jalankan(instansi=instansi, sekarang=sekarang, **kwargs)


def _per_jenis(instansi) -> Counter:
    with scopes_disabled():
        return Counter(Notifikasi.objects.filter(instansi=instansi).values_list("jenis", flat=True))


@pytest.fixture
def dunia(instansi_a):
    """One instansi where every source has something due on SENIN."""
    asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.pengingat")  # completeness 57 %
    asn.user.email = "asn@example.go.id"
    asn.user.save(update_fields=["email"])
    verifikator = user_with_role(Role.VERIFIKATOR, instansi_a, username="verif.a", email="v@example.go.id")
    admin = user_with_role(Role.ADMIN_BKD, instansi_a, username="admin.a", email="a@example.go.id")
    ppk = user_with_role(Role.PPK, instansi_a, username="ppk.a", email="")
    # Rejected yesterday, with a reason ending in an abbreviation's full stop.
    RiwayatDiklatFactory(
        pegawai=asn,
        status=StatusVerifikasi.DITOLAK,
        alasan_penolakan="Sertifikat atas nama orang lain, bukan Siti Rahmawati, S.Pd.",
        diajukan_pada=SENIN - dt.timedelta(days=3),
        diverifikasi_pada=SENIN - dt.timedelta(days=1),
    )
    # Waiting since Friday two weeks ago: more than five working days.
    SertifikatFactory(pegawai=asn, diajukan_pada=SENIN - dt.timedelta(days=17))
    # Valid until 20 days from SENIN.
    AsesmenFactory(
        pegawai=asn, tanggal=dt.date(2023, 12, 27), berlaku_sampai=SENIN.date() + dt.timedelta(days=20)
    )
    SidangFactory(
        instansi=instansi_a,
        status=Sidang.Status.SELESAI,
        ditutup_pada=SENIN - dt.timedelta(days=3),
    )
    return {"asn": asn, "verifikator": verifikator, "admin": admin, "ppk": ppk}


SEKALI = {
    "pegawai.riwayat_ditolak": 1,
    "pegawai.kelengkapan_mingguan": 1,
    "pegawai.verifikasi_tertunda": 1,
    "asesmen.kedaluwarsa": 1,
    "asesmen.kedaluwarsa_ringkasan": 1,
    "komite.menunggu_penetapan": 1,
}


def test_every_source_delivers_once_and_a_second_beat_run_sends_nothing(instansi_a, dunia):
    pertama = _jalankan(instansi_a)
    assert pertama == SEKALI
    assert _per_jenis(instansi_a) == Counter(SEKALI)
    kedua = _jalankan(instansi_a, sekarang=SENIN + dt.timedelta(minutes=15))
    assert kedua == dict.fromkeys(SEKALI, 0)
    assert _per_jenis(instansi_a) == Counter(SEKALI)
    with scopes_disabled():
        penerima = dict(Notifikasi.objects.filter(instansi=instansi_a).values_list("jenis", "penerima_id"))
        ditolak = Notifikasi.objects.get(jenis="pegawai.riwayat_ditolak")
        digest = Notifikasi.objects.get(jenis="pegawai.kelengkapan_mingguan")
    assert penerima["pegawai.riwayat_ditolak"] == dunia["asn"].user_id
    assert penerima["pegawai.kelengkapan_mingguan"] == dunia["asn"].user_id
    assert penerima["asesmen.kedaluwarsa"] == dunia["asn"].user_id
    assert penerima["pegawai.verifikasi_tertunda"] == dunia["verifikator"].pk
    assert penerima["asesmen.kedaluwarsa_ringkasan"] == dunia["admin"].pk
    assert penerima["komite.menunggu_penetapan"] == dunia["ppk"].pk
    assert ditolak.isi.startswith(
        "Alasan: Sertifikat atas nama orang lain, bukan Siti Rahmawati, S.Pd. Perbaiki"
    )
    assert ".." not in ditolak.isi
    with scopes_disabled():
        backlog = Notifikasi.objects.get(jenis="pegawai.verifikasi_tertunda")
    assert backlog.judul == "1 data portofolio menunggu verifikasi lebih dari 5 hari kerja"
    assert backlog.isi == "Per jenis: sertifikat 1. Yang paling lama diajukan pada 20 November 2026."
    assert digest.judul == "Kelengkapan data Anda baru 57%"
    assert "Yang masih perlu dilengkapi:" in digest.isi


def test_after_weeks_of_outage_one_reminder_per_event_and_period_no_flood(instansi_a, dunia):
    _jalankan(instansi_a)
    # The beat did not run for five weeks; the backlog and the digest are still due, the sidang still
    # waits and the same asesmen still expires (its window moved with the dates).
    setelah = SENIN + dt.timedelta(weeks=5)
    with scopes_disabled():
        from apps.asesmen.models import Asesmen

        Asesmen.objects.update(berlaku_sampai=setelah.date() + dt.timedelta(days=20))
    hasil = _jalankan(instansi_a, sekarang=setelah)
    assert hasil == {
        "pegawai.riwayat_ditolak": 0,  # the same rejection: already told
        "pegawai.kelengkapan_mingguan": 1,  # one digest for this week, not five
        "pegawai.verifikasi_tertunda": 1,  # one for today, not 25 working days' worth
        "asesmen.kedaluwarsa": 0,  # the same asesmen: already told
        "asesmen.kedaluwarsa_ringkasan": 1,
        "komite.menunggu_penetapan": 1,
    }
    # Runs every quarter hour the rest of the day add nothing.
    for menit in range(15, 600, 15):
        assert sum(_jalankan(instansi_a, sekarang=setelah + dt.timedelta(minutes=menit)).values()) == 0
    assert _per_jenis(instansi_a)["pegawai.kelengkapan_mingguan"] == 2
    assert _per_jenis(instansi_a)["pegawai.verifikasi_tertunda"] == 2


def test_first_run_after_an_outage_does_not_dig_up_old_rejections(instansi_a):
    asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.lama")
    for hari in (2, 29, 31, 90):
        RiwayatDiklatFactory(
            pegawai=asn,
            status=StatusVerifikasi.DITOLAK,
            alasan_penolakan="Dokumen buram",
            diverifikasi_pada=SENIN - dt.timedelta(days=hari),
        )
    assert _jalankan(instansi_a, jenis=["pegawai.riwayat_ditolak"]) == {"pegawai.riwayat_ditolak": 2}


def test_a_new_rejection_of_the_same_item_is_a_new_event(instansi_a):
    asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.ulang")
    item = RiwayatDiklatFactory(
        pegawai=asn, status=StatusVerifikasi.DITOLAK, diverifikasi_pada=SENIN - dt.timedelta(days=2)
    )
    assert _jalankan(instansi_a, jenis=["pegawai.riwayat_ditolak"])["pegawai.riwayat_ditolak"] == 1
    with scopes_disabled():
        type(item).objects.filter(pk=item.pk).update(diverifikasi_pada=SENIN - dt.timedelta(hours=1))
    assert _jalankan(instansi_a, jenis=["pegawai.riwayat_ditolak"])["pegawai.riwayat_ditolak"] == 1
    assert _jalankan(instansi_a, jenis=["pegawai.riwayat_ditolak"])["pegawai.riwayat_ditolak"] == 0


def test_a_refused_replacement_document_is_reminded_once_and_the_item_stays_approved(instansi_a):
    asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.dokumen")
    item = RiwayatDiklatFactory(pegawai=asn, status=StatusVerifikasi.DISETUJUI)
    with scopes_disabled():
        # What riwayat_dokumen_baru_reject leaves: approved, no waiting document, the reason.
        type(item).objects.filter(pk=item.pk).update(
            alasan_penolakan="Sertifikat terpotong", diubah_pada=SENIN - dt.timedelta(hours=2)
        )
    assert _jalankan(instansi_a, jenis=["pegawai.riwayat_ditolak"]) == {"pegawai.riwayat_ditolak": 1}
    assert _jalankan(instansi_a, jenis=["pegawai.riwayat_ditolak"]) == {"pegawai.riwayat_ditolak": 0}
    with scopes_disabled():
        pesan = Notifikasi.objects.get(instansi=instansi_a, jenis="pegawai.riwayat_ditolak")
    assert pesan.judul.startswith("Dokumen pengganti data")
    assert "Sertifikat terpotong." in pesan.isi and "tetap disetujui" in pesan.isi


# --- preferences -----------------------------------------------------------------------------------


def test_preferences_choose_inbox_email_both_or_neither_per_kind(
    instansi_a, dunia, django_capture_on_commit_callbacks
):
    asn_user = dunia["asn"].user
    with instansi_scope(instansi_a):
        preferensi_notifikasi_simpan(
            instansi=instansi_a,
            user=asn_user,
            pilihan={
                "pegawai.kelengkapan_mingguan": (False, True),  # e-mail only
                "pegawai.riwayat_ditolak": (True, False),  # inbox only
                "asesmen.kedaluwarsa": (False, False),  # neither
            },
        )
    with django_capture_on_commit_callbacks(execute=True):
        _jalankan(instansi_a)
    with scopes_disabled():
        rows = {n.jenis: n for n in Notifikasi.objects.filter(penerima=asn_user)}
        ledger = set(PengingatTerkirim.objects.filter(penerima=asn_user).values_list("kunci", flat=True))
    assert set(rows) == {"pegawai.kelengkapan_mingguan", "pegawai.riwayat_ditolak"}
    assert rows["pegawai.kelengkapan_mingguan"].kotak_masuk is False
    assert rows["pegawai.riwayat_ditolak"].kotak_masuk is True
    # "neither" still records the event: switching e-mail on later does not resend an old reminder.
    assert any(k.startswith("asesmen.kedaluwarsa:") for k in ledger)
    with instansi_scope(instansi_a):
        inbox = list(notifikasi_list(instansi=instansi_a, user=asn_user).values_list("jenis", flat=True))
        assert inbox == ["pegawai.riwayat_ditolak"]
        assert notifikasi_belum_dibaca_count(instansi=instansi_a, user=asn_user) == 1
    # The e-mails that went out (eager worker): the digest to the ASN, not the rejection; the
    # verifier and the admin keep the default (both).
    subjects = {(m.to[0], m.subject) for m in mail.outbox}
    assert (dunia["asn"].user.email, "[Talenta] Kelengkapan data Anda baru 57%") in subjects
    assert not any("ditolak" in s for _to, s in subjects)
    assert {to for to, _s in subjects} == {asn_user.email, "v@example.go.id", "a@example.go.id"}


def test_preferences_also_apply_to_the_komite_senders(instansi_a):
    from apps.notifikasi.services import notifikasi_kirim

    ketua = user_with_role(Role.KOMITE_KETUA, instansi_a, username="ketua.pref", email="k@example.go.id")
    anggota = user_with_role(Role.KOMITE_ANGGOTA, instansi_a, username="anggota.pref", email="")
    with instansi_scope(instansi_a):
        preferensi_notifikasi_simpan(
            instansi=instansi_a, user=ketua, pilihan={"komite.undangan": (False, False)}
        )
        rows = notifikasi_kirim(
            instansi=instansi_a, penerima=[ketua, anggota], jenis="komite.undangan", judul="Undangan"
        )
    assert [r.penerima_id for r in rows] == [anggota.pk]


def test_unknown_kind_is_refused_and_nothing_is_written(instansi_a, dunia):
    from django.core.exceptions import ValidationError

    from apps.notifikasi.models import PreferensiNotifikasi

    with instansi_scope(instansi_a), pytest.raises(ValidationError, match="tidak dikenal"):
        preferensi_notifikasi_simpan(
            instansi=instansi_a,
            user=dunia["asn"].user,
            pilihan={"pegawai.kelengkapan_mingguan": (False, False), "tidak.ada": (True, True)},
        )
    with scopes_disabled():
        assert not PreferensiNotifikasi.objects.exists()


# --- timing, recipients, cost ------------------------------------------------------------------------


def test_periodic_reminders_wait_for_the_sending_hour_rejections_do_not(instansi_a, dunia):
    subuh = SENIN.replace(hour=5)
    assert _jalankan(instansi_a, sekarang=subuh) == {"pegawai.riwayat_ditolak": 1}
    assert _jalankan(instansi_a) == {**SEKALI, "pegawai.riwayat_ditolak": 0}


def test_no_backlog_reminder_at_the_weekend_and_not_before_five_working_days(instansi_a, dunia):
    sabtu = SENIN - dt.timedelta(days=2)
    assert _jalankan(instansi_a, sekarang=sabtu, jenis=["pegawai.verifikasi_tertunda"]) == {
        "pegawai.verifikasi_tertunda": 0
    }
    with scopes_disabled():
        from apps.pegawai.models import Sertifikat

        # Submitted Monday a week ago: exactly five working days, not more.
        Sertifikat.objects.update(diajukan_pada=SENIN - dt.timedelta(days=7))
    assert _jalankan(instansi_a, jenis=["pegawai.verifikasi_tertunda"]) == {"pegawai.verifikasi_tertunda": 0}
    with scopes_disabled():
        Sertifikat.objects.update(diajukan_pada=SENIN - dt.timedelta(days=8))
    assert _jalankan(instansi_a, jenis=["pegawai.verifikasi_tertunda"]) == {"pegawai.verifikasi_tertunda": 1}


@pytest.mark.parametrize(
    ("hari", "jumlah", "hasil"),
    [
        (dt.date(2026, 12, 7), 5, dt.date(2026, 11, 30)),  # Monday → Monday a week before
        (dt.date(2026, 12, 9), 2, dt.date(2026, 12, 7)),  # Wednesday → Monday
        (dt.date(2026, 12, 7), 1, dt.date(2026, 12, 4)),  # Monday → Friday
        (dt.date(2026, 12, 6), 1, dt.date(2026, 12, 4)),  # Sunday → Friday
        (dt.date(2026, 12, 7), 0, dt.date(2026, 12, 7)),
    ],
)
def test_working_days_back(hari, jumlah, hasil):
    assert hari_kerja_mundur(hari, jumlah) == hasil


def test_superseded_or_far_asesmen_is_not_reminded(instansi_a):
    asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.asesmen")
    AsesmenFactory(
        pegawai=asn, tanggal=dt.date(2023, 12, 27), berlaku_sampai=SENIN.date() + dt.timedelta(days=20)
    )
    AsesmenFactory(pegawai=asn, tanggal=dt.date(2026, 11, 1), berlaku_sampai=dt.date(2029, 11, 1))
    lain = AsnPegawaiFactory(instansi=instansi_a, username="asn.asesmen2")
    AsesmenFactory(
        pegawai=lain, tanggal=dt.date(2024, 6, 1), berlaku_sampai=SENIN.date() + dt.timedelta(days=91)
    )
    assert _jalankan(instansi_a, jenis=["asesmen.kedaluwarsa"]) == {"asesmen.kedaluwarsa": 0}


def test_recipients_outside_the_instansi_or_inactive_get_nothing(instansi_a, instansi_b):
    asn = AsnPegawaiFactory(instansi=instansi_a, username="asn.pindah")
    nonaktif = AsnPegawaiFactory(instansi=instansi_a, username="asn.nonaktif")
    with scopes_disabled():
        # The account now belongs to another instansi (its membership moved); the other is disabled.
        asn.user.membership.instansi = instansi_b
        asn.user.membership.save()
        nonaktif.user.is_active = False
        nonaktif.user.save()
    assert _jalankan(instansi_a, jenis=["pegawai.kelengkapan_mingguan"]) == {
        "pegawai.kelengkapan_mingguan": 0
    }
    with scopes_disabled():
        assert not Notifikasi.objects.exists()


def test_queries_do_not_grow_with_the_number_of_people(instansi_a, dunia):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            _jalankan(instansi_a)
        return len(ctx.captured_queries)

    def tambah(n: int, awal: int):
        for i in range(n):
            asn = AsnPegawaiFactory(instansi=instansi_a, username=f"asn.q{awal + i}")
            RiwayatDiklatFactory(
                pegawai=asn, status=StatusVerifikasi.DITOLAK, diverifikasi_pada=SENIN - dt.timedelta(days=1)
            )
            AsesmenFactory(
                pegawai=asn, tanggal=dt.date(2024, 1, 2), berlaku_sampai=SENIN.date() + dt.timedelta(days=5)
            )

    tambah(2, 0)
    sedikit = queries()
    ledger_hapus(instansi_a)
    tambah(20, 100)
    banyak = queries()
    assert banyak == sedikit
    assert _per_jenis(instansi_a)["pegawai.kelengkapan_mingguan"] == 3 + 23


def ledger_hapus(instansi):
    """Forget what was sent, so the next run delivers to everyone again (same work, more people)."""
    with scopes_disabled():
        PengingatTerkirim.objects.filter(instansi=instansi).delete()


def test_week_period_is_the_iso_week():
    assert periode_minggu(dt.date(2026, 12, 7)) == "2026-W50"
    assert periode_minggu(dt.date(2027, 1, 1)) == "2026-W53"


def test_ledger_forgets_keys_only_after_the_retention(instansi_a, dunia, settings):
    from apps.notifikasi.services_pengingat import pengingat_ledger_bersihkan

    _jalankan(instansi_a)
    with scopes_disabled():
        jumlah = PengingatTerkirim.objects.count()
    with instansi_scope(instansi_a):
        assert pengingat_ledger_bersihkan(instansi=instansi_a, sekarang=SENIN + dt.timedelta(days=399)) == 0
        assert (
            pengingat_ledger_bersihkan(instansi=instansi_a, sekarang=SENIN + dt.timedelta(days=401)) == jumlah
        )


def test_email_only_user_sees_a_sender_without_email_in_the_inbox(instansi_a):
    from apps.notifikasi.services import notifikasi_kirim

    ketua = user_with_role(Role.KOMITE_KETUA, instansi_a, username="ketua.emailsaja", email="k@example.go.id")
    with instansi_scope(instansi_a):
        preferensi_notifikasi_simpan(
            instansi=instansi_a, user=ketua, pilihan={"komite.undangan": (False, True)}
        )
        (row,) = notifikasi_kirim(
            instansi=instansi_a, penerima=[ketua], jenis="komite.undangan", judul="Undangan", email=False
        )
        (row2,) = notifikasi_kirim(
            instansi=instansi_a, penerima=[ketua], jenis="komite.undangan", judul="Undangan 2"
        )
    assert row.kotak_masuk is True
    assert row2.kotak_masuk is False
