"""How an API test gets a token for a user: the one place to change when the token model changes."""

from __future__ import annotations

from apps.accounts.services import api_token_create


def token_for(user, *, nama: str = "tes") -> str:
    """A working API token for `user`, issued as `POST /api/v1/auth/token/` issues it (knox: only
    its hash is stored; the plaintext exists here once)."""
    return api_token_create(user=user, nama=nama).plaintext
