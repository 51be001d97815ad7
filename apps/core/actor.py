"""Who is making a request: user, role and instansi, resolved once per request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.module_loading import import_string

from .roles import Role

if TYPE_CHECKING:
    from apps.accounts.models import User
    from apps.instansi.models import Instansi, Membership


@dataclass(frozen=True)
class Actor:
    user: User | None = None
    role: Role | None = None
    instansi: Instansi | None = None
    membership: Membership | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def is_national(self) -> bool:
        return self.role in (Role.BKN, Role.OPERATOR)


ANONYMOUS = Actor()


def actor_for_user(user: User | None) -> Actor:
    """Resolve role and instansi from the user's membership (never from request data).

    A superuser is the platform operator. A user with no membership, or whose instansi is
    deactivated, has no role: they can sign in but every page refuses them.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    membership = import_string(settings.TENANT_MEMBERSHIP_SELECTOR)(user=user)
    if membership is None:
        if user.is_superuser:
            return Actor(user=user, role=Role.OPERATOR)
        return Actor(user=user)
    if membership.instansi is not None and not membership.instansi.aktif:
        return Actor(user=user, membership=membership)
    return Actor(
        user=user,
        role=Role(membership.role),
        instansi=membership.instansi,
        membership=membership,
    )
