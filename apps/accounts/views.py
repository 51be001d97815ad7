from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from apps.core.views import form_add_service_errors

from .forms import ApiTokenForm, LoginForm, ThrottledPasswordChangeForm
from .selectors import api_token_get, api_token_list
from .services import (
    api_token_create,
    api_token_revoke,
    api_token_revoke_all,
    bahasa_valid,
    lockout_message,
    user_bahasa_set,
    user_logout_record,
    user_password_changed_record,
)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: what a locked sign-in (page, API token, password change) gets back.

    The API answers JSON 429 with a `detail` like every API error and a Retry-After; a page gets
    the Indonesian lockout page, also 429. Neither says whether the account exists."""
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        response = render(request, "accounts/lockout.html", {"pesan": lockout_message()}, status=429)
    response["Retry-After"] = retry_after
    response["Cache-Control"] = "no-store"
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # English chosen on the sign-in page is the person's choice: remember it on the account.
        user = form.get_user()
        cookie = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not user.bahasa and bahasa_valid(cookie):
            user_bahasa_set(user=user, bahasa=cookie)
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link cannot sign anyone out."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            user_logout_record(user=request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """The old password is checked under the sign-in throttle; a change revokes every API token."""

    template_name = "accounts/password_change.html"
    form_class = ThrottledPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_changed_record(user=self.request.user)
        messages.success(self.request, _("Kata sandi Anda telah diganti."))
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def _bahasa_cookie_set(response, bahasa: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        bahasa,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class BahasaView(View):
    """POST /i18n/setlang/ (the language switch in the footer, name `set_language` as Django's):
    stores the choice on the signed-in user and in a cookie (for the sign-in page after signing
    out), then goes back to `next`. An unknown language changes nothing."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        next_url = request.POST.get("next") or request.headers.get("referer") or "/"
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = "/"
        response = HttpResponseRedirect(next_url)
        bahasa = request.POST.get("language", "")
        if bahasa_valid(bahasa):
            if request.user.is_authenticated:
                user_bahasa_set(user=request.user, bahasa=bahasa)
            _bahasa_cookie_set(response, bahasa)
        return response


@method_decorator(never_cache, name="dispatch")
class ApiTokenView(LoginRequiredMixin, View):
    """/akun/token/: the signed-in user's API tokens — list, create (shown once), revoke.

    Every signed-in user may hold tokens (the API answers by their role); only their own are ever
    listed or revoked here. The new token's text is in the answer to the POST only (no redirect,
    no session, no-store): it cannot be shown again."""

    template_name = "accounts/api_token.html"

    def _render(self, request, *, form, baru=None, status=200):
        context = {
            "form": form,
            "tokens": api_token_list(user=request.user),
            "baru": baru,
            "ttl_hari": settings.ACCOUNTS_TOKEN_TTL_DAYS,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, form=ApiTokenForm())

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                baru = api_token_create(user=request.user, nama=form.cleaned_data["nama"])
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                return self._render(request, form=ApiTokenForm(), baru=baru)
        return self._render(request, form=form, status=400)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, kode):
        info = api_token_get(user=request.user, kode=kode)
        if info is None:
            raise Http404
        api_token_revoke(info=info, actor=request.user)
        messages.success(request, _("Token “%(nama)s” dicabut.") % {"nama": info.nama})
        return HttpResponseRedirect(reverse("accounts:api_token"))


class ApiTokenRevokeAllView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        count = api_token_revoke_all(user=request.user, actor=request.user, alasan="revoked_all")
        messages.success(request, _("%(n)d token dicabut.") % {"n": count})
        return HttpResponseRedirect(reverse("accounts:api_token"))
