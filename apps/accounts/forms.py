from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from .services import LoginError, user_authenticate, user_password_check


class LoginForm(AuthenticationForm):
    """Username or NIP, password; throttled (django-axes) and audited through the accounts service."""

    username = forms.CharField(
        label=_("Nama pengguna atau NIP"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            try:
                result = user_authenticate(request=self.request, identifier=username, password=password)
            except LoginError as error:
                raise forms.ValidationError(
                    error.message, code="locked" if error.locked else "invalid_login"
                ) from None
            self.user_cache = result.user
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's password change, whose old-password check goes through the sign-in throttle."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        try:
            user_password_check(request=self.request, user=self.user, password=old_password)
        except LoginError as error:
            if error.locked:
                raise forms.ValidationError(error.message, code="locked") from None
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            ) from None
        return old_password


class ApiTokenForm(forms.Form):
    nama = forms.CharField(
        label=_("Nama perangkat atau aplikasi"),
        max_length=64,
        help_text=_(
            "Misalnya “Skrip impor SKP” atau “Laptop kantor”. Nama yang sama mengganti token lamanya."
        ),
    )
