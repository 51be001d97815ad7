"""Response headers that keep personal data out of caches (docs/security.md, section 3)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in user and on every API
    answer: neither the browser (a shared office computer, the back button after sign-out) nor a
    proxy keeps a copy of a page or a download with personal data. Static files never reach this
    middleware (WhiteNoise answers them above it), so they stay cacheable; pages for anonymous
    visitors (sign-in, error pages) hold no personal data and keep the defaults.

    The user is read after the view: a sign-in's answer is covered, a sign-out's is too (the
    request was a signed-in one until the view ran)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in_before = bool(user is not None and user.is_authenticated)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in_after = bool(user is not None and user.is_authenticated)
        if signed_in_before or signed_in_after or request.path_info.startswith(API_PREFIX):
            # Replaces whatever a view set (a max-age would only suggest keeping a copy).
            response.headers["Cache-Control"] = "private, no-store"
        return response
