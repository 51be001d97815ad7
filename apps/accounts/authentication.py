"""API token authentication: django-rest-knox's (hashed, expiring tokens) plus when it was last used.

The tenant middleware authenticates the token once to find the actor, and DRF again inside the
view: the result is kept on the request, so the token is hashed and looked up once per request.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication

# "Last used" is written at most this often per token (a busy script must not write every call).
LAST_USED_RESOLUTION = timedelta(minutes=1)
_MEMO = "_talenta_api_token_auth"


class ApiTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        django_request = getattr(request, "_request", request)
        header = django_request.META.get("HTTP_AUTHORIZATION", "")
        memo = getattr(django_request, _MEMO, None)
        if memo is not None and memo[0] == header:
            return memo[1]
        result = super().authenticate(request)
        setattr(django_request, _MEMO, (header, result))
        return result

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        from .models import ApiToken

        now = timezone.now()
        ApiToken.objects.filter(token_id=token.pk).exclude(
            terakhir_dipakai__gt=now - LAST_USED_RESOLUTION
        ).update(terakhir_dipakai=now)
        return user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The API schema's security scheme: `Authorization: Token <token>` (the name DRF's token
    scheme had, so clients of the schema see no change)."""

    target_class = "apps.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )
