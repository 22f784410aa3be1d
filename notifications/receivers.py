"""What notifications does when a person closes their account (accounts/signals.py), connected
in NotificationsConfig.ready()."""

from django.dispatch import receiver

from accounts.models import closed_address
from accounts.signals import account_closing

from .services.forgetting import mail_forget


@receiver(account_closing, dispatch_uid="notifications.forget_closed_account_mail")
def forget_closed_account_mail(sender, user, **kwargs):
    """No mail waits for them any more; what was sent keeps no address or body."""
    return mail_forget(email=user.email, replacement=closed_address(user.pk), user=user)
