from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .services import LoginError, user_authenticate


class LoginForm(AuthenticationForm):
    """Username or NIP, password; throttled and audited through the accounts service."""

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
