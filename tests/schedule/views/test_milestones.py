import shutil
import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from common.versions import version_bump
from schedule.enums import DeliverableStatus, MilestoneStatus
from schedule.models import Deliverable, Milestone
from schedule.selectors.milestones import DEADLINES_PER_PAGE, MILESTONES_PER_PAGE, TEAMS_PER_PAGE
from tests.conftest import BASE_NOW as NOW
from tests.factories import IssueTeamFactory, MembershipFactory, MilestoneFactory
from tests.support.sizes import assert_html_does_not_grow
from tests.test_html_validity import VNU, _check

pytestmark = pytest.mark.usefixtures("now")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PARIS_TODAY = NOW.astimezone(PARIS).date()
DUE_DAY = PARIS_TODAY + timedelta(days=50)
YESTERDAY_LOCAL = f"{PARIS_TODAY - timedelta(days=1):%Y-%m-%d}T10:00"
FORM = {
    "title": "Introductory session proposals",
    "description": "One page per team.",
    "kind": "deadline",
    "due_local": f"{DUE_DAY:%Y-%m-%d}T17:00",
    "time_zone": "Europe/Paris",
    "all_teams": "on",
    "requires_deliverable": "on",
    "is_public": "on",
    "reminder_offsets": "14, 3, 1",
}


def test_secretariat_publishes_a_milestone_entered_in_paris_time(client, secretariat, team, facilitator):
    client.force_login(secretariat)
    response = client.post(reverse("schedule:create"), {**FORM, "publish": ""}, follow=True)

    milestone = Milestone.objects.get()
    assert milestone.due_at == datetime.combine(DUE_DAY, time(17, 0), tzinfo=PARIS)
    assert milestone.status == MilestoneStatus.PUBLISHED and milestone.reminder_offsets == [14, 3, 1]
    assert "is published" in response.content.decode()
    # Every team in scope now owes a deliverable.
    assert Deliverable.objects.filter(milestone=milestone, team=team).exists()


def test_a_draft_is_invisible_to_members_until_published(
    client, secretariat, team, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    client.post(reverse("schedule:create"), FORM, follow=True)
    milestone = Milestone.objects.get()
    client.force_login(facilitator)
    assert FORM["title"] not in client.get(reverse("schedule:timeline")).content.decode()
    assert client.get(reverse("schedule:detail", args=[milestone.pk])).status_code == 404

    client.force_login(secretariat)
    # Committed, as in production: the cached timeline sees the milestones' new version.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schedule:publish", args=[milestone.pk]), follow=True)
    client.force_login(facilitator)
    assert FORM["title"] in client.get(reverse("schedule:timeline")).content.decode()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"due_local": YESTERDAY_LOCAL}, "The due date is in the past: change it before publishing."),
        ({"all_teams": ""}, "Choose the groups this milestone concerns, or all issue teams."),
        ({"kind": "event"}, "Only a deadline can ask the teams for a deliverable."),
        ({"time_zone": "Atlantis/Capital"}, "“Atlantis/Capital” is not a time zone we know."),
        ({"reminder_offsets": "14, 0"}, "Reminder offsets must be 1 day or more; “0” is not."),
        ({"reminder_offsets": "-3"}, "Reminder offsets must be 1 day or more; “-3” is not."),
        ({"reminder_offsets": "soon"}, "“soon” is not a whole number of days."),
        # 02:30 on 28 March 2027 does not exist in Paris: the clocks jump from 02:00 to 03:00.
        ({"due_local": "2027-03-28T02:30"}, "does not exist in Europe/Paris"),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_milestone_input_is_explained_and_nothing_is_saved(client, secretariat, team, change, message):
    client.force_login(secretariat)
    response = client.post(reverse("schedule:create"), {**FORM, **change, "publish": ""})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Milestone.objects.exists()  # not even a draft


def test_save_and_publish_with_a_past_date_saves_nothing_and_the_corrected_form_publishes_one(
    client, secretariat, team
):
    client.force_login(secretariat)
    response = client.post(reverse("schedule:create"), {**FORM, "due_local": YESTERDAY_LOCAL, "publish": ""})

    assert "The due date is in the past: change it before publishing." in response.content.decode()
    assert not Milestone.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="milestone").exists()

    response = client.post(reverse("schedule:create"), {**FORM, "publish": ""}, follow=True)
    assert "is published" in response.content.decode()
    milestone = Milestone.objects.get()  # exactly one: no stray draft beside it
    assert milestone.status == MilestoneStatus.PUBLISHED
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        AuditAction.MILESTONE_CREATED,
        AuditAction.MILESTONE_PUBLISHED,
    ]


def test_editing_a_draft_and_publishing_it_with_a_past_date_leaves_the_draft_as_it_was(
    client, secretariat, team
):
    draft = MilestoneFactory(
        cycle=team.cycle,
        status=MilestoneStatus.DRAFT,
        title="Draft as it was",
        due_at=NOW + timedelta(days=30),
    )
    client.force_login(secretariat)
    response = client.post(
        reverse("schedule:edit", args=[draft.pk]),
        {**FORM, "title": "Changed title", "due_local": YESTERDAY_LOCAL, "publish": ""},
    )

    assert "The due date is in the past: change it before publishing." in response.content.decode()
    draft.refresh_from_db()
    assert (draft.title, draft.due_at, draft.status) == (
        "Draft as it was",
        NOW + timedelta(days=30),
        MilestoneStatus.DRAFT,
    )

    client.post(reverse("schedule:edit", args=[draft.pk]), {**FORM, "title": "Changed title", "publish": ""})
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Changed title", MilestoneStatus.PUBLISHED)
    assert Deliverable.objects.filter(milestone=draft, team=team).exists()


def test_facilitator_submits_the_deliverable_and_the_secretariat_accepts(
    client, secretariat, team, facilitator
):
    milestone = MilestoneFactory(cycle=team.cycle, requires_deliverable=True, due_at=NOW + timedelta(days=5))
    deliverable = Deliverable.objects.create(milestone=milestone, team=team)
    url = reverse("schedule:deliverable", args=[deliverable.pk])
    client.force_login(facilitator)

    page = client.post(url, {"status": "submitted", "link": "", "note": ""}).content.decode()
    assert "Give a link or a note with what you submit." in page
    client.post(url, {"status": "submitted", "link": "https://docs.example.org/proposal", "note": ""})
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.SUBMITTED

    client.force_login(secretariat)
    client.post(reverse("schedule:deliverable_accept", args=[deliverable.pk]))
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.ACCEPTED


def test_a_member_who_does_not_facilitate_cannot_update_the_deliverable(client, team, community):
    MembershipFactory(team=team, user=community)
    milestone = MilestoneFactory(cycle=team.cycle, requires_deliverable=True)
    deliverable = Deliverable.objects.create(milestone=milestone, team=team)
    client.force_login(community)
    response = client.post(
        reverse("schedule:deliverable", args=[deliverable.pk]),
        {"status": "submitted", "link": "https://x.example.org"},
    )
    assert response.status_code == 403
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.NOT_STARTED


def test_matrix_shows_each_teams_status_in_words_and_late_ones(client, secretariat, team, other_team):
    past = MilestoneFactory(
        cycle=team.cycle, requires_deliverable=True, due_at=NOW - timedelta(days=1), title="Past deadline"
    )
    Deliverable.objects.create(milestone=past, team=team, status=DeliverableStatus.IN_PROGRESS)
    Deliverable.objects.create(milestone=past, team=other_team, status=DeliverableStatus.SUBMITTED)
    client.force_login(secretariat)
    page = client.get(reverse("schedule:matrix")).content.decode()
    assert "Late: in progress" in page and "Submitted" in page


def test_the_timeline_shows_times_in_my_zone_with_utc(client, team, community):
    community.time_zone = "America/New_York"
    community.save()
    MembershipFactory(team=team, user=community)
    # 10:00 in New York, 14 days after New York's today (until 04:00 or 05:00 UTC, UTC's yesterday).
    new_york = zoneinfo.ZoneInfo("America/New_York")
    due = datetime.combine(NOW.astimezone(new_york).date() + timedelta(days=14), time(10, 0), tzinfo=new_york)
    MilestoneFactory(cycle=team.cycle, due_at=due, title="Call")
    client.force_login(community)
    page = client.get(reverse("schedule:timeline")).content.decode()
    assert (
        f'{due:%a %d %b %Y}, 10:00 {due.tzname()}</time> <span class="utc">({due.astimezone(UTC):%H:%M} UTC)'
        in page
    )
    assert due.tzname() in ("EST", "EDT")
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Call" in dashboard and "in 14 days" in dashboard


def test_preferences_page_saves_choices(client, community):
    client.force_login(community)
    client.post(
        reverse("notification_preferences"),
        {"reminder_offsets": ["3"], "overdue_notices": "on", "announcements": "on", "delivery": "digest"},
    )
    prefs = community.notification_preferences
    assert (prefs.reminder_offsets, prefs.change_notices, prefs.delivery) == ([3], False, "digest")


# --- Pages that stay small however many milestones and teams there are (issue 11) ---


def _milestones(cycle, n, *, days_from=1, **fields):
    """`n` published milestones due one a day from `days_from` days ahead, in bulk: versions are
    bumped by hand, as every bulk writer does."""
    made = Milestone.objects.bulk_create(
        Milestone(
            cycle=cycle,
            title=f"Milestone {days_from + i:05d}",
            kind="deadline",
            due_at=NOW + timedelta(days=days_from + i, hours=3),
            status=MilestoneStatus.PUBLISHED,
            **fields,
        )
        for i in range(n)
    )
    version_bump("milestones")
    return made


@pytest.mark.parametrize(
    "url_name, viewer",
    [("schedule:timeline", "community"), ("schedule:timeline", "secretariat"), ("schedule:public", None)],
)
def test_the_milestone_pages_do_not_grow_with_the_milestones(
    client, cycle, team, request, url_name, viewer, django_capture_on_commit_callbacks
):
    if viewer:
        client.force_login(request.getfixturevalue(viewer))
    with django_capture_on_commit_callbacks(execute=True):
        _milestones(cycle, MILESTONES_PER_PAGE + 1)

    def grow():
        with django_capture_on_commit_callbacks(execute=True):
            _milestones(cycle, 3 * MILESTONES_PER_PAGE, days_from=200)
            # Some past ones, and one scoped to many teams: its row names a few and links to the rest.
            _milestones(cycle, MILESTONES_PER_PAGE, days_from=-100)
            scoped = _milestones(cycle, 1, days_from=1, all_teams=False)[0]
            scoped.teams.set([team, *IssueTeamFactory.create_batch(8, cycle=cycle)])

    assert_html_does_not_grow(client, reverse(url_name), grow)


def test_the_timeline_shows_what_comes_next_first_and_pages_through_the_rest(client, cycle, community):
    _milestones(cycle, 2, days_from=-3)  # 2 past: "Milestone -0003" and "Milestone -0002"
    _milestones(cycle, MILESTONES_PER_PAGE, days_from=1)
    client.force_login(community)

    first = client.get(reverse("schedule:timeline")).content.decode()
    assert first.index("Milestone 00001") < first.index("Milestone 00002")
    assert f"Milestone {MILESTONES_PER_PAGE:05d}" in first and "Milestone -0002" not in first
    assert 'href="?page=2" rel="next"' in first and "Page 1 of 2" in first

    second = client.get(reverse("schedule:timeline"), {"page": 2}).content.decode()
    # The past, latest first, after the upcoming ones.
    assert "Milestone 00001" not in second
    assert second.index("Milestone -0002") < second.index("Milestone -0003")
    assert 'href="?page=1" rel="prev"' in second and "Page 2 of 2" in second


@pytest.mark.parametrize(
    "page, shows", [("abc", "Page 1 of 2"), ("0", "Page 2 of 2"), (str(10**20), "Page 2 of 2")]
)
def test_a_bad_page_number_gives_a_page_not_an_error(client, cycle, community, secretariat, page, shows):
    _milestones(cycle, MILESTONES_PER_PAGE + 1)
    client.force_login(community)
    assert shows in client.get(reverse("schedule:timeline"), {"page": page}).content.decode()
    client.logout()
    assert shows in client.get(reverse("schedule:public"), {"page": page}).content.decode()
    client.force_login(secretariat)
    assert client.get(reverse("schedule:matrix"), {"page": page, "deadlines": page}).status_code == 200


def test_page_links_keep_the_other_parameters(client, cycle, community):
    _milestones(cycle, MILESTONES_PER_PAGE + 1)
    client.force_login(community)
    page = client.get(reverse("schedule:timeline"), {"kind": "deadline"}).content.decode()
    assert 'href="?kind=deadline&amp;page=2"' in page


def _deadlines_for(teams, n, *, days_from=1):
    deadlines = _milestones(teams[0].cycle, n, days_from=days_from, requires_deliverable=True)
    Deliverable.objects.bulk_create(Deliverable(milestone=m, team=t) for m in deadlines for t in teams)
    return deadlines


def test_the_matrix_does_not_grow_with_deadlines_and_teams(
    client, cycle, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _deadlines_for(IssueTeamFactory.create_batch(TEAMS_PER_PAGE + 1, cycle=cycle), DEADLINES_PER_PAGE + 1)
    client.force_login(secretariat)

    def grow():
        with django_capture_on_commit_callbacks(execute=True):
            _deadlines_for(
                IssueTeamFactory.create_batch(2 * TEAMS_PER_PAGE, cycle=cycle),
                2 * DEADLINES_PER_PAGE,
                days_from=100,
            )

    assert_html_does_not_grow(client, reverse("schedule:matrix"), grow)


def test_the_matrix_pages_through_deadlines_and_teams_keeping_each_other(client, cycle, secretariat):
    teams = IssueTeamFactory.create_batch(TEAMS_PER_PAGE + 1, cycle=cycle)
    _deadlines_for(teams, DEADLINES_PER_PAGE, days_from=-30)  # all past: the next ones are on page 2
    _deadlines_for(teams, 1, days_from=5)
    client.force_login(secretariat)

    page = client.get(reverse("schedule:matrix")).content.decode()
    # The page with the next deadline comes first; each pager keeps the other's page.
    assert "Milestone 00005" in page and "Milestone -0030" not in page
    assert 'href="?page=1&amp;deadlines=1" rel="prev">Earlier deadlines' in page
    assert 'href="?deadlines=2&amp;page=2" rel="next">Next teams' in page

    earlier = client.get(reverse("schedule:matrix"), {"deadlines": 1, "page": 2}).content.decode()
    assert "Milestone -0030" in earlier and "Late: not started" in earlier
    last_team = sorted(t.area.name for t in teams)[-1]
    assert last_team in earlier and 'href="?deadlines=1&amp;page=1" rel="prev">Previous teams' in earlier


def test_the_cached_pages_show_a_change_as_soon_as_it_is_saved(
    client, cycle, team, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        milestone = _deadlines_for([team], 1)[0]
    deliverable = Deliverable.objects.get()
    assert "Milestone 00001" in client.get(reverse("schedule:public")).content.decode()
    client.force_login(secretariat)
    assert "Not started" in client.get(reverse("schedule:matrix")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        milestone.title = "Session proposals"
        milestone.save()
        deliverable.status = DeliverableStatus.IN_PROGRESS
        deliverable.save()
    matrix = client.get(reverse("schedule:matrix")).content.decode()
    assert "Session proposals" in matrix and "In progress" in matrix
    client.logout()
    assert "Session proposals" in client.get(reverse("schedule:public")).content.decode()


def test_a_deliverable_becomes_late_in_the_cached_matrix_when_its_deadline_passes(
    client, cycle, team, secretariat
):
    _deadlines_for([team], 1)
    client.force_login(secretariat)
    assert "Late" not in client.get(reverse("schedule:matrix")).content.decode()
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        assert "Late: not started" in client.get(reverse("schedule:matrix")).content.decode()


def test_the_matrix_the_secretariat_opened_is_not_shown_to_a_member(
    client, cycle, team, secretariat, community
):
    _deadlines_for([team], 1)
    client.force_login(secretariat)
    assert client.get(reverse("schedule:matrix")).status_code == 200
    client.force_login(community)
    assert client.get(reverse("schedule:matrix")).status_code == 403


def test_the_paged_pages_are_valid_html(client, cycle, secretariat, tmp_path):
    if not shutil.which("java") or not VNU.exists():
        pytest.skip("the Nu HTML Checker (java and vnu-jar) is not installed")
    teams = IssueTeamFactory.create_batch(TEAMS_PER_PAGE + 1, cycle=cycle)
    _deadlines_for(teams, MILESTONES_PER_PAGE + 1, days_from=-5)
    scoped = _milestones(cycle, 1, days_from=3, all_teams=False)[0]
    scoped.teams.set(teams)
    client.force_login(secretariat)
    files = []
    for url, params in [
        (reverse("schedule:timeline"), {}),
        (reverse("schedule:timeline"), {"page": 2}),
        (reverse("schedule:matrix"), {"deadlines": 2, "page": 2}),
        (reverse("schedule:public"), {"page": 2}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200
        files.append(tmp_path / f"{len(files)}.html")
        files[-1].write_bytes(response.content)
    assert _check(files) == []


def test_joining_a_team_marks_its_milestones_as_mine_at_once(
    client, cycle, team, community, django_capture_on_commit_callbacks
):
    # The page reads its version, the cycle's counts and the viewer's teams in one round trip.
    with django_capture_on_commit_callbacks(execute=True):
        MilestoneFactory(cycle=cycle, all_teams=False).teams.add(team)
    client.force_login(community)
    assert "my teams" not in client.get(reverse("schedule:timeline")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(team=team, user=community)
    assert "my teams" in client.get(reverse("schedule:timeline")).content.decode()
