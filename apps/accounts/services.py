"""Sign-in, sign-out, password changes, API tokens and the chosen interface language, each audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from apps.core.actor import actor_for_user
from apps.core.services import audit_event_record

from .backends import normalize_identifier, user_for_identifier
from .models import ApiToken, User


def _attempt_audit(*, action: str, identifier: str, account: User | None) -> None:
    """A refused sign-in on an existing account goes to that account's instansi trail too."""
    audit_event_record(
        action=action,
        instansi=actor_for_user(account).instansi if account is not None else None,
        actor=None,
        actor_label=normalize_identifier(identifier)[:150],
        target=account,
    )


class LoginError(Exception):
    """A sign-in refused, with the message to show."""

    def __init__(self, message: str, *, locked: bool = False):
        super().__init__(message)
        self.message = message
        self.locked = locked


@dataclass(frozen=True)
class LoginResult:
    user: User


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(menit)d menit.") % {
        "menit": minutes
    }


def _axes_locked(*, request, identifier: str) -> bool:
    """Whether django-axes refuses this address or (account, address) pair right now; marks the
    request so that AxesMiddleware answers with the lockout page (or JSON 429 on the API)."""
    credentials = get_credentials(identifier)
    if AxesProxyHandler.is_allowed(request, credentials):
        return False
    request.axes_locked_out = True
    request.axes_credentials = credentials
    return True


def _axes_success(*, request, identifier: str) -> None:
    """A success clears the account's failures from this address (the API token endpoint does not
    call login(), so axes' own user_logged_in reset is not enough)."""
    if settings.AXES_ENABLED:
        AxesProxyHandler.update_request(request)
        AxesProxyHandler.get_implementation().reset_user_attempts(request, get_credentials(identifier))


def user_authenticate(*, request, identifier: str, password: str) -> LoginResult:
    """Check credentials under django-axes' throttle; audit success, failure and lockout.

    A locked address or (account, address) pair is refused before the password is checked
    (auth.login_locked); a wrong password is recorded by axes (through Django's user_login_failed
    signal) and audited (auth.login_failed); the failure that reaches the limit also writes
    auth.lockout. Who is locked, and for how long: apps/accounts/throttle.py.
    """
    account = user_for_identifier(identifier)
    if _axes_locked(request=request, identifier=identifier):
        _attempt_audit(action="auth.login_locked", identifier=identifier, account=account)
        raise LoginError(lockout_message(), locked=True)
    user = authenticate(request, username=identifier, password=password)
    if user is None:
        _attempt_audit(action="auth.login_failed", identifier=identifier, account=account)
        if getattr(request, "axes_locked_out", False):
            _attempt_audit(action="auth.lockout", identifier=identifier, account=account)
            raise LoginError(lockout_message(), locked=True)
        raise LoginError(_("Nama pengguna/NIP atau kata sandi salah. Perhatikan huruf besar dan kecil."))
    _axes_success(request=request, identifier=identifier)
    audit_event_record(action="auth.login", instansi=actor_for_user(user).instansi, actor=user)
    return LoginResult(user=user)


def user_password_check(*, request, user: User, password: str) -> None:
    """The current password, asked again before a change: checked through the same throttle as a
    sign-in (the same (account, address) and address counters), so a stolen session cannot be
    used to guess the password. Raises LoginError; a wrong password is audited
    (auth.password_change_failed), as is a lockout."""
    identifier = user.get_username()
    instansi = actor_for_user(user).instansi
    if _axes_locked(request=request, identifier=identifier):
        audit_event_record(action="auth.password_change_locked", instansi=instansi, actor=user, target=user)
        raise LoginError(lockout_message(), locked=True)
    checked = authenticate(request, username=identifier, password=password)
    if checked is None or checked.pk != user.pk:
        audit_event_record(action="auth.password_change_failed", instansi=instansi, actor=user, target=user)
        if getattr(request, "axes_locked_out", False):
            audit_event_record(action="auth.lockout", instansi=instansi, actor=user, target=user)
            raise LoginError(lockout_message(), locked=True)
        raise LoginError(_("Sandi lama Anda yang dimasukkan salah. Silakan masukkan lagi."))
    _axes_success(request=request, identifier=identifier)


def user_logout_record(*, user: User) -> None:
    audit_event_record(action="auth.logout", instansi=actor_for_user(user).instansi, actor=user)


@transaction.atomic
def user_password_changed_record(*, user: User) -> None:
    """After a password change: every API token of the user is revoked (a token minted with the
    old password must not outlive it; apps/accounts/signals.py does it already on save, for every
    path that sets a password), and the change is audited."""
    api_token_revoke_all(user=user, actor=user, alasan="password_change")
    audit_event_record(action="auth.password_change", instansi=actor_for_user(user).instansi, actor=user)


# --- API tokens (django-rest-knox; docs/security.md section 2) ------------------------------------


@dataclass(frozen=True)
class CreatedToken:
    """A token just made: `plaintext` is shown to its owner once and never stored."""

    info: ApiToken
    plaintext: str


def _token_audit(*, action: str, info: ApiToken, actor: User | None, alasan: str = "") -> None:
    values = {"nama": info.nama, "kode": str(info.kode)}
    if alasan:
        values["alasan"] = alasan
    audit_event_record(
        action=action,
        instansi=actor_for_user(info.user).instansi,
        actor=actor,
        target=info.user,
        new_values=values,
    )


@transaction.atomic
def api_token_create(*, user: User, nama: str, actor: User | None = None) -> CreatedToken:
    """A new API token for `user`'s device `nama`, expiring after ACCOUNTS_TOKEN_TTL_DAYS.

    One token per name: a token of the same name is revoked first (the device gets a new one).
    At most ACCOUNTS_TOKEN_MAX_PER_USER live tokens; expired ones are removed first.
    """
    nama = " ".join((nama or "").split())[:64]
    if not nama:
        raise ValidationError({"nama": _("Beri nama perangkat atau aplikasi untuk token ini.")})
    User.objects.select_for_update().filter(pk=user.pk).first()  # one creation per user at a time
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    lama = ApiToken.objects.filter(user=user, nama=nama).select_related("user").first()
    if lama is not None:
        api_token_revoke(info=lama, actor=actor or user, alasan="replaced")
    if ApiToken.objects.filter(user=user).count() >= settings.ACCOUNTS_TOKEN_MAX_PER_USER:
        raise ValidationError(
            {
                "nama": _("Sudah ada %(n)d token aktif. Cabut token yang tidak dipakai lagi.")
                % {"n": settings.ACCOUNTS_TOKEN_MAX_PER_USER}
            }
        )
    token, plaintext = AuthToken.objects.create(
        user=user, expiry=timedelta(days=settings.ACCOUNTS_TOKEN_TTL_DAYS)
    )
    info = ApiToken.objects.create(token=token, user=user, nama=nama)
    _token_audit(action="auth.token_create", info=info, actor=actor or user)
    return CreatedToken(info=info, plaintext=plaintext)


@transaction.atomic
def api_token_revoke(*, info: ApiToken, actor: User | None, alasan: str = "revoked") -> None:
    """Revoke one token (its row goes; a request that presents it afterwards gets 401)."""
    _token_audit(action="auth.token_revoke", info=info, actor=actor, alasan=alasan)
    AuthToken.objects.filter(pk=info.token_id).delete()


@transaction.atomic
def api_token_revoke_all(*, user: User, actor: User | None, alasan: str) -> int:
    """Revoke every API token of `user` (password change, deactivation, "cabut semua")."""
    count = 0
    for info in ApiToken.objects.filter(user=user).select_related("user"):
        api_token_revoke(info=info, actor=actor, alasan=alasan)
        count += 1
    # Tokens without a row here (made outside these services) go too.
    AuthToken.objects.filter(user=user).delete()
    return count


def bahasa_valid(kode: str | None) -> bool:
    """Whether `kode` is one of the interface languages (settings.LANGUAGES)."""
    return bool(kode) and kode in {code for code, _name in settings.LANGUAGES}


@transaction.atomic
def user_bahasa_set(*, user: User, bahasa: str) -> User:
    """Remember the interface language the person chose (it follows them to every browser)."""
    if not bahasa_valid(bahasa):
        raise ValidationError({"bahasa": _("Pilih Bahasa Indonesia atau English.")})
    if user.bahasa == bahasa:
        return user
    lama = user.bahasa
    user.bahasa = bahasa
    user.save(update_fields=["bahasa"])
    audit_event_record(
        action="auth.bahasa",
        instansi=actor_for_user(user).instansi,
        actor=user,
        target=user,
        old_values={"bahasa": lama},
        new_values={"bahasa": bahasa},
    )
    return user


def api_token_expired_purge() -> int:
    """Delete every expired API token (knox removes one only when it is presented again, or its
    user's other tokens are used). Expired tokens authenticate nothing; this keeps the table and the
    owners' lists to live tokens. Run daily by beat."""
    count, _ = AuthToken.objects.filter(expiry__lt=timezone.now()).delete()
    return count
