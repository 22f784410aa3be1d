import re

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Announcement, NotificationPreferences, Subscription
from notifications.services.announcements import announcement_send
from tests.factories import MembershipFactory
from tests.support.mail import send_queued


def _send_all():
    send_queued()


def test_secretariat_writes_to_chosen_teams_and_a_duplicated_run_sends_nothing_twice(
    client, secretariat, team, other_team
):
    inside = MembershipFactory(team=team).user
    muted = MembershipFactory(team=team).user
    NotificationPreferences.objects.create(user=muted, reminder_offsets=[], announcements=False)
    outside = MembershipFactory(team=other_team).user
    client.force_login(secretariat)
    client.post(
        reverse("announcement_create"),
        {"subject": "First calls", "body": "Please <b>answer</b> the poll.", "teams": [team.pk]},
    )
    announcement = Announcement.objects.get()

    announcement_send(announcement.pk)
    announcement_send(announcement.pk)  # a retried task
    _send_all()

    assert [m.to[0] for m in mail.outbox] == [inside.email]
    assert outside.email not in {m.to[0] for m in mail.outbox} and muted.email not in {
        m.to[0] for m in mail.outbox
    }
    assert "Please &lt;b&gt;answer&lt;/b&gt; the poll." in mail.outbox[0].alternatives[0][0]


def test_facilitator_writes_only_to_their_own_team(client, team, other_team, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("announcement_create")).content.decode()
    assert team.area.name in page and other_team.area.name not in page and "Everyone" not in page

    response = client.post(
        reverse("announcement_create"), {"subject": "Hi", "body": "x", "teams": [other_team.pk]}
    )
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("announcement_create"),
        {"subject": "Hi", "body": "x", "to_everyone": "on", "teams": [team.pk]},
    )
    assert Announcement.objects.get().to_everyone is False  # the field does not exist for them


def test_members_of_other_teams_cannot_announce(client, team, mag):
    client.force_login(mag)
    assert client.get(reverse("announcement_create")).status_code == 403


def test_someone_without_an_account_subscribes_with_double_opt_in_and_unsubscribes(client, team, secretariat):
    client.post(
        reverse("team_subscribe", args=[team.cycle.year, team.slug]),
        {"name": "Dana Doe", "email": "Dana@Example.org"},
    )
    _send_all()
    subscription = Subscription.objects.get()
    assert subscription.email == "dana@example.org" and not subscription.is_active
    confirm_url = re.search(r"http://testserver(/subscriptions/\S+/confirm/)", mail.outbox[0].body).group(1)

    # Nothing goes to an unconfirmed address.
    announcement = Announcement.objects.create(author=secretariat, subject="News", body="b", to_everyone=True)
    announcement_send(announcement.pk)
    _send_all()
    assert [m.to[0] for m in mail.outbox].count("dana@example.org") == 1

    assert client.get(confirm_url).status_code == 200  # a link scanner's GET confirms nothing
    client.post(confirm_url)
    subscription.refresh_from_db()
    assert subscription.is_active

    second = Announcement.objects.create(author=secretariat, subject="More news", body="b", to_everyone=True)
    announcement_send(second.pk)
    _send_all()
    news = mail.outbox[-1]
    assert news.to == ["dana@example.org"] and news.subject == "[IGF MAG] More news"
    unsubscribe = news.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
    client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_a_bad_subscription_address_is_explained_on_the_team_page(client, team):
    page = client.post(
        reverse("team_subscribe", args=[team.cycle.year, team.slug]),
        {"name": "X", "email": "not-an-email"},
        follow=True,
    ).content.decode()
    assert "Your email: Enter a valid email address." in page
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("token_kind", ["confirm", "unsubscribe"])
def test_unknown_subscription_links_give_404(client, db, token_kind):
    assert client.get(f"/subscriptions/nope/{token_kind}/").status_code == 404


def test_the_public_subscribe_form_is_rate_limited_per_network(client, team):
    url = reverse("team_subscribe", args=[team.cycle.year, team.slug])
    for i in range(10):
        client.post(url, {"name": "N", "email": f"n{i}@example.org"})
    page = client.post(url, {"name": "N", "email": "eleventh@example.org"}, follow=True).content.decode()
    assert "Too many subscription requests" in page
    assert Subscription.objects.count() == 10
