"""Reads of the accounts app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, User


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The owner's live API tokens, newest first (expired ones are not listed: they no longer work)."""
    now = timezone.now()
    return (
        ApiToken.objects.filter(user=user)
        .exclude(token__expiry__lt=now)
        .select_related("token")
        .order_by("-token__created")
    )


def api_token_get(*, user: User, kode) -> ApiToken | None:
    """One of the owner's tokens by its public id; another user's token is simply not found."""
    return ApiToken.objects.filter(user=user, kode=kode).select_related("token", "user").first()
