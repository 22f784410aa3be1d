"""What bench/pages.py loads: every page people reach, as each kind of person who opens it, and
their sessions. Imported after django.setup() (it reads the app's models)."""

from dataclasses import dataclass
from importlib import import_module

from allauth.account.internal.flows.login import record_authentication
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count
from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.urls import reverse
from django.utils.crypto import get_random_string


@dataclass(frozen=True)
class Target:
    page: str  # the name --pages selects by
    path: str
    role: str  # who loads it: secretariat, facilitator, member, public or a calendar app
    shown_path: str = ""  # the path as the table shows it (a feed's secret left out)


def targets_and_sessions() -> tuple[list[Target], dict[str, str]]:
    """The pages, each as the people who open it, and a session cookie per person. The team,
    polls and meeting are team 0's, the largest (bench/seed.py): each page at its heaviest."""
    model = apps.get_model
    team = model("teams.IssueTeam").objects.select_related("cycle", "area").get(slug="issue-area-000")
    chair = model("teams.FacilitatorRole").objects.get(team=team, kind="chair", status="confirmed").user
    member = (
        model("teams.Membership")
        .objects.filter(team=team, user__role="community")
        .order_by("user__email")
        .first()
        .user
    )
    secretariat = model("accounts.User").objects.filter(role="secretariat").order_by("email").first()
    polls = model("schedule.AvailabilityPoll").objects.filter(team=team).order_by("title")
    open_poll = polls.filter(status="open").first()
    closed_poll = polls.filter(status="closed").first()
    meeting = model("schedule.Meeting").objects.filter(team=team).order_by("start").first()
    series = model("schedule.MeetingSeries").objects.get(team=team)
    deliverable = (
        model("schedule.Deliverable")
        .objects.filter(team=team, milestone__status="published")
        .order_by("milestone__due_at")
        .last()
    )
    feed = model("schedule.CalendarFeed").objects.get(user=member)
    # The member's one-click answer from their invitation (no cookie: the secret is the address).
    answer_token = model("schedule.MeetingAttendee").objects.get(meeting=meeting, user=member).rsvp_token
    team_path = team.get_absolute_url()
    # The registry's entry with the most issue areas (bench/seed.py), with its checks.
    entry_path = reverse("registry:detail", args=["registry-000"])
    # The team's submitted proposal (bench/seed.py): its panel of nine and its comments.
    proposal = (
        model("proposals.Proposal").objects.filter(team=team, status="submitted").order_by("title").first()
    )
    # Team 0's proposal with a full panel (bench/seed.py _panel).
    panel_proposal = model("proposals.Proposal").objects.get(
        team=team, title="Main session with a full panel"
    )

    # The review round (bench/seed.py _review): a MAG member with reviews, and one of theirs.
    assignment = model("review.Assignment").objects.select_related("reviewer").order_by("pk").first()
    reviewer, year = assignment.reviewer, team.cycle.year
    # The draft programme (bench/seed.py _programme): its first day, a booked session, the resource
    # with the most bookings.
    booking = (
        model("programme.ResourceBooking").objects.filter(session__isnull=False).order_by("starts_at", "pk")
    )
    booked_session = booking.first().session
    busiest_day = f"{booked_session.starts_at:%Y-%m-%d}"
    busiest_resource = (
        model("programme.Resource").objects.annotate(n=Count("bookings")).order_by("-n", "pk").first()
    )
    # A speaker invited to the team's submitted proposal (bench/seed.py _invited): their private page.
    invitation_token = (
        model("proposals.Panelist")
        .objects.filter(proposal__team=team, invitation="invited")
        .order_by("pk")
        .values_list("token", flat=True)
        .first()
    )

    # The outside calendar with the most events (bench/seed.py _outside).
    outside = model("schedule.OutsideCalendar").objects.order_by("name").first()
    # The programme's first placed session (bench/seed.py's programme part, once it has one).
    programme_session = (
        model("programme.ProgrammeSession")
        .objects.filter(cycle=team.cycle, status="placed")
        .order_by("starts_at", "pk")
        .first()
    )

    # A guest of the team's open poll (bench/seed.py _polls): their page that asks before forgetting them.
    guest_token = (
        model("schedule.Invitee")
        .objects.filter(poll=open_poll, user__isnull=True)
        .order_by("pk")
        .values_list("token", flat=True)
        .first()
    )

    def on(page, path, *roles, shown_path=""):
        return [Target(page, path, role, shown_path) for role in roles]

    targets = [
        *on("home", reverse("home"), "public", "member"),
        *on("privacy", reverse("privacy"), "public", "member"),
        *on("dashboard", reverse("dashboard"), "member", "facilitator", "secretariat"),
        # The secretariat's queues in full, a page at a time (the dashboard shows the oldest few).
        *on("role-claims", reverse("role_claims_waiting"), "secretariat"),
        *on("volunteers", reverse("volunteers_waiting"), "secretariat"),
        *on("teams", reverse("teams:list"), "public", "member"),
        *on("team", team_path, "public", "member", "facilitator"),
        *on("new-group", reverse("teams:create"), "facilitator", "secretariat"),
        *on("milestones", reverse("schedule:timeline"), "member", "secretariat"),
        *on("matrix", reverse("schedule:matrix"), "secretariat"),
        # The yearly rollover: the years, and the next year's draft form (every group and MAG member).
        *on("years", reverse("schedule:years"), "secretariat"),
        *on("new-year", reverse("schedule:year_new"), "secretariat"),
        *on("outside-calendars", reverse("schedule:outside_calendars"), "secretariat"),
        *on("busy-times", reverse("schedule:busy_calendars"), "member"),
        # A person's data (issue 17, point 5): the page; its download is a POST, measured by the tests'
        # query count (tests/test_query_counts.py), not here.
        *on("your-data", reverse("data_export"), "member"),
        *on("outside-calendar", reverse("schedule:outside_calendar", args=[outside.pk]), "secretariat"),
        *on("deliverable", reverse("schedule:deliverable", args=[deliverable.pk]), "facilitator"),
        *on("poll", reverse("schedule:poll", args=[open_poll.pk]), "member", "facilitator"),
        *on("poll-results", reverse("schedule:poll", args=[closed_poll.pk]), "facilitator"),
        *on("finalise", reverse("schedule:poll_finalise", args=[closed_poll.pk]), "facilitator"),
        # Running the poll again: its form with the slots now (issue 16, part 6).
        *on("poll-duplicate", reverse("schedule:poll_duplicate", args=[closed_poll.pk]), "facilitator"),
        # Making a series from the same poll: the rotations of its best slot, over all its people.
        *on("make-series", reverse("schedule:poll_series", args=[closed_poll.pk]), "facilitator"),
        *on("meeting", reverse("schedule:meeting", args=[meeting.pk]), "member", "facilitator"),
        # Team 0's six weekly calls over its 300 people: each person's count of night calls.
        *on("series", reverse("schedule:series", args=[series.pk]), "member", "facilitator"),
        *on("series-cadence", reverse("schedule:series_cadence", args=[series.pk]), "facilitator"),
        *on(
            "meeting-answer",
            reverse("schedule:meeting_answer_link", args=[answer_token]) + "?answer=apologies",
            "public",
            shown_path=reverse("schedule:meeting_answer_link", args=["TOKEN"]) + "?answer=apologies",
        ),
        *on("meeting-record", reverse("schedule:meeting_record", args=[meeting.pk]), "facilitator"),
        *on("paper-request", reverse("schedule:paper_request", args=[meeting.pk]), "facilitator"),
        # The names offered as a facilitator types an owner's name on the two pages above.
        *on(
            "member-suggest",
            reverse("teams:member_suggest", args=[team.cycle.year, team.slug]) + "?q=mem",
            "facilitator",
        ),
        # The issue areas offered as one types in the New group page's or the registry's area box.
        *on("area-suggest", reverse("teams:area_suggest") + "?q=area", "public", "secretariat"),
        *on("action-items", reverse("schedule:action_items"), "member", "secretariat"),
        *on("announcements", reverse("announcements"), "member", "secretariat"),
        *on("outbox", reverse("outbox"), "secretariat"),
        *on("audit-log", reverse("audit_log"), "secretariat"),
        # --- Closing an account, a guest forgotten (issue 17): the pages that ask first ---
        *on("account-close", reverse("account_close"), "member", "secretariat"),
        *on(
            "guest-forget",
            reverse("schedule:poll_guest_forget", args=[guest_token]),
            "public",
            shown_path=reverse("schedule:poll_guest_forget", args=["TOKEN"]),
        ),
        # --- end of closing an account ---
        *on("public-feed", reverse("schedule:public_feed"), "public"),
        # The private feed's secret is in its address: calendar programs send no cookie.
        *on(
            "private-feed",
            reverse("schedule:private_feed", args=[feed.token]),
            "calendar app",
            shown_path=reverse("schedule:private_feed", args=["TOKEN"]),
        ),
        *on("public-milestones", reverse("schedule:public"), "public"),
        *on("public-meetings", reverse("schedule:public_meetings"), "public"),
        *on("registry", reverse("registry:list"), "public", "secretariat"),
        *on("registry-filtered", reverse("registry:list") + "?kind=dc&status=active", "public"),
        *on("registry-entry", entry_path, "public", "secretariat"),
        # Session proposals: the team's, one with its history and comments, its panel planner; the
        # secretariat's kinds of session.
        *on(
            "proposals",
            reverse("proposals:group", args=[team.cycle.year, team.slug]),
            "member",
            "facilitator",
        ),
        *on("proposal", reverse("proposals:detail", args=[proposal.pk]), "member", "facilitator"),
        *on("panel", reverse("proposals:panel", args=[proposal.pk]), "facilitator"),
        *on("session-kinds", reverse("proposals:kinds"), "secretariat"),
        *on("panel-planner", reverse("proposals:panel", args=[panel_proposal.pk]), "member", "facilitator"),
        # The review of workshop proposals: the secretariat's round, overview and export; a reviewer's.
        *on("review-round", reverse("review:round", args=[year]), "secretariat"),
        *on("review-overview", reverse("review:overview", args=[year]), "secretariat"),
        *on("review-export", reverse("review:export", args=[year]), "secretariat"),
        *on("review-mine", reverse("review:mine", args=[year]), "reviewer"),
        *on("review-score", reverse("review:score", args=[assignment.pk]), "reviewer"),
        *on("review-criteria", reverse("review:criteria", args=[year]), "public"),
        # The MAG's decision on one proposal, and the message to proposers (issue 14, parts 5 and 6).
        *on("review-entry", reverse("review:entry", args=[assignment.entry_id]), "secretariat"),
        *on("review-announce", reverse("review:announce", args=[year]), "secretariat"),
        *on(
            "speaker-invitation",
            reverse("proposals:invitation", args=[invitation_token]),
            "public",
            shown_path=reverse("proposals:invitation", args=["TOKEN"]),
        ),
        # The public programme (issue 15, parts 4 and 5): by day, filtered, a session; one's own
        # schedule and its feed; the files others read; the secretariat's CSV of the draft.
        *on("programme", reverse("programme:public"), "public", "member"),
        *on(
            "programme-filtered",
            reverse("programme:public") + f"?area={team.area.slug}&held=online",
            "public",
        ),
        *(
            on(
                "programme-session",
                reverse("programme:session", args=[programme_session.pk]),
                "public",
                "member",
            )
            if programme_session
            else []
        ),
        *on("programme-mine", reverse("programme:mine"), "member"),
        *on(
            "programme-feed",
            reverse("programme:feed", args=[feed.token]),
            "calendar app",
            shown_path=reverse("programme:feed", args=["TOKEN"]),
        ),
        *on("programme-ics", reverse("programme:ics"), "public"),
        *on("programme-json", reverse("programme:json"), "public"),
        *on("programme-csv", reverse("programme:csv"), "secretariat"),
        # The programme's clashes (issue 15, part 2): the secretariat's list, cached per version.
        *on("programme-clashes", reverse("programme:clashes"), "secretariat"),
        # Building the programme (issue 15): the draft's busiest day, a booked session, the resources.
        *on("programme-build", reverse("programme:build") + f"?day={busiest_day}", "secretariat"),
        *on(
            "programme-session-edit",
            reverse("programme:session_edit", args=[booked_session.pk]),
            "secretariat",
        ),
        *on("programme-resources", reverse("programme:resources"), "secretariat"),
        *on("programme-resource", reverse("programme:resource", args=[busiest_resource.pk]), "secretariat"),
        # The lightest signed-in page, for comparison.
        *on("calendar", reverse("schedule:calendar"), "member"),
        # The programme's versions (issue 15, part 3): the list, public, and the release page.
        *on("programme-versions", reverse("programme:versions"), "public", "member"),
        *on("programme-releases", reverse("programme:releases"), "secretariat"),
    ]
    # The newest version, which holds the whole programme, once one is released (bench/seed.py).
    newest = model("programme.ProgrammeRelease").objects.order_by("-number").first()
    if newest is not None:
        targets += [
            *on("programme-version", reverse("programme:version", args=[newest.number]), "public", "member"),
            *on(
                "programme-approve", reverse("programme:release_approve", args=[newest.number]), "secretariat"
            ),
        ]
    cookies = {"public": "", "calendar app": ""}
    for role, user in [
        ("secretariat", secretariat),
        ("facilitator", chair),
        ("member", member),
        ("reviewer", reviewer),
    ]:
        # A signed-in browser sends back the CSRF cookie it was given at sign-in, as well as its
        # session: without it, every page with a form would draw a new secret and set the cookie,
        # which a browser does once.
        cookies[role] = f"{session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={_csrf_secret()}"
    return targets, cookies


def _csrf_secret() -> str:
    return get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)


def session_cookie(user) -> str:
    """A session for the person, written straight into the configured session store: signed in,
    and with the second factor recorded the way allauth records it at sign-in (the secretariat's
    pages ask for it, accounts/middleware.py)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    request = HttpRequest()
    request.session = session
    record_authentication(request, user, "password")
    record_authentication(request, user, "mfa", type="totp")
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
