"""Sign-in, sign-out, password changes and the chosen interface language, each audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.actor import actor_for_user
from apps.core.context import request_context_get
from apps.core.services import audit_event_record

from .backends import normalize_identifier, user_for_identifier
from .models import User
from .throttle import login_failure_register, login_is_locked, login_success_register


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


def user_authenticate(*, request, identifier: str, password: str) -> LoginResult:
    """Check credentials under the brute-force throttle; audit success, failure and lockout."""
    account = user_for_identifier(identifier)
    # One counter per account, whether it is named by username or by NIP.
    key = f"user:{account.pk}" if account is not None else f"text:{normalize_identifier(identifier)}"
    ctx = request_context_get()
    ip_address = ctx.ip_address if ctx else None
    if login_is_locked(identifier=key, ip_address=ip_address):
        _attempt_audit(action="auth.login_locked", identifier=identifier, account=account)
        raise LoginError(
            _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit."), locked=True
        )
    user = authenticate(request, username=identifier, password=password)
    if user is None:
        login_failure_register(identifier=key, ip_address=ip_address)
        _attempt_audit(action="auth.login_failed", identifier=identifier, account=account)
        raise LoginError(_("Nama pengguna/NIP atau kata sandi salah. Perhatikan huruf besar dan kecil."))
    login_success_register(identifier=key)
    audit_event_record(action="auth.login", instansi=actor_for_user(user).instansi, actor=user)
    return LoginResult(user=user)


def user_logout_record(*, user: User) -> None:
    audit_event_record(action="auth.logout", instansi=actor_for_user(user).instansi, actor=user)


def user_password_changed_record(*, user: User) -> None:
    audit_event_record(action="auth.password_change", instansi=actor_for_user(user).instansi, actor=user)


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
