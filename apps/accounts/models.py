from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

# The interface languages (settings.LANGUAGES says the same; the catalog of "en" is locale/en).
BAHASA_PILIHAN = [("id", "Bahasa Indonesia"), ("en", "English")]


class User(AbstractUser):
    """A person who signs in. Their instansi and role live in `instansi.Membership`.

    `nip` lets civil servants sign in with their NIP / NI PPPK. It is kept as text (never a number)
    and is unique nationally; it may change (BKN corrections, PPPK moving instansi), which is why it
    is not the key.
    """

    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True, null=True, blank=True)
    # The interface language this person chose ("" = never chose: Bahasa Indonesia, or the
    # language cookie of the browser). The browser's Accept-Language is never consulted.
    bahasa = models.CharField(
        _("bahasa tampilan"), max_length=8, choices=BAHASA_PILIHAN, blank=True, default=""
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
