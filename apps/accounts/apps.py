from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - deactivation revokes API tokens
