from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View

from .forms import LoginForm
from .services import bahasa_valid, user_bahasa_set, user_logout_record, user_password_changed_record


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
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

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
