"""Request context and tenant scope, set once at the edge of every request."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from pghistory.middleware import HistoryMiddleware
from rest_framework import exceptions as drf_exceptions
from rest_framework.settings import api_settings

from .actor import ANONYMOUS, Actor, actor_for_user
from .context import RequestContext, new_request_id, request_context_reset, request_context_set
from .http import client_address
from .roles import Role
from .tenancy import Lintas, instansi_scope, lintas_instansi

ADMIN_PREFIX = "/admin/"


class RequestContextMiddleware:
    """Gives every request an id (echoed as X-Request-ID) and exposes ip/user agent to services."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.META.get("HTTP_X_REQUEST_ID", "")[:64] or new_request_id()
        request.request_id = request_id
        token = request_context_set(
            RequestContext(
                request_id=request_id,
                ip_address=client_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
            )
        )
        try:
            response = self.get_response(request)
        finally:
            request_context_reset(token)
        response["X-Request-ID"] = request_id
        return response


def _api_token_user(request: HttpRequest):
    """The user of a `Authorization: Token ...` header, exactly as DRF will authenticate it (the
    first of REST_FRAMEWORK's authentication classes: the hashed, expiring API tokens)."""
    try:
        result = api_settings.DEFAULT_AUTHENTICATION_CLASSES[0]().authenticate(request)
    except drf_exceptions.AuthenticationFailed:
        return None
    return result[0] if result else None


def actor_for_request(request: HttpRequest) -> Actor:
    """Same precedence as REST_FRAMEWORK's authentication classes: API token, then session."""
    if request.path.startswith("/api/") and request.META.get("HTTP_AUTHORIZATION", "").startswith("Token "):
        return actor_for_user(_api_token_user(request))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return actor_for_user(user)
    return ANONYMOUS


class TenantScopeMiddleware:
    """Activates the actor's instansi around the view *and* the template rendering.

    The instansi comes only from the authenticated user's membership, never from the request.
    Without an instansi (anonymous, BKN, operator) no scope is active, so any tenant query raises.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor = actor_for_request(request)
        request.actor = actor
        if actor.role == Role.OPERATOR and request.path.startswith(ADMIN_PREFIX):
            # The platform operator's Django admin manages accounts and memberships of every
            # instansi. It registers no tenant data models (see apps/*/admin.py).
            with lintas_instansi(alasan=Lintas.ADMIN_PLATFORM):
                return self.get_response(request)
        if actor.instansi is None:
            return self.get_response(request)
        with instansi_scope(actor.instansi):
            response = self.get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response = response.render()
        return response


class HistoryContextMiddleware(HistoryMiddleware):
    """Row-history triggers record who changed what: the actor (session or API token, as the
    tenant middleware resolved it), the request id and the path, for every writing request."""

    def get_context(self, request):
        actor = getattr(request, "actor", ANONYMOUS)
        return {
            "user": actor.user.pk if actor.user is not None else None,
            "url": request.path,
            "request_id": getattr(request, "request_id", ""),
        }
