"""allauth's account mail (sign-in codes, email confirmations, password resets) through the one
path every email takes. accounts sits below notifications and cannot send through it, so the
adapter that settings name (ACCOUNT_ADAPTER) is this subclass of accounts' own."""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.sites.models import Site

from accounts.adapter import AccountAdapter as AccountsAdapter

from . import ledger_keys
from .emails import RenderedEmail
from .services.notices import account_notice_for, notice_send_now

# What in allauth's mail context acts for the recipient: sign-in, confirmation and reset codes,
# the key inside confirmation and reset links, and those links whole. (The "account already
# exists" mail's password_reset_url is the public reset page: hiding it too costs nothing.)
SECRET_CONTEXT_KEYS = ("code", "key", "activate_url", "password_reset_url")


class AccountAdapter(AccountsAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account mail goes through the ledger and the outbox like every email, and is sent at
        once in this request: a code must not wait for a queue. Its codes and links are sealed:
        the secretariat reading the outbox must not be able to sign in as anyone."""
        # allauth's own send_mail adds the site; without it its emails said "Hello from !". The
        # name and address come from the settings every other email uses.
        site_url = settings.IGFMAG_SITE_URL.rstrip("/")
        context = {
            "email": email,
            "site_name": settings.IGFMAG_SITE_NAME,
            "site_url": site_url,
            "current_site": Site(domain=urlparse(site_url).netloc, name=settings.IGFMAG_SITE_NAME),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        user = context.get("user")
        notice_send_now(
            account_notice_for(
                key=ledger_keys.account_mail(),
                email=RenderedEmail(subject=message.subject, text=message.body, html=html),
                to_email=email,
                user=user if getattr(user, "pk", None) else None,
                secrets=[str(context[key]) for key in SECRET_CONTEXT_KEYS if context.get(key)],
            )
        )
