"""What the programme does when a person closes their account (accounts/signals.py), connected in
ProgrammeConfig.ready()."""

from django.dispatch import receiver

from accounts.signals import account_closing

from .models import ProgrammeSelection


@receiver(account_closing, dispatch_uid="programme.forget_closed_account")
def forget_closed_account(sender, user, **kwargs) -> None:
    """Their own schedule (and so their personal feed's sessions) goes with them."""
    ProgrammeSelection.objects.filter(user=user).delete()
