"""Sign-in throttling on django-axes: the two places where Talenta's policy differs from axes' own.

The policy (docs/security.md section 2): a failed sign-in counts against the pair (account,
address) and against the address. The pair locks after AXES_FAILURE_LIMIT failures; the address
alone after ACCOUNTS_ADDRESS_FAILURE_FACTOR times as many, because an office behind one NAT
address has many honest users. The account alone never locks: whoever guesses from elsewhere
locks only their own address, never the account's owner. A success clears the failures of that
account from that address only — a success with one's own account must not wipe the failures
one's address piled up against other accounts.

axes applies one AXES_FAILURE_LIMIT to every lockout parameter and, on success, deletes the
records of every parameter (the whole address): `AddressAxesHandler` scales the address count and
narrows the reset. Everything else — recording, the cool-off, the lockout signal, the records in
PostgreSQL — is axes' database handler as shipped.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

from .backends import normalize_identifier, user_for_identifier


def axes_username(request, credentials: dict | None) -> str | None:
    """The name failures are counted under: the account's username whichever of username or NIP,
    in whatever case, was typed (both name the same account); else the normalised text typed."""
    typed = None
    if credentials:
        typed = credentials.get("username")
    if typed is None and request is not None:
        data = getattr(request, "data", None) or request.POST
        typed = data.get("username")
    if not typed:
        return typed
    account = user_for_identifier(typed)
    return account.username if account is not None else normalize_identifier(typed)[:150]


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures that count, in units of AXES_FAILURE_LIMIT: the pair's own, and the
        address's divided by the address factor (so the address locks at factor × limit)."""
        factor = max(1, settings.ACCOUNTS_ADDRESS_FAILURE_FACTOR)
        counts = []
        for attempts, parameter in zip(
            self.get_user_attempts(request, credentials), settings.AXES_LOCKOUT_PARAMETERS, strict=True
        ):
            failures = _failures(attempts)
            counts.append(failures // factor if parameter == "ip_address" else failures)
        return max(counts, default=0)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """On success: only this account's failures from this address."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count
