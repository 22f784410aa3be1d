"""Each person's email is in their own language: a member's in their profile's, a guest's in the
language of the page they answered on (before that, the inviter's), a follower's in that of the
page they signed up on."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications.models import Subscription
from notifications.services.announcements import announcement_create, announcement_send, subscription_confirm
from schedule.models import Invitee
from schedule.services import meetings, poll_mail, polls
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


def _stop_line(language: str) -> str:
    """The line every email to a guest ends with, in `language`."""
    with translation.override(language):
        return translation.gettext("Stop all email to this address:")


def _newest_to(address):
    send_queued()
    return [message for message in mail.outbox if message.to == [address]][-1]


def test_a_guest_reads_in_the_inviters_language_until_they_answer_on_a_page_in_their_own(
    client, now, team, facilitator
):
    with translation.override("ru"):  # the facilitator works in Russian
        poll = polls.poll_create(
            actor=facilitator,
            team=team,
            title="First call",
            deadline=now + timedelta(days=1),
            slots=[now + timedelta(days=3)],
            guests=["guest@example.org"],
        )
    poll_mail.poll_invitations_send(poll.pk)
    assert _stop_line("ru") in _newest_to("guest@example.org").body

    guest = Invitee.objects.get(poll=poll, email="guest@example.org")
    client.post(
        reverse("schedule:poll_guest", args=[guest.token]),
        {f"slot_{poll.slots.get().pk}": "yes", "name": "Gaëlle", "time_zone": "Europe/Paris"},
        HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9",
    )
    assert Invitee.objects.get(pk=guest.pk).answered_at is not None
    assert Invitee.objects.get(pk=guest.pk).guest_language == "fr"

    meeting = meetings.meeting_create_from_slot(actor=facilitator, poll=poll, slot=poll.slots.get())
    meetings.meeting_notices_send(meeting.pk)
    invitation = _newest_to("guest@example.org")
    assert _stop_line("fr") in invitation.body and _stop_line("ru") not in invitation.body


def test_a_follower_reads_in_the_language_of_the_page_they_signed_up_on(client, team, secretariat):
    client.post(
        reverse("team_subscribe", args=[team.cycle.year, team.slug]),
        {"name": "Dana Doe", "email": "dana@example.org"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert _stop_line("es") in _newest_to("dana@example.org").body
    subscription = Subscription.objects.get(email="dana@example.org")
    subscription_confirm(subscription=subscription)

    announcement = announcement_create(
        author=secretariat, subject="News", body="Hello.", teams=[team], to_everyone=False
    )
    announcement_send(announcement.pk)
    news = _newest_to("dana@example.org")
    assert news.subject.endswith("News") and _signature_start("es") in news.body


def test_the_teams_name_is_in_the_readers_language_on_the_poll_page_and_in_its_emails(
    client, now, team, facilitator, django_capture_on_commit_callbacks
):
    original = team.area.name
    with django_capture_on_commit_callbacks(execute=True):
        team.area.translations = {"fr": {"name": "Équipe d'essai"}}
        team.area.save()
    french = MembershipFactory(team=team, user=UserFactory(language="fr")).user
    russian = MembershipFactory(team=team, user=UserFactory(language="ru")).user
    with django_capture_on_commit_callbacks(execute=True):
        poll = polls.poll_create(
            actor=facilitator,
            team=team,
            title="First call",
            deadline=now + timedelta(days=1),
            slots=[now + timedelta(days=3)],
        )
    poll_mail.poll_invitations_send(poll.pk)

    assert "Équipe d'essai" in _newest_to(french.email).subject
    # No Russian name: the original, as it was written.
    assert original in _newest_to(russian.email).subject
    client.force_login(french)
    assert "Équipe d&#x27;essai" in client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    client.force_login(russian)
    page = client.get(reverse("schedule:poll", args=[poll.pk])).content.decode()
    assert f'<span lang="en" dir="ltr">{original}</span>' in page
