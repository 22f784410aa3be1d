"""Every page for every role: anonymous, community, past MAG, MAG, facilitator of this team,
facilitator of another team, secretariat. 'login' means: sent to the sign-in page."""
import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEvent
from teams.enums import FacilitatorKind
from teams.models import FacilitatorRole
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from schedule.models import AvailabilityPoll, Deliverable, Meeting
from tests.factories import MembershipFactory, MilestoneFactory, PollFactory

ROLES = ["anonymous", "community", "past_mag", "mag", "facilitator", "other_facilitator", "secretariat"]
EVERYONE = {role: 200 for role in ROLES}
SIGNED_IN = {**EVERYONE, "anonymous": "login"}
TEAM_LEADS = {"anonymous": "login", "community": 403, "past_mag": 403, "mag": 403, "facilitator": 200,
              "other_facilitator": 403, "secretariat": 200}
SECRETARIAT_ONLY = {**{role: 403 for role in ROLES}, "anonymous": "login", "secretariat": 200}


def _team_kwargs(team):
    return {"year": team.cycle.year, "slug": team.area.slug}


PAGES = [
    ("home", "get", lambda w: reverse("home"), EVERYONE),
    ("team list", "get", lambda w: reverse("teams:list"), EVERYONE),
    ("team page", "get", lambda w: reverse("teams:detail", kwargs=_team_kwargs(w.team)), EVERYONE),
    ("dashboard", "get", lambda w: reverse("dashboard"), SIGNED_IN),
    ("profile", "get", lambda w: reverse("profile_edit"), SIGNED_IN),
    ("roster CSV", "get", lambda w: reverse("teams:roster_csv", kwargs=_team_kwargs(w.team)), TEAM_LEADS),
    ("handover", "get", lambda w: reverse("teams:handover", args=[w.facilitator_role.pk]), TEAM_LEADS),
    ("roster import", "get", lambda w: reverse("roster_import"), SECRETARIAT_ONLY),
    ("audit log", "get", lambda w: reverse("audit_log"), SECRETARIAT_ONLY),
    ("join", "post", lambda w: reverse("teams:join", kwargs=_team_kwargs(w.team)), {**SIGNED_IN, **{
        r: 302 for r in ROLES if r != "anonymous"}}),
    ("volunteer", "post", lambda w: reverse("teams:volunteer", kwargs=_team_kwargs(w.team)), {
        "anonymous": "login", "community": 403, "past_mag": 403, "mag": 302, "facilitator": 302,
        "other_facilitator": 302, "secretariat": 403}),
    ("withdraw someone's offer", "post", lambda w: reverse("teams:withdraw", args=[w.volunteer_role.pk]), {
        **{r: 403 for r in ROLES}, "anonymous": "login"}),
    ("decide role claims", "post", lambda w: reverse("role_claims_decide"),
     {**SECRETARIAT_ONLY, "secretariat": 302}),
    ("decide facilitators", "post", lambda w: reverse("teams:facilitators_decide"),
     {**SECRETARIAT_ONLY, "secretariat": 302}),
    ("timeline", "get", lambda w: reverse("schedule:timeline"), SIGNED_IN),
    ("public milestones", "get", lambda w: reverse("schedule:public"), EVERYONE),
    ("milestone page", "get", lambda w: reverse("schedule:detail", args=[w.milestone.pk]), EVERYONE),
    ("new milestone", "get", lambda w: reverse("schedule:create"), SECRETARIAT_ONLY),
    ("edit milestone", "get", lambda w: reverse("schedule:edit", args=[w.milestone.pk]), SECRETARIAT_ONLY),
    ("deliverable matrix", "get", lambda w: reverse("schedule:matrix"), SECRETARIAT_ONLY),
    ("deliverable page", "get", lambda w: reverse("schedule:deliverable", args=[w.deliverable.pk]), SIGNED_IN),
    ("update deliverable", "post", lambda w: reverse("schedule:deliverable", args=[w.deliverable.pk]),
     {**TEAM_LEADS, "facilitator": 302, "secretariat": 302}),
    ("accept deliverable", "post", lambda w: reverse("schedule:deliverable_accept", args=[w.deliverable.pk]),
     {**SECRETARIAT_ONLY, "secretariat": 302}),
    ("calendar feeds", "get", lambda w: reverse("schedule:calendar"), SIGNED_IN),
    ("email preferences", "get", lambda w: reverse("notification_preferences"), SIGNED_IN),
    ("outbox", "get", lambda w: reverse("outbox"), SECRETARIAT_ONLY),
    ("retry failed emails of a period", "post", lambda w: reverse("outbox_retry_period"),
     {**SECRETARIAT_ONLY, "secretariat": 302}),
    ("announcements", "get", lambda w: reverse("announcements"), SIGNED_IN),
    ("write announcement", "get", lambda w: reverse("announcement_create"), {
        **TEAM_LEADS, "other_facilitator": 200}),
    ("new poll", "get", lambda w: reverse("schedule:poll_create", kwargs=_team_kwargs(w.team)), TEAM_LEADS),
    ("launch polls", "get", lambda w: reverse("schedule:polls_launch"), SECRETARIAT_ONLY),
    # The poll's team: its members (here the facilitator), the secretariat, and those invited.
    ("poll page", "get", lambda w: reverse("schedule:poll", args=[w.poll.pk]), {
        **TEAM_LEADS, "community": 200}),
    ("finalise poll", "get", lambda w: reverse("schedule:poll_finalise", args=[w.poll.pk]), TEAM_LEADS),
    ("change poll page", "get", lambda w: reverse("schedule:poll_edit", args=[w.poll.pk]), TEAM_LEADS),
    # Those who run the poll get the form back (this POST changes nothing); its effect is tested below.
    ("change poll", "post", lambda w: reverse("schedule:poll_edit", args=[w.poll.pk]), TEAM_LEADS),
    # A guest's private link opens the poll for whoever holds it; a withdrawn one opens nothing.
    ("guest poll link", "get", lambda w: reverse("schedule:poll_guest", args=[w.guest.token]), EVERYONE),
    ("withdrawn guest link", "get", lambda w: reverse("schedule:poll_guest", args=[w.withdrawn_guest.token]),
     {role: 410 for role in ROLES}),
    ("poll guests", "get", lambda w: reverse("schedule:poll_guests", args=[w.poll.pk]), TEAM_LEADS),
    ("withdraw guest page", "get", lambda w: reverse("schedule:poll_guest_revoke", args=[w.poll.pk, w.guest.pk]),
     TEAM_LEADS),
    ("withdraw guest", "post", lambda w: reverse("schedule:poll_guest_revoke", args=[w.poll.pk, w.guest.pk]), {
        **TEAM_LEADS, "facilitator": 302, "secretariat": 302}),
    ("meeting page", "get", lambda w: reverse("schedule:meeting", args=[w.meeting.pk]), {
        **TEAM_LEADS, "community": 200}),
    ("meeting .ics", "get", lambda w: reverse("schedule:meeting_ics", args=[w.meeting.pk]), {
        **TEAM_LEADS, "community": 200}),
    ("edit meeting", "get", lambda w: reverse("schedule:meeting_edit", args=[w.meeting.pk]), TEAM_LEADS),
    ("cancel meeting page", "get", lambda w: reverse("schedule:meeting_cancel", args=[w.meeting.pk]), TEAM_LEADS),
    ("cancel meeting", "post", lambda w: reverse("schedule:meeting_cancel", args=[w.meeting.pk]), {
        **TEAM_LEADS, "facilitator": 302, "secretariat": 302}),
]


class World:
    def __init__(self, team, facilitator, other_facilitator, people):
        self.team = team
        self.facilitator_role = FacilitatorRole.objects.get(user=facilitator, team=team)
        # A pending offer by someone outside the seven roles: nobody but its author may withdraw it.
        self.volunteer_role = FacilitatorRole.objects.create(
            team=team, user=people["volunteer"], kind=FacilitatorKind.CO_CHAIR)
        self.people = people
        self.milestone = MilestoneFactory(cycle=team.cycle, requires_deliverable=True)
        self.deliverable = Deliverable.objects.create(milestone=self.milestone, team=team)
        # A poll of the team to which the community member is invited as a guest-turned-user.
        self.poll = PollFactory(team=team)
        self.poll.invitees.create(user=people["community"])
        self.guest = self.poll.invitees.create(email="guest@example.org")
        self.withdrawn_guest = self.poll.invitees.create(email="gone@example.org", revoked_at=timezone.now())
        self.meeting = Meeting.objects.create(team=team, title="Call", start=timezone.now() + timedelta(days=2),
                                              end=timezone.now() + timedelta(days=2, hours=1))
        self.meeting.attendees.create(user=people["community"])


@pytest.fixture
def world(now, team, facilitator, other_facilitator, community, past_mag, mag, secretariat):
    from tests.factories import MagFactory

    people = {"community": community, "past_mag": past_mag, "mag": mag, "facilitator": facilitator,
              "other_facilitator": other_facilitator, "secretariat": secretariat,
              "volunteer": MagFactory(email="volunteer@example.org")}
    return World(team, facilitator, other_facilitator, people)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, method, url, expected", PAGES, ids=[p[0] for p in PAGES])
def test_page_answers_each_role_as_expected(client, world, role, name, method, url, expected):
    if role != "anonymous":
        client.force_login(world.people[role])
    data = {"capacity": "other", "kind": "co_chair", "status": "in_progress"} if method == "post" else None
    response = getattr(client, method)(url(world), data=data)

    if expected[role] == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_run_the_poll_withdraw_a_guest(client, world, role):
    if role != "anonymous":
        client.force_login(world.people[role])
    client.post(reverse("schedule:poll_guest_revoke", args=[world.poll.pk, world.guest.pk]))

    world.guest.refresh_from_db()
    assert (world.guest.revoked_at is not None) is (role in ("facilitator", "secretariat"))
    page = client.get(reverse("schedule:poll_guest", args=[world.guest.token]))
    assert page.status_code == (410 if role in ("facilitator", "secretariat") else 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_those_who_run_the_poll_change_it(client, world, role):
    now = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        AvailabilityPoll.objects.filter(pk=world.poll.pk).update(deadline=now + timedelta(days=3))
        if role != "anonymous":
            client.force_login(world.people[role])
        client.post(reverse("schedule:poll_edit", args=[world.poll.pk]), {
            "time_zone": "UTC", "slots": "2027-05-20 12:00", "guests": "added@example.org",
            "deadline_local": "2027-05-14T12:00"})

    allowed = role in ("facilitator", "secretariat")
    poll = AvailabilityPoll.objects.get(pk=world.poll.pk)
    assert [s.start for s in poll.slots.all()] == ([datetime(2027, 5, 20, 12, 0, tzinfo=UTC)] if allowed else [])
    assert poll.invitees.filter(email="added@example.org").exists() is allowed
    assert poll.deadline == (datetime(2027, 5, 14, 12, 0, tzinfo=UTC) if allowed else now + timedelta(days=3))
    assert AuditEvent.objects.filter(action="poll_changed").count() == (1 if allowed else 0)


@pytest.mark.parametrize("role, sees_names, sees_emails", [
    ("anonymous", False, False), ("community", True, False), ("past_mag", True, False), ("mag", True, False),
    ("facilitator", True, True), ("other_facilitator", True, False), ("secretariat", True, True),
])
def test_team_roster_shows_names_to_signed_in_and_emails_to_leads_only(client, world, role, sees_names, sees_emails):
    MembershipFactory(team=world.team, user__display_name="Rosa Roster", user__email="rosa@example.org")
    if role != "anonymous":
        client.force_login(world.people[role])
    page = client.get(reverse("teams:detail", kwargs=_team_kwargs(world.team))).content.decode()

    assert ("Rosa Roster" in page) is sees_names
    assert ("rosa@example.org" in page) is sees_emails


@pytest.mark.parametrize("role, allowed", [
    ("community", False), ("mag", False), ("other_facilitator", False), ("secretariat", True),
])
def test_only_the_secretariat_reaches_django_admin(client, world, role, allowed):
    client.force_login(world.people[role])
    response = client.get(reverse("admin:teams_issueteam_changelist"))
    assert (response.status_code == 200) is allowed


def _admin_sets_role(client, world, person, role):
    """The secretariat saves the person's admin page with only the role changed."""
    client.force_login(world.people["secretariat"])
    url = reverse("admin:accounts_user_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"role": role, "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
                 "date_joined_1": person.date_joined.strftime("%H:%M:%S")})
    return client.post(url, data)


def test_the_secretariat_cannot_end_the_mag_term_of_a_facilitator_before_reassigning(client, world):
    facilitator = world.people["facilitator"]
    page = _admin_sets_role(client, world, facilitator, "past_mag").content.decode()
    assert "facilitates Trust, security and stability: reassign those roles" in page
    facilitator.refresh_from_db()
    assert facilitator.role == "mag"


def test_a_role_changed_in_admin_is_audited(client, world):
    from accounts.models import AuditEvent

    person = world.people["mag"]
    assert _admin_sets_role(client, world, person, "past_mag").status_code == 302
    person.refresh_from_db()
    assert person.role == "past_mag"
    event = AuditEvent.objects.get(action="role_changed", subject=person)
    assert event.actor == world.people["secretariat"] and event.details == {"previous": "mag", "role": "past_mag"}
