"""What proposals does when a person's account is deleted, connected in ProposalsConfig.ready().
Accounts sends no signal of its own for it: a User row deleted (the admin's way) is the deletion."""

from django.conf import settings
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .services import panelists_forget_address


@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="proposals.forget_deleted_address")
def forget_deleted_address(sender, instance, **kwargs) -> None:
    """Their address leaves every panel they are on (inside the deletion's transaction)."""
    panelists_forget_address(instance.email)
