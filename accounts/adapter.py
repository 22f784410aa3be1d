from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.sites.models import Site

from common.timezones import canonical_zone

# What in allauth's mail context acts for the recipient: sign-in, confirmation and reset codes,
# the key inside confirmation and reset links, and those links whole. (The "account already
# exists" mail's password_reset_url is the public reset page: hiding it too costs nothing.)
SECRET_CONTEXT_KEYS = ("code", "key", "activate_url", "password_reset_url")


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Start new accounts in the browser's time zone (sent by static/js/timezone.js as a
        # cookie); the person confirms or changes it on the profile page right after sign-up.
        browser_zone = canonical_zone(request.COOKIES.get("tz"))
        if browser_zone:
            user.time_zone = browser_zone
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        """Account mail (sign-in codes, verification) goes through the outbox like every email, and
        is sent at once in this request: a code must not wait for a queue. Its codes and links
        are sealed: the secretariat reading the outbox must not be able to sign in as anyone."""
        from notifications.emails import RenderedEmail
        from notifications.enums import MailKind
        from notifications.services import outbox_message_new, outbox_send

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
        rendered = RenderedEmail(subject=message.subject, text=message.body, html=html)
        user = context.get("user")
        row = outbox_message_new(
            kind=MailKind.ACCOUNT,
            to_email=email,
            email=rendered,
            to_user=user if getattr(user, "pk", None) else None,
            secrets=[str(context[key]) for key in SECRET_CONTEXT_KEYS if context.get(key)],
        )
        row.save()
        outbox_send([row.pk])
