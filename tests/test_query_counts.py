"""Pages make the same number of SQL queries with 1 and with 20 teams, members or queue rows."""

from datetime import date, time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AuditAction, Role
from accounts.services import audit_record, call_hours_set
from common.versions import version_bump
from notifications.emails import RenderedEmail
from notifications.enums import Delivery, LedgerStatus, MailKind
from notifications.models import (
    Announcement,
    NotificationLedger,
    NotificationPreferences,
    OutboxMessage,
    Subscription,
)
from notifications.services.announcements import announcement_send
from notifications.services.digests import digests_send
from proposals import services as proposal_services
from proposals.models import SessionKind
from schedule.models import (
    ActionItem,
    AgendaInput,
    BusyCalendar,
    BusyTime,
    CalendarFeed,
    Decision,
    Deliverable,
    Meeting,
    MeetingPaper,
    MeetingRecord,
    OutsideCalendar,
    OutsideEvent,
    ParkingLotItem,
    Slot,
    Vote,
)
from schedule.selectors import busy as busy_selectors
from schedule.selectors import outside as outside_selectors
from schedule.selectors.poll_results import poll_results
from schedule.services import polls
from schedule.services.series import series_create
from schedule.services.years import cycle_draft
from teams.enums import Capacity, FacilitatorKind, FacilitatorStatus, GroupKind, QuorumKind
from tests.accounts.personal_data_support import grow_personal_data
from tests.factories import (
    ActivityCheckFactory,
    FacilitatorRoleFactory,
    GroupFactory,
    IntersessionalActivityFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MagFactory,
    MembershipFactory,
    MilestoneFactory,
    PolicyQuestionFactory,
    UserFactory,
)
from tests.programme.clash_support import placed_session
from tests.support.outbox import queue_email


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_teams(cycle, viewer, n):
    # Versions (common/versions.py) change when the transaction commits, as in production: cached
    # fragments then see the growth.
    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(n):
            team = IssueTeamFactory(cycle=cycle)
            MembershipFactory(team=team, user=viewer)
            FacilitatorRoleFactory(team=team)
            FacilitatorRoleFactory(
                team=team, status=FacilitatorStatus.VOLUNTEERED, kind=FacilitatorKind.CHAIR
            )
            UserFactory(requested_role=Role.MAG)


@pytest.mark.parametrize("viewer_fixture", ["community", "secretariat"])
def test_dashboard_queries_do_not_grow_with_teams_and_queues(client, cycle, request, viewer_fixture):
    viewer = request.getfixturevalue(viewer_fixture)
    client.force_login(viewer)
    _grow_teams(cycle, viewer, 1)
    few = _queries(client, reverse("dashboard"))
    _grow_teams(cycle, viewer, 19)
    many = _queries(client, reverse("dashboard"))
    assert few == many


@pytest.mark.parametrize("url_name", ["home", "teams:list"])
def test_team_lists_queries_do_not_grow_with_teams(client, cycle, community, url_name):
    client.force_login(community)
    _grow_teams(cycle, community, 1)
    few = _queries(client, reverse(url_name))
    _grow_teams(cycle, community, 19)
    assert _queries(client, reverse(url_name)) == few
    # Unchanged teams: the cycle, its number of teams and the cards come from the cache: only the
    # session and the person are read.
    assert _queries(client, reverse(url_name)) == 2


def _grow_groups(cycle, viewer, n):
    """`n` groups of each kind but issue teams, without an area, each with a member and facilitators."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for kind in GroupKind.values[1:]:
            for _ in range(n):
                group = GroupFactory(cycle=cycle, kind=kind)
                MembershipFactory(team=group, user=viewer)
                FacilitatorRoleFactory(team=group, kind=FacilitatorKind.CHAIR)
            IssueAreaFactory()  # the New group page lists the areas


@pytest.mark.parametrize("url_name", ["home", "teams:list", "dashboard", "teams:create"])
def test_group_pages_queries_do_not_grow_with_groups_of_every_kind(client, cycle, secretariat, url_name):
    client.force_login(secretariat)
    _grow_teams(cycle, secretariat, 1)
    _grow_groups(cycle, secretariat, 1)
    few = _queries(client, reverse(url_name))
    _grow_teams(cycle, secretariat, 4)
    _grow_groups(cycle, secretariat, 4)
    assert _queries(client, reverse(url_name)) == few


@pytest.mark.parametrize("viewer_fixture", ["community", "facilitator", "secretariat"])
def test_team_page_queries_do_not_grow_with_members(client, team, facilitator, request, viewer_fixture):
    client.force_login(request.getfixturevalue(viewer_fixture))
    MembershipFactory(team=team)
    FacilitatorRoleFactory(team=team, status=FacilitatorStatus.VOLUNTEERED)
    cache.clear()  # nothing served cached
    few = _queries(client, team.get_absolute_url())
    MembershipFactory.create_batch(19, team=team)
    FacilitatorRoleFactory.create_batch(5, team=team, status=FacilitatorStatus.VOLUNTEERED)
    cache.clear()
    assert _queries(client, team.get_absolute_url()) == few
    # Unchanged: the team, its roster and its calls come from the cache, and so does the viewer's
    # own membership on a reload: only the session is read (and the secretariat's second factor).
    assert _queries(client, team.get_absolute_url()) == (3 if viewer_fixture == "secretariat" else 2)


def test_audit_log_queries_do_not_grow_with_events(client, secretariat, django_capture_on_commit_callbacks):
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):  # new versions: the page is built anew
        audit_record(actor=UserFactory(), action="role_claimed", subject=UserFactory(), target="x")
    few = _queries(client, reverse("audit_log"))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(19):
            audit_record(actor=UserFactory(), action="role_claimed", subject=UserFactory(), target="x")
    assert _queries(client, reverse("audit_log")) == few
    # Unchanged: the page comes from the cache, and only the session is read (and the second factor).
    assert _queries(client, reverse("audit_log")) == 3


def test_roster_csv_queries_do_not_grow_with_members(
    client, team, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    url = reverse("teams:roster_csv", kwargs={"year": team.cycle.year, "slug": team.slug})
    few = _queries(client, url)
    # Committed, as in production: the new members give the teams a new version, so the
    # facilitator's place in the team is read again, as it was the first time.
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory.create_batch(19, team=team)
    assert _queries(client, url) == few


def _grow_exports(team, n, now):
    """`n` held meetings of `team` and `n` of a new group of its cycle, each with MAG members and a
    guest invited (answered and marked) and two action items."""
    with TestCase.captureOnCommitCallbacks(execute=True):  # versions change on commit
        for group in (team, IssueTeamFactory(cycle=team.cycle, quorum_kind=QuorumKind.COUNT, quorum_value=1)):
            people = [MembershipFactory(team=group, capacity=Capacity.MAG).user for _ in range(2)]
            for i in range(n):
                start = now - timedelta(days=i + 1)
                meeting = Meeting.objects.create(
                    team=group, title=f"Call {i}", start=start, end=start + timedelta(hours=1)
                )
                for person in people:
                    meeting.attendees.create(user=person, response="attending", present=True)
                meeting.attendees.create(email=f"guest{i}@example.org", name="Guest")
                ActionItem.objects.create(meeting=meeting, text="Do", owner=people[0], due_at=now)
                ActionItem.objects.create(meeting=meeting, text="Do", owner_is_secretariat=True, due_at=now)


@pytest.mark.parametrize(
    "url_name, viewer_fixture, per_year",
    [
        ("schedule:team_attendance_csv", "facilitator", False),
        ("schedule:team_action_items_csv", "facilitator", False),
        ("schedule:year_attendance_csv", "secretariat", True),
        ("schedule:year_action_items_csv", "secretariat", True),
    ],
)
def test_exports_queries_do_not_grow_with_meetings_and_groups(
    client, request, team, now, url_name, viewer_fixture, per_year, monkeypatch
):
    # Small chunks: the larger export is read in several, still in one query.
    monkeypatch.setattr("schedule.selectors.exports.EXPORT_CHUNK", 4)
    team.quorum_kind, team.quorum_value = QuorumKind.SHARE, 50
    team.save()
    client.force_login(request.getfixturevalue(viewer_fixture))
    kwargs = {"year": team.cycle.year} if per_year else {"year": team.cycle.year, "slug": team.slug}
    url = reverse(url_name, kwargs=kwargs)
    _grow_exports(team, 1, now)
    few = _queries(client, url)
    _grow_exports(team, 12, now)
    assert _queries(client, url) == few
    assert client.get(url).content.decode().count("\n") > 24


def _grow_schedule(cycle, viewer, n):
    with TestCase.captureOnCommitCallbacks(execute=True):  # versions change on commit
        for _ in range(n):
            team = IssueTeamFactory(cycle=cycle)
            MembershipFactory(team=team, user=viewer)
            scoped = MilestoneFactory(cycle=cycle, all_teams=False, requires_deliverable=True)
            scoped.teams.set([team])
            Deliverable.objects.create(milestone=scoped, team=team)
            MilestoneFactory(cycle=cycle)


@pytest.mark.parametrize(
    "url_name, viewer_fixture",
    [
        ("dashboard", "community"),
        ("schedule:timeline", "community"),
        ("schedule:timeline", "secretariat"),
        ("schedule:public", "community"),
        ("schedule:matrix", "secretariat"),
    ],
)
def test_schedule_pages_queries_do_not_grow_with_milestones_and_teams(
    now, client, cycle, request, url_name, viewer_fixture, django_capture_on_commit_callbacks
):
    viewer = request.getfixturevalue(viewer_fixture)
    client.force_login(viewer)
    # The growth commits as it would in production: cached pages see a new version, and are rebuilt.
    with django_capture_on_commit_callbacks(execute=True):
        _grow_schedule(cycle, viewer, 1)
    few = _queries(client, reverse(url_name))
    with django_capture_on_commit_callbacks(execute=True):
        _grow_schedule(cycle, viewer, 19)
    assert _queries(client, reverse(url_name)) == few


def _grow_registry(n, checker, area):
    """n entries, each in `area` and another issue area, with two checks (one of the first entry's too),
    committed: the registry's version moves, and the cached list is built anew."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(n):
            activity = IntersessionalActivityFactory(areas=[area, IssueAreaFactory()])
            for days in (3, 30):
                ActivityCheckFactory(
                    activity=activity,
                    checked_by=checker,
                    checked_on=timezone.now().date() - timedelta(days=days),
                )
        first = IntersessionalActivityFactory._meta.model.objects.order_by("pk").first()
        ActivityCheckFactory(activity=first, checked_by=UserFactory())


@pytest.mark.parametrize("viewer_fixture", [None, "community", "secretariat"])
@pytest.mark.parametrize("query", ["", "?kind=dc&status=active", "?area=filtered-area", "?area=unknown"])
def test_registry_list_queries_do_not_grow_with_entries_areas_and_checks(
    now, client, request, secretariat, viewer_fixture, query
):
    if viewer_fixture:
        client.force_login(request.getfixturevalue(viewer_fixture))
    area = IssueAreaFactory(slug="filtered-area")
    _grow_registry(1, secretariat, area)
    few = _queries(client, reverse("registry:list") + query)
    _grow_registry(39, secretariat, area)  # more than a page
    assert _queries(client, reverse("registry:list") + query) == few


@pytest.mark.parametrize("viewer_fixture", [None, "community", "secretariat"])
def test_registry_entry_queries_do_not_grow_with_its_areas_and_checks(
    now, client, request, secretariat, viewer_fixture
):
    if viewer_fixture:
        client.force_login(request.getfixturevalue(viewer_fixture))
    activity = IntersessionalActivityFactory(areas=[IssueAreaFactory()])
    ActivityCheckFactory(activity=activity, checked_by=secretariat)
    few = _queries(client, activity.get_absolute_url())
    # Committed, as in production: the registry's version moves and the cached page is built anew.
    with TestCase.captureOnCommitCallbacks(execute=True):
        activity.areas.add(*[IssueAreaFactory() for _ in range(10)])
        for _ in range(30):
            ActivityCheckFactory(activity=activity, checked_by=UserFactory())
    assert _queries(client, activity.get_absolute_url()) == few


def _grow_public_meetings(cycle, n):
    """n public meetings of n new groups (kinds and areas of their own), coming and passed, a
    private one and a cancelled public one each, with attendees: none of those may cost a query."""
    for i in range(n):
        group = GroupFactory(cycle=cycle) if i % 2 else IssueTeamFactory(cycle=cycle)
        for days, public, status in (
            (2 + i, True, "scheduled"),
            (-3, True, "cancelled"),
            (4, False, "scheduled"),
        ):
            start = timezone.now() + timedelta(days=days)
            meeting = Meeting.objects.create(
                team=group,
                title=f"Call {i} {days}",
                start=start,
                end=start + timedelta(hours=1),
                is_public=public,
                status=status,
                agenda="1. **Inputs**",
                video_link="https://meet.example.org/x",
            )
            meeting.attendees.create(user=UserFactory())


@pytest.mark.parametrize("viewer_fixture", [None, "community", "secretariat"])
def test_public_meetings_queries_do_not_grow_with_meetings_and_groups(
    now, client, cycle, request, viewer_fixture, django_capture_on_commit_callbacks
):
    if viewer_fixture:
        client.force_login(request.getfixturevalue(viewer_fixture))
    url = reverse("schedule:public_meetings")
    with django_capture_on_commit_callbacks(execute=True):
        _grow_public_meetings(cycle, 1)
    few = _queries(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        _grow_public_meetings(cycle, 20)
    assert _queries(client, url) == few
    # From the cache until something changes: only what the signed-in layout reads.
    assert _queries(client, url) <= few


def _feed_queries(client, url, *, cached):
    """A feed's queries when its body is built (cache cleared) or served from the cache."""
    if not cached:
        cache.clear()
    return _queries(client, url)


@pytest.mark.parametrize("private", [False, True])
def test_feed_queries_do_not_grow_and_a_cached_feed_reads_only_its_token(
    now, client, cycle, community, private
):
    feed = CalendarFeed.objects.create(user=community)
    url = reverse("schedule:private_feed", args=[feed.token]) if private else reverse("schedule:public_feed")
    _grow_schedule(cycle, community, 1)
    few = _feed_queries(client, url, cached=False)
    _grow_schedule(cycle, community, 19)
    assert _feed_queries(client, url, cached=False) == few
    # Served from the cache: the private feed still checks its token, the public one reads nothing.
    assert _feed_queries(client, url, cached=True) == (1 if private else 0)


@pytest.mark.parametrize("url_name", ["outbox", "announcements"])
def test_mail_pages_queries_do_not_grow(
    client, secretariat, team, url_name, django_capture_on_commit_callbacks
):

    client.force_login(secretariat)

    def grow(n):
        # On commit, the new announcements make a new version: the list is read again, not cached.
        with django_capture_on_commit_callbacks(execute=True):
            _grow_mail(n)
            version_bump("outbox")  # the outbox's health panel is counted again too: the full cost

    def _grow_mail(n):
        for i in range(n):
            queue_email(RenderedEmail(subject="s", text="t", html=""), to_email=f"p{i}@example.org")
            Announcement.objects.create(author=secretariat, subject="s", body="b").teams.set([team])

    grow(1)
    few = _queries(client, reverse(url_name))
    grow(19)
    assert _queries(client, reverse(url_name)) == few


@pytest.mark.parametrize(
    "url_name, viewer_fixture",
    [
        ("outbox", "secretariat"),
        ("audit_log", "secretariat"),
        ("announcements", "secretariat"),
        ("announcements", "community"),
    ],
)
def test_log_pages_queries_do_not_grow_past_a_page(
    client, team, request, url_name, viewer_fixture, django_capture_on_commit_callbacks
):
    viewer = request.getfixturevalue(viewer_fixture)
    MembershipFactory(team=team, user=viewer)
    client.force_login(viewer)

    def grow(n):
        with django_capture_on_commit_callbacks(execute=True):  # new versions: nothing served cached
            _grow_logs(n)
            version_bump("outbox")  # the outbox's health panel is counted again too
        cache.clear()  # nor what the growth does not change (whether the reader may announce)

    def _grow_logs(n):
        for i in range(n):
            queue_email(RenderedEmail(subject="s", text="t", html=""), to_email=f"p{i}@example.org")
            audit_record(actor=viewer, action=AuditAction.ROLE_CLAIMED, target=f"row {i}")
            Announcement.objects.create(author=viewer, subject="s", body="b").teams.set([team])

    grow(1)
    few = _queries(client, reverse(url_name))
    grow(70)  # more than a page of each
    assert _queries(client, reverse(url_name)) == few
    context = client.get(reverse(url_name)).context
    older = context["older_url"] if "older_url" in context else context["page"].older_url
    grow(0)
    assert _queries(client, reverse(url_name) + older) == few


def _grow_poll(poll, n):
    slots = list(poll.slots.all())
    # The polls' version changes on commit, as in production: the page is then built anew.
    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(n):
            invitee = poll.invitees.create(user=MembershipFactory(team=poll.team).user)
            Vote.objects.bulk_create(Vote(invitee=invitee, slot=s, answer="yes") for s in slots)
            poll.comments.create(invitee=invitee, text="works for me")
            guest = poll.invitees.create(
                email=f"g{invitee.pk}@example.org", name="Guest", guest_time_zone="Asia/Kolkata"
            )
            Vote.objects.create(invitee=guest, slot=slots[0], answer="maybe")


@pytest.mark.parametrize(
    "viewer_fixture, url_name",
    [
        ("facilitator", "schedule:poll"),
        ("secretariat", "schedule:poll"),
        ("facilitator", "schedule:poll_finalise"),
    ],
)
def test_poll_pages_queries_do_not_grow_with_participants(
    now, client, team, facilitator, request, viewer_fixture, url_name
):

    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(4)],
    )
    client.force_login(request.getfixturevalue(viewer_fixture))
    url = reverse(url_name, args=[poll.pk])
    _grow_poll(poll, 1)  # 3 participants: the facilitator, a member, a guest
    few = _queries(client, url)
    _grow_poll(poll, 13)  # 29 participants
    assert _queries(client, url) == few


def test_guest_poll_page_queries_do_not_grow(now, client, team, facilitator):

    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(4)],
        guests=["visitor@example.org"],
    )
    url = reverse("schedule:poll_guest", args=[poll.invitees.get(email="visitor@example.org").token])
    _grow_poll(poll, 1)
    few = _queries(client, url)
    _grow_poll(poll, 13)
    assert _queries(client, url) == few


def _send_queries(send):
    with CaptureQueriesContext(connection) as ctx:
        send()
    return len(ctx.captured_queries)


def test_an_announcement_costs_the_same_queries_for_1_and_20_recipients(secretariat, cycle):

    # The ledger's subject type is looked up once per process; the first send must not pay it alone.
    ContentType.objects.get_for_model(Announcement)

    def announce_to(members):
        team = IssueTeamFactory(cycle=cycle)
        for i in range(members):
            MembershipFactory(team=team)
            Subscription.objects.create(
                team=team, email=f"t{team.pk}-{i}@example.org", name="Follower", confirmed_at=timezone.now()
            )
        announcement = Announcement.objects.create(author=secretariat, subject="News", body="b")
        announcement.teams.set([team])
        return _send_queries(lambda: announcement_send(announcement.pk))

    one = announce_to(1)
    twenty = announce_to(20)
    assert OutboxMessage.objects.count() == 2 + 40  # each member and each follower, once
    assert one == twenty


def test_the_daily_digests_cost_the_same_queries_for_1_and_20_people(db, now):

    def digests_for(people):
        for user in UserFactory.create_batch(people, time_zone="UTC"):
            NotificationPreferences.objects.create(user=user, delivery=Delivery.DIGEST)
            NotificationLedger.objects.bulk_create(
                NotificationLedger(
                    key=f"item:{user.pk}:{n}",
                    kind=MailKind.REMINDER,
                    user=user,
                    status=LedgerStatus.IN_DIGEST,
                    summary=f"Item {n}",
                )
                for n in range(2)
            )
        return _send_queries(lambda: digests_send(now=now.replace(hour=12)))

    one = digests_for(1)
    twenty = digests_for(20)
    assert OutboxMessage.objects.filter(kind=MailKind.DIGEST).count() == 21
    assert not NotificationLedger.objects.filter(status=LedgerStatus.IN_DIGEST).exists()
    assert one == twenty


def test_a_slots_night_page_queries_do_not_grow_with_participants(now, client, team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(4)],
    )
    client.force_login(facilitator)
    url = reverse("schedule:poll_slot_nights", args=[poll.pk, poll.slots.first().pk])
    _grow_poll(poll, 1)
    few = _queries(client, url)
    _grow_poll(poll, 13)
    assert _queries(client, url) == few


def _grow_meeting(meeting, n):
    """`n` more invitees of each kind of answer, some marked present (committed: versions move)."""
    answers = ["attending", "not_attending", "apologies", "none"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(n):
            for response in answers:
                user = MembershipFactory(team=meeting.team, capacity=Capacity.MAG).user
                meeting.attendees.create(
                    user=user, response=response, response_note=f"note {i}", present=response == "attending"
                )
            meeting.attendees.create(email=f"g{meeting.attendees.count()}@example.org", response="apologies")


@pytest.mark.parametrize("viewer_fixture", ["facilitator", "secretariat", "member_attendee"])
def test_meeting_page_with_answers_and_attendance_queries_do_not_grow(
    now, client, team, facilitator, request, viewer_fixture
):
    meeting = Meeting.objects.create(
        team=team, title="Call", start=now - timedelta(hours=1), end=now + timedelta(hours=1)
    )
    meeting.attendees.create(user=facilitator, response="attending")
    team.quorum_kind, team.quorum_value = QuorumKind.SHARE, 50
    team.save()
    viewer = request.getfixturevalue(viewer_fixture) if viewer_fixture != "member_attendee" else None
    if viewer is None:
        viewer = MembershipFactory(team=team).user
        meeting.attendees.create(user=viewer, response="apologies", response_note="away")
    client.force_login(viewer)
    url = reverse("schedule:meeting", args=[meeting.pk])
    _grow_meeting(meeting, 3)  # more than a zone's row names: everyone is listed a page at a time
    cache.clear()
    few = _queries(client, url)
    _grow_meeting(meeting, 20)  # past a page of answers: the table is paged like the attendees
    cache.clear()
    assert _queries(client, url) == few


def test_answer_link_page_queries_do_not_grow(now, client, team, facilitator):
    meeting = Meeting.objects.create(
        team=team, title="Call", start=now + timedelta(days=1), end=now + timedelta(days=1, hours=1)
    )
    mine = meeting.attendees.create(user=facilitator)
    url = reverse("schedule:meeting_answer_link", args=[mine.rsvp_token])
    _grow_meeting(meeting, 1)
    few = _queries(client, url)
    _grow_meeting(meeting, 20)
    assert _queries(client, url) == few


def _grow_record(meeting, owner, n):
    # The record's parts change the meetings' version on commit: the pages are built anew.
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(n):
            member = MembershipFactory(team=meeting.team).user
            Decision.objects.create(meeting=meeting, text=f"Decision {i}", decided_by="the team")
            ActionItem.objects.create(
                meeting=meeting, text=f"Action {i}", owner=owner, due_at=meeting.end + timedelta(days=i + 1)
            )
            ActionItem.objects.create(
                meeting=meeting, text=f"Other {i}", owner=member, due_at=meeting.end + timedelta(days=i + 1)
            )
            ParkingLotItem.objects.create(meeting=meeting, text=f"Later {i}")
        MeetingRecord.objects.update_or_create(meeting=meeting, defaults={"minutes": "We met " * n})


@pytest.mark.parametrize(
    "viewer_fixture, url_name",
    [
        ("facilitator", "schedule:meeting"),
        ("owner", "schedule:meeting"),
        ("facilitator", "schedule:meeting_record"),
        ("owner", "schedule:action_items"),
        ("owner", "dashboard"),
    ],
)
def test_record_pages_queries_do_not_grow_with_the_record(
    now, client, team, facilitator, request, viewer_fixture, url_name
):
    owner = MembershipFactory(team=team, user__email="owner@example.org").user
    # The owner of action items, a member of the team.
    viewer = owner if viewer_fixture == "owner" else request.getfixturevalue(viewer_fixture)
    meeting = Meeting.objects.create(
        team=team,
        title="Call",
        organizer=facilitator,
        start=now - timedelta(hours=2),
        end=now - timedelta(hours=1),
    )
    client.force_login(viewer)
    url = (
        reverse(url_name, args=[meeting.pk]) if url_name.startswith("schedule:meeting") else reverse(url_name)
    )
    _grow_record(meeting, owner, 1)
    few = _queries(client, url)
    _grow_record(meeting, owner, 15)
    assert _queries(client, url) == few


def _grow_papers(meeting, owner, n):
    """`n` more papers (asked of `owner`, of another member, and given) and pieces of input."""
    for i in range(n):
        member = MembershipFactory(team=meeting.team).user
        MeetingPaper.objects.create(meeting=meeting, title=f"Note {i}", owner=owner)
        MeetingPaper.objects.create(meeting=meeting, title=f"Other {i}", owner=member)
        MeetingPaper.objects.create(
            meeting=meeting, title=f"Given {i}", owner=member, status="provided", link="https://example.org/p"
        )
        AgendaInput.objects.create(meeting=meeting, author=owner, item="Hybrid formats", text=f"Mine {i}")
        AgendaInput.objects.create(meeting=meeting, author=member, item="", text=f"Theirs {i}")


@pytest.mark.parametrize(
    "viewer_fixture, url_name",
    [
        ("facilitator", "schedule:meeting"),
        ("secretariat", "schedule:meeting"),
        ("owner", "schedule:meeting"),
        ("facilitator", "schedule:paper_request"),
    ],
)
def test_meeting_page_queries_do_not_grow_with_papers_and_input(
    now, client, team, facilitator, request, viewer_fixture, url_name
):
    owner = MembershipFactory(team=team, user__email="owner@example.org").user
    viewer = owner if viewer_fixture == "owner" else request.getfixturevalue(viewer_fixture)
    meeting = Meeting.objects.create(
        team=team,
        title="Call",
        organizer=facilitator,
        agenda="1. Hybrid formats\n2. Workshops",
        start=now + timedelta(days=5),
        end=now + timedelta(days=5, hours=1),
    )
    client.force_login(viewer)
    url = reverse(url_name, args=[meeting.pk])
    _grow_papers(meeting, owner, 1)
    cache.clear()
    few = _queries(client, url)
    _grow_papers(meeting, owner, 15)
    cache.clear()
    assert _queries(client, url) == few


# --- Proposals: the secretariat's kinds of session (part "kinds") ---------------------------------


def _grow_kinds(team, author, total):
    """Kinds of session up to `total` (the migration seeds 8), each with two proposals."""
    from proposals.models import Proposal, SessionKind

    start = SessionKind.objects.count()
    for n in range(start, total):
        kind = SessionKind.objects.create(
            name=f"Kind {n}", slug=f"kind-{n}", position=n, is_active=n % 2 == 0
        )
        for title in ("First", "Second"):
            Proposal.objects.create(team=team, kind=kind, title=title, minutes=60, created_by=author)


@pytest.mark.parametrize("url_name", ["proposals:kinds", "proposals:kind_edit"])
def test_kinds_pages_queries_do_not_grow_with_kinds_and_proposals(
    client, team, facilitator, secretariat, url_name
):
    from proposals.models import SessionKind

    client.force_login(secretariat)
    main = SessionKind.objects.get(slug="main")
    url = reverse(url_name, args=[main.pk] if url_name == "proposals:kind_edit" else [])
    few = _queries(client, url)
    # Committed, so that the cached list is built anew from the grown data (versions move on commit).
    with TestCase.captureOnCommitCallbacks(execute=True):
        _grow_kinds(team, facilitator, 40)
    assert SessionKind.objects.count() == 40
    assert _queries(client, url) == few


# --- Session proposals: a group's proposals and one proposal (proposal pages part) -----------------


def _grow_group_proposals(team, facilitator, deadline, n):
    """`n` proposals of each state, due by the deadline: drafts, shared, submitted, withdrawn."""
    kind = SessionKind.objects.get(slug="main")
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(n):
            made = [
                proposal_services.proposal_create(
                    actor=facilitator,
                    team=team,
                    kind=kind,
                    title=f"{state} {i}",
                    description="D",
                    due=deadline,
                )
                for state in ("draft", "shared", "submitted", "withdrawn")
            ]
            proposal_services.proposal_share(actor=facilitator, proposal=made[1])
            proposal_services.proposal_submit(actor=facilitator, proposal=made[2])
            proposal_services.proposal_withdraw(actor=facilitator, proposal=made[3])


@pytest.mark.parametrize("viewer_fixture", ["facilitator", "member", "secretariat"])
def test_group_proposals_page_queries_do_not_grow(now, client, team, facilitator, request, viewer_fixture):
    viewer = (
        MembershipFactory(team=team).user
        if viewer_fixture == "member"
        else request.getfixturevalue(viewer_fixture)
    )
    deadline = MilestoneFactory(cycle=team.cycle)
    client.force_login(viewer)
    url = reverse("proposals:group", args=[team.cycle.year, team.slug])
    _grow_group_proposals(team, facilitator, deadline, 1)
    cache.clear()
    few = _queries(client, url)
    _grow_group_proposals(team, facilitator, deadline, 10)  # 30 under way, 11 withdrawn
    cache.clear()
    assert _queries(client, url) == few


def _grow_proposal(proposal, facilitator, n):
    """`n` more comments, editors, policy questions and revisions (two steps of history each)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        members = [MembershipFactory(team=proposal.team).user for _ in range(n)]
        editors = list(proposal.editors.all()) + members[: max(0, 20 - proposal.editors.count())]
        proposal_services.proposal_editors_set(actor=facilitator, proposal=proposal, editors=editors[:20])
        questions = list(proposal.policy_questions.all()) + [
            PolicyQuestionFactory(area=proposal.team.area) for _ in range(n)
        ]
        for i, person in enumerate(members):
            proposal_services.proposal_comment(actor=person, proposal=proposal, body=f"Comment {i}")
            proposal_services.proposal_update(
                actor=facilitator,
                proposal=proposal,
                policy_questions=questions,
                title=f"{proposal.title.split(' v')[0]} v{i}-{n}",
                minutes=60 + i,
            )
            proposal_services.proposal_withdraw(actor=facilitator, proposal=proposal)
            proposal_services.proposal_reopen(actor=facilitator, proposal=proposal)
            proposal_services.proposal_submit(actor=facilitator, proposal=proposal)


@pytest.mark.parametrize("viewer_fixture", ["facilitator", "member", "mag", "secretariat"])
def test_proposal_page_queries_do_not_grow(now, client, team, facilitator, request, viewer_fixture):
    viewer = (
        MembershipFactory(team=team).user
        if viewer_fixture == "member"
        else request.getfixturevalue(viewer_fixture)
    )
    proposal = proposal_services.proposal_create(
        actor=facilitator,
        team=team,
        kind=SessionKind.objects.get(slug="main"),
        title="Trust",
        description="D",
        due=MilestoneFactory(cycle=team.cycle),
    )
    proposal_services.proposal_submit(actor=facilitator, proposal=proposal)
    client.force_login(viewer)
    url = reverse("proposals:detail", args=[proposal.pk])
    _grow_proposal(proposal, facilitator, 3)
    cache.clear()
    few = _queries(client, url)
    _grow_proposal(proposal, facilitator, 30)  # 33 comments, 20 editors, 34 questions, 132 steps
    cache.clear()
    assert _queries(client, url) == few


# --- The panel planner (issue 14, part 2) -----------------------------------------------------------


@pytest.mark.parametrize("viewer_fixture", ["facilitator", "secretariat", "member"])
def test_panel_planner_queries_do_not_grow_with_panelists(client, team, facilitator, request, viewer_fixture):
    from tests.factories import PanelistFactory, panel_proposal

    viewer = (
        MembershipFactory(team=team).user
        if viewer_fixture == "member"
        else request.getfixturevalue(viewer_fixture)
    )
    proposal = panel_proposal(team=team, actor=facilitator)
    client.force_login(viewer)
    url = reverse("proposals:panel", args=[proposal.pk])
    PanelistFactory.create_batch(2, proposal=proposal)
    client.get(url)  # the reader's places (teams.places) cached, as after their first page
    few = _queries(client, url)
    panelist = proposal.panelists.first()
    edit = reverse("proposals:panelist_edit", args=[proposal.pk, panelist.pk])
    few_edit = _queries(client, edit) if viewer_fixture == "facilitator" else None
    PanelistFactory.create_batch(23, proposal=proposal, role="chair", presence="online", gender="woman")
    cache.clear()  # the planner built anew from the larger panel
    client.get(url)
    assert _queries(client, url) == few
    if viewer_fixture == "facilitator":
        assert _queries(client, edit) == few_edit


# --- The review of workshop proposals (issue 14, parts 4 and 7) --------------------------------------


def _grow_review(secretariat, cycle, reviewers, n):
    """n more imported workshops, each reviewed and scored by every reviewer."""
    from review import services as review_services
    from review.csv_import import COLUMNS, fingerprint
    from review.models import Criterion

    if not Criterion.objects.exists():
        review_services.criterion_add(actor=secretariat, cycle=cycle, name="Relevance")
    criterion = Criterion.objects.get()
    start = cycle.review_round.entries.count() if hasattr(cycle, "review_round") else 0
    lines = [",".join(COLUMNS)] + [
        f"Workshop {start + i},,Name {i},Org,,,main,panel,government,weog" for i in range(n)
    ]
    text = "\n".join(lines) + "\n"
    for entry in review_services.entries_import(
        actor=secretariat, cycle=cycle, text=text, expected_fingerprint=fingerprint(text)
    ):
        for reviewer in reviewers:
            assignment = review_services.assignment_add(actor=secretariat, entry=entry, reviewer=reviewer)
            review_services.review_save(
                actor=reviewer, assignment=assignment, scores={criterion.pk: 3}, comment="Fine"
            )


@pytest.mark.parametrize(
    "url_name, viewer_fixture",
    [
        ("review:round", "secretariat"),
        ("review:overview", "secretariat"),
        ("review:criteria", "secretariat"),
        ("review:mine", "mag"),
        ("review:export", "mag"),
        ("review:export", "secretariat"),
    ],
)
def test_review_pages_queries_do_not_grow(
    client, cycle, team, secretariat, mag, request, url_name, viewer_fixture
):
    from tests.factories import MagFactory

    reviewers = [mag, MagFactory()]
    _grow_review(secretariat, cycle, reviewers, 1)
    client.force_login(request.getfixturevalue(viewer_fixture))
    url = reverse(url_name, args=[cycle.year])
    client.get(url)
    # Counted as built, not as cached (a reviewer's own page is: review.views.mine).
    cache.clear()
    few = _queries(client, url)
    _grow_review(secretariat, cycle, reviewers + [MagFactory()], 20)
    cache.clear()
    assert _queries(client, url) == few


def test_review_criterion_edit_page_queries_do_not_grow(client, cycle, team, secretariat, mag):
    from review.models import Criterion

    _grow_review(secretariat, cycle, [mag], 1)
    client.force_login(secretariat)
    url = reverse("review:criterion_edit", args=[cycle.year, Criterion.objects.get().pk])
    client.get(url)
    few = _queries(client, url)
    _grow_review(secretariat, cycle, [mag], 20)
    assert _queries(client, url) == few


def test_review_assignment_remove_page_queries_do_not_grow(client, cycle, team, secretariat, mag):
    from review import services as review_services
    from review.models import Assignment

    _grow_review(secretariat, cycle, [mag], 1)
    client.force_login(secretariat)
    url = reverse("review:assignment_remove", args=[Assignment.objects.get().pk])
    client.get(url)
    few = _queries(client, url)
    for i in range(8):
        review_services.criterion_add(actor=secretariat, cycle=cycle, name=f"More {i}")
    assignment = Assignment.objects.get()
    scores = dict.fromkeys(assignment.entry.round.criteria.values_list("pk", flat=True), 1)
    review_services.review_save(actor=mag, assignment=assignment, scores=scores, comment="")
    assert _queries(client, url) == few


def test_review_entry_page_queries_do_not_grow_with_its_decisions(client, cycle, team, secretariat, mag):
    from review import decisions
    from review.models import Entry

    _grow_review(secretariat, cycle, [mag], 1)
    entry = Entry.objects.get()
    decisions.decision_make(actor=secretariat, entry=entry, outcome="accepted", reasons="Good")
    client.force_login(secretariat)
    url = reverse("review:entry", args=[entry.pk])
    client.get(url)
    few = _queries(client, url)
    for outcome in ["declined", "preparatory"] * 10:
        decisions.decision_make(actor=secretariat, entry=entry, outcome=outcome, reasons="Again")
    assert _queries(client, url) == few


def test_review_entry_page_queries_do_not_grow_with_its_reviews(client, cycle, team, secretariat, mag):
    from review import services as review_services
    from review.models import Entry
    from tests.factories import MagFactory

    _grow_review(secretariat, cycle, [mag], 1)
    entry = Entry.objects.get()
    client.force_login(secretariat)
    url = reverse("review:entry", args=[entry.pk])
    client.get(url)
    few = _queries(client, url)
    for i in range(5):
        review_services.criterion_add(actor=secretariat, cycle=cycle, name=f"More {i}")
    criteria = list(entry.round.criteria.values_list("pk", flat=True))
    for reviewer in [MagFactory() for _ in range(6)]:
        assignment = review_services.assignment_add(actor=secretariat, entry=entry, reviewer=reviewer)
        review_services.review_save(
            actor=reviewer, assignment=assignment, scores=dict.fromkeys(criteria, 2), comment="Good"
        )
    assert _queries(client, url) == few


def test_review_announce_page_queries_do_not_grow(client, cycle, team, secretariat, mag):
    from review import decisions
    from review.models import Entry
    from teams.models import IssueArea

    _grow_review(secretariat, cycle, [mag], 1)
    area = IssueArea.objects.order_by("pk").first()
    Entry.objects.update(issue_area=area, contact_email="someone@example.org")

    def send(n):
        for i in range(n):
            decisions.proposer_announcement_send(
                actor=secretariat,
                cycle=cycle,
                subject=f"News {i}",
                body="Body",
                areas=[area],
                outcomes=["in_review"],
            )

    send(1)
    client.force_login(secretariat)
    url = reverse("review:announce", args=[cycle.year])
    client.get(url)
    few = _queries(client, url)
    send(15)
    assert _queries(client, url) == few


def test_review_score_page_queries_do_not_grow(client, cycle, team, secretariat, mag):
    from review.models import Assignment

    _grow_review(secretariat, cycle, [mag], 1)
    assignment = Assignment.objects.get()
    client.force_login(mag)
    url = reverse("review:score", args=[assignment.pk])
    client.get(url)
    few = _queries(client, url)
    _grow_review(secretariat, cycle, [mag], 20)
    assert _queries(client, url) == few


# --- Invitations to speak (issue 14, part 3) --------------------------------------------------------


def test_speaker_invitation_pages_queries_do_not_grow_with_the_panel(client, team, facilitator, now):
    from proposals.enums import InvitationState
    from tests.factories import PanelistFactory, panel_proposal

    proposal = panel_proposal(team=team, actor=facilitator, starts_at=now + timedelta(days=30))

    def invited(n):
        return [
            PanelistFactory(
                proposal=proposal,
                email=f"speaker{i}@example.org",
                invitation=InvitationState.INVITED,
                token=f"token-{proposal.panelists.count()}-{i}",
                reply_by=(now + timedelta(days=9)).date(),
            )
            for i in range(n)
        ]

    first = invited(2)[0]
    page = reverse("proposals:invitation", args=[first.token])
    invite = reverse("proposals:panelist_invite", args=[proposal.pk, first.pk])
    client.get(page)
    few = _queries(client, page)
    client.force_login(facilitator)
    client.get(invite)
    few_invite = _queries(client, invite)
    invited(23)
    assert _queries(client, invite) == few_invite
    client.logout()
    assert _queries(client, page) == few


# --- Nominations of a chair or a moderator (issue 14, end of part 3) -------------------------------


def _grow_nominations(proposal, team, nominator, n):
    """`n` more nominations (to the bound), each with `n` more supporters."""
    from proposals import nominations

    for i in range(n):
        role = "chair" if i % 2 else "moderator"
        if proposal.nominations.count() >= 20:
            nomination = proposal.nominations.all()[i % 20]
        else:
            nominee = MembershipFactory(team=team).user
            nomination = nominations.nomination_create(
                actor=nominator, proposal=proposal, role=role, nominee=nominee
            )
        for _j in range(n):
            nominations.nomination_support(actor=MembershipFactory(team=team).user, nomination=nomination)


@pytest.mark.parametrize("viewer_fixture", ["facilitator", "member", "mag", "secretariat"])
def test_proposal_page_queries_do_not_grow_with_nominations(
    client, team, facilitator, request, viewer_fixture
):
    from tests.factories import panel_proposal

    viewer = (
        MembershipFactory(team=team).user
        if viewer_fixture == "member"
        else request.getfixturevalue(viewer_fixture)
    )
    proposal = proposal_services.proposal_submit(
        actor=facilitator, proposal=panel_proposal(team=team, actor=facilitator)
    )
    client.force_login(viewer)
    url = reverse("proposals:detail", args=[proposal.pk])
    _grow_nominations(proposal, team, facilitator, 2)
    cache.clear()
    few = _queries(client, url)
    _grow_nominations(proposal, team, facilitator, 20)  # 20 nominations, some with 20 more supporters
    cache.clear()
    assert _queries(client, url) == few
    page = client.get(url).content.decode()
    assert "supporters" in page


# --- The programme's clashes (issue 15, part 2) -----------------------------------------------------


def _grow_clashes(cycle, team, now, n, start):
    """`n` more pairs of sessions at once sharing a speaker, each also against an outside event,
    one of each pair at night for its speaker in Tokyo."""
    calendar, _new = OutsideCalendar.objects.get_or_create(
        name="NRI events", defaults={"last_fetched_at": now}
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(start, start + n):
            at = now.replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(days=2 + i)
            person = (f"Speaker {i}", f"s{i}@example.org", "Asia/Tokyo")
            placed_session(cycle=cycle, team=team, start=at, title=f"First {i}", panel=[person])
            placed_session(
                cycle=cycle, team=team, start=at + timedelta(minutes=30), title=f"Second {i}", panel=[person]
            )
            OutsideEvent.objects.create(
                calendar=calendar,
                uid=f"e{i}",
                summary=f"Event {i}",
                starts_at=at,
                ends_at=at + timedelta(hours=1),
            )
            FacilitatorRoleFactory(team=IssueTeamFactory(cycle=cycle))


def test_programme_clash_list_queries_do_not_grow(client, cycle, team, secretariat, now):
    _grow_clashes(cycle, team, now, 1, 0)
    client.force_login(secretariat)
    url = reverse("programme:clashes")
    # Computed and rendered (the cache cleared), then warm.
    cache.clear()
    few = _queries(client, url)
    warm = _queries(client, url)
    _grow_clashes(cycle, team, now, 20, 1)
    cache.clear()
    assert _queries(client, url) == few
    assert _queries(client, url) == warm
    assert "“First 20”" in client.get(url).content.decode()


def _grow_outside(n, now):
    for i in range(n):
        calendar = OutsideCalendar.objects.create(name=f"Outside {i}", url=f"https://example.org/{i}.ics")
        OutsideEvent.objects.bulk_create(
            OutsideEvent(
                calendar=calendar,
                uid=f"e{j}@x",
                summary=f"Event {j}",
                starts_at=now + timedelta(days=j, hours=i),
                ends_at=now + timedelta(days=j, hours=i + 2),
                all_day=j % 3 == 0,
            )
            for j in range(n * 5)
        )
    return OutsideCalendar.objects.order_by("pk").first()


def test_outside_calendar_pages_queries_do_not_grow_with_calendars_and_events(client, secretariat, now):
    client.force_login(secretariat)
    first = _grow_outside(2, now)
    pages = [reverse("schedule:outside_calendars"), reverse("schedule:outside_calendar", args=[first.pk])]
    few = [_queries(client, url) for url in pages]
    OutsideCalendar.objects.all().delete()
    first = _grow_outside(12, now)
    pages[1] = reverse("schedule:outside_calendar", args=[first.pk])
    assert [_queries(client, url) for url in pages] == few


def test_outside_events_between_is_one_query_whatever_their_number(db, now):
    window = (now, now + timedelta(days=400))
    _grow_outside(2, now)
    with CaptureQueriesContext(connection) as few:
        small = outside_selectors.outside_events_between(*window)
        [event.calendar.name for event in small]
    _grow_outside(10, now)
    with CaptureQueriesContext(connection) as many:
        large = outside_selectors.outside_events_between(*window)
        [event.calendar.name for event in large]
    assert len(few.captured_queries) == len(many.captured_queries) == 1
    assert len(large) > len(small)


# --- A person's busy times (issue 16, part 2) ------------------------------------------------------


def _grow_busy(user, calendars, times, now):
    for c in range(calendars):
        calendar = BusyCalendar.objects.create(user=user, url=f"https://example.org/{c}.ics" if c % 2 else "")
        BusyTime.objects.bulk_create(
            BusyTime(
                calendar=calendar,
                user=user,
                starts_at=now + timedelta(days=j, hours=c),
                ends_at=now + timedelta(days=j, hours=c + 1),
            )
            for j in range(times)
        )


def test_busy_page_and_intervals_queries_do_not_grow_with_calendars_and_times(client, community, mag, now):
    client.force_login(community)
    url = reverse("schedule:busy_calendars")
    _grow_busy(community, 1, 3, now)
    few = _queries(client, url)
    with CaptureQueriesContext(connection) as small:
        busy_selectors.busy_intervals([community.pk], now, now + timedelta(days=60))
    _grow_busy(community, 2, 200, now)
    _grow_busy(mag, 3, 200, now)
    assert _queries(client, url) == few
    with CaptureQueriesContext(connection) as large:
        busy_selectors.busy_intervals([community.pk, mag.pk], now, now + timedelta(days=60))
    assert len(small.captured_queries) == len(large.captured_queries) == 1


# --- The public programme (issue 15, parts 4 and 5) ------------------------------------------------


def _grow_programme(cycle, team, facilitator, user, n):
    """n more released sessions of one day, each with issue areas, a policy question and a confirmed
    speaker, on the person's schedule."""
    from programme.models import ProgrammeSelection
    from tests.factories import PolicyQuestionFactory
    from tests.programme.public_helpers import programme_session, with_speakers

    for i in range(n):
        area = IssueAreaFactory()
        session = with_speakers(
            programme_session(
                cycle,
                title=f"Session {cycle.programme_sessions.count()}",
                hour=8 + i % 12,
                areas=[area, team.area],
                questions=[PolicyQuestionFactory(area=area)],
                convener=["mag", "nri", "youth", "cd"][i % 4],
            ),
            team=team,
            facilitator=facilitator,
        )
        ProgrammeSelection.objects.create(user=user, session=session)


@pytest.mark.parametrize(
    "url_name, viewer_fixture, query",
    [
        ("programme:public", None, ""),
        ("programme:public", "mag", "?held=online"),
        ("programme:mine", "mag", ""),
        ("programme:ics", None, ""),
        ("programme:json", None, ""),
        ("programme:csv", "secretariat", ""),
        ("programme:session", "mag", ""),
    ],
)
def test_public_programme_queries_do_not_grow(
    client, now, cycle, team, facilitator, mag, secretariat, request, url_name, viewer_fixture, query
):
    from programme.models import ProgrammeSession
    from tests.programme.public_helpers import release

    _grow_programme(cycle, team, facilitator, mag, 1)
    release(cycle)
    if viewer_fixture:
        client.force_login(request.getfixturevalue(viewer_fixture))
    first = ProgrammeSession.objects.order_by("pk").first()
    url = reverse(url_name, args=[first.pk] if url_name == "programme:session" else []) + query
    client.get(url)
    # Counted as built, not as cached.
    cache.clear()
    few = _queries(client, url)
    _grow_programme(cycle, team, facilitator, mag, 20)
    release(cycle)
    cache.clear()
    assert _queries(client, url) == few


# --- The programme's releases and versions (issue 15, parts 3 and 6) --------------------------------


def _grow_releases(secretariat, team, facilitator, n):
    """n more sessions (every other one a group's proposal with confirmed speakers, with an issue
    area), each released as a new version."""
    from datetime import timedelta

    from django.utils import timezone

    from programme.services import releases
    from tests.programme.release_helpers import placed_session, proposal_session

    start = timezone.now() + timedelta(days=10)
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(n):
            when = start + timedelta(hours=3 * i + releases.ProgrammeRelease.objects.count() * 100)
            if i % 2:
                session = placed_session(team.cycle, title=f"Hand-entered {when:%d%H}", starts_at=when)
            else:
                session = proposal_session(
                    team,
                    facilitator,
                    title=f"Proposal {when:%d%H}",
                    starts_at=when,
                    speakers=[(f"Speaker {when:%d%H}", f"s{when:%d%H}@example.org", "", "UTC")],
                )
            session.issue_areas.add(team.area)
            session.save()
            number = releases.changelog_preview(team.cycle)[0]
            releases.programme_release(actor=secretariat, cycle=team.cycle, number=number)


@pytest.mark.parametrize(
    "url_name, viewer_fixture, cached",
    [
        ("programme:releases", "secretariat", False),
        ("programme:versions", None, True),
        ("programme:versions", "secretariat", True),
        ("programme:version", None, True),
        ("programme:version", "secretariat", True),
        ("programme:release_approve", "secretariat", False),
    ],
)
def test_release_pages_queries_do_not_grow_with_sessions_and_versions(
    client, team, facilitator, secretariat, request, url_name, viewer_fixture, cached, now, monkeypatch
):
    from tests.programme.release_helpers import placed_session, use_session_pages

    use_session_pages(monkeypatch)
    placed_session(team.cycle, title="First", starts_at=now + timedelta(days=9))
    _grow_releases(secretariat, team, facilitator, 1)
    from programme.models import ProgrammeRelease

    # A meeting of the year with a decision, which the approval form offers.
    meeting = Meeting.objects.create(
        team=team, title="MAG call", start=now - timedelta(days=1), end=now - timedelta(hours=23)
    )
    Decision.objects.create(meeting=meeting, text="Approved", decided_by="MAG")
    if viewer_fixture:
        client.force_login(request.getfixturevalue(viewer_fixture))

    def url():
        # A version's pages: the newest version, which holds every session.
        if url_name in ("programme:version", "programme:release_approve"):
            return reverse(url_name, args=[ProgrammeRelease.objects.order_by("-number").first().number])
        return reverse(url_name)

    client.get(url())
    cache.clear()
    few = _queries(client, url())
    warm = _queries(client, url())
    _grow_releases(secretariat, team, facilitator, 20)
    cache.clear()
    assert _queries(client, url()) == few
    if cached:
        assert _queries(client, url()) == warm <= few


# --- Building the programme (issue 15, part 1) ------------------------------------------------------


def _grow_build(secretariat, cycle, team, now, n):
    """n more sessions placed on one day (two areas each, a booked channel), n not placed, n accepted
    proposals not in the programme, n upcoming meetings and a resource with n bookings."""
    from programme.models import Resource
    from programme.services import build, resources
    from review.models import Entry, ReviewRound
    from schedule.models import Meeting

    review_round, _new = ReviewRound.objects.get_or_create(cycle=cycle)
    start = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=30)
    offset = Resource.objects.count()
    for i in range(n):
        zoom = resources.resource_save(
            actor=secretariat, name=f"Zoom {offset + i}", join_url="https://z.example.org"
        )
        areas = [IssueAreaFactory(), IssueAreaFactory()]
        session = build.session_add(
            actor=secretariat,
            cycle=cycle,
            title=f"Placed {offset + i}",
            convener="mag",
            areas=areas,
            starts_at=start + timedelta(minutes=10 * i),
            minutes=30,
        )
        resources.book_session(actor=secretariat, resource=zoom, session=session)
        build.session_add(
            actor=secretariat, cycle=cycle, title=f"Unplaced {offset + i}", convener="cd", areas=areas
        )
        Entry.objects.create(
            round=review_round,
            source="imported",
            title=f"Accepted {offset + i}",
            status="accepted",
            issue_area=areas[0],
        )
        meeting = Meeting.objects.create(
            team=team,
            title=f"Call {offset + i}",
            start=now + timedelta(days=3, hours=offset + i),
            end=now + timedelta(days=3, hours=offset + i, minutes=30),
        )
        resources.book_meeting(
            actor=secretariat, resource=Resource.objects.get(name="Zoom 0"), meeting=meeting
        )


@pytest.mark.parametrize("page", ["build", "build_day", "session_edit", "resources", "resource"])
def test_build_pages_queries_do_not_grow(now, client, cycle, team, secretariat, page):
    from programme.models import ProgrammeSession, Resource

    _grow_build(secretariat, cycle, team, now, 1)
    client.force_login(secretariat)
    day = f"{now + timedelta(days=30):%Y-%m-%d}"

    def url():
        return {
            "build": reverse("programme:build"),
            "build_day": reverse("programme:build") + f"?day={day}&unplaced=1&entries=1",
            "session_edit": reverse(
                "programme:session_edit", args=[ProgrammeSession.objects.order_by("pk").first().pk]
            ),
            "resources": reverse("programme:resources"),
            "resource": reverse("programme:resource", args=[Resource.objects.get(name="Zoom 0").pk]),
        }[page]

    client.get(url())
    cache.clear()  # counted as built, not as cached (the build page is)
    few = _queries(client, url())
    _grow_build(secretariat, cycle, team, now, 25)
    cache.clear()
    assert _queries(client, url()) == few


def _grow_poll_with_hours(poll, n):
    """`n` more members who set call hours (a Friday–Saturday weekend, never before 09:00), with answers."""
    slots = list(poll.slots.all())
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(n):
            user = MembershipFactory(team=poll.team, user__time_zone=("Asia/Dubai", "Asia/Tokyo")[i % 2]).user
            call_hours_set(
                user=user,
                hours={"days": {d: ["08:00", "16:00"] for d in (6, 0, 1, 2, 3)}, "never_before": time(9)},
            )
            invitee = poll.invitees.create(user=user)
            Vote.objects.bulk_create(Vote(invitee=invitee, slot=s, answer="yes") for s in slots)


@pytest.mark.parametrize("url_name", ["schedule:poll", "schedule:poll_slot_nights"])
def test_poll_pages_queries_do_not_grow_with_people_who_set_hours(now, client, team, facilitator, url_name):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(4)],
    )
    client.force_login(facilitator)
    args = [poll.pk] if url_name == "schedule:poll" else [poll.pk, poll.slots.first().pk]
    url = reverse(url_name, args=args)
    _grow_poll_with_hours(poll, 5)
    few = _queries(client, url)
    _grow_poll_with_hours(poll, 45)  # 50 with hours
    assert _queries(client, url) == few


def test_poll_results_for_the_emails_cost_the_same_with_5_and_50_who_set_hours(now, team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(4)],
    )
    _grow_poll_with_hours(poll, 5)
    few = _send_queries(lambda: poll_results(poll=poll, show_names=True))
    _grow_poll_with_hours(poll, 45)
    assert _send_queries(lambda: poll_results(poll=poll, show_names=True)) == few


def test_poll_duplicate_page_queries_do_not_grow_with_slots_members_and_guests(
    now, client, team, facilitator
):
    """The 'Run it again' form lists the poll's slots now: one query, however many slots and people."""
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Call 1",
        slots=[now + timedelta(days=3)],
        deadline=now + timedelta(days=1),
        guests=["guest-0@example.org"],
    )
    url = reverse("schedule:poll_duplicate", args=[poll.pk])
    client.force_login(facilitator)
    _queries(client, url)  # the reader's places, read once and cached
    few = _queries(client, url)
    for n in range(1, 20):
        Slot.objects.create(poll=poll, start=now + timedelta(days=3, hours=n))
        MembershipFactory(team=team)
        poll.invitees.create(email=f"guest-{n}@example.org")
    assert _queries(client, url) == few


def _series_of(poll, actor, calls):
    slots = list(poll.slots.order_by("start"))[:3]
    pattern = tuple(k % len(slots) for k in range(calls))
    return series_create(actor=actor, poll=poll, slots=slots, pattern=pattern, every_weeks=1)


@pytest.mark.parametrize("url_name", ["schedule:series", "schedule:series_cadence"])
def test_series_pages_queries_do_not_grow_with_calls_and_people(now, client, team, facilitator, url_name):
    """A series of 4 calls and 3 people, and one of 12 calls and 17 people: as many queries."""

    def series(calls, people):
        poll = polls.poll_create(
            actor=facilitator,
            team=team,
            title=f"Series of {calls}",
            deadline=now + timedelta(days=1),
            slots=[now + timedelta(days=2, hours=h) for h in range(3)],
        )
        _grow_poll(poll, people)
        return reverse(url_name, args=[_series_of(poll, facilitator, calls).pk])

    client.force_login(facilitator)
    few = _queries(client, series(4, 1))
    assert _queries(client, series(12, 8)) == few


def test_the_make_a_series_page_queries_do_not_grow_with_participants(now, client, team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(4)],
    )
    client.force_login(facilitator)
    url = reverse("schedule:poll_series", args=[poll.pk])
    _grow_poll(poll, 1)
    few = _queries(client, url)
    _grow_poll(poll, 13)
    assert _queries(client, url) == few


STRIP_ZONES = [
    "Africa/Cairo", "Africa/Lagos", "America/Bogota", "America/Chicago", "America/Denver",
    "America/Lima", "America/Los_Angeles", "America/New_York", "America/Sao_Paulo", "Asia/Bangkok",
    "Asia/Dhaka", "Asia/Dubai", "Asia/Jakarta", "Asia/Karachi", "Asia/Kolkata",
    "Asia/Seoul", "Asia/Tokyo", "Australia/Sydney", "Europe/Berlin", "Europe/London",
    "Europe/Moscow", "Pacific/Auckland", "Pacific/Honolulu", "Pacific/Fiji", "Asia/Tehran",
]  # fmt: skip


@pytest.mark.parametrize("viewer", ["facilitator", "member"])
def test_poll_page_with_its_strips_costs_the_same_for_5_and_50_people_in_many_zones(
    now, client, team, facilitator, viewer
):
    """The ranking's strips (a row per place, per person with hours for facilitators) come from
    the cached summary: no query more with 50 people in 25 zones, some with hours, than with 5."""
    reader = facilitator if viewer == "facilitator" else MembershipFactory(team=team).user  # invited
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="Strips call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(0, 24, 4)],
    )

    def grow(start, n):
        slots = list(poll.slots.all())
        with TestCase.captureOnCommitCallbacks(execute=True):
            for i in range(start, start + n):
                user = MembershipFactory(team=team, user__time_zone=STRIP_ZONES[i % len(STRIP_ZONES)]).user
                if i % 3 == 0:
                    call_hours_set(user=user, hours={"days": {d: ["09:00", "17:00"] for d in range(5)}})
                invitee = poll.invitees.create(user=user)
                Vote.objects.bulk_create(Vote(invitee=invitee, slot=s, answer="yes") for s in slots)

    client.force_login(reader)
    url = reverse("schedule:poll", args=[poll.pk])
    grow(0, 5)
    few = _queries(client, url)
    grow(5, 45)
    assert _queries(client, url) == few
    assert client.get(url).content.decode().count('<svg class="strip') <= 5 * 12


# --- A person's data, for them to take away (issue 17, point 5) -----------------------------------


def test_a_persons_data_download_queries_do_not_grow_with_their_data(client, community, mag, now):
    """The page and the download: as many queries with 2 rows of every kind as with 20."""
    client.force_login(community)
    url = reverse("data_export")

    def download_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        return len(ctx.captured_queries)

    grow_personal_data(community, mag, 2, now)
    page, few = _queries(client, url), download_queries()
    grow_personal_data(community, mag, 18, now)
    grow_personal_data(mag, community, 5, now)
    assert (_queries(client, url), download_queries()) == (page, few)


# --- Closing an account, a guest forgotten (issue 17) ---


def test_the_close_account_page_and_closing_cost_the_same_for_1_and_20_groups(
    now, client, cycle, facilitator
):
    from accounts.closing import account_close

    def person_in(groups):
        person = UserFactory()
        for _ in range(groups):
            MembershipFactory(team=IssueTeamFactory(cycle=cycle), user=person, capacity=Capacity.OTHER)
            audit_record(
                actor=person, action=AuditAction.PROFILE_UPDATED, subject=person, target=person.email
            )
        return person

    few, many = person_in(1), person_in(20)
    counts = []
    for person in (few, many):
        client.force_login(person)
        page = _queries(client, reverse("account_close"))
        closing = _send_queries(lambda person=person: account_close(user=person))
        counts.append((page, closing))
    assert counts[0] == counts[1]


def test_the_guest_forget_page_costs_the_same_for_3_and_29_participants(now, client, team, facilitator):
    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        deadline=now + timedelta(days=1),
        slots=[now + timedelta(days=2, hours=h) for h in range(4)],
        guests=["visitor@example.org"],
    )
    url = reverse("schedule:poll_guest_forget", args=[poll.invitees.get(email="visitor@example.org").token])
    _grow_poll(poll, 1)
    few = _queries(client, url)
    _grow_poll(poll, 13)
    assert _queries(client, url) == few


# --- end of closing an account ---


@pytest.mark.parametrize("viewer_fixture", [None, "community"])
def test_privacy_page_queries_do_not_grow_with_people_or_mail(db, client, request, viewer_fixture):
    if viewer_fixture:
        client.force_login(request.getfixturevalue(viewer_fixture))

    def grow(n):
        for i in range(n):
            UserFactory()
            queue_email(RenderedEmail(subject="s", text="t", html=""), to_email=f"p{i}@example.org")

    grow(1)
    few = _queries(client, reverse("privacy"))
    grow(19)
    assert _queries(client, reverse("privacy")) == few
    if viewer_fixture is None:
        assert few == 0  # a visitor's page reads nothing


def _grow_year(cycle, n):
    """n more groups, milestones (one for a single group) and MAG members in `cycle`; a draft's MAG
    members are those whose term ends."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(n):
            team = IssueTeamFactory(cycle=cycle)
            MilestoneFactory(cycle=cycle, status="draft")
            scoped = MilestoneFactory(cycle=cycle, all_teams=False, status="draft")
            scoped.teams.set([team])
            member = MagFactory()
            if cycle.is_draft:
                cycle.mag_terms_ending.add(member)


@pytest.mark.parametrize("url_name", ["schedule:years", "schedule:year_new"])
def test_rollover_pages_queries_do_not_grow_with_groups_and_milestones(
    now, client, cycle, secretariat, url_name
):
    client.force_login(secretariat)
    _grow_year(cycle, 1)
    few = _queries(client, reverse(url_name))
    _grow_year(cycle, 19)
    assert _queries(client, reverse(url_name)) == few


def test_a_drafts_review_queries_do_not_grow_with_its_groups_and_milestones(now, client, cycle, secretariat):
    draft = cycle_draft(
        actor=secretariat,
        previous=cycle,
        name="Next",
        previous_meeting_on=date(cycle.year, 12, 6),
        annual_meeting_on=date(cycle.year + 1, 12, 5),
        carry={},
    )
    client.force_login(secretariat)
    url = reverse("schedule:year_draft", args=[draft.year])
    _grow_year(draft, 1)
    few = _queries(client, url)
    _grow_year(draft, 19)
    assert _queries(client, url) == few
