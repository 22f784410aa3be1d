"""Each person's email is in their own language: one announcement to a team reaches a French, a
Russian, an Arabic and an English reader, each in theirs (the secretariat wrote it once)."""

from django.core import mail
from django.utils import translation

from notifications.services.announcements import announcement_create, announcement_send
from tests.factories import MembershipFactory, UserFactory
from tests.support.mail import send_queued

SIGNATURE = "sent by %(name)s through %(site)s"


def _signature_start(language: str) -> str:
    """The words of the signature line before the author's name, as the language's catalogue has them."""
    with translation.override(language):
        return translation.gettext(SIGNATURE).split("%(")[0].strip()


def test_one_announcement_reaches_each_member_in_their_own_language(secretariat, team):
    readers = {
        language: MembershipFactory(team=team, user=UserFactory(language=language)).user
        for language in ["fr", "ru", "ar", "en"]
    }
    announcement = announcement_create(
        author=secretariat,
        subject="First calls",
        body="Please answer the poll.",
        teams=[team],
        to_everyone=False,
    )
    announcement_send(announcement.pk)
    send_queued()

    by_address = {message.to[0]: message for message in mail.outbox}
    for language, reader in readers.items():
        text = by_address[reader.email].body
        assert _signature_start(language) in text, (language, text)
    # The translations are not the English words.
    assert len({_signature_start(language) for language in readers}) == len(readers)
