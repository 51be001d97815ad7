"""The interface language of a request: Bahasa Indonesia unless the person chose English.

Replaces Django's LocaleMiddleware, which follows the browser's Accept-Language: a BKD clerk whose
browser happens to be set to English would get an English Talenta they never asked for. The order
is: the language stored on the signed-in user (their choice, in every browser), else the language
cookie the switch sets (anonymous pages such as the sign-in page), else settings.LANGUAGE_CODE.
API calls with a token carry no session user here: they follow the cookie or the default.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .services import bahasa_valid


def bahasa_untuk_request(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and bahasa_valid(user.bahasa):
        return user.bahasa
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if bahasa_valid(cookie):
        return cookie
    return settings.LANGUAGE_CODE


class BahasaMiddleware:
    """Activates the request's language, right after AuthenticationMiddleware (the session user is
    loaded once per request anyway: reading `bahasa` costs no query). Like LocaleMiddleware it
    leaves the language active for the rest of the request, because outer middleware renders
    template responses after the view returns; every request activates its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bahasa = bahasa_untuk_request(request)
        translation.activate(bahasa)
        request.LANGUAGE_CODE = bahasa
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", bahasa)
        return response
