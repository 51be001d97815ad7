"""How an API test gets a token for a user: the one place to change when the token model changes."""

from __future__ import annotations

from rest_framework.authtoken.models import Token


def token_for(user) -> str:
    """A working API token for `user`, as `POST /api/v1/auth/token/` would issue it."""
    token, _created = Token.objects.get_or_create(user=user)
    return token.key
