"""The inbox and its e-mail copies: sending (after commit only, to users with an address, once),
the inbox page (own only, unread marked, the bell's count), marking read (internal links only) and
the API. Another user's or another instansi's notification answers 404 like a missing one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from apps.core.models import AuditEvent
from apps.core.roles import Role
from apps.core.tenancy import instansi_scope
from apps.notifikasi.models import Notifikasi
from apps.notifikasi.selectors import tautan_internal
from apps.notifikasi.services import notifikasi_kirim
from apps.notifikasi.tasks import notifikasi_email_kirim
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def ketua(instansi_a):
    return user_with_role(Role.KOMITE_KETUA, instansi_a, username="ketua.a", email="ketua@example.go.id")


@pytest.fixture
def anggota(instansi_a):
    return user_with_role(Role.KOMITE_ANGGOTA, instansi_a, username="anggota.a", email="")


@pytest.fixture
def ketua_b(instansi_b):
    return user_with_role(Role.KOMITE_KETUA, instansi_b, username="ketua.b", email="ketua.b@example.go.id")


def _kirim(instansi, penerima, **kwargs):
    with instansi_scope(instansi):
        return notifikasi_kirim(
            instansi=instansi,
            penerima=penerima,
            jenis=kwargs.pop("jenis", "komite.undangan"),
            judul=kwargs.pop("judul", "Undangan Sidang Komite Talenta"),
            isi=kwargs.pop("isi", "Sidang 12 Januari 2026 pukul 09.00."),
            tautan=kwargs.pop("tautan", "/komite/sidang/1/"),
            **kwargs,
        )


# --- sending ---------------------------------------------------------------------------------------


def test_kirim_puts_one_row_per_recipient_and_mails_only_addresses_after_commit(
    instansi_a, ketua, anggota, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = _kirim(instansi_a, [ketua, anggota, ketua])
    assert len(rows) == 2  # the same user twice gets one notification
    assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: the (eager) task sends
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ketua@example.go.id"]
    assert message.subject.endswith("Undangan Sidang Komite Talenta")
    assert "Sidang 12 Januari 2026" in message.body
    assert message.body.rstrip().endswith("/komite/sidang/1/")
    with scopes_disabled():
        terkirim = dict(Notifikasi.objects.values_list("penerima__username", "email_terkirim_pada"))
    assert terkirim["ketua.a"] is not None
    assert terkirim["anggota.a"] is None  # no address: nothing sent


def test_a_rollback_sends_nothing_and_leaves_no_row(instansi_a, ketua, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _kirim(instansi_a, [ketua])
        raise RuntimeError("the caller's transaction fails")
    assert mail.outbox == []
    with scopes_disabled():
        assert not Notifikasi.objects.exists()


def test_email_false_keeps_it_in_the_inbox_only(instansi_a, ketua, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _kirim(instansi_a, [ketua], email=False)
    assert callbacks == []
    assert mail.outbox == []


def test_a_user_of_another_instansi_is_never_a_recipient(instansi_a, ketua, ketua_b):
    with pytest.raises(ValueError):
        _kirim(instansi_a, [ketua, ketua_b])
    with scopes_disabled():
        assert not Notifikasi.objects.exists()


def test_the_task_body_is_idempotent(instansi_a, ketua):
    rows = _kirim(instansi_a, [ketua], email=False)
    ids = [row.pk for row in rows]
    with instansi_scope(instansi_a):
        assert notifikasi_email_kirim(instansi=instansi_a, notifikasi_ids=ids) == 1
        # A retried or redelivered task: the row is marked sent, nothing goes out twice.
        assert notifikasi_email_kirim(instansi=instansi_a, notifikasi_ids=ids) == 0
    assert len(mail.outbox) == 1


def test_the_task_does_not_reach_another_instansis_rows(instansi_a, instansi_b, ketua_b):
    rows = _kirim(instansi_b, [ketua_b], email=False)
    with instansi_scope(instansi_a):
        assert notifikasi_email_kirim(instansi=instansi_a, notifikasi_ids=[rows[0].pk]) == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("tautan", "expected"),
    [
        ("/komite/sidang/3/", "/komite/sidang/3/"),
        ("", ""),
        ("https://contoh.example/", ""),
        ("//contoh.example/x", ""),
        ("/\\contoh.example", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_only_internal_paths_are_followed(tautan, expected):
    assert tautan_internal(tautan) == expected


# --- the inbox page ---------------------------------------------------------------------------------


def test_inbox_lists_own_notifications_unread_marked(login, instansi_a, instansi_b, ketua, anggota, ketua_b):
    _kirim(instansi_a, [ketua], judul="Undangan sidang pertama", email=False)
    dibaca = _kirim(instansi_a, [ketua], judul="Sidang menunggu penetapan", email=False)[0]
    _kirim(instansi_a, [anggota], judul="Milik anggota lain", email=False)
    _kirim(instansi_b, [ketua_b], judul="Milik instansi lain", email=False)
    with scopes_disabled():
        Notifikasi.objects.filter(pk=dibaca.pk).update(dibaca_pada="2026-01-01T08:00:00Z")
    page = login(ketua).get("/notifikasi/").content.decode()
    assert "Undangan sidang pertama" in page
    assert "Sidang menunggu penetapan" in page
    assert "Milik anggota lain" not in page
    assert "Milik instansi lain" not in page
    assert "1 belum dibaca" in page
    assert page.count('class="notifikasi--baru"') == 1


def test_the_bell_shows_the_unread_count_with_one_query(login, instansi_a, ketua):
    _kirim(instansi_a, [ketua], email=False)
    _kirim(instansi_a, [ketua], email=False)
    client = login(ketua)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/komite/").content.decode()
    assert 'aria-label="Notifikasi: 2 belum dibaca"' in page
    hits = [q["sql"] for q in queries.captured_queries if '"notifikasi_notifikasi"' in q["sql"]]
    assert len(hits) == 1 and "COUNT" in hits[0].upper()


def test_a_national_user_has_an_empty_inbox(login, make_user):
    bkn = make_user(Role.BKN, username="bkn.inbox")
    client = login(bkn)
    response = client.get("/notifikasi/")
    assert response.status_code == 200
    assert "Belum ada notifikasi" in response.content.decode()
    assert client.post("/notifikasi/5/baca/").status_code == 302


def test_baca_marks_read_audits_and_follows_the_internal_link(login, instansi_a, ketua):
    row = _kirim(instansi_a, [ketua], tautan="/komite/anggota/", email=False)[0]
    response = login(ketua).post(f"/notifikasi/{row.pk}/baca/")
    assert response.status_code == 302
    assert response["Location"] == "/komite/anggota/"
    with scopes_disabled():
        row.refresh_from_db()
        assert row.dibaca_pada is not None
        assert AuditEvent.objects.filter(action="notifikasi.baca", target_id=str(row.pk)).count() == 1


def test_baca_never_sends_the_user_outside(login, instansi_a, ketua):
    row = _kirim(instansi_a, [ketua], tautan="https://contoh.example/phish", email=False)[0]
    response = login(ketua).post(f"/notifikasi/{row.pk}/baca/")
    assert response["Location"] == "/notifikasi/"


def test_baca_of_someone_elses_or_another_instansis_notification_is_404(
    login, instansi_a, instansi_b, ketua, anggota, ketua_b
):
    milik_anggota = _kirim(instansi_a, [anggota], email=False)[0]
    milik_b = _kirim(instansi_b, [ketua_b], email=False)[0]
    client = login(ketua)
    assert client.post(f"/notifikasi/{milik_anggota.pk}/baca/").status_code == 404
    assert client.post(f"/notifikasi/{milik_b.pk}/baca/").status_code == 404
    assert client.get(f"/notifikasi/{milik_anggota.pk}/baca/").status_code == 405
    with scopes_disabled():
        assert not Notifikasi.objects.filter(dibaca_pada__isnull=False).exists()


def test_baca_semua_marks_only_own(login, instansi_a, ketua, anggota):
    _kirim(instansi_a, [ketua], email=False)
    _kirim(instansi_a, [ketua], email=False)
    milik_anggota = _kirim(instansi_a, [anggota], email=False)[0]
    response = login(ketua).post("/notifikasi/baca-semua/")
    assert response.status_code == 302
    with scopes_disabled():
        assert not Notifikasi.objects.filter(penerima=ketua, dibaca_pada__isnull=True).exists()
        milik_anggota.refresh_from_db()
        assert milik_anggota.dibaca_pada is None


# --- the API -----------------------------------------------------------------------------------------


def test_api_lists_own_only_and_marks_read(api_login, instansi_a, instansi_b, ketua, anggota, ketua_b):
    own = _kirim(instansi_a, [ketua], judul="Punya ketua", email=False)[0]
    other = _kirim(instansi_a, [anggota], judul="Punya anggota", email=False)[0]
    foreign = _kirim(instansi_b, [ketua_b], judul="Punya B", email=False)[0]
    api = api_login(ketua)
    body = api.get("/api/v1/notifikasi/").json()
    assert [item["judul"] for item in body["results"]] == ["Punya ketua"]
    assert body["results"][0]["dibaca"] is False
    response = api.post(f"/api/v1/notifikasi/{own.pk}/baca/")
    assert response.status_code == 200 and response.json()["dibaca"] is True
    assert api.get("/api/v1/notifikasi/?belum_dibaca=1").json()["results"] == []
    assert api.post(f"/api/v1/notifikasi/{other.pk}/baca/").status_code == 404
    assert api.post(f"/api/v1/notifikasi/{foreign.pk}/baca/").status_code == 404
    with scopes_disabled():
        assert Notifikasi.objects.filter(dibaca_pada__isnull=False).count() == 1
