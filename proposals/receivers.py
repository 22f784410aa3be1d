"""What proposals does when a person's account is deleted or closed, connected in
ProposalsConfig.ready(). Accounts sends no signal of its own for a deletion: a User row deleted (the
admin's way) is the deletion. A closing (accounts.closing) sends `account_closing`."""

from django.conf import settings
from django.db.models.signals import post_delete
from django.dispatch import receiver

from accounts.signals import account_closing
from common.versions import version_bump

from .services import panelists_forget_address


@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="proposals.forget_deleted_address")
def forget_deleted_address(sender, instance, **kwargs) -> None:
    """Their address leaves every panel they are on (inside the deletion's transaction)."""
    panelists_forget_address(instance.email)


# --- Closing an account (issue 17) ---


@receiver(account_closing, dispatch_uid="proposals.forget_closed_account")
def forget_closed_account(sender, user, **kwargs) -> None:
    """As for a deleted account: their address leaves every panel; they edit no proposal any more."""
    panelists_forget_address(user.email)
    user.proposals_edited.clear()
    version_bump("proposals")


# --- end of closing an account ---
