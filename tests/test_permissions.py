"""The permission matrix: every URL pattern of our apps (accounts, teams, schedule, notifications,
igfmag), for every role, with the status each role gets and, for each POST, what it changed in the
database. `test_every_url_pattern_has_its_rows` fails for a pattern without a row, saying what to add.

Roles: a visitor ("anonymous"); a guest, without an account, who holds a guest's private link (on
routes without a link in their address, a guest is a visitor); a community member outside the
team; a member of the team (invited to its poll, attending its meeting); a past MAG member and a
MAG member outside the team (the MAG member has a pending offer to co-chair the other team); the
team's facilitator (a member, invited, attending); another team's facilitator; the secretariat
(two-factor passed). LOGIN means: sent to the sign-in page."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import wraps

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.views.generic import FormView

from accounts.enums import Role
from accounts.forms import parse_roster
from accounts.models import AuditEvent, CallHours, User
from accounts.selectors import roster_import_preview
from accounts.views import audit_log, profile_edit
from notifications.enums import OutboxStatus
from notifications.models import (
    Announcement,
    GuestAddress,
    NotificationPreferences,
    OutboxMessage,
    Subscription,
)
from notifications.views import outbox_retry
from programme.enums import SessionStatus
from programme.models import ProgrammeRelease, ProgrammeSelection, ProgrammeSession, Resource, ResourceBooking
from programme.services import build as programme_build
from programme.services import resources as programme_resources
from proposals import nominations
from proposals import services as proposal_services
from proposals.models import (
    Nomination,
    NominationSupport,
    Panelist,
    Proposal,
    ProposalComment,
    ProposalEvent,
    SessionKind,
)
from registry.models import ActivityCheck, IntersessionalActivity
from review import decisions as review_decisions
from review import services as review_services
from review.csv_import import COLUMNS as REVIEW_COLUMNS
from review.csv_import import fingerprint as review_fingerprint
from review.models import Assignment, Criterion, Entry, ProposerAnnouncement, ReviewRound
from schedule.enums import DeliverableStatus, MilestoneStatus, PollStatus
from schedule.models import (
    ActionItem,
    AgendaInput,
    AvailabilityPoll,
    BusyCalendar,
    BusyTime,
    CalendarFeed,
    Decision,
    Deliverable,
    Meeting,
    MeetingAttendee,
    MeetingPaper,
    MeetingRecord,
    MeetingSeries,
    Milestone,
    OutsideCalendar,
    OutsideEvent,
    ParkingLotItem,
    PollComment,
    Slot,
    Vote,
)
from teams.enums import Capacity, FacilitatorKind, FacilitatorStatus
from teams.models import Cycle, FacilitatorRole, IssueTeam, Membership
from tests.conftest import BASE_NOW
from tests.factories import (
    ActivityCheckFactory,
    CycleFactory,
    FacilitatorRoleFactory,
    IntersessionalActivityFactory,
    IssueAreaFactory,
    IssueTeamFactory,
    MagFactory,
    MembershipFactory,
    MilestoneFactory,
    PanelistFactory,
    PollFactory,
    SecretariatFactory,
    UserFactory,
    panel_proposal,
)
from tests.programme.public_helpers import programme_session, release, with_speakers
from tests.programme.release_helpers import placed_session
from tests.support.ics import nri_calendar

ROLES = [
    "anonymous",
    "guest",
    "community",
    "member",
    "past_mag",
    "mag",
    "facilitator",
    "other_facilitator",
    "secretariat",
]
SIGNED_IN_ROLES = frozenset(ROLES) - {"anonymous", "guest"}
EVERY_ROLE = frozenset(ROLES)
LOGIN = "login"
GET, POST = "get", "post"


def every_role(outcome) -> dict:
    return dict.fromkeys(ROLES, outcome)


EVERYONE = every_role(200)
SIGNED_IN = {**EVERYONE, "anonymous": LOGIN, "guest": LOGIN}
# A POST that any signed-in person may send (about themselves): they are sent on.
SIGNED_IN_POST = {**SIGNED_IN, **dict.fromkeys(SIGNED_IN_ROLES, 302)}
TEAM_LEADS = {**every_role(403), "anonymous": LOGIN, "guest": LOGIN, "facilitator": 200, "secretariat": 200}
SECRETARIAT_ONLY = {**TEAM_LEADS, "facilitator": 403}
# Polls and meetings: the team's members (the facilitator among them), those invited, the secretariat.
TEAM_AND_INVITED = {**TEAM_LEADS, "member": 200}


def but(expected: dict, **changes) -> dict:
    """`expected` with some roles' outcomes changed: but(TEAM_LEADS, facilitator=302, secretariat=302)."""
    assert set(changes) <= set(ROLES), f"unknown roles: {set(changes) - set(ROLES)}"
    return {**expected, **changes}


# Who a form's POST is for: they are sent on (302) and the row changes; everyone else is refused.
LEADS = frozenset({"facilitator", "secretariat"})
SECRETARIAT = frozenset({"secretariat"})


def sends_on(url_name: str, expected: dict, changes: frozenset, **row) -> "Row":
    """A POST that sends `changes` on (302) after changing the row, and refuses the rest as `expected`."""
    return Row(url_name, POST, but(expected, **dict.fromkeys(changes, 302)), changes=changes, **row)


@dataclass(frozen=True)
class Row:
    """What each role gets from one URL pattern with one method.

    `kwargs(world)` gives the URL's arguments; `data(world, role)` the POST body. A POST row names
    an `effect(world, person)`: what the POST may change, read from the database (`person` is the
    user who sends it, None for a visitor or a guest). For the roles in `changes` it must differ
    after the POST; for every other role it must stay the same. `case` tells apart the rows of one
    pattern (a withdrawn link, a draft)."""

    url_name: str
    method: str
    expect: dict
    kwargs: Callable = lambda w: {}
    data: Callable = lambda w, role: {}
    effect: Callable | None = None
    changes: frozenset = frozenset()
    case: str = ""

    def __post_init__(self):
        assert set(self.expect) == set(ROLES), f"{self.id}: give every role its outcome: {ROLES}"
        assert self.method in (GET, POST), self.id
        assert (self.method == POST) == (self.effect is not None), (
            f"{self.id}: a POST row names the effect it checks in the database; a GET row none"
        )
        assert set(self.changes) <= set(ROLES), self.id

    @property
    def id(self):
        return f"{self.url_name} {self.method.upper()}{f' ({self.case})' if self.case else ''}"

    def url(self, w):
        return reverse(self.url_name, kwargs=self.kwargs(w))


def _team(w):
    return {"year": w.team.cycle.year, "slug": w.team.slug}


def _activity(w):
    return {"slug": w.activity.slug}


def _poll(w):
    return {"pk": w.poll.pk}


def _meeting(w):
    return {"pk": w.meeting.pk}


def _wall(moment):
    return f"{moment:%Y-%m-%d %H:00}"


# --- Effects: what a POST may change, read from the database before and after ---------------------


def mine(read):
    """An effect on the sender's own rows; a visitor or a guest has none."""

    @wraps(read)
    def effect(w, person):
        return None if person is None else read(w, person)

    return effect


@mine
def own_profile(w, person):
    return User.objects.get(pk=person.pk).display_name


@mine
def own_call_hours(w, person):
    return sorted(CallHours.objects.filter(user=person).values_list("days", flat=True))


def nothing_written():
    """What a read-only POST (a download) must leave as it was: the audit log and the outbox."""
    return AuditEvent.objects.count(), OutboxMessage.objects.count()


@mine
def own_language(w, person):
    return User.objects.get(pk=person.pk).language


@mine
def own_membership(w, person):
    return Membership.objects.filter(team=w.team, user=person).values_list("capacity").first()


@mine
def own_offers(w, person):
    return sorted(FacilitatorRole.objects.filter(team=w.team, user=person).values_list("kind", "status"))


@mine
def own_votes(w, person):
    return sorted(
        Vote.objects.filter(invitee__poll=w.poll, invitee__user=person).values_list("slot_id", "answer")
    )


@mine
def own_feed(w, person):
    return CalendarFeed.objects.filter(user=person).values_list("token").first()


@mine
def own_preferences(w, person):
    return NotificationPreferences.objects.filter(user=person).values_list("delivery").first()


def claimant_role(w, person):
    return User.objects.filter(pk=w.claimant.pk).values_list("role", "requested_role").get()


def imported_person(w, person):
    return User.objects.filter(email="imported@example.org").exists()


def mag_offer(w, person):
    return FacilitatorRole.objects.filter(pk=w.mag_offer.pk).values_list("status").first()


def facilitator_role_holder(w, person):
    return (
        FacilitatorRole.objects.filter(team=w.team, status=FacilitatorStatus.CONFIRMED)
        .values_list("user_id")
        .get()
    )


def volunteer_offer(w, person):
    return FacilitatorRole.objects.get(pk=w.volunteer_role.pk).status


def new_groups(w, person):
    return sorted(IssueTeam.objects.filter(title__startswith="Matrix group").values_list("kind", "title"))


def drafted_years(w, person):
    return sorted(Cycle.objects.filter(is_draft=True).values_list("year", flat=True))


def current_year(w, person):
    return Cycle.objects.get(is_current=True).year


def _draft_year(w):
    """The year after the world's, drafted (inside the row's savepoint, rolled back after it)."""
    cycle = w.team.cycle
    draft, _created = Cycle.objects.get_or_create(
        year=cycle.year + 1,
        defaults={
            "name": "Next year",
            "is_draft": True,
            "drafted_from": cycle,
            "annual_meeting_on": date(cycle.year + 1, 12, 1),
        },
    )
    return {"year": draft.year}


def _year_draft_form(w):
    year = w.team.cycle.year
    return {
        "name": "Next year",
        "previous_meeting_on": f"{year}-12-06",
        "annual_meeting_on": f"{year + 1}-12-05",
        f"keep_{w.team.pk}": "on",
    }


def new_milestone(w, person):
    return Milestone.objects.filter(title="Matrix milestone").exists()


def milestone_title(w, person):
    return Milestone.objects.get(pk=w.milestone.pk).title


def draft_status(w, person):
    return Milestone.objects.get(pk=w.draft.pk).status


def deliverable_status(w, person):
    return Deliverable.objects.get(pk=w.deliverable.pk).status


def polls_of_team(w, person):
    return AvailabilityPoll.objects.filter(team=w.team).count()


def comments_on_poll(w, person):
    return PollComment.objects.filter(poll=w.poll).count()


def comments_anywhere(w, person):
    return PollComment.objects.count()


def meeting_of_poll(w, person):
    return Meeting.objects.filter(poll=w.poll).exists()


def series_of_poll(w, person):
    return MeetingSeries.objects.filter(poll=w.poll).exists()


def series_cadence(w, person):
    return MeetingSeries.objects.filter(pk=w.series.pk).values_list("every_weeks", "count").get()


def poll_invitations(w, person):
    return sorted(w.poll.invitees.values_list("email", flat=True))


def guest_link_withdrawn(w, person):
    return w.poll.invitees.get(pk=w.guest.pk).revoked_at is not None


# --- Closing an account and forgetting a guest (issue 17) ---


@mine
def own_account_address(w, person):
    return User.objects.get(pk=person.pk).email


def guest_address_kept(w, person):
    return type(w.guest).objects.get(pk=w.guest.pk).email


# --- end of closing an account ---


def guest_votes(w, person):
    return sorted(Vote.objects.filter(invitee=w.guest).values_list("slot_id", "answer"))


def withdrawn_guest_votes(w, person):
    return Vote.objects.filter(invitee=w.withdrawn_guest).count()


def meeting_state(w, person):
    return Meeting.objects.filter(pk=w.meeting.pk).values_list("title", "status").get()


def meeting_published(w, person):
    return Meeting.objects.filter(pk=w.meeting.pk).values_list("is_public").get()


@mine
def own_answer(w, person):
    return MeetingAttendee.objects.filter(meeting=w.meeting, user=person).values_list("response_note").first()


def linked_answer(w, person):
    return MeetingAttendee.objects.filter(pk=w.member_attendance.pk).values_list("response_note").get()


def withdrawn_guest_answer(w, person):
    return MeetingAttendee.objects.filter(pk=w.withdrawn_meeting_attendance.pk).values_list("response").get()


def held_attendance(w, person):
    return sorted(w.held_meeting.attendees.values_list("pk", "present"))


def team_quorum(w, person):
    return IssueTeam.objects.filter(pk=w.team.pk).values_list("quorum_kind", "quorum_value").get()


def answer(w, role):
    return {"response": "apologies", "note": f"Apologies from {role}"}


def attendance_form(w, role):
    return {
        "shown": list(w.held_meeting.attendees.values_list("pk", flat=True)),
        "present": [w.held_member.pk],
    }


def meeting_minutes(w, person):
    return MeetingRecord.objects.filter(meeting=w.meeting).values_list("minutes").first()


def meeting_decisions(w, person):
    return Decision.objects.filter(meeting=w.meeting).count()


def meeting_action_items(w, person):
    return ActionItem.objects.filter(meeting=w.meeting).count()


def meeting_parking_lot(w, person):
    return ParkingLotItem.objects.filter(meeting=w.meeting).count()


def parking_lot_carried(w, person):
    return ParkingLotItem.objects.get(pk=w.parked.pk).carried_to_id


def meeting_papers(w, person):
    return MeetingPaper.objects.filter(meeting=w.meeting).count()


def paper_state(w, person):
    return MeetingPaper.objects.filter(pk=w.paper.pk).values_list("status", "link").get()


def agenda_input_of(w, person):
    return AgendaInput.objects.filter(meeting=w.meeting, author=person).count() if person else 0


def action_item_state(w, person):
    return ActionItem.objects.get(pk=w.action_item.pk).status


def members_unsubscribed(w, person):
    return NotificationPreferences.objects.get(pk=w.member_preferences.pk).announcements is False


def guest_address_stopped(w, person):
    return GuestAddress.objects.get(pk=w.guest_address.pk).stopped_at is not None


def failed_email_status(w, person):
    return OutboxMessage.objects.get(pk=w.failed_email.pk).status


def announcements_sent(w, person):
    return Announcement.objects.count()


def follower_subscriptions(w, person):
    return Subscription.objects.filter(email="follower@example.org").count()


def pending_subscription_confirmed(w, person):
    return Subscription.objects.get(pk=w.pending_subscription.pk).confirmed_at is not None


def subscription_cancelled(w, person):
    return Subscription.objects.get(pk=w.subscription.pk).unsubscribed_at is not None


def new_registry_entry(w, person):
    return IntersessionalActivity.objects.filter(name="Matrix registry entry").exists()


def registry_entry_name(w, person):
    return IntersessionalActivity.objects.get(pk=w.activity.pk).name


def registry_checks(w, person):
    return sorted(ActivityCheck.objects.filter(activity=w.activity).values_list("outcome", "note"))


# --- POST bodies ---------------------------------------------------------------------------------


def profile_form(w, role):
    return {
        "display_name": "Renamed by the matrix",
        "organisation": "Example Org",
        "stakeholder_group": "civil_society",
        "un_region": "african",
        "time_zone": "UTC",
        "gender": "",
        "language": "",
        "claimed_role": "",
    }


ROSTER_CSV = (
    "name,email,stakeholder_group,region\nImported Person,imported@example.org,civil_society,african\n"
)


def roster_upload(w, role):
    return {"file": SimpleUploadedFile("roster.csv", ROSTER_CSV.encode(), "text/csv")}


def roster_confirmation(w, role):
    return {
        "text": ROSTER_CSV,
        "fingerprint": roster_import_preview(rows=parse_roster(ROSTER_CSV)).fingerprint,
    }


def milestone_form(w, role):
    return {
        "title": "Matrix milestone",
        "description": "",
        "kind": "deadline",
        "due_local": _wall(w.now + timedelta(days=30)),
        "time_zone": "UTC",
        "all_teams": "on",
        "is_public": "on",
        "reminder_offsets": "3",
    }


def registry_form(w, role):
    return {"kind": "dc", "name": "Matrix registry entry", "last_active_on": f"{w.now:%Y-%m-%d}"}


def poll_form(w, role):
    return {
        "title": "Matrix poll",
        "duration_minutes": "60",
        "time_zone": "UTC",
        "deadline_local": _wall(w.now + timedelta(days=2)),
        "slots": _wall(w.now + timedelta(days=4)),
        "dates": "",
        "times": "",
        "guests": "",
        "teams": [w.team.pk],
    }


def duplicate_form(w, role):
    return {"title": "Matrix copy", "shift": "7", "days": "", "time_zone": "UTC", "deadline_local": ""}


def answers(w, role):
    return {**{f"slot_{slot.pk}": "yes" for slot in w.slots}, "name": "Guest", "time_zone": "UTC"}


def comment(w, role):
    """Members comment as themselves; a guest sends the token of their private link."""
    return {"text": "Thursdays suit me.", **({"token": w.guest.token} if role == "guest" else {})}


def finalise_form(w, role):
    # The world's slots have no answers yet: scheduling one needs the explicit "schedule it anyway".
    return {
        "slot": w.slots[0].pk,
        "title": "First call",
        "video_link": "",
        "agenda": "",
        "confirm_unattended": "on",
    }


def series_form(w, role):
    # One slot, two calls: the one rotation there is, a fixed slot.
    return {
        "slots": [w.slots[0].pk],
        "every_weeks": "1",
        "count": "2",
        "title": "Regular call",
        "rotation": "0,0",
        "create": "",
    }


def meeting_form(w, role):
    return {
        "title": "Renamed call",
        "start_local": _wall(w.now + timedelta(days=3)),
        "duration_minutes": "60",
        "time_zone": "UTC",
        "video_link": "",
        "agenda": "",
        "notes": "",
    }


def meeting_public_form(w, role):
    return {**meeting_form(w, role), "is_public": "on"}


def preferences_form(w, role):
    return {
        "reminder_offsets": ["3"],
        "overdue_notices": "on",
        "change_notices": "on",
        "meeting_reminders": "on",
        "announcements": "on",
        "delivery": "digest",
    }


# --- Proposals: the secretariat's kinds of session (part "kinds") ---------------------------------


def _session_kind(w):
    return {"pk": SessionKind.objects.get(slug="youth").pk}


def new_session_kind(w, person):
    return SessionKind.objects.filter(name="Matrix kind").exists()


def session_kind_state(w, person):
    return SessionKind.objects.filter(slug="youth").values_list("name", "default_minutes", "is_active").get()


def session_kind_form(w, role):
    return {"name": "Matrix kind", "default_minutes": "45", "floor_share": "30", "position": "3"}


# --- The panel planner (issue 14, part 2) ------------------------------------------------------------

PANEL_EDITORS = {**every_role(403), "anonymous": LOGIN, "guest": LOGIN}
PANEL_READERS = {**PANEL_EDITORS, "member": 200, "facilitator": 200, "secretariat": 200}


def _panel(w):
    return {"pk": w.panel_proposal.pk}


def _panelist(w):
    return {"pk": w.panel_proposal.pk, "panelist_id": w.panelist.pk}


def panel_people(w, person):
    return sorted(
        Panelist.objects.filter(proposal=w.panel_proposal).values_list("name", "role", "opening_minutes")
    )


def panelist_form(w, role):
    return {
        "name": f"Panelist from {role}",
        "role": "speaker",
        "stakeholder_group": "civil_society",
        "region": "african",
        "presence": "in_room",
        "opening_minutes": "4",
        "followup_minutes": "2",
    }


ROWS = [
    # igfmag
    Row("home", GET, EVERYONE),
    Row("privacy", GET, EVERYONE),
    Row("dashboard", GET, SIGNED_IN),
    Row("role_claims_waiting", GET, SECRETARIAT_ONLY),
    Row("volunteers_waiting", GET, SECRETARIAT_ONLY),
    # accounts
    Row("profile_edit", GET, SIGNED_IN),
    Row("profile_edit", POST, SIGNED_IN_POST, data=profile_form, effect=own_profile, changes=SIGNED_IN_ROLES),
    # One's own call hours only: there is no one else's to name.
    Row(
        "call_hours_edit",
        POST,
        SIGNED_IN_POST,
        data=lambda w, role: {"day_0": "on", "from_0": "09:00", "to_0": "17:00"},
        effect=own_call_hours,
        changes=SIGNED_IN_ROLES,
    ),
    # --- A person's data (issue 17, point 5): the page, and the download of one's own (its POST
    # names nobody: the file is always the sender's; it changes nothing) ---
    Row("data_export", GET, SIGNED_IN),
    Row("data_export", POST, SIGNED_IN, effect=lambda w, person: nothing_written()),
    # --- end of a person's data ---
    # --- Closing an account (issue 17): one's own only; the world's one secretariat member is the
    # last, and is told why not (the page again, nothing changed).
    Row("account_close", GET, SIGNED_IN),
    Row(
        "account_close",
        POST,
        but(SIGNED_IN_POST, secretariat=200),
        data=lambda w, role: {"understood": "on"},
        effect=own_account_address,
        changes=SIGNED_IN_ROLES - {"secretariat"},
    ),
    Row("account_closed", GET, EVERYONE),
    # --- end of closing an account ---
    # The footer's language menu: everyone is sent back; a signed-in person's profile follows.
    Row(
        "set_language",
        POST,
        every_role(302),
        data=lambda w, role: {"language": "fr", "next": "/"},
        effect=own_language,
        changes=SIGNED_IN_ROLES,
    ),
    sends_on(
        "role_claims_decide",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=lambda w, role: {"users": [w.claimant.pk], "decision": "confirm"},
        effect=claimant_role,
    ),
    Row("roster_import", GET, SECRETARIAT_ONLY),
    Row("roster_import", POST, SECRETARIAT_ONLY, data=roster_upload, effect=imported_person, case="preview"),
    sends_on(
        "roster_import",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=roster_confirmation,
        effect=imported_person,
        case="confirm",
    ),
    Row("audit_log", GET, SECRETARIAT_ONLY),
    # teams
    Row("teams:list", GET, EVERYONE),
    Row("teams:cycle", GET, EVERYONE, kwargs=lambda w: {"year": w.team.cycle.year}),
    Row("teams:detail", GET, EVERYONE, kwargs=_team),
    # A new group: current MAG members (the facilitators are MAG members) create MAG working
    # groups, the secretariat any kind; a BPF asked by a MAG member gets the form back, refused.
    Row("teams:create", GET, but(SIGNED_IN, community=403, member=403, past_mag=403)),
    Row(
        "teams:create",
        POST,
        but(SIGNED_IN_POST, community=403, member=403, past_mag=403),
        data=lambda w, role: {"kind": "mag_working_group", "title": f"Matrix group of {role}"},
        effect=new_groups,
        changes=frozenset({"mag", "facilitator", "other_facilitator", "secretariat"}),
        case="a MAG working group",
    ),
    Row(
        "teams:create",
        POST,
        but(SIGNED_IN, community=403, member=403, past_mag=403, secretariat=302),
        data=lambda w, role: {"kind": "bpf", "title": f"Matrix group BPF of {role}"},
        effect=new_groups,
        changes=SECRETARIAT,
        case="a BPF",
    ),
    # Joining again changes the capacity: the facilitator, in as MAG, now takes part as "other".
    Row(
        "teams:join",
        POST,
        SIGNED_IN_POST,
        kwargs=_team,
        data=lambda w, role: {"capacity": Capacity.OTHER},
        effect=own_membership,
        changes=SIGNED_IN_ROLES - {"member"},
    ),
    # A facilitator hands the role over before leaving.
    Row("teams:leave", POST, SIGNED_IN_POST, kwargs=_team, effect=own_membership, changes={"member"}),
    # Asked on the dashboard of last year's members only: the world's team carries on no group, so
    # everyone's answer is refused with a message on the dashboard, and nobody joins.
    Row(
        "teams:carry_over",
        POST,
        SIGNED_IN_POST,
        kwargs=_team,
        data=lambda w, role: {"answer": "join"},
        effect=own_membership,
        case="no group carried on",
    ),
    # Current MAG members only; the facilitator already co-chairs.
    Row(
        "teams:volunteer",
        POST,
        but(
            SIGNED_IN,
            community=403,
            member=403,
            past_mag=403,
            mag=302,
            facilitator=302,
            other_facilitator=302,
            secretariat=403,
        ),
        kwargs=_team,
        data=lambda w, role: {"kind": FacilitatorKind.CO_CHAIR},
        effect=own_offers,
        changes={"mag", "other_facilitator"},
    ),
    Row("teams:roster_csv", GET, TEAM_LEADS, kwargs=_team),
    # The names that match what a group's lead types to choose one of its members: for its leads.
    Row("teams:member_suggest", GET, TEAM_LEADS, kwargs=_team),
    # The issue areas that match what one types to choose one: public, as the areas are.
    Row("teams:area_suggest", GET, EVERYONE),
    # The MAG member's own pending offer: only its author withdraws it.
    Row(
        "teams:withdraw",
        POST,
        but(SECRETARIAT_ONLY, mag=302, secretariat=403),
        kwargs=lambda w: {"role_id": w.mag_offer.pk},
        effect=mag_offer,
        changes={"mag"},
    ),
    Row("teams:handover", GET, TEAM_LEADS, kwargs=lambda w: {"role_id": w.facilitator_role.pk}),
    sends_on(
        "teams:handover",
        TEAM_LEADS,
        LEADS,
        kwargs=lambda w: {"role_id": w.facilitator_role.pk},
        data=lambda w, role: {"successor": w.people["mag"].pk},
        effect=facilitator_role_holder,
    ),
    sends_on(
        "teams:facilitators_decide",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=lambda w, role: {"roles": [w.volunteer_role.pk], "decision": "confirm"},
        effect=volunteer_offer,
    ),
    # registry: public to read; the secretariat keeps it
    Row("registry:list", GET, EVERYONE),
    Row("registry:detail", GET, EVERYONE, kwargs=_activity),
    Row("registry:create", GET, SECRETARIAT_ONLY),
    sends_on("registry:create", SECRETARIAT_ONLY, SECRETARIAT, data=registry_form, effect=new_registry_entry),
    Row("registry:edit", GET, SECRETARIAT_ONLY, kwargs=_activity),
    sends_on(
        "registry:edit",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_activity,
        data=registry_form,
        effect=registry_entry_name,
    ),
    Row("registry:check", GET, SECRETARIAT_ONLY, kwargs=_activity),
    sends_on(
        "registry:check",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_activity,
        data=lambda w, role: {
            "outcome": "does_not_fulfil",
            "checked_on": f"{w.now:%Y-%m-%d}",
            "note": "Matrix check",
        },
        effect=registry_checks,
    ),
    # schedule: milestones and deliverables
    Row("schedule:timeline", GET, SIGNED_IN),
    Row("schedule:public", GET, EVERYONE),
    Row("schedule:detail", GET, EVERYONE, kwargs=lambda w: {"pk": w.milestone.pk}),
    Row(
        "schedule:detail",
        GET,
        but(SIGNED_IN, anonymous=404, guest=404),
        kwargs=lambda w: {"pk": w.internal.pk},
        case="not public",
    ),
    Row(
        "schedule:detail",
        GET,
        but(every_role(404), secretariat=200),
        kwargs=lambda w: {"pk": w.draft.pk},
        case="draft",
    ),
    Row("schedule:create", GET, SECRETARIAT_ONLY),
    sends_on("schedule:create", SECRETARIAT_ONLY, SECRETARIAT, data=milestone_form, effect=new_milestone),
    Row("schedule:matrix", GET, SECRETARIAT_ONLY),
    Row("schedule:edit", GET, SECRETARIAT_ONLY, kwargs=lambda w: {"pk": w.milestone.pk}),
    sends_on(
        "schedule:edit",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {"pk": w.milestone.pk},
        data=milestone_form,
        effect=milestone_title,
    ),
    sends_on(
        "schedule:publish",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {"pk": w.draft.pk},
        effect=draft_status,
    ),
    Row("schedule:deliverable", GET, SIGNED_IN, kwargs=lambda w: {"pk": w.deliverable.pk}),
    sends_on(
        "schedule:deliverable",
        TEAM_LEADS,
        LEADS,
        kwargs=lambda w: {"pk": w.deliverable.pk},
        data=lambda w, role: {"status": DeliverableStatus.IN_PROGRESS},
        effect=deliverable_status,
    ),
    sends_on(
        "schedule:deliverable_accept",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {"pk": w.deliverable.pk},
        effect=deliverable_status,
    ),
    Row("schedule:calendar", GET, SIGNED_IN),
    Row("schedule:calendar", POST, SIGNED_IN_POST, effect=own_feed, changes=SIGNED_IN_ROLES),
    Row("schedule:public_feed", GET, EVERYONE),
    Row("schedule:public_meetings", GET, EVERYONE),
    # The feed's secret address is the credential, whoever opens it.
    Row("schedule:private_feed", GET, EVERYONE, kwargs=lambda w: {"token": w.member_feed.token}),
    Row(
        "schedule:private_feed",
        GET,
        every_role(404),
        kwargs=lambda w: {"token": "no-such-feed"},
        case="unknown address",
    ),
    # schedule: polls
    Row("schedule:poll_create", GET, TEAM_LEADS, kwargs=_team),
    sends_on("schedule:poll_create", TEAM_LEADS, LEADS, kwargs=_team, data=poll_form, effect=polls_of_team),
    Row("schedule:polls_launch", GET, SECRETARIAT_ONLY),
    sends_on("schedule:polls_launch", SECRETARIAT_ONLY, SECRETARIAT, data=poll_form, effect=polls_of_team),
    Row("schedule:poll", GET, TEAM_AND_INVITED, kwargs=_poll),
    # Who a slot puts at night: whoever may read the poll (names only for those who may see them).
    Row(
        "schedule:poll_slot_nights",
        GET,
        TEAM_AND_INVITED,
        kwargs=lambda w: {"pk": w.poll.pk, "slot_id": w.slots[0].pk},
    ),
    # Answers come from those invited; the secretariat reads the poll without an answer form.
    Row(
        "schedule:poll",
        POST,
        but(TEAM_AND_INVITED, member=302, facilitator=302),
        kwargs=_poll,
        data=answers,
        effect=own_votes,
        changes={"member", "facilitator"},
    ),
    # Only those invited comment, a guest by their link; a visitor without one is refused,
    # not sent to sign in.
    Row(
        "schedule:poll_comment",
        POST,
        but(TEAM_LEADS, anonymous=403, guest=302, member=302, facilitator=302, secretariat=403),
        kwargs=_poll,
        data=comment,
        effect=comments_on_poll,
        changes={"guest", "member", "facilitator"},
    ),
    Row(
        "schedule:poll_comment",
        POST,
        every_role(410),
        kwargs=_poll,
        data=lambda w, role: {"text": "Still here?", "token": w.withdrawn_guest.token},
        effect=comments_on_poll,
        case="withdrawn guest link",
    ),
    # A guest's link belongs to one poll: it opens no other poll's comments.
    Row(
        "schedule:poll_comment",
        POST,
        every_role(403),
        kwargs=lambda w: {"pk": w.other_poll.pk},
        data=lambda w, role: {"text": "Wrong poll", "token": w.guest.token},
        effect=comments_anywhere,
        case="another poll's guest link",
    ),
    Row("schedule:poll_finalise", GET, TEAM_LEADS, kwargs=_poll),
    sends_on(
        "schedule:poll_finalise", TEAM_LEADS, LEADS, kwargs=_poll, data=finalise_form, effect=meeting_of_poll
    ),
    Row("schedule:poll_series", GET, TEAM_LEADS, kwargs=_poll),
    sends_on(
        "schedule:poll_series", TEAM_LEADS, LEADS, kwargs=_poll, data=series_form, effect=series_of_poll
    ),
    # A series' page: the team and the secretariat (each person's count of bad calls: names for
    # those who run it, one's own line for the others).
    Row("schedule:series", GET, TEAM_AND_INVITED, kwargs=lambda w: {"pk": w.series.pk}),
    Row("schedule:series_cadence", GET, TEAM_LEADS, kwargs=lambda w: {"pk": w.series.pk}),
    sends_on(
        "schedule:series_cadence",
        TEAM_LEADS,
        LEADS,
        kwargs=lambda w: {"pk": w.series.pk},
        data=lambda w, role: {"every_weeks": "2", "count": "3"},
        effect=series_cadence,
    ),
    Row("schedule:poll_edit", GET, TEAM_LEADS, kwargs=_poll),
    # Those who run the poll change it (here: add a guest); nobody else changes anything.
    sends_on(
        "schedule:poll_edit",
        TEAM_LEADS,
        LEADS,
        kwargs=_poll,
        data=lambda w, role: {"time_zone": "UTC", "guests": f"added-by-{role}@example.org"},
        effect=poll_invitations,
    ),
    # Running a poll again: who may create a poll for its team (not a member, not another team's lead).
    Row("schedule:poll_duplicate", GET, TEAM_LEADS, kwargs=_poll),
    sends_on(
        "schedule:poll_duplicate", TEAM_LEADS, LEADS, kwargs=_poll, data=duplicate_form, effect=polls_of_team
    ),
    Row("schedule:poll_guests", GET, TEAM_LEADS, kwargs=_poll),
    Row(
        "schedule:poll_guest_revoke",
        GET,
        TEAM_LEADS,
        kwargs=lambda w: {"pk": w.poll.pk, "invitee_id": w.guest.pk},
    ),
    sends_on(
        "schedule:poll_guest_revoke",
        TEAM_LEADS,
        LEADS,
        kwargs=lambda w: {"pk": w.poll.pk, "invitee_id": w.guest.pk},
        effect=guest_link_withdrawn,
    ),
    # Through a poll one runs, no other poll's guest: the other team's facilitator runs the other poll.
    Row(
        "schedule:poll_guest_revoke",
        POST,
        but(TEAM_LEADS, facilitator=403, other_facilitator=404, secretariat=404),
        kwargs=lambda w: {"pk": w.other_poll.pk, "invitee_id": w.guest.pk},
        effect=guest_link_withdrawn,
        case="guest of another poll",
    ),
    # A guest's private link opens the poll for whoever holds it; a withdrawn one opens nothing.
    Row("schedule:poll_guest", GET, EVERYONE, kwargs=lambda w: {"token": w.guest.token}),
    # --- A guest asks to be forgotten (issue 17): whoever holds the link, as for answering.
    Row("schedule:poll_guest_forget", GET, EVERYONE, kwargs=lambda w: {"token": w.guest.token}),
    Row(
        "schedule:poll_guest_forget",
        POST,
        every_role(302),
        kwargs=lambda w: {"token": w.guest.token},
        effect=guest_address_kept,
        changes=EVERY_ROLE,
    ),
    Row(
        "schedule:poll_guest_forget",
        GET,
        every_role(410),
        kwargs=lambda w: {"token": w.withdrawn_guest.token},
        case="withdrawn link",
    ),
    Row("schedule:guest_forgotten", GET, EVERYONE),
    # --- end of a guest asking to be forgotten ---
    Row(
        "schedule:poll_guest",
        POST,
        every_role(302),
        kwargs=lambda w: {"token": w.guest.token},
        data=answers,
        effect=guest_votes,
        changes=EVERY_ROLE,
    ),
    Row(
        "schedule:poll_guest",
        GET,
        every_role(410),
        kwargs=lambda w: {"token": w.withdrawn_guest.token},
        case="withdrawn link",
    ),
    Row(
        "schedule:poll_guest",
        POST,
        every_role(410),
        kwargs=lambda w: {"token": w.withdrawn_guest.token},
        data=answers,
        effect=withdrawn_guest_votes,
        case="withdrawn link",
    ),
    # schedule: meetings
    Row("schedule:meeting", GET, TEAM_AND_INVITED, kwargs=_meeting),
    Row("schedule:meeting_ics", GET, TEAM_AND_INVITED, kwargs=_meeting),
    Row("schedule:meeting_guest", GET, EVERYONE, kwargs=lambda w: {"token": w.meeting_guest.token}),
    Row(
        "schedule:meeting_guest",
        GET,
        every_role(404),
        kwargs=lambda w: {"token": w.withdrawn_meeting_guest.token},
        case="withdrawn link",
    ),
    Row("schedule:meeting_guest_ics", GET, EVERYONE, kwargs=lambda w: {"token": w.meeting_guest.token}),
    Row(
        "schedule:meeting_guest_ics",
        GET,
        every_role(404),
        kwargs=lambda w: {"token": w.withdrawn_meeting_guest.token},
        case="withdrawn link",
    ),
    Row("schedule:meeting_edit", GET, TEAM_LEADS, kwargs=_meeting),
    sends_on(
        "schedule:meeting_edit", TEAM_LEADS, LEADS, kwargs=_meeting, data=meeting_form, effect=meeting_state
    ),
    # Publishing it (the public meetings page and feed): those who run the meeting only.
    sends_on(
        "schedule:meeting_edit",
        TEAM_LEADS,
        LEADS,
        kwargs=_meeting,
        data=meeting_public_form,
        effect=meeting_published,
        case="made public",
    ),
    Row("schedule:meeting_cancel", GET, TEAM_LEADS, kwargs=_meeting),
    sends_on("schedule:meeting_cancel", TEAM_LEADS, LEADS, kwargs=_meeting, effect=meeting_state),
    # Answers: those invited, on the meeting page; anyone holding an invitee's private link, by it.
    Row(
        "schedule:meeting_answer",
        POST,
        but(TEAM_LEADS, member=302, facilitator=302, secretariat=403),
        kwargs=_meeting,
        data=answer,
        effect=own_answer,
        changes={"member", "facilitator"},
    ),
    Row(
        "schedule:meeting_answer_link",
        GET,
        EVERYONE,
        kwargs=lambda w: {"token": w.member_attendance.rsvp_token},
    ),
    Row(
        "schedule:meeting_answer_link",
        POST,
        every_role(302),
        kwargs=lambda w: {"token": w.member_attendance.rsvp_token},
        data=answer,
        effect=linked_answer,
        changes=EVERY_ROLE,
    ),
    Row(
        "schedule:meeting_answer_link",
        GET,
        every_role(404),
        kwargs=lambda w: {"token": w.withdrawn_meeting_attendance.rsvp_token},
        case="withdrawn guest link",
    ),
    Row(
        "schedule:meeting_answer_link",
        POST,
        every_role(404),
        kwargs=lambda w: {"token": w.withdrawn_meeting_attendance.rsvp_token},
        data=answer,
        effect=withdrawn_guest_answer,
        case="withdrawn guest link",
    ),
    # Who came, at a meeting that has started: those who run it.
    sends_on(
        "schedule:meeting_attendance",
        TEAM_LEADS,
        LEADS,
        kwargs=lambda w: {"pk": w.held_meeting.pk},
        data=attendance_form,
        effect=held_attendance,
    ),
    sends_on(
        "schedule:team_quorum",
        TEAM_LEADS,
        LEADS,
        kwargs=_team,
        data=lambda w, role: {"quorum_kind": "count", "quorum_value": 3},
        effect=team_quorum,
    ),
    # schedule: a meeting's record, written by those who run the meeting; an action item is closed
    # by its owner too; everyone signed in has their own list of action items (maybe empty).
    Row("schedule:meeting_record", GET, TEAM_LEADS, kwargs=_meeting),
    sends_on(
        "schedule:meeting_record",
        TEAM_LEADS,
        LEADS,
        kwargs=_meeting,
        data=lambda w, role: {"minutes": f"Minutes by {role}", "report_url": "https://example.org/r"},
        effect=meeting_minutes,
    ),
    sends_on(
        "schedule:decision_add",
        TEAM_LEADS,
        LEADS,
        kwargs=_meeting,
        data=lambda w, role: {"text": "Adopt the plan", "decided_by": "the team"},
        effect=meeting_decisions,
    ),
    sends_on(
        "schedule:action_item_add",
        TEAM_LEADS,
        LEADS,
        kwargs=_meeting,
        data=lambda w, role: {
            "text": "Draft the summary",
            "owner_kind": "member",
            "owner": w.people["member"].email,
            "due_local": _wall(w.now + timedelta(days=9)),
            "time_zone": "UTC",
        },
        effect=meeting_action_items,
    ),
    sends_on(
        "schedule:parking_lot_add",
        TEAM_LEADS,
        LEADS,
        kwargs=_meeting,
        data=lambda w, role: {"text": "Hybrid formats"},
        effect=meeting_parking_lot,
    ),
    sends_on("schedule:parking_lot_carry", TEAM_LEADS, LEADS, kwargs=_meeting, effect=parking_lot_carried),
    # schedule: the exports. A group's attendance (answers with their notes) for those who run it;
    # its action items for its members too; every group's of a cycle for the secretariat.
    Row("schedule:team_attendance_csv", GET, TEAM_LEADS, kwargs=_team),
    Row("schedule:team_action_items_csv", GET, TEAM_AND_INVITED, kwargs=_team),
    Row("schedule:year_attendance_csv", GET, SECRETARIAT_ONLY, kwargs=lambda w: {"year": w.team.cycle.year}),
    Row(
        "schedule:year_action_items_csv", GET, SECRETARIAT_ONLY, kwargs=lambda w: {"year": w.team.cycle.year}
    ),
    # schedule: the yearly rollover, the secretariat's alone: the years, drafting the next, its review,
    # the confirmed switch.
    Row("schedule:years", GET, SECRETARIAT_ONLY),
    Row("schedule:year_new", GET, SECRETARIAT_ONLY),
    sends_on(
        "schedule:year_new",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=lambda w, role: _year_draft_form(w),
        effect=drafted_years,
    ),
    Row("schedule:year_draft", GET, SECRETARIAT_ONLY, kwargs=_draft_year),
    sends_on(
        "schedule:year_switch",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_draft_year,
        data=lambda w, role: {"confirm": "on"},
        effect=current_year,
    ),
    # Read-ahead papers: asked for by those who run the meeting, given by their owner (the member)
    # or them, downloaded by the team and the secretariat; written input from the same people.
    Row("schedule:paper_request", GET, TEAM_LEADS, kwargs=_meeting),
    sends_on(
        "schedule:paper_request",
        TEAM_LEADS,
        LEADS,
        kwargs=_meeting,
        data=lambda w, role: {"title": "Background note", "owner": w.member.email, "due_days_before": 3},
        effect=meeting_papers,
    ),
    sends_on(
        "schedule:paper_provide",
        TEAM_LEADS,
        LEADS | {"member"},
        kwargs=lambda w: {"pk": w.meeting.pk, "paper_id": w.paper.pk},
        data=lambda w, role: {"link": f"https://example.org/{role}"},
        effect=paper_state,
    ),
    sends_on(
        "schedule:paper_withdraw",
        TEAM_LEADS,
        LEADS,
        kwargs=lambda w: {"pk": w.meeting.pk, "paper_id": w.paper.pk},
        effect=lambda w, person: MeetingPaper.objects.filter(pk=w.paper.pk).exists(),
    ),
    Row(
        "schedule:paper_file",
        GET,
        TEAM_AND_INVITED,
        kwargs=lambda w: {"pk": w.meeting.pk, "paper_id": w.file_paper.pk},
    ),
    sends_on(
        "schedule:input_add",
        TEAM_LEADS,
        LEADS | {"member"},
        kwargs=_meeting,
        data=lambda w, role: {"item": "__general__", "text": f"Input from {role}"},
        effect=agenda_input_of,
    ),
    Row("schedule:action_items", GET, SIGNED_IN),
    sends_on(
        "schedule:action_item_status",
        TEAM_LEADS,
        LEADS | {"member"},
        kwargs=lambda w: {"pk": w.action_item.pk},
        data=lambda w, role: {"status": "done"},
        effect=action_item_state,
    ),
    # notifications
    Row("notification_preferences", GET, SIGNED_IN),
    Row(
        "notification_preferences",
        POST,
        SIGNED_IN_POST,
        data=preferences_form,
        effect=own_preferences,
        changes=SIGNED_IN_ROLES,
    ),
    # Links from emails: the secret token is the credential, whoever holds it (a mail client included).
    Row(
        "notification_unsubscribe",
        GET,
        EVERYONE,
        kwargs=lambda w: {"token": w.member_preferences.unsubscribe_token},
    ),
    Row(
        "notification_unsubscribe",
        POST,
        EVERYONE,
        kwargs=lambda w: {"token": w.member_preferences.unsubscribe_token},
        effect=members_unsubscribed,
        changes=EVERY_ROLE,
    ),
    Row("guest_stop", GET, EVERYONE, kwargs=lambda w: {"token": w.guest_address.token}),
    Row(
        "guest_stop",
        POST,
        EVERYONE,
        kwargs=lambda w: {"token": w.guest_address.token},
        effect=guest_address_stopped,
        changes=EVERY_ROLE,
    ),
    Row("outbox", GET, SECRETARIAT_ONLY),
    Row("outbox_message", GET, SECRETARIAT_ONLY, kwargs=lambda w: {"pk": w.failed_email.pk}),
    sends_on(
        "outbox_retry",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=lambda w, role: {"ids": [w.failed_email.pk]},
        effect=failed_email_status,
    ),
    sends_on(
        "outbox_retry_period",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=lambda w, role: {"hours": 24},
        effect=failed_email_status,
    ),
    Row("announcements", GET, SIGNED_IN),
    Row("announcement_create", GET, but(TEAM_LEADS, other_facilitator=200)),
    # Facilitators write to their own teams only: the other team's facilitator gets the form back.
    Row(
        "announcement_create",
        POST,
        but(TEAM_LEADS, facilitator=302, other_facilitator=200, secretariat=302),
        data=lambda w, role: {"subject": "Next call", "body": "Agenda to follow.", "teams": [w.team.pk]},
        effect=announcements_sent,
        changes={"facilitator", "secretariat"},
    ),
    Row(
        "team_subscribe",
        POST,
        every_role(302),
        kwargs=_team,
        data=lambda w, role: {"name": "Follower", "email": "follower@example.org"},
        effect=follower_subscriptions,
        changes=EVERY_ROLE,
    ),
    Row("subscription_confirm", GET, EVERYONE, kwargs=lambda w: {"token": w.pending_subscription.token}),
    Row(
        "subscription_confirm",
        POST,
        every_role(302),
        kwargs=lambda w: {"token": w.pending_subscription.token},
        effect=pending_subscription_confirmed,
        changes=EVERY_ROLE,
    ),
    Row("subscription_unsubscribe", GET, EVERYONE, kwargs=lambda w: {"token": w.subscription.token}),
    Row(
        "subscription_unsubscribe",
        POST,
        every_role(302),
        kwargs=lambda w: {"token": w.subscription.token},
        effect=subscription_cancelled,
        changes=EVERY_ROLE,
    ),
    # proposals (part "kinds"): the secretariat keeps the kinds of session
    Row("proposals:kinds", GET, SECRETARIAT_ONLY),
    sends_on(
        "proposals:kinds", SECRETARIAT_ONLY, SECRETARIAT, data=session_kind_form, effect=new_session_kind
    ),
    Row("proposals:kind_edit", GET, SECRETARIAT_ONLY, kwargs=_session_kind),
    sends_on(
        "proposals:kind_edit",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_session_kind,
        data=session_kind_form,
        effect=session_kind_state,
    ),
]

# --- Session proposals: a group's proposals and one proposal (proposal pages part) -----------------


def proppages_world(w):
    """The group's proposals in each state, drafted by its facilitator."""
    facilitator = w.people["facilitator"]
    main = SessionKind.objects.get(slug="main")

    def make(title):
        return proposal_services.proposal_create(
            actor=facilitator, team=w.team, kind=main, title=title, description="Matrix"
        )

    w.proposal_draft = make("Matrix draft")
    w.proposal_shared = proposal_services.proposal_share(actor=facilitator, proposal=make("Matrix shared"))
    w.proposal_submitted = proposal_services.proposal_submit(
        actor=facilitator, proposal=make("Matrix submitted")
    )
    w.proposal_withdrawn = proposal_services.proposal_withdraw(
        actor=facilitator, proposal=make("Matrix withdrawn")
    )


def _proposal_state(proposal):
    row = Proposal.objects.filter(pk=proposal.pk).values_list("status", "shared", "title", "version").get()
    return (*row, ProposalEvent.objects.filter(proposal=proposal).count())


def proposals_of_team(w, person):
    return sorted(Proposal.objects.filter(team=w.team).values_list("title", flat=True))


def draft_proposal_state(w, person):
    return _proposal_state(w.proposal_draft)


def submitted_proposal_state(w, person):
    return _proposal_state(w.proposal_submitted)


def withdrawn_proposal_state(w, person):
    return _proposal_state(w.proposal_withdrawn)


def shared_proposal_comments(w, person):
    return list(ProposalComment.objects.filter(proposal=w.proposal_shared).values_list("body", "author"))


def draft_proposal_editors(w, person):
    return sorted(w.proposal_draft.editors.values_list("pk", flat=True))


def proposal_form(w, role):
    return {
        "kind": SessionKind.objects.get(slug="youth").pk,
        "title": "Matrix proposal",
        "description": "Matrix",
        "format": "panel",
        "modality": "hybrid",
        "languages": ["en"],
        "minutes": "",
    }


def _draft(w):
    return {"pk": w.proposal_draft.pk}


# The group's facilitators and the proposal's editors (none in the world) change a proposal.
PROPOSAL_EDITORS = but(TEAM_LEADS, secretariat=403)
FACILITATOR = frozenset({"facilitator"})
ROWS += [
    Row("proposals:group", GET, TEAM_AND_INVITED, kwargs=_team),
    Row("proposals:new", GET, TEAM_LEADS, kwargs=_team),
    sends_on("proposals:new", TEAM_LEADS, LEADS, kwargs=_team, data=proposal_form, effect=proposals_of_team),
    Row("proposals:detail", GET, TEAM_LEADS, kwargs=_draft, case="a draft"),
    Row(
        "proposals:detail",
        GET,
        but(TEAM_AND_INVITED, mag=200, other_facilitator=200),
        kwargs=lambda w: {"pk": w.proposal_submitted.pk},
        case="submitted: the MAG reads it too",
    ),
    Row("proposals:edit", GET, PROPOSAL_EDITORS, kwargs=_draft),
    sends_on(
        "proposals:edit",
        PROPOSAL_EDITORS,
        FACILITATOR,
        kwargs=_draft,
        data=proposal_form,
        effect=draft_proposal_state,
    ),
    sends_on("proposals:share", PROPOSAL_EDITORS, FACILITATOR, kwargs=_draft, effect=draft_proposal_state),
    sends_on("proposals:submit", PROPOSAL_EDITORS, FACILITATOR, kwargs=_draft, effect=draft_proposal_state),
    sends_on(
        "proposals:withdraw",
        PROPOSAL_EDITORS,
        FACILITATOR,
        kwargs=lambda w: {"pk": w.proposal_submitted.pk},
        effect=submitted_proposal_state,
    ),
    sends_on(
        "proposals:reopen",
        PROPOSAL_EDITORS,
        FACILITATOR,
        kwargs=lambda w: {"pk": w.proposal_withdrawn.pk},
        effect=withdrawn_proposal_state,
    ),
    sends_on(
        "proposals:comment",
        TEAM_AND_INVITED,
        frozenset({"member", "facilitator", "secretariat"}),
        kwargs=lambda w: {"pk": w.proposal_shared.pk},
        data=lambda w, role: {"body": "Add a youth speaker."},
        effect=shared_proposal_comments,
    ),
    Row("proposals:editors", GET, TEAM_LEADS, kwargs=_draft),
    sends_on(
        "proposals:editors",
        TEAM_LEADS,
        LEADS,
        kwargs=_draft,
        data=lambda w, role: {"member": "member@example.org"},
        effect=draft_proposal_editors,
    ),
    # proposals: the panel planner (issue 14, part 2). Those who read the proposal (a draft shared
    # with the group) read its planner; the facilitator, its editor, changes it.
    Row("proposals:panel", GET, PANEL_READERS, kwargs=_panel),
    sends_on(
        "proposals:panel",
        PANEL_EDITORS,
        {"facilitator"},
        kwargs=_panel,
        data=panelist_form,
        effect=panel_people,
    ),
    Row("proposals:panelist_edit", GET, but(PANEL_EDITORS, facilitator=200), kwargs=_panelist),
    sends_on(
        "proposals:panelist_edit",
        PANEL_EDITORS,
        {"facilitator"},
        kwargs=_panelist,
        data=panelist_form,
        effect=panel_people,
    ),
    sends_on(
        "proposals:panelist_remove", PANEL_EDITORS, {"facilitator"}, kwargs=_panelist, effect=panel_people
    ),
]

# --- Nominations of a chair or a moderator (issue 14, end of part 3) --------------------------------
# The group's members (the facilitator among them) nominate and support on the shared draft; the
# facilitator (its editor) appoints. The world's nomination: the member as chair, by the facilitator.

GROUP_MEMBERS_POST = {**PANEL_EDITORS, "member": 302, "facilitator": 302}


def _nomination(w):
    return {"pk": w.panel_proposal.pk, "nomination_id": w.nomination.pk}


def nominations_state(w, person):
    return sorted(
        Nomination.objects.filter(proposal=w.panel_proposal).values_list(
            "role", "nominee__email", "appointed_at"
        )
    ) + sorted(
        NominationSupport.objects.filter(nomination__proposal=w.panel_proposal).values_list(
            "nomination_id", "user__email"
        )
    )


def nominations_and_panel(w, person):
    return nominations_state(w, person) + panel_people(w, person)


ROWS += [
    sends_on(
        "proposals:nominate",
        PANEL_EDITORS,
        {"member", "facilitator"},
        kwargs=_panel,
        data=lambda w, role: {"role": "moderator", "nominee": "member@example.org"},
        effect=nominations_state,
    ),
    # The facilitator supports the nomination they made already: sent on, nothing changes.
    Row(
        "proposals:nomination_support",
        POST,
        GROUP_MEMBERS_POST,
        kwargs=_nomination,
        effect=nominations_state,
        changes=frozenset({"member"}),
    ),
    Row(
        "proposals:nomination_unsupport",
        POST,
        GROUP_MEMBERS_POST,
        kwargs=_nomination,
        effect=nominations_state,
        changes=frozenset({"facilitator"}),
    ),
    sends_on(
        "proposals:nomination_appoint",
        PANEL_EDITORS,
        {"facilitator"},
        kwargs=_nomination,
        effect=nominations_and_panel,
    ),
    # The facilitator made it; the secretariat may take any back; the nominee (member) may not.
    sends_on(
        "proposals:nomination_withdraw",
        PANEL_EDITORS,
        {"facilitator", "secretariat"},
        kwargs=_nomination,
        effect=nominations_state,
    ),
]

# --- Review of workshop proposals (issue 14, parts 4 and 7) ----------------------------------------


def review_world(w):
    """The year's round with a criterion that has a score and one that has none, a workshop imported
    from CSV, reviewed by the MAG member (scored); the team's submitted proposal not added yet."""
    staff = w.people["secretariat"]
    cycle = w.team.cycle
    scored = review_services.criterion_add(actor=staff, cycle=cycle, name="Relevance", max_score=5)
    w.spare_criterion = review_services.criterion_add(actor=staff, cycle=cycle, name="Spare")
    text = (
        ",".join(REVIEW_COLUMNS)
        + f"\nMatrix workshop,,Pat Proposer,Org,pat@example.org,{w.team.area.slug},,,,\n"
    )
    w.review_entry = review_services.entries_import(
        actor=staff, cycle=cycle, text=text, expected_fingerprint=review_fingerprint(text)
    )[0]
    w.review_assignment = review_services.assignment_add(
        actor=staff, entry=w.review_entry, reviewer=w.people["mag"]
    )
    w.conditional_entry = review_services.entries_import(
        actor=staff,
        cycle=cycle,
        text=",".join(REVIEW_COLUMNS) + "\nConditional workshop,,,,,,,,,\n",
        expected_fingerprint=review_fingerprint(
            ",".join(REVIEW_COLUMNS) + "\nConditional workshop,,,,,,,,,\n"
        ),
    )[0]
    review_decisions.decision_make(
        actor=staff,
        entry=w.conditional_entry,
        outcome="conditional",
        condition="Add a speaker",
        deadline=timezone.now() + timedelta(days=7),
    )
    review_services.review_save(
        actor=w.people["mag"], assignment=w.review_assignment, scores={scored.pk: 3}, comment=""
    )


def _review_year(w):
    return {"year": w.team.cycle.year}


def review_criteria(w, person):
    return sorted(Criterion.objects.values_list("name", flat=True))


def review_anonymised(w, person):
    return ReviewRound.objects.get(cycle=w.team.cycle).anonymised


def review_entries(w, person):
    return sorted(Entry.objects.values_list("title", flat=True))


def review_statuses(w, person):
    return sorted(Entry.objects.values_list("title", "status"))


def review_announcements(w, person):
    return sorted(ProposerAnnouncement.objects.values_list("subject", "recipient_count"))


def review_assignments(w, person):
    return sorted(Assignment.objects.values_list("entry_id", "reviewer_id"))


def review_scores(w, person):
    return (
        Assignment.objects.filter(pk=w.review_assignment.pk).values_list("comment", "scores__value").first()
    )


def _review_import_form(w, role):
    text = ",".join(REVIEW_COLUMNS) + "\nImported in the matrix,,,,,,,,,\n"
    return {"text": text, "fingerprint": review_fingerprint(text)}


# The MAG reviews (the current members: the facilitators are MAG members too); the secretariat runs.
REVIEW_MAG = but(SECRETARIAT_ONLY, mag=200, facilitator=200, other_facilitator=200)
REVIEWER_ONLY = but(SECRETARIAT_ONLY, mag=200, secretariat=403)
ROWS += [
    Row("review:home", GET, every_role(302)),
    Row("review:criteria", GET, EVERYONE, kwargs=_review_year),
    Row("review:round", GET, SECRETARIAT_ONLY, kwargs=_review_year),
    Row("review:overview", GET, SECRETARIAT_ONLY, kwargs=_review_year),
    Row("review:mine", GET, REVIEW_MAG, kwargs=_review_year),
    Row("review:export", GET, REVIEW_MAG, kwargs=_review_year),
    sends_on(
        "review:criterion_add",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_review_year,
        data=lambda w, role: {"name": "Feasibility", "max_score": "5"},
        effect=review_criteria,
    ),
    Row(
        "review:criterion_edit",
        GET,
        SECRETARIAT_ONLY,
        kwargs=lambda w: {**_review_year(w), "criterion_id": w.spare_criterion.pk},
    ),
    sends_on(
        "review:criterion_edit",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {**_review_year(w), "criterion_id": w.spare_criterion.pk},
        data=lambda w, role: {"name": "Spare, renamed", "description": "", "max_score": "7"},
        effect=review_criteria,
    ),
    sends_on(
        "review:criterion_remove",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {**_review_year(w), "criterion_id": w.spare_criterion.pk},
        effect=review_criteria,
    ),
    sends_on(
        "review:anonymise",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_review_year,
        data=lambda w, role: {"anonymised": "on"},
        effect=review_anonymised,
    ),
    sends_on(
        "review:import",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_review_year,
        data=_review_import_form,
        effect=review_entries,
    ),
    sends_on(
        "review:add_proposals", SECRETARIAT_ONLY, SECRETARIAT, kwargs=_review_year, effect=review_entries
    ),
    sends_on(
        "review:assign",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_review_year,
        data=lambda w, role: {"entry": w.review_entry.pk, "reviewer": w.people["other_facilitator"].pk},
        effect=review_assignments,
    ),
    sends_on(
        "review:spread",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_review_year,
        data=lambda w, role: {"reviewers": [w.people["other_facilitator"].pk], "per_entry": "2"},
        effect=review_assignments,
    ),
    Row("review:assignment_remove", GET, SECRETARIAT_ONLY, kwargs=lambda w: {"pk": w.review_assignment.pk}),
    sends_on(
        "review:assignment_remove",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {"pk": w.review_assignment.pk},
        data=lambda w, role: {"confirm": "1"},
        effect=review_assignments,
    ),
    Row("review:entry", GET, SECRETARIAT_ONLY, kwargs=lambda w: {"pk": w.review_entry.pk}),
    sends_on(
        "review:decide",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {"pk": w.review_entry.pk},
        data=lambda w, role: {"outcome": "declined", "time_zone": "UTC", "reasons": "Matrix"},
        effect=review_statuses,
    ),
    sends_on(
        "review:fulfil",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {"pk": w.conditional_entry.pk},
        effect=review_statuses,
    ),
    Row("review:announce", GET, SECRETARIAT_ONLY, kwargs=_review_year),
    sends_on(
        "review:announce",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_review_year,
        data=lambda w, role: {
            "areas": [w.team.area_id],
            "outcomes": ["in_review", "declined", "conditional"],
            "subject": "Matrix",
            "body": "Hello",
            "send": "",
        },
        effect=review_announcements,
    ),
    Row("review:score", GET, REVIEWER_ONLY, kwargs=lambda w: {"pk": w.review_assignment.pk}),
    sends_on(
        "review:score",
        REVIEWER_ONLY,
        frozenset({"mag"}),
        kwargs=lambda w: {"pk": w.review_assignment.pk},
        data=lambda w, role: (
            {f"criterion_{c}": "4" for c in w.review_entry.round.criteria.values_list("pk", flat=True)}
            | {"comment": "Matrix"}
        ),
        effect=review_scores,
    ),
]


# --- Invitations to speak (issue 14, part 3) -------------------------------------------------------


def _invitee(w):
    return {"pk": w.panel_proposal.pk, "panelist_id": w.invitee.pk}


def invitee_state(w, person):
    return Panelist.objects.filter(pk=w.invitee.pk).values_list("invitation", "reply_by", "language").get()


def invited_speaker_state(w, person):
    return Panelist.objects.filter(pk=w.invited_speaker.pk).values_list("invitation", "time_zone").get()


ROWS += [
    # The proposal's editors invite; the speaker's private link answers for whoever holds it.
    Row("proposals:panelist_invite", GET, but(PANEL_EDITORS, facilitator=200), kwargs=_invitee),
    sends_on(
        "proposals:panelist_invite",
        PANEL_EDITORS,
        {"facilitator"},
        kwargs=_invitee,
        data=lambda w, role: {"reply_by": (w.now + timedelta(days=9)).date().isoformat(), "language": "fr"},
        effect=invitee_state,
    ),
    Row("proposals:invitation", GET, EVERYONE, kwargs=lambda w: {"token": w.invited_speaker.token}),
    Row(
        "proposals:invitation",
        POST,
        every_role(302),
        kwargs=lambda w: {"token": w.invited_speaker.token},
        data=lambda w, role: {"answer": "confirm", "zone": "Asia/Kathmandu"},
        effect=invited_speaker_state,
        changes=EVERY_ROLE,
    ),
    Row(
        "proposals:invitation",
        GET,
        every_role(404),
        kwargs=lambda w: {"token": "unknown"},
        case="unknown link",
    ),
]

# --- The programme's clashes (issue 15, part 2): the secretariat's list ---------------------------

ROWS += [Row("programme:clashes", GET, SECRETARIAT_ONLY)]


def outside_calendars_named(w, person):
    return sorted(OutsideCalendar.objects.values_list("name", flat=True))


def outside_calendar_state(w, person):
    row = OutsideCalendar.objects.filter(pk=w.outside_calendar.pk).values("last_fetched_at", "last_error")
    return list(row), OutsideEvent.objects.filter(calendar=w.outside_calendar).count()


def outside_calendar_in_use(w, person):
    return OutsideCalendar.objects.get(pk=w.outside_calendar.pk).is_active


def _outside(w):
    return {"pk": w.outside_calendar.pk}


def outside_calendar_file(w, role):
    return {
        "name": "Matrix ICANN events",
        "url": "",
        "note": "",
        "upload": SimpleUploadedFile("icann.ics", nri_calendar(w.now), content_type="text/calendar"),
    }


ROWS += [
    Row("schedule:outside_calendars", GET, SECRETARIAT_ONLY),
    sends_on(
        "schedule:outside_calendars",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=outside_calendar_file,
        effect=outside_calendars_named,
    ),
    Row("schedule:outside_calendar", GET, SECRETARIAT_ONLY, kwargs=_outside),
    # "Fetch now" hands the fetch to the worker after the commit: the calendar is unchanged here.
    Row(
        "schedule:outside_calendar_fetch",
        POST,
        but(SECRETARIAT_ONLY, secretariat=302),
        kwargs=_outside,
        effect=outside_calendar_state,
    ),
    sends_on(
        "schedule:outside_calendar_switch",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_outside,
        data=lambda w, role: {"in_use": "0"},
        effect=outside_calendar_in_use,
    ),
    Row("schedule:outside_calendar_delete", GET, SECRETARIAT_ONLY, kwargs=_outside),
    sends_on(
        "schedule:outside_calendar_delete",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_outside,
        effect=outside_calendars_named,
    ),
]


# --- A person's busy times (issue 16, part 2): one's own only, nobody else's, not the secretariat's --


@mine
def own_busy_calendars(w, person):
    return BusyCalendar.objects.filter(user=person).count()


def busy_calendar_state(w, person):
    row = BusyCalendar.objects.filter(pk=w.busy_calendar.pk).values("url", "last_fetched_at", "last_error")
    return list(row), BusyTime.objects.filter(calendar_id=w.busy_calendar.pk).count()


def _busy(w):
    return {"pk": w.busy_calendar.pk}


# Another's calendar is not found: its address does not even say it exists.
OWNER_ONLY = {**every_role(404), "anonymous": LOGIN, "guest": LOGIN}

ROWS += [
    Row("schedule:busy_calendars", GET, SIGNED_IN),
    Row(
        "schedule:busy_calendars",
        POST,
        SIGNED_IN_POST,
        data=lambda w, role: {
            "url": "",
            "upload": SimpleUploadedFile("me.ics", nri_calendar(w.now), content_type="text/calendar"),
        },
        effect=own_busy_calendars,
        changes=SIGNED_IN_ROLES,
    ),
    # "Fetch now" hands the fetch to the worker after the commit: the calendar is unchanged here.
    Row(
        "schedule:busy_calendar_fetch",
        POST,
        but(OWNER_ONLY, member=302),
        kwargs=_busy,
        effect=busy_calendar_state,
    ),
    sends_on(
        "schedule:busy_calendar_remove",
        OWNER_ONLY,
        frozenset({"member"}),
        kwargs=_busy,
        effect=busy_calendar_state,
    ),
]


# --- The public programme (issue 15, parts 4 and 5) --------------------------------------------------


def programme_public_world(w):
    """The year's programme released once: a session with a confirmed speaker, one left in the
    draft; the member's feed holds the released one."""
    cycle = w.team.cycle
    w.programme_session = with_speakers(
        programme_session(cycle, title="Matrix session", areas=[w.team.area]),
        team=w.team,
        facilitator=w.people["facilitator"],
    )
    w.programme_draft = programme_session(
        cycle, title="Matrix draft", status=SessionStatus.UNPLACED, starts_at=None
    )
    release(cycle, by=w.people["secretariat"])
    ProgrammeSelection.objects.create(user=w.member, session=w.programme_session)


def _programme_session(w):
    return {"pk": w.programme_session.pk}


def _programme_draft(w):
    return {"pk": w.programme_draft.pk}


@mine
def own_programme_choices(w, person):
    return sorted(ProgrammeSelection.objects.filter(user=person).values_list("session_id", flat=True))


ROWS += [
    Row("programme:public", GET, EVERYONE),
    Row("programme:session", GET, EVERYONE, kwargs=_programme_session),
    Row("programme:session", GET, every_role(404), kwargs=_programme_draft, case="draft"),
    Row("programme:session_ics", GET, EVERYONE, kwargs=_programme_session),
    Row("programme:session_ics", GET, every_role(404), kwargs=_programme_draft, case="draft"),
    # Adding a session to one's schedule: anyone signed in, about themselves (the member's is
    # already on theirs: adding it again changes nothing).
    Row(
        "programme:choose",
        POST,
        SIGNED_IN_POST,
        kwargs=_programme_session,
        effect=own_programme_choices,
        changes=SIGNED_IN_ROLES - {"member"},
    ),
    Row(
        "programme:choose",
        POST,
        but(SIGNED_IN, **dict.fromkeys(SIGNED_IN_ROLES, 404)),
        kwargs=_programme_draft,
        effect=own_programme_choices,
        case="draft",
    ),
    Row(
        "programme:choose",
        POST,
        SIGNED_IN_POST,
        kwargs=_programme_session,
        data=lambda w, role: {"action": "remove", "back": "mine"},
        effect=own_programme_choices,
        changes=frozenset({"member"}),
        case="remove",
    ),
    Row("programme:mine", GET, SIGNED_IN),
    Row("programme:feed_reset", POST, SIGNED_IN_POST, effect=own_feed, changes=SIGNED_IN_ROLES),
    Row("programme:feed", GET, EVERYONE, kwargs=lambda w: {"token": w.member_feed.token}),
    Row("programme:feed", GET, every_role(404), kwargs=lambda w: {"token": "unknown"}, case="unknown"),
    Row("programme:ics", GET, EVERYONE),
    Row("programme:json", GET, EVERYONE),
    Row("programme:csv", GET, SECRETARIAT_ONLY),
]


# --- The programme's releases, versions and approval (issue 15, parts 3 and 6) ---------------------


def programme_releases_world(w):
    """Version 1 released with the MAG chair's dialogue, which has moved since: version 2 to release."""
    staff = w.people["secretariat"]
    cycle = w.team.cycle
    w.dialogue = placed_session(cycle, title="Matrix dialogue", starts_at=w.now + timedelta(days=20))
    # The public programme's world may have released already: the next version, whichever it is.
    release(cycle, by=staff)
    w.dialogue.starts_at += timedelta(hours=2)
    w.dialogue.save()


def release_numbers(w, person):
    return sorted(ProgrammeRelease.objects.values_list("number", flat=True))


def release_approval(w, person):
    return ProgrammeRelease.objects.filter(number=1).values_list("approved_on", "approved_meeting_id").get()


ROWS += [
    # The secretariat releases; anyone reads the versions, as the public programme.
    Row("programme:releases", GET, SECRETARIAT_ONLY),
    sends_on(
        "programme:releases",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=lambda w, role: {
            "number": str(ProgrammeRelease.objects.filter(cycle=w.team.cycle).count() + 1),
            "note": "Moved the dialogue",
        },
        effect=release_numbers,
    ),
    Row("programme:versions", GET, EVERYONE),
    Row("programme:version", GET, EVERYONE, kwargs=lambda w: {"number": 1}),
    Row("programme:version", GET, every_role(404), kwargs=lambda w: {"number": 99}, case="unknown"),
    Row("programme:release_approve", GET, SECRETARIAT_ONLY, kwargs=lambda w: {"number": 1}),
    sends_on(
        "programme:release_approve",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {"number": 1},
        data=lambda w, role: {"approved_on": w.now.date().isoformat(), "meeting": str(w.meeting.pk)},
        effect=release_approval,
    ),
]

# Routes of Django's admin and allauth that are part of our permission story, listed by hand (the
# coverage test walks our apps only). The admin is the secretariat's; its sign-in is allauth's.
OTHER_APPS_ROWS = [
    Row(
        "admin:index",
        GET,
        but(SECRETARIAT_ONLY, **dict.fromkeys(SIGNED_IN_ROLES - {"secretariat"}, LOGIN)),
    ),
    Row(
        "admin:teams_issueteam_changelist",
        GET,
        but(SECRETARIAT_ONLY, **dict.fromkeys(SIGNED_IN_ROLES - {"secretariat"}, LOGIN)),
    ),
]

# URL names of our apps that need no row, each with the reason. There should be almost none.
NO_ROW_NEEDED: dict[str, str] = {}


# --- The programme: building it, rooms and channels (issue 15, part 1) ------------------------------


def programme_world(w):
    """A placed session with Zoom 1 booked, a free room, the conditional entry not in the programme."""
    staff = w.people["secretariat"]
    start = w.now.replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    w.programme_session = programme_build.session_add(
        actor=staff, cycle=w.team.cycle, title="Matrix session", convener="mag", starts_at=start
    )
    w.programme_zoom = programme_resources.resource_save(actor=staff, name="Matrix Zoom 1", kind="channel")
    w.programme_room = programme_resources.resource_save(actor=staff, name="Matrix room", kind="room")
    w.programme_booking = programme_resources.book_session(
        actor=staff, resource=w.programme_zoom, session=w.programme_session
    )


def _programme_session(w):
    return {"pk": w.programme_session.pk}


def programme_sessions(w, person):
    return sorted(ProgrammeSession.objects.values_list("title", "status", "starts_at", "sequence"))


def programme_bookings(w, person):
    return sorted(ResourceBooking.objects.values_list("resource_id", "session_id", "meeting_id"))


def programme_resources_state(w, person):
    return sorted(Resource.objects.values_list("name", "is_active"))


def _programme_item(w, role):
    return {"title": "Matrix training", "convener": "cd", "time_zone": "UTC", "minutes": "60"}


def _programme_edit(w, role):
    moved = w.programme_session.starts_at + timedelta(hours=1)
    return {
        "title": "Matrix session, moved",
        "convener": "mag",
        "starts_local": f"{moved:%Y-%m-%d %H:%M}",
        "time_zone": "UTC",
        "minutes": "90",
        "modality": "online",
    }


ROWS += [
    Row("programme:build", GET, SECRETARIAT_ONLY),
    sends_on(
        "programme:build_add_entry",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=lambda w, role: {"entry": w.conditional_entry.pk},
        effect=programme_sessions,
    ),
    sends_on(
        "programme:build_add_item",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=_programme_item,
        effect=programme_sessions,
    ),
    Row("programme:session_edit", GET, SECRETARIAT_ONLY, kwargs=_programme_session),
    sends_on(
        "programme:session_edit",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_programme_session,
        data=_programme_edit,
        effect=programme_sessions,
    ),
    sends_on(
        "programme:session_cancel",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_programme_session,
        data=lambda w, role: {"cancelled": "1"},
        effect=programme_sessions,
    ),
    sends_on(
        "programme:session_book",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=_programme_session,
        data=lambda w, role: {"resource": w.programme_room.pk},
        effect=programme_bookings,
    ),
    sends_on(
        "programme:booking_release",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {"pk": w.programme_booking.pk},
        effect=programme_bookings,
    ),
    Row("programme:resources", GET, SECRETARIAT_ONLY),
    sends_on(
        "programme:resources",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        data=lambda w, role: {"name": "Matrix Zoom 2", "kind": "channel", "is_active": "on"},
        effect=programme_resources_state,
    ),
    Row("programme:resource", GET, SECRETARIAT_ONLY, kwargs=lambda w: {"pk": w.programme_room.pk}),
    sends_on(
        "programme:resource",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {"pk": w.programme_room.pk},
        data=lambda w, role: {"resource-name": "Matrix room", "resource-kind": "room"},
        effect=programme_resources_state,
        case="retired",
    ),
    sends_on(
        "programme:resource_book_meeting",
        SECRETARIAT_ONLY,
        SECRETARIAT,
        kwargs=lambda w: {"pk": w.programme_room.pk},
        data=lambda w, role: {"meeting": w.meeting.pk},
        effect=programme_bookings,
    ),
]


class World:
    """One of everything the routes act on, with the roles' people around the team."""

    def __init__(self, now, team, other_team, people):
        self.now, self.team, self.people = now, team, people
        member, facilitator = people["member"], people["facilitator"]
        self.facilitator_role = FacilitatorRole.objects.get(user=facilitator, team=team)
        # The MAG member offered to co-chair the other team (and so joined it): only they withdraw it.
        self.mag_offer = FacilitatorRole.objects.create(
            team=other_team, user=people["mag"], kind=FacilitatorKind.CO_CHAIR
        )
        MembershipFactory(team=other_team, user=people["mag"], capacity=Capacity.MAG)
        # Outside the roles: a MAG member's offer for the secretariat to decide, a role claim to confirm.
        self.volunteer_role = FacilitatorRole.objects.create(
            team=team, user=MagFactory(email="volunteer@example.org"), kind=FacilitatorKind.CHAIR
        )
        self.claimant = UserFactory(
            email="claimant@example.org", requested_role=Role.MAG, role_requested_at=now
        )

        self.milestone = MilestoneFactory(cycle=team.cycle, requires_deliverable=True)
        self.internal = MilestoneFactory(cycle=team.cycle, is_public=False)
        self.draft = MilestoneFactory(cycle=team.cycle, status=MilestoneStatus.DRAFT)
        self.deliverable = Deliverable.objects.create(
            milestone=self.milestone, team=team, status=DeliverableStatus.SUBMITTED, note="Our report"
        )

        self.poll = PollFactory(team=team)
        self.slots = [
            Slot.objects.create(poll=self.poll, start=now + timedelta(days=4, hours=h)) for h in (0, 2)
        ]
        for person in (member, facilitator):
            self.poll.invitees.create(user=person)
        self.guest = self.poll.invitees.create(email="guest@example.org")
        self.withdrawn_guest = self.poll.invitees.create(email="gone@example.org", revoked_at=now)
        self.other_poll = PollFactory(team=other_team)

        # The meeting a past poll became, with its guests: one still invited, one withdrawn.
        decided = PollFactory(
            team=team, deadline=now - timedelta(days=1), status=PollStatus.FINALISED, closed_at=now
        )
        self.meeting_guest = decided.invitees.create(email="guest@example.org")
        self.withdrawn_meeting_guest = decided.invitees.create(email="gone@example.org", revoked_at=now)
        self.meeting = Meeting.objects.create(
            team=team,
            poll=decided,
            title="Call",
            organizer=facilitator,
            start=now + timedelta(days=2),
            end=now + timedelta(days=2, hours=1),
        )
        for person in (member, facilitator):
            self.meeting.attendees.create(user=person)
        for guest in (self.meeting_guest, self.withdrawn_meeting_guest):
            self.meeting.attendees.create(email=guest.email)
        self.member_attendance = self.meeting.attendees.get(user=member)
        self.withdrawn_meeting_attendance = self.meeting.attendees.get(email="gone@example.org")
        self.series = MeetingSeries.objects.create(
            team=team,
            title="Regular call",
            every_weeks=1,
            count=2,
            slots=[self.slots[0].pk],
            pattern=[0, 0],
            created_by=facilitator,
        )
        for position in (0, 1):
            start = self.slots[0].start + timedelta(weeks=position)
            Meeting.objects.create(
                team=team,
                title="Regular call",
                organizer=facilitator,
                start=start,
                end=start + timedelta(hours=1),
                series=self.series,
                position=position,
            ).attendees.create(user=member)
        # A meeting under way, for marking who came.
        self.held_meeting = Meeting.objects.create(
            team=team,
            title="Held",
            organizer=facilitator,
            start=now - timedelta(hours=1),
            end=now + timedelta(hours=1),
        )
        self.held_member = self.held_meeting.attendees.create(user=member)
        self.held_meeting.attendees.create(user=facilitator)

        # The registry's entry, checked once by the secretariat (a note only the secretariat reads).
        self.activity = IntersessionalActivityFactory(name="DC on Matrix Testing", slug="matrix-testing")
        ActivityCheckFactory(
            activity=self.activity, checked_by=people["secretariat"], note="Secretariat's own note"
        )
        # Its record: an action item for the member, a parked item, and the team's next meeting.
        self.action_item = ActionItem.objects.create(
            meeting=self.meeting, text="Circulate the notes", owner=member, due_at=now + timedelta(days=5)
        )
        self.parked = ParkingLotItem.objects.create(meeting=self.meeting, text="Hybrid formats")
        # Its papers: one asked of the member, one given as a file.
        self.member = member
        self.paper = MeetingPaper.objects.create(meeting=self.meeting, title="Background note", owner=member)
        self.file_paper = MeetingPaper(
            meeting=self.meeting, title="Agenda note", status="provided", original_name="note.pdf"
        )
        self.file_paper.file.save("note.pdf", ContentFile(b"%PDF-1.4 note"), save=True)
        self.next_meeting = Meeting.objects.create(
            team=team,
            title="Next call",
            organizer=facilitator,
            start=now + timedelta(days=9),
            end=now + timedelta(days=9, hours=1),
        )

        self.member_feed = CalendarFeed.objects.create(user=member)
        self.member_preferences = NotificationPreferences.objects.create(user=member)
        self.guest_address = GuestAddress.objects.create(email="guest@example.org")
        self.pending_subscription = Subscription.objects.create(
            team=team, email="reader@example.org", name="Reader"
        )
        self.subscription = Subscription.objects.create(
            team=team, email="follower2@example.org", name="Follower", confirmed_at=now
        )
        self.failed_email = OutboxMessage.objects.create(
            kind="reminder",
            to_email="member@example.org",
            subject="Reminder",
            body_text="Soon.",
            status=OutboxStatus.FAILED,
            attempts=5,
            last_error="relay refused",
            created_at=now - timedelta(hours=1),
        )
        proppages_world(self)
        # The panel planner's proposal: a draft shared with the group, with one speaker.
        self.panel_proposal = panel_proposal(team=team, actor=facilitator)
        self.panelist = PanelistFactory(proposal=self.panel_proposal, name="Matrix Speaker")
        review_world(self)
        programme_world(self)
        # Invitations to speak (issue 14, part 3): one to send, one sent and waiting for an answer.
        self.invitee = PanelistFactory(
            proposal=self.panel_proposal, name="Matrix Invitee", email="inv@example.org"
        )
        self.invited_speaker = PanelistFactory(
            proposal=self.panel_proposal,
            name="Matrix Invited",
            email="invited@example.org",
            invitation="invited",
            token="matrix-invitation-token",
            invitation_round=1,
            invited_at=now,
            reply_by=(now + timedelta(days=10)).date(),
        )
        # The member's own busy calendar (issue 16): theirs alone, the secretariat's neither.
        self.busy_calendar = BusyCalendar.objects.create(
            user=member, url="https://calendar.example.org/me.ics"
        )
        BusyTime.objects.create(
            calendar=self.busy_calendar,
            user=member,
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
        )
        # Outside calendars (issue 15): one fetched from an address, with an event.
        self.outside_calendar = OutsideCalendar.objects.create(
            name="Matrix NRI events", url="https://calendar.example.org/nri.ics"
        )
        self.outside_calendar.events.create(
            uid="matrix@example.org",
            summary="NRI forum",
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
        )
        # Nominations (issue 14, end of part 3): the member nominated to chair by the facilitator.
        self.nomination = nominations.nomination_create(
            actor=facilitator, proposal=self.panel_proposal, role="chair", nominee=member
        )
        programme_public_world(self)
        programme_releases_world(self)


def build_world(now):
    """The roles' people (as tests/conftest.py's fixtures make them) and everything the routes act on."""
    cycle = CycleFactory()
    area = IssueAreaFactory(name="Trust, security and stability", slug="trust-security-and-stability")
    team, other_team = IssueTeamFactory(cycle=cycle, area=area), IssueTeamFactory(cycle=cycle)
    member = UserFactory(email="member@example.org", display_name="Team Member")
    MembershipFactory(team=team, user=member, capacity=Capacity.OTHER)
    people = {
        "community": UserFactory(email="community@example.org", display_name="Community Member"),
        "member": member,
        "past_mag": UserFactory(email="past@example.org", display_name="Past Member", role=Role.PAST_MAG),
        "mag": MagFactory(email="mag@example.org", display_name="Mag Member"),
        "facilitator": FacilitatorRoleFactory(
            team=team, user__email="facilitator@example.org", user__display_name="Team Facilitator"
        ).user,
        "other_facilitator": FacilitatorRoleFactory(
            team=other_team, user__email="elsewhere@example.org", user__display_name="Other Facilitator"
        ).user,
        "secretariat": SecretariatFactory(email="secretariat@example.org", display_name="Secretariat"),
    }
    return World(now, team, other_team, people)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """Built once per module, in a transaction rolled back after its last test: Django's setUpTestData."""
    with django_db_blocker.unblock(), time_machine.travel(BASE_NOW, tick=False), transaction.atomic():
        yield build_world(BASE_NOW)
        transaction.set_rollback(True)


@pytest.fixture
def world(now, db, module_world):
    """The world for one test, whose changes are rolled back after it (pytest-django's `db` runs each
    test in a savepoint). Its Python objects are shared: read what a test changed from the database."""
    return module_world


def sign_in(client, world, role):
    """A visitor and a guest have no account; everyone else signs in (the secretariat with two-factor)."""
    if role in world.people:
        client.force_login(world.people[role])


def send(client, world, row, role):
    url = row.url(world)
    return client.get(url) if row.method == GET else client.post(url, data=row.data(world, role))


def outcome(response):
    location = response.get("Location", "")
    if response.status_code == 302 and (
        location.startswith(reverse("account_login")) or location.startswith(reverse("admin:login"))
    ):
        return LOGIN
    return response.status_code


def check(world, row, role) -> list[str]:
    """Send the row's request as `role` in a savepoint rolled back afterwards; what differs from the row."""
    person = world.people.get(role)
    problems = []
    with transaction.atomic():
        cache.clear()  # rate limits start afresh for each role
        client = Client()
        sign_in(client, world, role)
        before = row.effect(world, person) if row.effect else None
        try:
            got = outcome(send(client, world, row, role))
        except Exception as error:  # noqa: BLE001 (reported with the role, then the next role runs)
            got = f"{type(error).__name__}: {error}"
        if got != row.expect[role]:
            problems.append(f"{row.id} as {role}: expected {row.expect[role]}, got {got}")
        if row.effect:
            after = row.effect(world, person)
            changed, should_change = after != before, role in row.changes
            if changed != should_change:
                problems.append(
                    f"{row.id} as {role}: {row.effect.__name__} should "
                    f"{'change' if should_change else 'stay the same'}: before {before!r}, after {after!r}"
                )
        transaction.set_rollback(True)
    return problems


@pytest.mark.parametrize("row", ROWS + OTHER_APPS_ROWS, ids=lambda row: row.id)
def test_each_role_gets_what_the_matrix_says(world, row):
    problems = [problem for role in ROLES for problem in check(world, row, role)]
    assert not problems, "\n".join(problems)


# --- Every URL pattern of our apps has its rows ----------------------------------------------------

OUR_APPS = {
    "accounts", "teams", "registry", "schedule", "notifications", "proposals", "review", "programme", "igfmag"
}  # fmt: skip
# Django's admin wraps our admin classes' views (their module can be ours): OTHER_APPS_ROWS lists it.
NOT_OURS_NAMESPACES = {"admin"}


def our_patterns(resolver=None, namespace=""):
    """(URL name, pattern, route) of every pattern whose view lives in one of our apps, recursively."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in NOT_OURS_NAMESPACES:
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from (
                (name, pattern, str(entry.pattern) + route)
                for name, pattern, route in our_patterns(entry, inner)
            )
        elif isinstance(entry, URLPattern) and entry.callback.__module__.split(".")[0] in OUR_APPS:
            yield f"{namespace}{entry.name}", entry, str(entry.pattern)


def accepted_methods(view) -> list[str]:
    """GET and/or POST: the methods a class-based view defines, or what a function view's
    require_http_methods / require_POST says; GET when it says nothing."""
    if hasattr(view, "view_class"):
        return [method for method in (GET, POST) if hasattr(view.view_class, method)]
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            methods = view.__closure__[code.co_freevars.index("request_method_list")].cell_contents
            return [method.lower() for method in ("GET", "POST") if method in methods]
        view = getattr(view, "__wrapped__", None)
    return [GET]


def missing_rows_message(missing) -> str:
    """What a developer adds for each route without a row: the place, a row to fill in, the rules."""
    lines = [
        f"{len(missing)} route(s) of our apps have no row in the permission matrix "
        f"(ROWS in tests/test_permissions.py):"
    ]
    lines += [
        f"  {name} {method.upper()} /{route}  ({view.__module__}.{view.__name__})"
        for name, method, view, route, _kwargs in missing
    ]
    lines.append("Add to ROWS, beside the rows of its app, one row per URL name and method the view accepts:")
    for name, method, _view, _route, kwargs in missing:
        url_kwargs = ", ".join(f'"{key}": w....' for key in kwargs)
        row = f'    Row("{name}", {method.upper()}, <expect>'
        row += f", kwargs=lambda w: {{{url_kwargs}}}" if kwargs else ""
        if method == POST:
            row += (
                ",\n        data=lambda w, role: {...a valid form...}, effect=<reads what it changes>,"
                "\n        changes={...the roles whose POST changes it...}"
            )
        lines.append(row + "),")
    lines += [
        f"<expect>: for each role of ROLES ({', '.join(ROLES)})",
        "the status it gets, or LOGIN (sent to sign in). Start from EVERYONE, SIGNED_IN, SIGNED_IN_POST,",
        "TEAM_LEADS, TEAM_AND_INVITED, SECRETARIAT_ONLY or every_role(404) and change some roles:",
        "but(TEAM_LEADS, facilitator=302, secretariat=302).",
        "effect: a function (world, person) that reads from the database what the POST changes",
        "(a row created, changed or deleted); it must change for the roles in `changes` and stay",
        "the same for every other role. Add what the route acts on (a poll's slot, a guest, ...)",
        "to World. A route that truly needs no row goes in NO_ROW_NEEDED with the reason.",
    ]
    return "\n".join(lines)


def test_every_url_pattern_has_its_rows():
    covered = {(row.url_name, row.method) for row in ROWS}
    missing = [
        (name, method, pattern.callback, route, list(pattern.pattern.converters))
        for name, pattern, route in our_patterns()
        for method in accepted_methods(pattern.callback)
        if name not in NO_ROW_NEEDED and (name, method) not in covered
    ]
    if missing:
        pytest.fail(missing_rows_message(missing), pytrace=False)


def test_the_matrix_names_only_routes_that_exist():
    ours = {name for name, _pattern, _route in our_patterns()}
    assert {row.url_name for row in ROWS} <= ours, "rows in ROWS for routes that are gone or not ours"
    assert set(NO_ROW_NEEDED) <= ours


def test_accepted_methods_reads_the_views_decorators():
    assert accepted_methods(profile_edit) == [GET, POST]
    assert accepted_methods(outbox_retry) == [POST]
    assert accepted_methods(audit_log) == [GET]
    assert accepted_methods(FormView.as_view()) == [GET, POST]


# --- What a page shows each role -------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, sees_names, sees_emails",
    [
        ("anonymous", False, False),
        ("community", True, False),
        ("past_mag", True, False),
        ("mag", True, False),
        ("facilitator", True, True),
        ("other_facilitator", True, False),
        ("secretariat", True, True),
    ],
)
def test_team_roster_shows_names_to_signed_in_and_emails_to_leads_only(
    client, world, role, sees_names, sees_emails
):
    MembershipFactory(team=world.team, user__display_name="Rosa Roster", user__email="rosa@example.org")
    if role != "anonymous":
        client.force_login(world.people[role])
    page = client.get(reverse("teams:detail", kwargs=_team(world))).content.decode()

    assert ("Rosa Roster" in page) is sees_names
    assert ("rosa@example.org" in page) is sees_emails


@pytest.mark.parametrize("role", ROLES)
def test_a_registry_entry_shows_its_checks_notes_and_checker_to_the_secretariat_only(client, world, role):
    sign_in(client, world, role)
    page = client.get(reverse("registry:detail", kwargs=_activity(world))).content.decode()
    assert "Fulfils its obligations" in page  # the latest outcome is public
    assert ("Secretariat&#x27;s own note" in page) is (role == "secretariat")
    assert ("<td>Secretariat</td>" in page) is (role == "secretariat")


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("community", False),
        ("mag", False),
        ("other_facilitator", False),
        ("secretariat", True),
    ],
)
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
    data.update(
        {
            "role": role,
            "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
        }
    )
    return client.post(url, data)


def test_the_secretariat_cannot_end_the_mag_term_of_a_facilitator_before_reassigning(client, world):
    facilitator = world.people["facilitator"]
    page = _admin_sets_role(client, world, facilitator, "past_mag").content.decode()
    assert "facilitates Trust, security and stability: reassign those roles" in page
    facilitator.refresh_from_db()
    assert facilitator.role == "mag"


def test_a_role_changed_in_admin_is_audited(client, world):
    person = world.people["mag"]
    assert _admin_sets_role(client, world, person, "past_mag").status_code == 302
    person.refresh_from_db()
    assert person.role == "past_mag"
    event = AuditEvent.objects.get(action="role_changed", subject=person)
    assert event.actor == world.people["secretariat"] and event.details == {
        "previous": "mag",
        "role": "past_mag",
    }


# --- The public programme: what each role sees ------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_an_unreleased_programme_is_invisible_to_everyone(client, world, role):
    ProgrammeRelease.objects.filter(cycle=world.team.cycle).delete()
    cache.clear()
    sign_in(client, world, role)
    page = client.get(reverse("programme:public")).content.decode()
    assert "not published yet" in page and "Matrix session" not in page
    assert client.get(reverse("programme:session", kwargs=_programme_session(world))).status_code == 404
    assert client.get(reverse("programme:ics")).status_code == 404
    assert "Matrix session" not in client.get(reverse("programme:json")).content.decode()


def test_a_feed_shows_only_its_owners_choices(client, world):
    ProgrammeSelection.objects.create(user=world.people["mag"], session=world.programme_draft)
    body = client.get(reverse("programme:feed", args=[world.member_feed.token])).content.decode()
    assert "Matrix session" in body and "Matrix draft" not in body


@pytest.mark.parametrize("role", ROLES)
def test_the_draft_csv_is_the_secretariats_only(client, world, role):
    sign_in(client, world, role)
    response = client.get(reverse("programme:csv"))
    assert ("Matrix draft" in response.content.decode()) == (role == "secretariat")
