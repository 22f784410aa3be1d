"""Every page of the site, as each kind of person reaches it, on the demo data plus what a few
weeks of use add (sent reminders, an announcement, a guest, a comment, a subscription).

Used by the checks that go over the whole site: the Nu HTML Checker (tests/test_html_validity.py)
and the no-sideways-scrolling browser test (tests/browser/test_layout.py)."""

import importlib
from datetime import UTC, datetime, time, timedelta

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from accounts.services import call_hours_set
from igfmag.demo import load_demo_data
from notifications.models import OutboxMessage
from notifications.services.announcements import announcement_create, announcement_send, subscription_request
from notifications.services.outbox import outbox_send
from notifications.services.preferences import preferences_get
from programme.models import ProgrammeSession, Resource
from proposals import invitations, nominations
from proposals import services as proposal_services
from proposals.models import SessionKind
from registry.models import IntersessionalActivity
from review.models import Assignment, Criterion
from schedule.models import (
    AvailabilityPoll,
    BusyCalendar,
    Deliverable,
    Meeting,
    MeetingSeries,
    Milestone,
    OutsideCalendar,
    OutsideEvent,
)
from schedule.services import papers, records, reminders
from schedule.services.attendance import meeting_answer
from schedule.services.busy import busy_calendar_add
from schedule.services.meetings import meeting_update
from schedule.services.outside import outside_calendar_add
from schedule.services.poll_mail import poll_invitations_send
from schedule.services.polls import comment_add, poll_create
from teams.models import FacilitatorRole, IssueTeam, PolicyQuestion
from tests.programme.clash_support import placed_session
from tests.support import ics

# "Now" for every whole-site check: the demo's timeline is laid out relative to it. Not on a whole
# second, as a real clock is not: what is stamped "now" carries microseconds.
SITE_NOW = datetime(2025, 7, 14, 16, 0, 7, 654321, tzinfo=UTC)

SECRETARIAT = "secretariat@example.org"
MEMBER = "amina@example.org"  # current MAG member, chair of a team with a scheduled call
INVITEE = "carlos@example.org"  # past MAG member, asked to answer the open poll
VISITOR = None


def site_with_pages() -> dict[str | None, list[str]]:
    """Loads the demo data, uses the site a little, and returns the paths each person opens:
    {email: [path, ...]}, None for a visitor who is not signed in."""
    load_demo_data()
    staff = User.objects.get(email=SECRETARIAT)
    amina = User.objects.get(email=MEMBER)
    team = IssueTeam.objects.get(memberships__user=amina)
    open_poll = AvailabilityPoll.objects.get(status="open")
    past_poll = AvailabilityPoll.objects.get(team=team)
    meeting = Meeting.objects.get(team=team)
    role = FacilitatorRole.objects.get(team=team, user=amina)
    first_milestone = Milestone.objects.order_by("due_at").first()
    deliverable = Deliverable.objects.filter(team=team, milestone=first_milestone).get()

    # The 14-day reminders of the first calls, sent; an announcement; a poll with a guest; a comment;
    # an agenda and notes with headings.
    outbox_send(reminders.sweep())
    announcement = announcement_create(
        author=staff,
        subject="Welcome to the 2021 cycle",
        body="Dear all,\n\nthe issue teams are formed.",
        to_everyone=True,
        teams=[],
    )
    announcement_send(announcement.pk)
    day = SITE_NOW.replace(hour=0) + timedelta(days=9)
    guest_poll = poll_create(
        actor=amina,
        team=team,
        title="Second call",
        deadline=SITE_NOW + timedelta(days=5),
        slots=[day.replace(hour=h) for h in (7, 12, 18)],
        guests=["guest@example.net"],
    )
    poll_invitations_send(guest_poll.pk)
    guest = guest_poll.invitees.get(email="guest@example.net")
    carlos = open_poll.invitees.get(user__email=INVITEE)
    comment_add(invitee=carlos, text="Any slot after 14:00 UTC works for me.")
    meeting_update(
        actor=amina,
        meeting=meeting,
        agenda="# Welcome\n\n1. Introductions\n2. Facilitators\n\n### Session ideas\n\n- one\n- two",
        notes="## Decisions\n\n| Who | What |\n|---|---|\n| Amina | drafts the proposal |",
    )
    # The call's record: minutes, a decision, an action item for Amina and one for the secretariat,
    # a parked item.
    records.record_save(
        actor=amina,
        meeting=meeting,
        minutes="## Summary\n\n- We met.\n- We agreed on a plan.",
        transcript_url="https://example.org/transcript",
    )
    records.decision_add(actor=amina, meeting=meeting, text="Adopt the work plan.", decided_by="the team")
    records.action_item_add(
        actor=amina,
        meeting=meeting,
        text="Circulate the notes",
        owner_id=amina.pk,
        due_at=SITE_NOW + timedelta(days=3),
    )
    records.action_item_add(
        actor=amina,
        meeting=meeting,
        text="Book the room for the next call",
        owner_is_secretariat=True,
        due_at=SITE_NOW + timedelta(days=5),
    )
    records.parking_lot_add(actor=amina, meeting=meeting, text="Hybrid participation")
    # Its read-ahead papers (one asked of Amina, one given as a file) and her written input.
    papers.paper_request(
        actor=amina,
        meeting=meeting,
        title="Background note on hybrid formats",
        owner_id=amina.pk,
        due_days_before=3,
    )
    given = papers.paper_request(
        actor=amina, meeting=meeting, title="Session ideas so far", owner_id=amina.pk, due_days_before=2
    )
    papers.paper_provide(
        actor=amina, paper=given, upload=SimpleUploadedFile("session ideas.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    papers.input_add(actor=amina, meeting=meeting, item="Introductions", text="My audio may fail: hello all.")
    subscription = subscription_request(team=team, name="Visitor", email="visitor@example.net")
    proposal = session_proposal(amina, team)
    # Amina answered her call's invitation with a note; another member's one-click link is opened.
    meeting_answer(
        attendee=meeting.attendees.get(user=amina),
        response="apologies",
        note="Travelling that week",
        actor=amina,
    )
    answer_link = meeting.attendees.exclude(user=amina).filter(user__isnull=False).first()
    message = OutboxMessage.objects.order_by("pk").first()
    # An old email whose text the daily purge removed (notifications.services.outbox.outbox_purge).
    purged = OutboxMessage.objects.order_by("pk").last()
    OutboxMessage.objects.filter(pk=purged.pk).update(
        body_text="", body_html="", headers={}, attachments=[], purged_at=SITE_NOW
    )
    reset_key = default_token_generator.make_token(amina)
    # The demo's coalition inactive for two years, checked by the secretariat.
    asleep = IntersessionalActivity.objects.get(slug="connecting-the-unconnected")

    # Amina's call hours (issue 16): her profile shows them set; polls judge slots by them.
    call_hours_set(
        user=amina,
        hours={
            "days": {d: ["09:00", "17:00"] for d in range(5)},
            "never_before": time(8),
            "never_after": time(19),
        },
    )
    # Amina's busy times (issue 16, part 2): an uploaded file, and an address whose last fetch failed.
    busy_calendar_add(
        user=amina,
        upload=ics.calendar(
            ics.event("dentist@amina.example.org", SITE_NOW + timedelta(days=2)),
            ics.all_day("leave@amina.example.org", SITE_NOW + timedelta(days=12), days=3),
        ),
    )
    BusyCalendar.objects.create(
        user=amina,
        url="https://calendar.example.org/private/amina-secret/basic.ics",
        last_fetched_at=SITE_NOW - timedelta(hours=6),
        last_error="The site answered with an error (HTTP 503).",
    )
    # The panel planner (issue 14, part 2): Amina's group's main session with the DC call's panel.
    panel = _panel_planner_pages(team, amina)

    team_page = team.get_absolute_url()
    # A group other than an issue team (no area, its own name): the DC coordination group.
    group_page = IssueTeam.objects.get(cycle__is_current=True, kind="dc_coordination").get_absolute_url()
    team_kwargs = {"year": team.cycle.year, "slug": team.slug}
    everyone = [
        "/",
        reverse("privacy"),
        reverse("teams:list"),
        reverse("teams:cycle", args=[team.cycle.year]),
        team_page,
        group_page,
        reverse("schedule:detail", args=[first_milestone.pk]),
        reverse("registry:list"),
        reverse("registry:list")
        + "?kind=dc&area=universal-access-and-meaningful-connectivity&status=inactive",
        reverse("registry:list") + "?status=sleeping",  # a filter refused, with its message
        asleep.get_absolute_url(),
    ]
    signed_in = everyone + [
        reverse("dashboard"),
        reverse("profile_edit"),
        reverse("schedule:timeline"),
        reverse("schedule:deliverable", args=[deliverable.pk]),
        reverse("announcements"),
        reverse("announcements") + "?older=99999999999999999_1",  # a later page, with its links back
        reverse("notification_preferences"),
        reverse("schedule:calendar"),
        reverse("schedule:action_items"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        reverse("account_close"),  # closing one's account (issue 17)
    ]
    # Both may create a group: the secretariat of any kind, a current MAG member a working group.
    signed_in.append(reverse("teams:create"))
    # The session proposals of Amina's team (she chairs it), as she and the secretariat see them.
    proposal_pages = [
        reverse("proposals:group", kwargs=team_kwargs),
        reverse("proposals:detail", args=[proposal.pk]),
        reverse("proposals:editors", args=[proposal.pk]),
    ]
    signed_in += proposal_pages
    # Outside calendars (issue 15): NRI events, one all-day; an ICANN calendar whose last fetch failed.
    outside_calendar = outside_calendar_add(
        actor=staff,
        name="NRI events",
        note="The regional and national IGFs' calendar.",
        upload=ics.calendar(
            ics.event(
                "forum@nri.example.org",
                SITE_NOW + timedelta(days=3),
                summary="NRI regional forum",
                extra="LOCATION:Accra\r\n",
            ),
            ics.all_day("youth@nri.example.org", SITE_NOW + timedelta(days=10), days=2, summary="Youth IGF"),
        ),
    )
    OutsideCalendar.objects.create(
        name="ICANN meetings",
        url="https://calendar.example.org/icann.ics",
        last_error="The site calendar.example.org could not be reached.",
    )
    # The review of workshop proposals (issue 14, parts 4 and 7): the demo's round, an assignment of Amina's.
    year = team.cycle.year
    everyone.append(reverse("review:criteria", args=[year]))
    signed_in.append(reverse("review:criteria", args=[year]))
    amina_review = Assignment.objects.filter(reviewer=amina).order_by("pk").first()
    review_pages = [reverse("review:mine", args=[year]), reverse("review:score", args=[amina_review.pk])]
    # The public programme (issue 15, part 4): by day, filtered (one filter refused), a session,
    # and Amina's own schedule with a session on it.
    programme = _programme_pages(team, amina)
    everyone += programme["public"]
    signed_in += programme["public"] + programme["mine"]
    # The programme's versions (issue 15, parts 3 and 6): the demo's two releases, the first approved.
    programme_versions = [
        reverse("programme:versions"),
        reverse("programme:version", args=[1]),
        reverse("programme:version", args=[2]),
    ]
    everyone += programme_versions
    signed_in += programme_versions
    # Building the programme (issue 15, part 1): the demo's draft, a day with a clash, a session with
    # its bookings, one not placed yet, the rooms and channels.
    youth = ProgrammeSession.objects.get(cycle__year=year, convener="youth")
    programme_pages = [
        reverse("programme:build"),
        reverse("programme:build") + f"?day={youth.starts_at:%Y-%m-%d}&unplaced=2&entries=2",
        reverse("programme:session_edit", args=[youth.pk]),
        reverse("programme:session_edit", args=[ProgrammeSession.objects.get(status="unplaced").pk]),
        reverse("programme:resources"),
        reverse("programme:resource", args=[Resource.objects.get(name="Zoom 1").pk]),
    ]
    return {
        SECRETARIAT: signed_in
        + [
            reverse("schedule:create"),
            reverse("schedule:edit", args=[first_milestone.pk]),
            reverse("schedule:matrix"),
            reverse("schedule:outside_calendars"),
            reverse("schedule:outside_calendar", args=[outside_calendar.pk]),
            reverse("schedule:outside_calendar_delete", args=[outside_calendar.pk]),
            reverse("outbox"),
            reverse("outbox_message", args=[message.pk]),
            reverse("outbox_message", args=[purged.pk]),
            reverse("audit_log"),
            # A later page of each log, with its links back (common/paging.py): a cursor far ahead.
            reverse("outbox") + "?older=99999999999999999_1",
            reverse("audit_log") + "?older=99999999999999999_1",
            reverse("role_claims_waiting"),
            reverse("volunteers_waiting"),
            reverse("volunteers_waiting") + "?newer=1_1",  # a later page, with its links back
            reverse("roster_import"),
            reverse("schedule:years"),
            reverse("schedule:year_new"),
            reverse("schedule:year_draft", args=[year + 1]),
            reverse("teams:cycle", args=[year + 1]),
            reverse("announcement_create"),
            reverse("schedule:polls_launch"),
            reverse("schedule:poll", args=[open_poll.pk]),
            reverse("schedule:poll_finalise", args=[open_poll.pk]),
            reverse("schedule:poll_series", args=[open_poll.pk]),
            reverse("schedule:series", args=[MeetingSeries.objects.get().pk]),
            reverse("schedule:series_cadence", args=[MeetingSeries.objects.get().pk]),
            reverse("schedule:poll_edit", args=[open_poll.pk]),
            reverse("teams:handover", args=[role.pk]),
            reverse("schedule:poll_create", kwargs=team_kwargs),
            reverse("schedule:meeting", args=[meeting.pk]),
            reverse("schedule:meeting_edit", args=[meeting.pk]),
            reverse("registry:create"),
            reverse("registry:edit", args=[asleep.slug]),
            reverse("registry:check", args=[asleep.slug]),
            reverse("schedule:meeting_record", args=[meeting.pk]),
            reverse("schedule:paper_request", args=[meeting.pk]),
            reverse("mfa_generate_recovery_codes"),
            reverse("mfa_deactivate_totp"),
            # The kinds of session (proposals, part "kinds").
            reverse("proposals:kinds"),
            reverse("proposals:kind_edit", args=[SessionKind.objects.get(slug="main").pk]),
            panel["planner"],
            reverse("review:round", args=[year]),
            reverse("review:overview", args=[year]),
            reverse(
                "review:criterion_edit",
                args=[year, Criterion.objects.filter(round__cycle__year=year).order_by("pk").first().pk],
            ),
            # The MAG's decision on one proposal (issue 14, parts 5 and 6).
            reverse("review:entry", args=[amina_review.entry_id]),
            reverse("review:announce", args=[year]),
            # The programme's clashes (issue 15, part 2), one of each kind.
            _programme_clashes_page(team),
            reverse("programme:releases"),
            reverse("programme:release_approve", args=[1]),
            *programme_pages,
        ],
        MEMBER: signed_in
        + [
            reverse("schedule:busy_calendars"),
            reverse("data_export"),  # a person's data (issue 17, point 5)
            reverse("schedule:poll", args=[past_poll.pk]),
            reverse("schedule:poll", args=[guest_poll.pk]),
            reverse("schedule:poll_finalise", args=[guest_poll.pk]),
            reverse("schedule:poll_series", args=[guest_poll.pk]),
            reverse("schedule:poll_slot_nights", args=[guest_poll.pk, guest_poll.slots.first().pk]),
            reverse("schedule:poll_edit", args=[guest_poll.pk]),
            reverse("schedule:poll_duplicate", args=[guest_poll.pk]),
            reverse("schedule:meeting", args=[meeting.pk]),
            reverse("schedule:meeting_edit", args=[meeting.pk]),
            reverse("schedule:meeting_cancel", args=[meeting.pk]),
            reverse("schedule:meeting_record", args=[meeting.pk]),
            reverse("schedule:paper_request", args=[meeting.pk]),
            reverse("announcement_create"),
            reverse("schedule:poll_create", kwargs=team_kwargs),
            reverse("teams:handover", args=[role.pk]),
            reverse("mfa_activate_totp"),
            reverse("proposals:new", kwargs=team_kwargs),
            reverse("proposals:edit", args=[proposal.pk]),
            panel["planner"],
            panel["edit"],
            *review_pages,
            panel["invite"],
        ],
        INVITEE: [reverse("dashboard"), reverse("schedule:poll", args=[open_poll.pk])],
        VISITOR: everyone
        + [
            reverse("schedule:public"),
            reverse("schedule:public_meetings"),
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_request_login_code"),
            reverse("account_reset_password"),
            reverse("account_reset_password_done"),
            reverse(
                "account_reset_password_from_key",
                kwargs={"uidb36": user_pk_to_url_str(amina), "key": reset_key},
            ),
            reverse("subscription_confirm", args=[subscription.token]),
            reverse("subscription_unsubscribe", args=[subscription.token]),
            reverse("notification_unsubscribe", args=[preferences_get(user=amina).unsubscribe_token]),
            reverse("schedule:poll_guest", args=[guest.token]),
            # --- Closing an account, a guest forgotten (issue 17) ---
            reverse("account_closed"),
            reverse("schedule:poll_guest_forget", args=[guest.token]),
            reverse("schedule:guest_forgotten"),
            # --- end of closing an account ---
            panel["invitation"],
            reverse("schedule:meeting_answer_link", args=[answer_link.rsvp_token]) + "?answer=apologies",
        ],
    }


def seed_session_kinds():
    """The kinds of session migration 0002 seeds, again: a test that runs in transactions
    (browser tests) empties every table after it, seeds included."""
    seeds = importlib.import_module("proposals.migrations.0002_session_kinds")
    seeds.add_kinds(django_apps, None)
    importlib.import_module("proposals.migrations.0005_session_kind_translations").add_translations(
        django_apps, None
    )


def session_proposal(chair, team):
    """A main session proposal of the chair's team: drafted, shared, commented on by a member,
    submitted and revised, with a member as its editor."""
    seed_session_kinds()
    member = team.memberships.exclude(user=chair).select_related("user").first().user
    deadline = Milestone.objects.filter(cycle=team.cycle, kind="deadline", status="published").first()
    proposal = proposal_services.proposal_create(
        actor=chair,
        team=team,
        kind=SessionKind.objects.get(slug="main"),
        title="Trust in a fragmented internet",
        description="Norms, confidence-building and the people they protect.",
        policy_questions=PolicyQuestion.objects.filter(area=team.area)[:2],
        languages=["ar", "en", "fr"],
        due=deadline,
    )
    proposal_services.proposal_editors_set(actor=chair, proposal=proposal, editors=[member])
    proposal_services.proposal_share(actor=chair, proposal=proposal)
    proposal_services.proposal_comment(
        actor=member, proposal=proposal, body="Could the youth IGF join the panel?"
    )
    proposal_services.proposal_submit(actor=chair, proposal=proposal)
    # Nominations (issue 14, end of part 3): the member to chair, with the chair's support; the
    # chair to moderate, nominated by the member.
    chosen = nominations.nomination_create(actor=chair, proposal=proposal, role="chair", nominee=member)
    nominations.nomination_support(actor=member, nomination=chosen)
    nominations.nomination_create(actor=member, proposal=proposal, role="moderator", nominee=chair)
    return proposal_services.proposal_update(
        actor=chair,
        proposal=proposal,
        policy_questions=PolicyQuestion.objects.filter(area=team.area)[:1],
        title="Trust in a fragmented internet: the youth view",
        minutes=75,
        format="roundtable",
        languages=["ar", "en", "fr"],
    )


def _programme_clashes_page(team) -> str:
    """Two sessions at once with one speaker in both (at night in Tokyo), both during an outside
    calendar's week-long event: the clash list with one clash of each kind, or more."""
    start = SITE_NOW.replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(days=40)
    panel = [("Kenji Sato, of a long-named organisation", "kenji@example.org", "Asia/Tokyo")]
    placed_session(
        cycle=team.cycle, team=team, start=start, title="Clash check: the first session", panel=panel
    )
    placed_session(
        cycle=team.cycle,
        team=team,
        start=start + timedelta(minutes=30),
        title="Clash check: the second session",
        panel=panel,
    )
    calendar = OutsideCalendar.objects.create(name="NRI events", last_fetched_at=SITE_NOW)
    OutsideEvent.objects.create(
        calendar=calendar,
        uid="site-nri-week",
        summary="Regional IGF week",
        starts_at=start.replace(hour=0) - timedelta(days=1),
        ends_at=start.replace(hour=0) + timedelta(days=2),
        all_day=True,
    )
    return reverse("programme:clashes")


PANEL_PROPOSAL_TITLE = "Trust by design: a main session"


def _panel_planner_pages(team, facilitator) -> dict[str, str]:
    """A shared draft with seven speakers (one online), a chair and a moderator: the planner's page
    with its sentences, a warning (six of the seven speakers are from one region) and the edit form."""
    proposal = proposal_services.proposal_create(
        actor=facilitator,
        team=team,
        # Seeded by a migration, but gone after a browser test that flushed the database.
        kind=SessionKind.objects.get_or_create(slug="main", defaults={"name": "Main session"})[0],
        title=PANEL_PROPOSAL_TITLE,
        description="Seven speakers, twice each.",
        # The time invited speakers read in their own zone (issue 14, part 3).
        starts_at=SITE_NOW.replace(microsecond=0) + timedelta(days=60),
    )
    proposal_services.proposal_share(actor=facilitator, proposal=proposal)
    groups = [
        "government",
        "private_sector",
        "civil_society",
        "technical",
        "igo",
        "civil_society",
        "government",
    ]
    for i, group in enumerate(groups):
        proposal_services.panelist_add(
            actor=facilitator,
            proposal=proposal,
            name=f"Speaker {i + 1} with a rather long name, of an organisation",
            email=f"speaker{i + 1}@example.org",
            stakeholder_group=group,
            region="african" if i else "weog",
            gender=("woman", "man")[i % 2],
            presence="online" if i == 6 else "in_room",
        )
    proposal_services.panelist_add(
        actor=facilitator,
        proposal=proposal,
        name="Chair",
        role="chair",
        opening_minutes=5,
        followup_minutes=0,
    )
    moderator = proposal_services.panelist_add(
        actor=facilitator, proposal=proposal, name="Moderator", role="moderator", opening_minutes=6
    )
    # Speaker 1 invited to speak (issue 14, part 3): the planner shows it, and their private page.
    speakers = list(proposal.panelists.filter(role="speaker").order_by("position"))
    invited = invitations.panelist_invite(
        actor=facilitator,
        panelist=speakers[0],
        reply_by=(SITE_NOW + timedelta(days=14)).date(),
        language="en",
    )
    return {
        "planner": reverse("proposals:panel", args=[proposal.pk]),
        "edit": reverse("proposals:panelist_edit", args=[proposal.pk, moderator.pk]),
        "invite": reverse("proposals:panelist_invite", args=[proposal.pk, speakers[1].pk]),
        "invitation": reverse("proposals:invitation", args=[invited.token]),
    }


def error_pages() -> dict[str | None, list[tuple[str, int]]]:
    """The error pages people meet on that site (call after site_with_pages): {email: [(path, status)]}.
    The member opens a poll of a team she is not in, and a page of the secretariat's."""
    closed_poll = (
        AvailabilityPoll.objects.filter(status="open").exclude(team__memberships__user__email=MEMBER).first()
    )
    return {
        VISITOR: [("/no-such-page/", 404), (reverse("proposals:invitation", args=["no-such-link"]), 404)],
        MEMBER: [
            ("/no-such-page/", 404),
            (reverse("schedule:poll", args=[closed_poll.pk]), 403),
            (reverse("audit_log"), 403),
            (reverse("proposals:kinds"), 403),
        ],
    }


def _programme_pages(team, member) -> dict[str, list[str]]:
    """The programme's public pages. Until the demo data releases a programme, three sessions (one
    cancelled) are placed and released here; the member adds the first to their schedule."""
    from programme.enums import SessionStatus
    from programme.models import ProgrammeRelease, ProgrammeSession
    from programme.services.selections import selection_add

    cycle = team.cycle
    if not ProgrammeRelease.objects.filter(cycle=cycle).exists():
        day = SITE_NOW.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=10)
        for hour, title, convener, status in [
            (9, "Youth and the Internet: a dialogue across generations", "youth", SessionStatus.PLACED),
            (13, "NRIs: what the national and regional initiatives found", "nri", SessionStatus.PLACED),
            (16, "Capacity development for a trusted Internet", "cd", SessionStatus.CANCELLED),
        ]:
            session = ProgrammeSession.objects.create(
                cycle=cycle,
                title=title,
                description="What the session is about.",
                convener=convener,
                kind=SessionKind.objects.order_by("position", "pk").first(),
                status=status,
                starts_at=day + timedelta(hours=hour),
                join_url="https://example.org/join",
            )
            if team.area is not None:
                session.issue_areas.set([team.area])
                session.policy_questions.set(team.area.policy_questions.all()[:2])
            session.save()
        ProgrammeRelease.objects.create(cycle=cycle, number=1, snapshot=[])
    first = (
        ProgrammeSession.objects.filter(cycle=cycle, status=SessionStatus.PLACED)
        .order_by("starts_at")
        .first()
    )
    selection_add(actor=member, session=first)
    public = [
        reverse("programme:public"),
        reverse("programme:public") + "?convener=nobody",  # a filter refused, with its message
        reverse("programme:session", args=[first.pk]),
    ]
    if team.area is not None:
        public.append(reverse("programme:public") + f"?area={team.area.slug}&held=online")
    return {"public": public, "mine": [reverse("programme:mine")]}
