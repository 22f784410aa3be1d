"""The outbox and announcement pages at any size: keyed pages of a fixed size, links that keep the
filter, bad paging parameters answered with the newest page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.enums import MailKind, OutboxStatus
from notifications.models import Announcement, OutboxMessage
from notifications.views import ANNOUNCEMENTS_PAGE, OUTBOX_PAGE
from tests.factories import IssueTeamFactory, MembershipFactory
from tests.support.sizes import assert_html_does_not_grow


def _messages(n, *, status=OutboxStatus.SENT, start=0):
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind=MailKind.ANNOUNCEMENT,
            to_email=f"person{start + i}@example.org",
            subject=f"Message {start + i}",
            body_text="Hello",
            status=status,
            created_at=now - timedelta(minutes=start + i),
        )
        for i in range(n)
    )


def test_the_outbox_shows_one_page_and_does_not_grow(client, secretariat):
    client.force_login(secretariat)
    _messages(60)
    assert_html_does_not_grow(client, reverse("outbox"), lambda: _messages(500, start=60))
    page = client.get(reverse("outbox")).content.decode()
    last = OUTBOX_PAGE - 1
    assert "Message 0<" in page and f"Message {last}<" in page and f"Message {last + 1}<" not in page
    assert "Older" in page and "Page 1 of" not in page
    assert ">Announcement<" in page and ">Sent<" in page  # each row's kind and status, in words


def test_the_outbox_walks_to_older_mail_and_keeps_the_status_filter(client, secretariat):
    client.force_login(secretariat)
    _messages(30, status=OutboxStatus.FAILED)
    _messages(OUTBOX_PAGE + 10, start=30)
    first = client.get(reverse("outbox"), {"status": "sent"})
    assert "Message 30<" in first.content.decode() and "Message 0<" not in first.content.decode()
    older_link = first.context["page"].older_url
    assert older_link.startswith("?status=sent&older=")
    older = client.get(reverse("outbox") + older_link).content.decode()
    assert (
        f"Message {OUTBOX_PAGE + 39}<" in older and "Message 30<" not in older and "Message 0<" not in older
    )


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        f"?page={10**20}",
        "?older=abc",
        "?newer=-1_-1",
        f"?older={10**25}_1",
        "?status=nonsense&older=1_x",
    ],
)
def test_bad_paging_parameters_get_the_newest_page(client, secretariat, query):
    client.force_login(secretariat)
    _messages(3)
    for name in ("outbox", "announcements"):
        assert client.get(reverse(name) + query).status_code == 200
    assert "Message 0<" in client.get(reverse("outbox") + query).content.decode()


def _announcements(author, teams, n, *, to_everyone=False, start=0):
    now = timezone.now()
    made = Announcement.objects.bulk_create(
        Announcement(
            author=author,
            subject=f"News {start + i}",
            body="Body",
            to_everyone=to_everyone,
            created_at=now - timedelta(hours=start + i),
        )
        for i in range(n)
    )
    through = Announcement.teams.through
    through.objects.bulk_create(through(announcement=a, issueteam=t) for a in made for t in teams)


def test_announcements_are_paged_and_name_a_few_teams_each(client, secretariat, cycle):
    teams = [IssueTeamFactory(cycle=cycle) for _ in range(8)]
    _announcements(secretariat, teams, 25)
    client.force_login(secretariat)
    page = client.get(reverse("announcements")).content.decode()
    last = ANNOUNCEMENTS_PAGE - 1
    assert "News 0<" in page and f"News {last}<" in page and f"News {last + 1}<" not in page
    assert "and 3 more teams" in page
    assert_html_does_not_grow(
        client, reverse("announcements"), lambda: _announcements(secretariat, teams, 60, start=25)
    )


def test_a_member_pages_through_only_what_was_sent_to_them(client, secretariat, community, cycle):
    mine, other = IssueTeamFactory(cycle=cycle), IssueTeamFactory(cycle=cycle)
    MembershipFactory(team=mine, user=community)
    _announcements(secretariat, [mine, other], 15)  # to both: listed once
    _announcements(secretariat, [other], 15, start=15)
    _announcements(secretariat, [], 15, to_everyone=True, start=30)
    client.force_login(community)
    subjects, link = [], "?"
    while link:
        page = client.get(reverse("announcements") + link).context["page"]
        subjects += [a.subject for a in page]
        link = page.older_url
    assert subjects == [f"News {i}" for i in range(15)] + [f"News {i}" for i in range(30, 45)]


def test_the_cached_announcement_list_is_each_readers_own_and_follows_changes(
    client, secretariat, community, mag, cycle, django_capture_on_commit_callbacks
):
    mine, theirs = IssueTeamFactory(cycle=cycle), IssueTeamFactory(cycle=cycle)
    MembershipFactory(team=mine, user=community)
    MembershipFactory(team=theirs, user=mag)
    _announcements(secretariat, [mine], 1)
    _announcements(secretariat, [theirs], 1, start=1)

    def subjects(person):
        client.force_login(person)
        page = client.get(reverse("announcements")).content.decode()
        return [s for s in ("News 0", "News 1", "News 2") if f"{s}<" in page], "recipient" in page

    for _round in range(2):  # built, then from the cache
        assert subjects(community) == (["News 0"], False)
        assert subjects(mag) == (["News 1"], False)
        assert subjects(secretariat) == (["News 0", "News 1"], True)

    with django_capture_on_commit_callbacks(execute=True):
        Announcement.objects.create(author=secretariat, subject="News 2", body="Body", to_everyone=True)
    assert subjects(community) == (["News 0", "News 2"], False)
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(team=theirs, user=community)  # joining a team shows its announcements
    assert subjects(community) == (["News 0", "News 1", "News 2"], False)
