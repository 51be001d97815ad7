from django.contrib.auth.backends import ModelBackend

from .models import User


def normalize_identifier(identifier: str) -> str:
    """NIPs are often typed with spaces ("19860926 201505 1 001"); usernames are case-insensitive."""
    compact = "".join(identifier.split())
    if compact.isdigit() and len(compact) == 18:
        return compact
    return identifier.strip().lower()


def user_for_identifier(identifier: str) -> User | None:
    """The account a sign-in names: an 18-digit NIP / NI PPPK, else a username (any case)."""
    key = normalize_identifier(identifier)
    if key.isdigit() and len(key) == 18:
        return User.objects.filter(nip=key).first()
    return User.objects.filter(username__iexact=key).first()


class UsernameOrNipBackend(ModelBackend):
    """Signs a user in by username or by 18-digit NIP / NI PPPK."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = user_for_identifier(username)
        if user is None:
            # Same work as a real check, so timing does not tell which usernames exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
