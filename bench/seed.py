"""The IGF-scale data set of the page benchmark (bench/pages.py), written with bulk inserts.

At --scale 10 (ten times the IGF's MAG year): 3,000 people, 60 teams of 50–300 members, 300
milestones (90 of them asking every team for a deliverable: a 90 × 60 matrix), 100 polls of 20
slots, each answered by 50 of its invitees (its team's members and two guests), 50 meetings of
whole teams, and the announcements, outbox and audit log a year leaves. Every count is
proportional to the scale; team, poll and meeting sizes are not, as a larger IGF has more teams,
not larger ones.

The same scale, seed and `now` give the same rows, secrets included (feed and invitation tokens,
meeting UIDs), so that two runs load the same pages. Everyone shares one password hash: hashing
3,000 passwords would take minutes and nobody signs in with them (the benchmark writes sessions).

Models are looked up by app label and choices written as their stored values, so that the seeder
depends on the schema only, not on where the apps keep their code.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction

SEED = 2021
BATCH = 5_000
TEAM_SIZES = (50, 300)
SLOTS_PER_POLL = 20
VOTERS_PER_POLL = 50
GUESTS_PER_POLL = 2
ZONES = [
    "UTC",
    "Europe/Paris",
    "Europe/London",
    "Africa/Nairobi",
    "Africa/Lagos",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Asia/Manila",
    "America/New_York",
    "America/Lima",
    "America/Sao_Paulo",
    "Pacific/Auckland",
]
STAKEHOLDER_GROUPS = ["government", "private_sector", "civil_society", "technical", "igo"]
UN_REGIONS = ["african", "asia_pacific", "eastern_european", "grulac", "weog"]
GENDERS = ["woman", "man", "non_binary", ""]
OTHER_CAPACITIES = ["dc", "bpf", "pn", "nri", "other"]
# Per ten polls: 4 open, 5 finalised into a meeting, 1 closed (so 100 polls make 50 meetings).
POLL_STATUSES = ["open", "finalised", "closed", "open", "finalised", "open", "finalised", "open"]
POLL_STATUSES += ["finalised", "finalised"]
# Team 0's weekly series of calls (the series page and its cadence page), rotating over three
# start times a day apart in UTC so that the night falls on different people's calls.
SERIES_CALLS = 6
REVIEW_ENTRIES = 80
REVIEWERS_PER_ENTRY = 3
REVIEW_CRITERIA = [("Relevance", 5), ("Diversity", 5), ("Interaction", 5)]
AUDIT_ACTIONS = [
    "membership_joined",
    "membership_left",
    "milestone_updated",
    "deliverable_updated",
    "poll_created",
    "meeting_scheduled",
    "profile_updated",
    "role_confirmed",
]


@dataclass(frozen=True)
class Counts:
    """What a scale promises."""

    people: int
    teams: int
    milestones: int
    deliverable_milestones: int
    polls: int
    meetings: int
    announcements: int
    outbox_messages: int
    audit_events: int
    registry_entries: int
    proposals: int
    panelists: int
    proposal_events: int
    proposal_comments: int
    review_entries: int
    review_assignments: int
    programme_sessions: int
    resources: int

    @classmethod
    def at(cls, scale: int) -> "Counts":
        teams = 6 * scale
        proposals = PROPOSALS_PER_TEAM * teams
        return cls(
            people=300 * scale,
            teams=teams,
            milestones=30 * scale,
            deliverable_milestones=9 * scale,
            polls=10 * scale,
            meetings=5 * scale,
            announcements=10 * scale,
            outbox_messages=1_000 * scale,
            audit_events=1_000 * scale,
            registry_entries=40 * scale,
            # Besides, team 0's main session with a full panel (_panel).
            proposals=proposals + 1,
            panelists=proposals * (SPEAKERS_PER_PANEL + 2) + PANEL_SIZE,
            # Each proposal's creation, and its submission or its sharing with the group.
            proposal_events=proposals * 2,
            proposal_comments=proposals * COMMENTS_PER_PROPOSAL,
            # The year's review round: the submitted proposals and imported workshops, 80 a scale
            # (83 workshops were approved in 2021), each with REVIEWERS_PER_ENTRY MAG reviewers.
            review_entries=REVIEW_ENTRIES * scale,
            review_assignments=REVIEW_ENTRIES * scale * REVIEWERS_PER_ENTRY,
            # The preparatory phase's programme (2021 held about 20 sessions): 20 a scale, from the
            # accepted entries and by hand; two online channels and a room a scale.
            programme_sessions=PROGRAMME_SESSIONS * scale,
            resources=3 * scale,
        )


def _model(label):
    return apps.get_model(label)


def _bulk(rows):
    """Inserts model instances of one kind and returns them with their primary keys."""
    rows = list(rows)
    return type(rows[0]).objects.bulk_create(rows, batch_size=BATCH) if rows else []


def _token(rng: random.Random) -> str:
    return f"{rng.getrandbits(192):048x}"


@transaction.atomic
def seed(*, scale: int, now: datetime, seed: int = SEED) -> Counts:
    """Writes the data set into an empty database and returns what it promised. Team 0 is the
    largest (300 members, or everyone at a smaller scale) and has an open, a closed and a
    finalised poll: the benchmark opens its pages as the worst case."""
    rng = random.Random(seed)
    counts = Counts.at(scale)
    users = _people(rng, counts, now)
    cycle = _model("teams.Cycle").objects.create(year=now.year, name=f"IGF {now.year}", is_current=True)
    teams, members = _teams(rng, counts, cycle, users, now)
    _milestones(rng, counts, cycle, teams, users, now)
    _polls_and_meetings(rng, counts, teams, members, now)
    _mail_and_audit(rng, counts, teams, users, now)
    _registry(rng, counts, teams, users, now)
    _proposals(rng, teams, members, now)
    _panel(rng, teams, now)
    _review(rng, counts, cycle, users, now)
    _outside(now)
    _busy(users, now)
    _programme(rng, counts, cycle, now)
    _series(rng, teams[0], members[0], now)
    return counts


def _series(rng, team, people, now):
    """Team 0's series: SERIES_CALLS weekly calls from a week after `now`, each of the whole team,
    rotating between 06:00, 14:00 and 22:00 UTC (as schedule/services/series.py would make them,
    written directly so the data set stays the same for the same seed)."""
    Series, Meeting, Attendee = (
        _model("schedule.MeetingSeries"),
        _model("schedule.Meeting"),
        _model("schedule.MeetingAttendee"),
    )
    pattern = [k % 3 for k in range(SERIES_CALLS)]
    first = (now + timedelta(days=7)).replace(hour=6, minute=0, second=0, microsecond=0)
    series = Series.objects.create(
        team=team,
        title="Weekly call",
        every_weeks=1,
        count=SERIES_CALLS,
        pattern=pattern,
        time_zone="UTC",
        created_by=people[0],
        created_at=now,
    )
    calls = _bulk(
        [
            Meeting(
                team=team,
                title=series.title,
                start=first + timedelta(weeks=k, hours=8 * s),
                end=first + timedelta(weeks=k, hours=8 * s + 1),
                video_link="https://meet.example.org/igf-mag",
                uid=uuid.UUID(int=rng.getrandbits(128)),
                organizer=people[0],
                series=series,
                position=k,
                created_at=now,
                updated_at=now,
            )
            for k, s in enumerate(pattern)
        ]
    )
    _bulk([Attendee(meeting=call, user=user) for call in calls for user in people])


# Outside calendars (NRI, ICANN events): the first holds the most events, each page of its events full.
OUTSIDE_CALENDARS = 10
OUTSIDE_EVENTS = 1000


def _outside(now):
    Calendar, Event = _model("schedule.OutsideCalendar"), _model("schedule.OutsideEvent")
    calendars = _bulk(
        Calendar(
            name=f"Outside calendar {c:03d}",
            url=f"https://calendars.example.org/{c:03d}.ics",
            last_fetched_at=now,
            last_error="" if c % 4 else "The site answered with an error (HTTP 503).",
        )
        for c in range(OUTSIDE_CALENDARS)
    )
    _bulk(
        Event(
            calendar=calendar,
            uid=f"event-{e}@calendars.example.org",
            summary=f"Regional forum {e} of a long-named initiative",
            location="Online and in the host city",
            starts_at=now + timedelta(hours=7 * e + c),
            ends_at=now + timedelta(hours=7 * e + c + 3),
            all_day=e % 10 == 0,
        )
        for c, calendar in enumerate(calendars)
        for e in range(OUTSIDE_EVENTS // (c + 1))
    )


# People's own busy times (issue 16): everyone gives a calendar from an address, busy four times a
# weekday for the eight weeks their page counts; one in three also uploads a smaller file.
BUSY_TIMES_PER_CALENDAR = 4 * 5 * 8


def _busy(users, now):
    Calendar, Time = _model("schedule.BusyCalendar"), _model("schedule.BusyTime")
    calendars = _bulk(
        Calendar(
            user=user,
            url=f"https://calendars.example.org/private/{u:05d}/basic.ics" if k == 0 else "",
            last_fetched_at=now,
        )
        for u, user in enumerate(users)
        for k in range(2 if u % 3 == 0 else 1)
    )
    for calendar in calendars:
        _bulk(
            Time(
                calendar=calendar,
                user_id=calendar.user_id,
                starts_at=now + timedelta(days=7 * (t // 20) + (t // 4) % 5, hours=8 + 2 * (t % 4)),
                ends_at=now + timedelta(days=7 * (t // 20) + (t // 4) % 5, hours=9 + 2 * (t % 4)),
            )
            for t in range(BUSY_TIMES_PER_CALENDAR // 10 if calendar.url == "" else BUSY_TIMES_PER_CALENDAR)
        )


# Session proposals: per team, a submitted main session and a draft shared with the group, each
# with a panel of seven speakers, a chair and a moderator, and a few comments.
PROPOSALS_PER_TEAM = 2
SPEAKERS_PER_PANEL = 7
COMMENTS_PER_PROPOSAL = 4
PROPOSAL_FORMATS = ["panel", "roundtable", "lightning", "breakout"]
PRESENCES = ["in_room", "in_room", "online"]


INVITED_PER_PANEL = 3


def _invited(proposal, s, now) -> dict:
    return {
        "email": f"speaker{s}.p{proposal.pk}@example.org",
        "invitation": "invited",
        "token": f"bench-invitation-{proposal.pk}-{s}",
        "invitation_round": 1,
        "invited_at": now - timedelta(days=2),
        "reply_by": (now + timedelta(days=12)).date(),
        "language": "en",
    }


def _proposals(rng, teams, members, now):
    """Each team's two proposals (the first submitted to the MAG, the second a shared draft), by its
    chair, due by the first deadline ahead, taking up two of its area's policy questions; a panel
    of seven (three and two minutes each), a chair and a moderator; the members' comments."""
    Kind, Proposal = _model("proposals.SessionKind"), _model("proposals.Proposal")
    Event, Comment, Panelist = (
        _model("proposals.ProposalEvent"),
        _model("proposals.ProposalComment"),
        _model("proposals.Panelist"),
    )
    kinds = {kind.slug: kind for kind in Kind.objects.all()}
    main = kinds.get("main") or Kind.objects.create(name="Main session", slug="main")
    introductory = kinds.get("introductory") or Kind.objects.create(
        name="Introductory session (preparatory phase)", slug="introductory", default_minutes=60
    )
    due = (
        _model("schedule.Milestone")
        .objects.filter(kind="deadline", status="published", due_at__gt=now)
        .order_by("due_at")
        .first()
    )
    questions = {}
    for question in _model("teams.PolicyQuestion").objects.order_by("position"):
        questions.setdefault(question.area_id, []).append(question)
    specs = []
    for t, team in enumerate(teams):
        for p in range(PROPOSALS_PER_TEAM):
            submitted = p == 0
            created = now - timedelta(days=rng.randrange(10, 60))
            specs.append(
                (
                    t,
                    Proposal(
                        team=team,
                        kind=main if submitted else introductory,
                        title=f"Session {p} of {team.slug}",
                        description="What the session asks, who speaks, and how the floor takes part.",
                        format=rng.choice(PROPOSAL_FORMATS),
                        modality=rng.choice(["onsite", "online", "hybrid"]),
                        languages=["en", rng.choice(["fr", "es", "ar", "ru", "zh-hans"])],
                        minutes=90 if submitted else 60,
                        due=due,
                        status="submitted" if submitted else "draft",
                        shared=True,
                        created_by=members[t][0],
                        created_at=created,
                        updated_at=created + timedelta(days=5),
                        submitted_at=created + timedelta(days=5) if submitted else None,
                        version=1 if submitted else 0,
                        # The time invited speakers read on their private page.
                        starts_at=now + timedelta(days=90) if submitted else None,
                    ),
                )
            )
    proposals = _bulk([proposal for _t, proposal in specs])
    _bulk(
        [
            Proposal.policy_questions.through(proposal_id=proposal.pk, policyquestion_id=question.pk)
            for proposal in proposals
            for question in questions.get(proposal.team.area_id, [])[:2]
        ]
    )
    _bulk(
        [
            Event(
                proposal=proposal,
                kind=kind,
                by=proposal.created_by,
                at=at,
                version=proposal.version if kind == "submitted" else 0,
                snapshot={"title": proposal.title, "minutes": proposal.minutes}
                if kind == "submitted"
                else {},
            )
            for proposal in proposals
            for kind, at in [
                ("created", proposal.created_at),
                ("submitted" if proposal.status == "submitted" else "shared", proposal.updated_at),
            ]
        ]
    )
    panelists = []
    for proposal in proposals:
        for s in range(SPEAKERS_PER_PANEL):
            panelists.append(
                Panelist(
                    proposal=proposal,
                    name=f"Speaker {s} of {proposal.title}",
                    role="speaker",
                    stakeholder_group=rng.choice(STAKEHOLDER_GROUPS),
                    region=rng.choice(UN_REGIONS),
                    gender=rng.choice(GENDERS),
                    presence=rng.choice(PRESENCES),
                    opening_minutes=3,
                    followup_minutes=2,
                    position=s,
                    # The first speakers of a submitted proposal invited to speak, not yet answering.
                    **(
                        _invited(proposal, s, now)
                        if proposal.status == "submitted" and s < INVITED_PER_PANEL
                        else {}
                    ),
                )
            )
        for s, (role, minutes) in enumerate([("chair", 5), ("moderator", 10)], start=SPEAKERS_PER_PANEL):
            panelists.append(
                Panelist(
                    proposal=proposal,
                    name=f"{role.title()} of {proposal.title}",
                    role=role,
                    stakeholder_group=rng.choice(STAKEHOLDER_GROUPS),
                    region=rng.choice(UN_REGIONS),
                    presence="in_room",
                    opening_minutes=minutes,
                    followup_minutes=0,
                    position=s,
                )
            )
    _bulk(panelists)
    _bulk(
        [
            Comment(
                proposal=proposal,
                author=rng.choice(members[t]),
                body=f"Comment {c}: could the panel include someone from another region?",
                created_at=proposal.created_at + timedelta(days=1, hours=c),
            )
            for (t, _unsaved), proposal in zip(specs, proposals, strict=True)
            for c in range(COMMENTS_PER_PROPOSAL)
        ]
    )


REGISTRY_KINDS = ["dc", "dc", "dc", "bpf", "pn"]
REGISTRY_OUTCOMES = ["fulfils", "fulfils", "does_not_fulfil", "unreachable"]
CHECKS_PER_ENTRY = 3


def _registry(rng, counts, teams, users, now):
    """The intersessional registry: entries of every kind, each in one to three issue areas, last
    active from today to three years ago, each checked three times by the secretariat. Entry 0
    works on three areas: its page is the benchmark's heaviest."""
    Activity, Check = _model("registry.IntersessionalActivity"), _model("registry.ActivityCheck")
    areas = [team.area for team in teams]
    secretariat = [u for u in users if u.role == "secretariat"] or users[:1]
    today = now.date()
    entries = _bulk(
        [
            Activity(
                kind=REGISTRY_KINDS[k % len(REGISTRY_KINDS)],
                name=f"Registry entry {k:03d}",
                slug=f"registry-{k:03d}",
                description="What this body works on between the annual meetings.",
                website=f"https://registry-{k:03d}.example.org/",
                contact_name="The coordinators",
                contact_email=f"registry-{k:03d}@lists.example.org",
                last_active_on=today - timedelta(days=rng.randrange(0, 3 * 365)),
                created_at=now,
                updated_at=now,
            )
            for k in range(counts.registry_entries)
        ]
    )
    Through = Activity.areas.through
    _bulk(
        [
            Through(intersessionalactivity_id=entry.pk, issuearea_id=area.pk)
            for k, entry in enumerate(entries)
            for area in rng.sample(areas, min(len(areas), 3 if k == 0 else rng.randint(1, 3)))
        ]
    )
    _bulk(
        [
            Check(
                activity=entry,
                checked_on=today - timedelta(days=rng.randrange(0, 700)),
                checked_by=rng.choice(secretariat),
                outcome=rng.choice(REGISTRY_OUTCOMES),
                note="Checked the mailing-list archive and the last report.",
                created_at=now,
            )
            for entry in entries
            for _ in range(CHECKS_PER_ENTRY)
        ]
    )


def _people(rng, counts, now):
    password = make_password("bench-password-nobody-uses")
    secretariat = max(1, counts.people // 300)
    mag = counts.people * 55 // 300
    past_mag = counts.people // 10

    def role(i):
        if i < secretariat:
            return "secretariat"
        if i < secretariat + mag:
            return "mag"
        if i < secretariat + mag + past_mag:
            return "past_mag"
        return "community"

    User = _model("accounts.User")
    people = []
    for i in range(counts.people):
        # One in a hundred community members waits for the secretariat to confirm a claimed role.
        claims = role(i) == "community" and i % 100 == 0
        people.append(
            User(
                email=f"person{i:06d}@bench.example.org",
                display_name=f"Person {i:06d}",
                organisation=f"Organisation {rng.randrange(400)}",
                stakeholder_group=rng.choice(STAKEHOLDER_GROUPS),
                un_region=rng.choice(UN_REGIONS),
                gender=rng.choice(GENDERS),
                time_zone=rng.choice(ZONES),
                role=role(i),
                requested_role="mag" if claims else "",
                role_requested_at=now - timedelta(days=1) if claims else None,
                password=password,
                date_joined=now - timedelta(days=rng.randrange(30, 900)),
            )
        )
    users = _bulk(people)
    # The secretariat's pages need an authenticator (and a session that used it: bench/pages.py).
    _bulk(
        [
            _model("mfa.Authenticator")(user=u, type="totp", data={"secret": f"{rng.getrandbits(160):040x}"})
            for u in users
            if u.role == "secretariat"
        ],
    )
    _bulk([_model("schedule.CalendarFeed")(user=u, token=_token(rng)) for u in users])
    return users


def _teams(rng, counts, cycle, users, now):
    """Teams with their members and facilitators: {team index: [member users]}."""
    areas = _bulk(
        [
            _model("teams.IssueArea")(
                name=f"Issue area {k:03d}", slug=f"issue-area-{k:03d}", description="A theme."
            )
            for k in range(counts.teams)
        ],
    )
    _bulk(
        [
            _model("teams.PolicyQuestion")(area=area, text=f"Policy question {q} of {area.name}?", position=q)
            for area in areas
            for q in range(3)
        ],
    )
    teams = _bulk([_model("teams.IssueTeam")(cycle=cycle, area=a, slug=a.slug) for a in areas])
    mag = [u for u in users if u.role == "mag"]
    others = [u for u in users if u.role in ("past_mag", "community")]
    largest = min(TEAM_SIZES[1], len(mag) + len(others))
    members, memberships, roles = {}, [], []
    Membership, FacilitatorRole = _model("teams.Membership"), _model("teams.FacilitatorRole")
    for t, team in enumerate(teams):
        size = largest if t == 0 else rng.randint(TEAM_SIZES[0], largest)
        # A sixth of a team are current MAG members (four at least: its chair, co-chairs and a volunteer).
        from_mag = rng.sample(mag, max(4, size // 6))
        chosen = {u.pk for u in from_mag}
        rest = [u for u in mag + others if u.pk not in chosen]
        team_members = from_mag + rng.sample(rest, size - len(from_mag))
        members[t] = team_members
        for u in team_members:
            capacity = u.role if u.role in ("mag", "past_mag") else rng.choice(OTHER_CAPACITIES)
            joined = now - timedelta(days=rng.randrange(1, 200))
            memberships.append(Membership(team=team, user=u, capacity=capacity, joined_at=joined))
        chair, co1, co2, volunteer = from_mag[:4]
        decided = now - timedelta(days=150)
        for user, kind, status in [
            (chair, "chair", "confirmed"),
            (co1, "co_chair", "confirmed"),
            (co2, "co_chair", "confirmed"),
            (volunteer, "co_chair", "volunteered"),
        ]:
            roles.append(
                FacilitatorRole(
                    team=team,
                    user=user,
                    kind=kind,
                    status=status,
                    volunteered_at=decided - timedelta(days=10),
                    decided_at=decided if status == "confirmed" else None,
                    decided_by=users[0] if status == "confirmed" else None,
                )
            )
    _bulk(memberships)
    _bulk(roles)
    return teams, members


def _milestones(rng, counts, cycle, teams, users, now):
    """Milestones over the year (past and coming), the first ones asking every team for a
    deliverable, some scoped to a few teams; and the deliverables, done or not by their dates."""
    Milestone = _model("schedule.Milestone")
    rows = []
    for m in range(counts.milestones):
        due = now + timedelta(days=rng.randrange(-150, 240), hours=rng.randrange(24))
        asks = m < counts.deliverable_milestones
        kind = "deadline" if asks else rng.choice(["deadline", "event", "call"])
        rows.append(
            Milestone(
                cycle=cycle,
                title=f"{kind.title()} {m:04d}",
                description="What is due, and where to send it.",
                kind=kind,
                due_at=due,
                entered_time_zone=rng.choice(ZONES),
                all_teams=asks or m % 10 != 9,
                requires_deliverable=asks,
                is_public=m % 5 != 4,
                reminder_offsets=[14, 7, 1],
                status="draft" if m % 20 == 19 else "published",
                created_at=now - timedelta(days=200),
                updated_at=now - timedelta(days=100),
                published_at=None if m % 20 == 19 else now - timedelta(days=100),
            )
        )
    milestones = _bulk(rows)
    through = Milestone.teams.through
    _bulk(
        [
            through(milestone=m, issueteam=team)
            for m in milestones
            if not m.all_teams
            for team in rng.sample(teams, min(len(teams), 3))
        ],
    )
    Deliverable = _model("schedule.Deliverable")
    deliverables = []
    for m in milestones:
        if not m.requires_deliverable:
            continue
        for team in teams:
            if m.due_at < now:
                status = rng.choices(["accepted", "submitted", "in_progress"], weights=[6, 3, 1])[0]
            else:
                status = rng.choices(["not_started", "in_progress", "submitted"], weights=[6, 3, 1])[0]
            done = status in ("submitted", "accepted")
            deliverables.append(
                Deliverable(
                    milestone=m,
                    team=team,
                    status=status,
                    link=f"https://docs.example.org/{team.slug}/{m.due_at:%Y-%m-%d}" if done else "",
                    note="Draft shared with the team." if status != "not_started" else "",
                    updated_at=min(now, m.due_at) - timedelta(days=2),
                    submitted_at=min(now, m.due_at) - timedelta(days=1) if done else None,
                    accepted_at=min(now, m.due_at) if status == "accepted" else None,
                )
            )
    _bulk(deliverables)


def _polls_and_meetings(rng, counts, teams, members, now):
    """Polls inviting their whole team and two guests, 50 voters answering every slot; each
    finalised poll became a meeting of its whole team."""
    Poll, Slot, Invitee = (
        _model("schedule.AvailabilityPoll"),
        _model("schedule.Slot"),
        _model("schedule.Invitee"),
    )
    specs = []
    for p in range(counts.polls):
        status = POLL_STATUSES[p % len(POLL_STATUSES)]
        team = 0 if p < 3 else p % len(teams)
        if status == "open":
            deadline = now + timedelta(days=rng.randrange(1, 14), hours=rng.randrange(24))
        else:
            deadline = now - timedelta(days=rng.randrange(1, 10), hours=rng.randrange(24))
        specs.append((team, status, deadline))
    polls = _bulk(
        [
            Poll(
                team=teams[team],
                title=f"Call {p:04d}",
                description="Pick every time you could make.",
                deadline=deadline,
                entered_time_zone=rng.choice(ZONES),
                status=status,
                created_by=members[team][0],
                created_at=deadline - timedelta(days=14),
                closed_at=None if status == "open" else deadline,
            )
            for p, (team, status, deadline) in enumerate(specs)
        ],
    )
    slots = _bulk(
        [
            Slot(
                poll=poll,
                start=(deadline + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
                + timedelta(hours=3 * s),
            )
            for poll, (_team, _status, deadline) in zip(polls, specs, strict=True)
            for s in range(SLOTS_PER_POLL)
        ],
    )
    invitees = []
    for p, (poll, (team, _status, _deadline)) in enumerate(zip(polls, specs, strict=True)):
        voters = set(rng.sample(range(len(members[team])), VOTERS_PER_POLL))
        for i, user in enumerate(members[team]):
            answered = poll.created_at + timedelta(days=1) if i in voters else None
            invitees.append(Invitee(poll=poll, user=user, token=_token(rng), answered_at=answered))
        for g in range(GUESTS_PER_POLL):
            invitees.append(
                Invitee(
                    poll=poll,
                    email=f"guest{g}-poll{p:04d}@guests.example.net",
                    name=f"Guest {g}",
                    guest_time_zone=rng.choice(ZONES),
                    token=_token(rng),
                )
            )
    invitees = _bulk(invitees)
    slots_of = {}
    for slot in slots:
        slots_of.setdefault(slot.poll_id, []).append(slot)
    Vote = _model("schedule.Vote")
    _bulk(
        [
            Vote(
                invitee=invitee,
                slot=slot,
                answer=rng.choices(["yes", "maybe", "no"], weights=[5, 2, 3])[0],
                updated_at=invitee.answered_at,
            )
            for invitee in invitees
            if invitee.answered_at is not None
            for slot in slots_of[invitee.poll_id]
        ],
    )
    Meeting, Attendee = _model("schedule.Meeting"), _model("schedule.MeetingAttendee")
    finalised = [
        (poll, team) for poll, (team, status, _d) in zip(polls, specs, strict=True) if status == "finalised"
    ]
    starts = [rng.choice(slots_of[poll.pk]).start for poll, _team in finalised]
    meetings = _bulk(
        [
            Meeting(
                team=teams[team],
                poll=poll,
                title=poll.title,
                start=start,
                end=start + timedelta(hours=1),
                video_link="https://meet.example.org/igf-mag",
                agenda="# Agenda\n\n1. Welcome\n2. Session proposals\n3. Next steps",
                uid=uuid.UUID(int=rng.getrandbits(128)),
                organizer=members[team][0],
                created_at=poll.deadline,
                updated_at=poll.deadline,
            )
            for (poll, team), start in zip(finalised, starts, strict=True)
        ],
    )
    _bulk(
        [
            Attendee(meeting=meeting, user=user)
            for meeting, (_poll, team) in zip(meetings, finalised, strict=True)
            for user in members[team]
        ],
    )
    _records(meetings, [members[team] for _poll, team in finalised])


def _records(meetings, people):
    """Each meeting's record: minutes, three decisions, five action items for its members (the
    first member of the team owns one of each meeting's) and one for the secretariat, two parked
    items. Without the random generator: the rest of the seed stays as it was."""
    Record, Decision = _model("schedule.MeetingRecord"), _model("schedule.Decision")
    ActionItem, Parked = _model("schedule.ActionItem"), _model("schedule.ParkingLotItem")
    _bulk(
        [
            Record(meeting=m, minutes="## Summary\n\n- We met.\n- We agreed.", minutes_published_at=m.end)
            for m in meetings
        ]
    )
    _bulk(
        [Decision(meeting=m, text=f"Decision {d}", decided_by="the team") for m in meetings for d in range(3)]
    )
    _bulk(
        [
            ActionItem(
                meeting=m, text=f"Action {a}", owner=team[a % len(team)], due_at=m.end + timedelta(days=7 + a)
            )
            for m, team in zip(meetings, people, strict=True)
            for a in range(5)
        ]
        + [
            ActionItem(
                meeting=m, text="Book the room", owner_is_secretariat=True, due_at=m.end + timedelta(days=7)
            )
            for m in meetings
        ]
    )
    _bulk([Parked(meeting=m, text=f"Later {p}") for m in meetings for p in range(2)])


def _mail_and_audit(rng, counts, teams, users, now):
    """A year's announcements, sent mail (a few failed or queued) and audit events."""
    Announcement = _model("notifications.Announcement")
    announcements = _bulk(
        [
            Announcement(
                author=users[0],
                subject=f"Announcement {a:04d}",
                body="Dear all,\n\nthe next steps of the cycle are below.\n\n- one\n- two",
                to_everyone=a % 3 == 0,
                created_at=now - timedelta(days=rng.randrange(1, 300)),
                recipient_count=rng.randrange(50, len(users)),
            )
            for a in range(counts.announcements)
        ],
    )
    _bulk(
        [
            Announcement.teams.through(announcement=a, issueteam=team)
            for a in announcements
            if not a.to_everyone
            for team in rng.sample(teams, min(len(teams), 2))
        ],
    )
    Outbox = _model("notifications.OutboxMessage")
    messages = []
    for n in range(counts.outbox_messages):
        user = rng.choice(users)
        status = rng.choices(["sent", "failed", "queued"], weights=[97, 2, 1])[0]
        created = now - timedelta(minutes=rng.randrange(1, 300 * 24 * 60))
        messages.append(
            Outbox(
                kind=rng.choice(["reminder", "announcement", "poll_invitation", "digest"]),
                to_email=user.email,
                to_user=user,
                subject=f"[IGF MAG] Message {n:06d}",
                body_text="Dear colleague,\n\na date of your team is coming.\n",
                status=status,
                attempts=1 if status != "queued" else 0,
                last_error="550 mailbox unavailable" if status == "failed" else "",
                created_at=created,
                sent_at=created + timedelta(seconds=5) if status == "sent" else None,
            )
        )
    _bulk(messages)
    Audit = _model("accounts.AuditEvent")
    _bulk(
        [
            Audit(
                created_at=now - timedelta(minutes=rng.randrange(1, 300 * 24 * 60)),
                actor=rng.choice(users),
                action=rng.choice(AUDIT_ACTIONS),
                subject=rng.choice(users),
                target=f"Issue area {rng.randrange(len(teams)):03d}",
                details={"note": "bench"},
            )
            for _ in range(counts.audit_events)
        ],
    )


# The panel planner (issue 14, part 2): team 0's main session with a full panel, its heaviest page.
PANEL_TITLE = "Main session with a full panel"
PANEL_ROLES = ["chair", "moderator", "rapporteur"]
PANEL_SIZE = 30  # proposals.models.PANEL_SIZE_MAX: the most a panel may have


def _panel(rng, teams, now):
    Panelist = _model("proposals.Panelist")
    proposal = _model("proposals.Proposal").objects.create(
        team=teams[0],
        kind=_model("proposals.SessionKind").objects.get(slug="main"),
        title=PANEL_TITLE,
        description="Every seat of the panel taken.",
        minutes=90,
        status="submitted",
        shared=True,
        version=1,
        created_at=now,
        updated_at=now,
        submitted_at=now,
    )
    _bulk(
        Panelist(
            proposal=proposal,
            name=f"Panelist {i:02d} of a long-named organisation",
            email=f"panelist{i:02d}@example.org",
            role=PANEL_ROLES[i] if i < len(PANEL_ROLES) else "speaker",
            stakeholder_group=rng.choice(STAKEHOLDER_GROUPS),
            region=rng.choice(UN_REGIONS),
            gender=rng.choice(GENDERS),
            presence=rng.choice(["in_room", "in_room", "online"]),
            opening_minutes=3,
            followup_minutes=2,
            position=i,
        )
        for i in range(PANEL_SIZE)
    )


def _review(rng, counts, cycle, users, now):
    """The year's review round: three criteria, the submitted proposals and imported workshops
    (counts.review_entries in all), each given REVIEWERS_PER_ENTRY MAG reviewers in turn (never a
    facilitator of the proposing group); two reviews in three are scored."""
    review_round = _model("review.ReviewRound").objects.create(cycle=cycle, created_at=now)
    criteria = _bulk(
        _model("review.Criterion")(round=review_round, name=name, max_score=top, position=i)
        for i, (name, top) in enumerate(REVIEW_CRITERIA)
    )
    proposals = list(_model("proposals.Proposal").objects.filter(status="submitted").order_by("pk"))
    Entry = _model("review.Entry")
    entries = [
        Entry(
            round=review_round,
            source="proposal",
            proposal=p,
            team_id=p.team_id,
            title=p.title,
            kind_id=p.kind_id,
            format=p.format,
            created_at=now - timedelta(days=20),
            stakeholder_group=rng.choice(STAKEHOLDER_GROUPS),
            region=rng.choice(UN_REGIONS),
        )
        for p in proposals[: counts.review_entries]
    ]
    areas = list(_model("teams.IssueArea").objects.order_by("pk"))
    kinds = list(_model("proposals.SessionKind").objects.order_by("pk"))
    for i in range(counts.review_entries - len(entries)):
        entries.append(
            Entry(
                round=review_round,
                source="imported",
                title=f"Workshop {i:04d}",
                description="A workshop proposal, imported from the year's CSV.",
                proposers=f"Proposer {i:04d}",
                organisation=f"Organisation {rng.randrange(400)}",
                contact_email=f"workshop{i:04d}@bench.example.org",
                issue_area=rng.choice(areas),
                kind=rng.choice(kinds) if kinds else None,
                format="panel",
                stakeholder_group=rng.choice(STAKEHOLDER_GROUPS),
                region=rng.choice(UN_REGIONS),
                created_at=now - timedelta(days=20, minutes=i),
            )
        )
    entries = _bulk(entries)
    mag = [u for u in users if u.role == "mag"]
    leads = set(
        _model("teams.FacilitatorRole").objects.filter(status="confirmed").values_list("team_id", "user_id")
    )
    Assignment, turn = _model("review.Assignment"), 0
    assignments = []
    for entry in entries:
        chosen = []
        while len(chosen) < REVIEWERS_PER_ENTRY:
            reviewer = mag[turn % len(mag)]
            turn += 1
            if (entry.team_id, reviewer.pk) not in leads and reviewer not in chosen:
                chosen.append(reviewer)
        assignments += [
            Assignment(
                entry=entry,
                reviewer=r,
                assigned_at=now - timedelta(days=10),
                scored_at=now - timedelta(days=2) if (entry.pk + k) % 3 else None,
                comment="Clear and balanced." if (entry.pk + k) % 3 else "",
            )
            for k, r in enumerate(chosen)
        ]
    assignments = _bulk(assignments)
    _bulk(
        _model("review.Score")(assignment=a, criterion=c, value=rng.randint(0, c.max_score))
        for a in assignments
        if a.scored_at
        for c in criteria
    )


PROGRAMME_SESSIONS = 20
# The draft's days and each day's slots (UTC hours): sessions of one slot take different resources.
PROGRAMME_DAYS = 14
PROGRAMME_SLOTS = [8, 10, 12, 14, 16, 18]
CONVENERS = ["mag", "dc", "bpf", "pn", "nri", "youth", "cd", "secretariat"]


def _programme(rng, counts, cycle, now):
    """The draft programme: counts.programme_sessions sessions, nine in ten placed over
    PROGRAMME_DAYS days (from 30 days ahead), each with two issue areas and a channel or room booked;
    the rest not placed yet. Half the review's entries are accepted; most of them are in the draft."""
    Entry = _model("review.Entry")
    entries = list(Entry.objects.filter(round__cycle=cycle).order_by("pk"))
    accepted = entries[::2]
    Entry.objects.filter(pk__in=[e.pk for e in accepted]).update(status="accepted")
    Resource = _model("programme.Resource")
    resources = _bulk(
        Resource(
            name=f"{'Room' if i % 3 == 2 else 'Zoom'} {i:03d}",
            kind="room" if i % 3 == 2 else "channel",
            capacity=rng.choice([30, 60, 500]),
            join_url="" if i % 3 == 2 else f"https://zoom.example.org/j/{1000 + i}",
        )
        for i in range(counts.resources)
    )
    areas = list(_model("teams.IssueArea").objects.order_by("pk"))
    Session = _model("programme.ProgrammeSession")
    start = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=30)
    sessions = []
    for i in range(counts.programme_sessions):
        entry = accepted[i] if i < len(accepted) - 10 else None
        placed = i % 10 != 9
        slot = i // 10 * 9 + i % 10  # a running number over the placed ones
        when = start + timedelta(
            days=slot % PROGRAMME_DAYS, hours=PROGRAMME_SLOTS[(slot // PROGRAMME_DAYS) % len(PROGRAMME_SLOTS)]
        )
        sessions.append(
            Session(
                cycle=cycle,
                entry=entry,
                team_id=entry.team_id if entry else None,
                kind_id=entry.kind_id if entry else None,
                convener=CONVENERS[i % len(CONVENERS)],
                title=entry.title if entry else f"Programme item {i:04d}",
                description="A session of the preparatory phase.",
                status="placed" if placed else "unplaced",
                starts_at=when if placed else None,
                minutes=90,
                modality="online",
                uid=uuid.UUID(int=rng.getrandbits(128)),
                created_at=now,
                updated_at=now,
            )
        )
    sessions = _bulk(sessions)
    Through = Session.issue_areas.through
    _bulk(
        Through(programmesession_id=session.pk, issuearea_id=area.pk)
        for k, session in enumerate(sessions)
        for area in {areas[k % len(areas)], areas[(k + 1) % len(areas)]}
    )
    # Each session of a slot takes the next resource: none is held twice at once.
    taken: dict = {}
    bookings = []
    for session in sessions:
        if session.starts_at is None:
            continue
        index = taken.get(session.starts_at, 0)
        taken[session.starts_at] = index + 1
        bookings.append(
            _model("programme.ResourceBooking")(
                resource=resources[index % len(resources)],
                session=session,
                starts_at=session.starts_at,
                ends_at=session.starts_at + timedelta(minutes=session.minutes),
                created_at=now,
            )
        )
    _bulk(bookings)
    # Released once, as the secretariat does, so the public pages and files have a programme.
    from programme.services.releases import programme_release  # needs the app registry: after setup

    secretariat = _model("accounts.User").objects.filter(role="secretariat").order_by("pk").first()
    programme_release(actor=secretariat, cycle=cycle, number=1, note="Bench release")
