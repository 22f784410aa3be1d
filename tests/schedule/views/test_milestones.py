import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse

from accounts.enums import AuditAction
from accounts.models import AuditEvent
from schedule.enums import DeliverableStatus, MilestoneStatus
from schedule.models import Deliverable, Milestone
from tests.conftest import BASE_NOW as NOW
from tests.factories import MembershipFactory, MilestoneFactory

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


def test_a_draft_is_invisible_to_members_until_published(client, secretariat, team, facilitator):
    client.force_login(secretariat)
    client.post(reverse("schedule:create"), FORM, follow=True)
    milestone = Milestone.objects.get()
    client.force_login(facilitator)
    assert FORM["title"] not in client.get(reverse("schedule:timeline")).content.decode()
    assert client.get(reverse("schedule:detail", args=[milestone.pk])).status_code == 404

    client.force_login(secretariat)
    client.post(reverse("schedule:publish", args=[milestone.pk]), follow=True)
    client.force_login(facilitator)
    assert FORM["title"] in client.get(reverse("schedule:timeline")).content.decode()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"due_local": YESTERDAY_LOCAL}, "The due date is in the past: change it before publishing."),
        ({"all_teams": ""}, "Choose the teams this milestone concerns, or all teams."),
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
