"""A new password and deactivation revoke API tokens, on every path (the pages, the operator's admin,
a shell, a service): a password set, a user set inactive, a membership removed, an instansi set
inactive.

knox already refuses the token of an inactive user, but the token would work again the moment the
account is re-activated; and a user without a membership would keep a working token for the
endpoints every signed-in user may call. Revoking at the moment of deactivation closes both.
Bulk `QuerySet.update()` sends no signal: deactivate through the model (as the admin does).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from .models import User
from .services import api_token_revoke_all


@receiver(pre_save, sender=User, dispatch_uid="accounts_user_password_set_revokes_tokens")
def _user_password_set(sender, instance: User, raw=False, **kwargs):
    """A new password (the password page, the operator's reset in the admin, `changepassword`):
    `set_password` leaves the raw password on the instance until it is saved. A hash upgraded at
    sign-in (same password, new hasher) does not, and keeps the tokens."""
    if raw or instance.pk is None or getattr(instance, "_password", None) is None:
        return
    api_token_revoke_all(user=instance, actor=None, alasan="password_change")


@receiver(pre_save, sender=User, dispatch_uid="accounts_user_deactivated_revokes_tokens")
def _user_deactivated(sender, instance: User, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    if User.objects.filter(pk=instance.pk, is_active=True).exists():
        api_token_revoke_all(user=instance, actor=None, alasan="user_deactivated")


@receiver(
    post_delete, sender="instansi.Membership", dispatch_uid="accounts_membership_removed_revokes_tokens"
)
def _membership_removed(sender, instance, **kwargs):
    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None:
        api_token_revoke_all(user=user, actor=None, alasan="membership_removed")


@receiver(pre_save, sender="instansi.Instansi", dispatch_uid="accounts_instansi_deactivated_revokes_tokens")
def _instansi_deactivated(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None or instance.aktif:
        return
    if update_fields is not None and "aktif" not in update_fields:
        return
    if not sender.objects.filter(pk=instance.pk, aktif=True).exists():
        return
    # Through the user table (not a tenant model): the members of this instansi.
    for user in User.objects.filter(membership__instansi_id=instance.pk):
        api_token_revoke_all(user=user, actor=None, alasan="instansi_deactivated")
