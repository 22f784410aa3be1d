"""Demo data: the IGF 2021 issue areas and teams, people across regions and stakeholder groups,
and a login for each role. Loading it twice changes nothing."""

import csv
import io
import secrets
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.enums import Gender, Role, StakeholderGroup, UNRegion
from accounts.models import CallHours, User
from programme.enums import Convener, ResourceKind, SessionStatus
from programme.models import ProgrammeRelease, ProgrammeSession
from programme.services import build as build_services
from programme.services import releases as programme_releases
from programme.services import resources as resource_services
from proposals import services as proposal_services
from proposals.enums import InvitationState, Modality, PanelRole, Presence, SessionFormat
from proposals.models import Panelist, Proposal, SessionKind
from registry.enums import ActivityKind, CheckOutcome
from registry.models import ActivityCheck, IntersessionalActivity
from review import decisions as review_decisions
from review import services as review_services
from review.csv_import import COLUMNS as REVIEW_CSV_COLUMNS
from review.csv_import import fingerprint as review_fingerprint
from review.enums import EntryStatus
from review.models import Assignment, Criterion, Entry, ReviewRound
from schedule.enums import DeliverableStatus, MeetingResponse, MilestoneKind, MilestoneStatus, PollStatus
from schedule.models import (
    ActionItem,
    AvailabilityPoll,
    Decision,
    Deliverable,
    Invitee,
    Meeting,
    MeetingAttendee,
    MeetingRecord,
    MeetingSeries,
    Milestone,
    ParkingLotItem,
    Slot,
    Vote,
)
from schedule.selectors.series import series_proposals
from schedule.services.years import cycle_draft
from teams.enums import Capacity, FacilitatorKind, FacilitatorStatus, GroupKind, QuorumKind
from teams.models import Cycle, FacilitatorRole, IssueArea, IssueTeam, Membership, PolicyQuestion

from .demo_translations import translations_of

DEMO_PASSWORD = "igf-demo-2021"
# The demo secretariat's authenticator secret (base32), so that `manage.py demo_totp_code` can
# show the current code on a laptop. Demo data only: never load it in production.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ISSUE_AREAS = [
    (
        "Economic and social inclusion and human rights",
        "How the Internet and digital technologies can advance economic and social inclusion, "
        "and how human rights are protected online and offline.",
        [
            "What can be done to ensure that digital policies advance social and economic inclusion?",
            "How can human rights be protected as more of life moves online?",
        ],
    ),
    (
        "Universal access and meaningful connectivity",
        "Connecting the unconnected, and making connectivity meaningful: affordable, reliable, "
        "with local content, skills and accessibility.",
        [
            "What are the barriers to universal and meaningful access, and how can they be overcome?",
            "How can policy support community networks and other complementary access models?",
        ],
    ),
    (
        "Emerging regulation: market structure, content, data and consumer rights and protection",
        "The wave of new regulation of digital markets, online content, data and consumer protection, "
        "and how it shapes the global Internet.",
        [
            "How can regulation of market structure and content respect human rights "
            "and keep the Internet open?",
            "What do data governance and consumer protection need from international cooperation?",
        ],
    ),
    (
        "Environmental sustainability and climate change",
        "The Internet's footprint on the planet, and the role of digital technology "
        "in addressing climate change.",
        [
            "How can the Internet and digital technologies support environmental sustainability?",
            "What standards and practices reduce the environmental footprint of digital technology?",
        ],
    ),
    (
        "Inclusive Internet governance ecosystems and digital cooperation",
        "How Internet governance and digital cooperation can include every stakeholder and region.",
        [
            "How can the IGF ecosystem, including the NRIs, become more inclusive and impactful?",
            "What does effective multistakeholder digital cooperation look like?",
        ],
    ),
    (
        "Trust, security and stability",
        "Cybersecurity, trust in the digital environment and the stability of the Internet.",
        [
            "What norms and capacities increase trust and security online?",
            "How can stakeholders cooperate to keep the Internet stable and resilient?",
        ],
    ),
]

# (name, email local part, stakeholder group, region, time zone, gender, role)
PEOPLE = [
    (
        "Amina Diallo",
        "amina",
        StakeholderGroup.CIVIL_SOCIETY,
        UNRegion.AFRICAN,
        "Africa/Dakar",
        Gender.WOMAN,
        Role.MAG,
    ),
    (
        "Kwame Mensah",
        "kwame",
        StakeholderGroup.TECHNICAL,
        UNRegion.AFRICAN,
        "Africa/Accra",
        Gender.MAN,
        Role.MAG,
    ),
    (
        "Priya Raman",
        "priya",
        StakeholderGroup.GOVERNMENT,
        UNRegion.ASIA_PACIFIC,
        "Asia/Kolkata",
        Gender.WOMAN,
        Role.MAG,
    ),
    (
        "Hiroshi Tanaka",
        "hiroshi",
        StakeholderGroup.PRIVATE_SECTOR,
        UNRegion.ASIA_PACIFIC,
        "Asia/Tokyo",
        Gender.MAN,
        Role.MAG,
    ),
    (
        "Olena Kovalenko",
        "olena",
        StakeholderGroup.CIVIL_SOCIETY,
        UNRegion.EASTERN_EUROPEAN,
        "Europe/Kyiv",
        Gender.WOMAN,
        Role.MAG,
    ),
    (
        "Marek Nowak",
        "marek",
        StakeholderGroup.GOVERNMENT,
        UNRegion.EASTERN_EUROPEAN,
        "Europe/Warsaw",
        Gender.MAN,
        Role.MAG,
    ),
    (
        "Lucía Fernández",
        "lucia",
        StakeholderGroup.TECHNICAL,
        UNRegion.GRULAC,
        "America/Argentina/Buenos_Aires",
        Gender.WOMAN,
        Role.MAG,
    ),
    (
        "João Silva",
        "joao",
        StakeholderGroup.PRIVATE_SECTOR,
        UNRegion.GRULAC,
        "America/Sao_Paulo",
        Gender.MAN,
        Role.MAG,
    ),
    ("Emma Schulz", "emma", StakeholderGroup.IGO, UNRegion.WEOG, "Europe/Berlin", Gender.WOMAN, Role.MAG),
    (
        "Daniel Brooks",
        "daniel",
        StakeholderGroup.CIVIL_SOCIETY,
        UNRegion.WEOG,
        "America/New_York",
        Gender.MAN,
        Role.MAG,
    ),
    (
        "Aroha Ngata",
        "aroha",
        StakeholderGroup.TECHNICAL,
        UNRegion.ASIA_PACIFIC,
        "Pacific/Auckland",
        Gender.WOMAN,
        Role.MAG,
    ),
    (
        "Sipho Ndlovu",
        "sipho",
        StakeholderGroup.GOVERNMENT,
        UNRegion.AFRICAN,
        "Africa/Johannesburg",
        Gender.NON_BINARY,
        Role.MAG,
    ),
    (
        "Fatima Al-Hassan",
        "fatima",
        StakeholderGroup.CIVIL_SOCIETY,
        UNRegion.ASIA_PACIFIC,
        "Asia/Amman",
        Gender.WOMAN,
        Role.PAST_MAG,
    ),
    (
        "Carlos Mendoza",
        "carlos",
        StakeholderGroup.TECHNICAL,
        UNRegion.GRULAC,
        "America/Mexico_City",
        Gender.MAN,
        Role.PAST_MAG,
    ),
    (
        "Nadia Petrova",
        "nadia",
        StakeholderGroup.CIVIL_SOCIETY,
        UNRegion.EASTERN_EUROPEAN,
        "Europe/Sofia",
        Gender.WOMAN,
        Role.COMMUNITY,
    ),
    (
        "Rahul Thapa",
        "rahul",
        StakeholderGroup.TECHNICAL,
        UNRegion.ASIA_PACIFIC,
        "Asia/Kathmandu",
        Gender.MAN,
        Role.COMMUNITY,
    ),
    (
        "Grace Otieno",
        "grace",
        StakeholderGroup.CIVIL_SOCIETY,
        UNRegion.AFRICAN,
        "Africa/Nairobi",
        Gender.WOMAN,
        Role.COMMUNITY,
    ),
    (
        "Sam Taylor",
        "sam",
        StakeholderGroup.PRIVATE_SECTOR,
        UNRegion.WEOG,
        "America/Los_Angeles",
        Gender.UNDISCLOSED,
        Role.COMMUNITY,
    ),
]

# Who is where: (person, team index, capacity, facilitator kind or None, facilitator status)
TEAM_PLAN = [
    ("amina", 0, Capacity.MAG, FacilitatorKind.CHAIR, FacilitatorStatus.CONFIRMED),
    ("daniel", 0, Capacity.MAG, FacilitatorKind.CO_CHAIR, FacilitatorStatus.CONFIRMED),
    ("fatima", 0, Capacity.PAST_MAG, None, None),
    ("grace", 0, Capacity.DC, None, None),
    ("priya", 1, Capacity.MAG, FacilitatorKind.CO_CHAIR, FacilitatorStatus.CONFIRMED),
    ("kwame", 1, Capacity.MAG, FacilitatorKind.CHAIR, FacilitatorStatus.VOLUNTEERED),
    ("rahul", 1, Capacity.NRI, None, None),
    ("emma", 2, Capacity.MAG, FacilitatorKind.CHAIR, FacilitatorStatus.CONFIRMED),
    ("joao", 2, Capacity.MAG, FacilitatorKind.CO_CHAIR, FacilitatorStatus.CONFIRMED),
    ("marek", 2, Capacity.MAG, FacilitatorKind.CO_CHAIR, FacilitatorStatus.CONFIRMED),
    ("sam", 2, Capacity.OTHER, None, None),
    ("aroha", 3, Capacity.MAG, FacilitatorKind.CO_CHAIR, FacilitatorStatus.VOLUNTEERED),
    ("carlos", 3, Capacity.BPF, None, None),
    ("olena", 4, Capacity.MAG, FacilitatorKind.CHAIR, FacilitatorStatus.CONFIRMED),
    ("nadia", 4, Capacity.NRI, None, None),
    ("lucia", 5, Capacity.MAG, FacilitatorKind.CO_CHAIR, FacilitatorStatus.CONFIRMED),
    ("hiroshi", 5, Capacity.MAG, None, None),
    ("sipho", 5, Capacity.MAG, None, None),
    ("carlos", 5, Capacity.PN, None, None),
]

# Groups other than issue teams (GroupKind): the MAG's working group on hybrid meetings and the
# Dynamic Coalitions' coordination group, each with a few members and a confirmed facilitator.
# (kind, name, description, [(person, capacity, facilitator kind or None)])
DEMO_GROUPS = [
    (
        GroupKind.MAG_WORKING_GROUP,
        "MAG working group on hybrid meetings",
        "How the annual meeting and the MAG's own calls work for people in the room and online "
        "alike: formats, time zones, bandwidth and remote participation.",
        [
            ("priya", Capacity.MAG, FacilitatorKind.CHAIR),
            ("hiroshi", Capacity.MAG, None),
            ("nadia", Capacity.NRI, None),
        ],
    ),
    (
        GroupKind.DC_COORDINATION,
        "Dynamic Coalition Coordination Group",
        "The Dynamic Coalitions coordinate their work for the annual meeting: joint sessions, "
        "their main session and the checks of each coalition's obligations.",
        [
            ("marek", Capacity.MAG, FacilitatorKind.CO_CHAIR),
            ("grace", Capacity.DC, None),
            ("carlos", Capacity.DC, None),
        ],
    ),
]

# The IGF 2021 preparatory timeline, each date at its wall-clock time in the zone it was given in:
# the secretariat's calls and sessions from Geneva, the proposal deadlines in UTC, the annual
# meeting in Katowice. The demo moves it by whole days (`demo_shift_days`), so every time of day
# stays as it was, and today stands where the MAG stood after its virtual meeting of mid-July
# 2021: the first calls are due in 13 to 14 days and their 14-day reminder moment has just passed
# (at most a day ago), so the first sweep after `make run` sends the 14-day reminders, and the
# later dates lie ahead.
TIMELINE_2021 = [
    # (title, kind, due as in 2021 (wall-clock), its zone, deliverable?, description)
    (
        "Issue teams formed and first calls held",
        MilestoneKind.DEADLINE,
        datetime(2021, 7, 28, 17, 0),
        "Europe/Zurich",
        True,
        "Each issue team holds its first call and names its facilitators.",
    ),
    (
        "Introductory session proposals due",
        MilestoneKind.DEADLINE,
        datetime(2021, 8, 20, 15, 0),
        "UTC",
        True,
        "One proposal per issue team for its introductory session of the preparatory phase.",
    ),
    (
        "Issue-area sessions of the preparatory phase",
        MilestoneKind.EVENT,
        datetime(2021, 9, 9, 15, 0),
        "Europe/Zurich",
        False,
        "Online sessions, one per issue area.",
    ),
    (
        "Main session proposals due",
        MilestoneKind.DEADLINE,
        datetime(2021, 10, 1, 15, 0),
        "UTC",
        True,
        "90-minute main sessions with a panel: title, description, policy questions, speakers.",
    ),
    (
        "MAG wrap-up call",
        MilestoneKind.CALL,
        datetime(2021, 11, 26, 14, 0),
        "Europe/Zurich",
        False,
        "Last MAG call before the annual meeting.",
    ),
    (
        "IGF 2021 annual meeting, Katowice (6-10 December)",
        MilestoneKind.EVENT,
        datetime(2021, 12, 6, 9, 0),
        "Europe/Warsaw",
        False,
        "Hybrid meeting in Katowice, Poland, and online.",
    ),
]
# Reminders go this many days before each milestone; the demo's "today" is the first one's first.
DEMO_REMINDER_OFFSETS = [14, 3, 1]


def _aware(wall_clock: datetime, zone: str) -> datetime:
    return wall_clock.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)


def demo_shift_days(now: datetime) -> int:
    """Whole days to add to the 2021 timeline: the most that leaves the first milestone's 14-day
    reminder moment (same wall-clock time in its zone, 14 days earlier: schedule/services/reminders.py) at
    or before `now`. At any hour of `make run`, that reminder is due at once and the next is not."""
    _title, _kind, due, zone, *_rest = TIMELINE_2021[0]
    moment = due - timedelta(days=max(DEMO_REMINDER_OFFSETS))
    days = (now.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None) - moment).days
    # A wall-clock time is never in a DST gap or fold here (17:00), so one step back is the most needed.
    return days if _aware(moment + timedelta(days=days), zone) <= now else days - 1


DEMO_LOGINS = [
    ("secretariat@example.org", "Secretariat (two-factor: manage.py demo_totp_code)"),
    ("amina@example.org", "Current MAG member, chair of Economic and social inclusion and human rights"),
    ("hiroshi@example.org", "Current MAG member, no facilitator role"),
    ("fatima@example.org", "Past MAG member"),
    ("grace@example.org", "Community member (Dynamic Coalition)"),
    ("newcomer@example.org", "Community member waiting for MAG confirmation"),
]


def _person(email, **fields):
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def load_demo_data():
    cycle, _ = Cycle.objects.get_or_create(year=2021, defaults={"name": "IGF 2021", "is_current": True})
    teams = []
    for _position, (name, description, questions) in enumerate(ISSUE_AREAS):
        area, created = IssueArea.objects.get_or_create(
            slug=slugify(name)[:80],
            defaults={
                "name": name,
                "description": description,
                "translations": translations_of(name=name, description=description),
            },
        )
        if created:
            PolicyQuestion.objects.bulk_create(
                PolicyQuestion(area=area, text=text, position=i, translations=translations_of(text=text))
                for i, text in enumerate(questions)
            )
        teams.append(
            IssueTeam.objects.get_or_create(
                cycle=cycle, area=area, kind=GroupKind.ISSUE_TEAM, defaults={"slug": area.slug}
            )[0]
        )

    secretariat = _person(
        "secretariat@example.org",
        display_name="Luis (IGF Secretariat)",
        organisation="IGF Secretariat",
        role=Role.SECRETARIAT,
        time_zone="Europe/Zurich",
        stakeholder_group=StakeholderGroup.IGO,
        un_region=UNRegion.WEOG,
    )
    if not Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(secretariat, DEMO_TOTP_SECRET)

    people = {}
    for name, local, group, region, zone, gender, role in PEOPLE:
        people[local] = _person(
            f"{local}@example.org",
            display_name=name,
            stakeholder_group=group,
            un_region=region,
            time_zone=zone,
            gender=gender,
            role=role,
            organisation=f"{name.split()[-1]} Institute",
        )
    _person(
        "newcomer@example.org",
        display_name="Noor Rahman",
        time_zone="Asia/Dhaka",
        stakeholder_group=StakeholderGroup.CIVIL_SOCIETY,
        un_region=UNRegion.ASIA_PACIFIC,
        requested_role=Role.MAG,
    )

    for local, team_index, capacity, kind, status in TEAM_PLAN:
        team = teams[team_index]
        Membership.objects.get_or_create(team=team, user=people[local], defaults={"capacity": capacity})
        if kind:
            FacilitatorRole.objects.get_or_create(
                team=team,
                user=people[local],
                kind=kind,
                defaults={
                    "status": status,
                    "decided_by": secretariat if status == FacilitatorStatus.CONFIRMED else None,
                },
            )

    for kind, title, description, plan in DEMO_GROUPS:
        group, _created = IssueTeam.objects.get_or_create(
            cycle=cycle,
            slug=slugify(title)[:80],
            defaults={
                "kind": kind,
                "title": title,
                "description": description,
                "translations": translations_of(title=title, description=description),
            },
        )
        for local, capacity, facilitator_kind in plan:
            Membership.objects.get_or_create(team=group, user=people[local], defaults={"capacity": capacity})
            if facilitator_kind:
                FacilitatorRole.objects.get_or_create(
                    team=group,
                    user=people[local],
                    kind=facilitator_kind,
                    defaults={"status": FacilitatorStatus.CONFIRMED, "decided_by": secretariat},
                )

    shift = timedelta(days=demo_shift_days(timezone.now()))
    for title, kind, due_2021, zone, deliverable, description in TIMELINE_2021:
        milestone, created = Milestone.objects.get_or_create(
            cycle=cycle,
            title=title,
            defaults={
                "kind": kind,
                "due_at": _aware(due_2021 + shift, zone),
                "description": description,
                "translations": translations_of(title=title, description=description),
                "entered_time_zone": zone,
                "requires_deliverable": deliverable,
                "reminder_offsets": DEMO_REMINDER_OFFSETS,
                "status": MilestoneStatus.PUBLISHED,
                "published_at": timezone.now(),
            },
        )
        if created and deliverable:
            Deliverable.objects.bulk_create(Deliverable(milestone=milestone, team=team) for team in teams)
    first_calls = Deliverable.objects.filter(milestone__cycle=cycle, milestone__title=TIMELINE_2021[0][0])
    first_calls.filter(team__in=teams[:2], status=DeliverableStatus.NOT_STARTED).update(
        status=DeliverableStatus.SUBMITTED,
        note="First call held; notes on the team page.",
        submitted_at=timezone.now(),
    )
    first_calls.filter(team=teams[2], status=DeliverableStatus.NOT_STARTED).update(
        status=DeliverableStatus.IN_PROGRESS
    )
    _demo_call_hours(people)
    _demo_poll_and_meeting(teams, people, secretariat)
    _demo_series(teams[5], people)
    _demo_held_meeting(cycle, people, secretariat)
    _demo_registry(secretariat)
    _demo_proposals(cycle, teams, people)
    _demo_review(cycle, secretariat, people)
    # The programme's sessions (the build's demo) come before its releases.
    demo_programme(cycle, shift)
    demo_programme_releases(cycle)
    demo_next_year(cycle, secretariat, people)
    return cycle


# IGF 2022 drafted from 2021 through the secretariat's own service (schedule/services/years.py):
# the issue teams carried over but one, which retires, the working group renamed, the milestone
# plan moved from Katowice's opening day to Addis Ababa's, and one MAG term ending. It stays a draft:
# 2021 remains current, and the secretariat reviews 2022 at /secretariat/years/2022/.
NEXT_YEAR = {
    "name": "IGF 2022",
    "previous_meeting_on": date(2021, 12, 6),
    "annual_meeting_on": date(2022, 11, 28),
    "retired_area": "Emerging regulation: market structure, content, data and consumer rights and protection",
    "renamed": {
        "MAG working group on hybrid meetings": "MAG working group on hybrid and online participation"
    },
    "terms_ending": ["hiroshi@example.org"],
}


def demo_next_year(cycle, secretariat, people):
    if Cycle.objects.filter(year=cycle.year + 1).exists():
        return
    carry = {}
    for team in IssueTeam.objects.filter(cycle=cycle).select_related("area"):
        if (
            team.area is not None
            and team.area.name == NEXT_YEAR["retired_area"]
            and team.kind == GroupKind.ISSUE_TEAM
        ):
            continue
        carry[team.pk] = NEXT_YEAR["renamed"].get(team.title, "")
    cycle_draft(
        actor=secretariat,
        previous=cycle,
        name=NEXT_YEAR["name"],
        previous_meeting_on=NEXT_YEAR["previous_meeting_on"],
        annual_meeting_on=NEXT_YEAR["annual_meeting_on"],
        carry=carry,
        terms_ending=User.objects.filter(email__in=NEXT_YEAR["terms_ending"]),
    )


# The DC coordination group's last call, as the DC call of the seeds went: apologies noted, the
# attendance marked against the group's quorum (half its MAG members), the minutes and the report,
# two decisions, three action items (one overdue) and a subject parked for the next call.
HELD_MEETING = {
    "title": "Main session coordination call",
    "agenda": (
        "1. Apologies\n2. The Dynamic Coalitions' main session\n3. Checks of the coalitions' obligations"
    ),
    "minutes": (
        "## Main session\n\nThe coalitions agreed on one joint main session, with a panel of seven "
        "and time for the floor.\n\n## Obligations\n\nThe secretariat reported on its checks: a few "
        "coalitions have not been active for two years."
    ),
    "report_url": "https://www.intgovforum.org/en/content/dynamic-coalitions",
    "answers": {
        "marek": (MeetingResponse.ATTENDING, "", True),
        "grace": (MeetingResponse.ATTENDING, "", True),
        "carlos": (MeetingResponse.APOLOGIES, "Travelling that day; I will read the minutes.", False),
    },
    "decisions": [
        ("One joint main session of the Dynamic Coalitions, with a panel of seven.", "the group"),
        ("Coalitions inactive for two years are asked to confirm their plans by the next call.", "the group"),
    ],
    # (text, owner's demo name or None for the secretariat, days from today, zone)
    "action_items": [
        ("Send the main session's proposal to the MAG.", "marek", -2, "Europe/Warsaw"),
        ("Ask each coalition for its speakers.", "grace", 5, "Africa/Nairobi"),
        ("Write to the coalitions that have been inactive.", None, 10, "UTC"),
    ],
    "parked": "A shared template for the coalitions' annual reports.",
}


def _demo_held_meeting(cycle, people, secretariat):
    group = IssueTeam.objects.get(cycle=cycle, kind=GroupKind.DC_COORDINATION)
    if group.meetings.exists():
        return
    IssueTeam.objects.filter(pk=group.pk).update(quorum_kind=QuorumKind.SHARE, quorum_value=50)
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    start = today.replace(hour=14) - timedelta(days=6)
    chair = people["marek"]
    meeting = Meeting.objects.create(
        team=group,
        title=HELD_MEETING["title"],
        start=start,
        end=start + timedelta(minutes=90),
        organizer=chair,
        agenda=HELD_MEETING["agenda"],
    )
    for local, (response, note, present) in HELD_MEETING["answers"].items():
        MeetingAttendee.objects.create(
            meeting=meeting,
            user=people[local],
            response=response,
            response_note=note,
            responded_at=start - timedelta(days=1),
            present=present,
            marked_by=chair,
            marked_at=start + timedelta(minutes=90),
        )
    MeetingRecord.objects.create(
        meeting=meeting,
        minutes=HELD_MEETING["minutes"],
        report_url=HELD_MEETING["report_url"],
        minutes_published_at=start + timedelta(days=1),
        updated_by=chair,
    )
    Decision.objects.bulk_create(
        Decision(meeting=meeting, text=text, decided_by=who, quorum_reached=True, recorded_by=chair)
        for text, who in HELD_MEETING["decisions"]
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            meeting=meeting,
            text=text,
            owner=people[owner] if owner else None,
            owner_is_secretariat=owner is None,
            due_at=_aware((today + timedelta(days=days)).replace(tzinfo=None, hour=17), zone),
            entered_time_zone=zone,
            created_by=chair,
        )
        for text, owner, days, zone in HELD_MEETING["action_items"]
    )
    ParkingLotItem.objects.create(meeting=meeting, text=HELD_MEETING["parked"], created_by=chair)


# The intersessional registry: (kind, name, slug, issue areas, days since the last activity, and the
# secretariat's latest check: outcome and days ago, or None). Contacts are the bodies' public lists.
REGISTRY = [
    (
        ActivityKind.DYNAMIC_COALITION,
        "Dynamic Coalition on Internet Rights and Principles",
        "internet-rights-and-principles",
        ["Economic and social inclusion and human rights"],
        20,
        (CheckOutcome.FULFILS, 40),
    ),
    (
        ActivityKind.DYNAMIC_COALITION,
        "Dynamic Coalition on Accessibility and Disability",
        "accessibility-and-disability",
        ["Universal access and meaningful connectivity", "Economic and social inclusion and human rights"],
        200,
        (CheckOutcome.FULFILS, 90),
    ),
    (
        ActivityKind.DYNAMIC_COALITION,
        "Dynamic Coalition on Blockchain Technologies",
        "blockchain-technologies",
        ["Emerging regulation: market structure, content, data and consumer rights and protection"],
        450,
        (CheckOutcome.DOES_NOT_FULFIL, 60),
    ),
    (
        ActivityKind.DYNAMIC_COALITION,
        "Dynamic Coalition on Innovative Approaches to Connecting the Unconnected",
        "connecting-the-unconnected",
        ["Universal access and meaningful connectivity"],
        800,
        (CheckOutcome.UNREACHABLE, 30),
    ),
    (
        ActivityKind.BEST_PRACTICE_FORUM,
        "Best Practice Forum on Cybersecurity",
        "bpf-cybersecurity",
        ["Trust, security and stability"],
        10,
        None,
    ),
    (
        ActivityKind.POLICY_NETWORK,
        "Policy Network on Meaningful Access",
        "pn-meaningful-access",
        [
            "Universal access and meaningful connectivity",
            "Inclusive Internet governance ecosystems and digital cooperation",
        ],
        15,
        (CheckOutcome.FULFILS, 20),
    ),
]


REGISTRY_DESCRIPTION = "Works on its issues between the annual meetings, open to every stakeholder."


def _demo_registry(secretariat):
    today = timezone.now().date()
    areas = {area.name: area for area in IssueArea.objects.all()}
    for kind, name, slug, area_names, idle_days, check in REGISTRY:
        activity, created = IntersessionalActivity.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "description": REGISTRY_DESCRIPTION,
                # Empty until igfmag/demo_translations.py has these texts: pages show the English,
                # marked with its language.
                "translations": translations_of(name=name, description=REGISTRY_DESCRIPTION),
                "website": f"https://{slug}.example.org/",
                "contact_name": "The coordinators",
                "contact_email": f"{slug}@lists.example.org",
                "last_active_on": today - timedelta(days=idle_days),
            },
        )
        if not created:
            continue
        activity.areas.set([areas[area_name] for area_name in area_names])
        if check:
            outcome, days_ago = check
            ActivityCheck.objects.create(
                activity=activity,
                checked_on=today - timedelta(days=days_ago),
                checked_by=secretariat,
                outcome=outcome,
                note="Checked the mailing-list archive and the last annual report against the principles.",
            )


# When the Environmental sustainability team can take calls (issue 16), each in their own zone: its
# open poll's ranking then says "outside … working days", "before … for …" instead of the night
# alone. Weekdays as Python numbers them (Monday 0). Everyone else keeps the default night.
DEMO_CALL_HOURS = {
    # Auckland: Monday to Friday, 07:30 to 18:00, never after 21:00.
    "aroha": ({str(d): ["07:30", "18:00"] for d in range(5)}, None, time(21)),
    # Mexico City: Monday to Friday, 09:00 to 18:00, and Saturdays (their hours not set); never before 08:00.
    "carlos": ({**{str(d): ["09:00", "18:00"] for d in range(5)}, "5": []}, time(8), None),
}


def _demo_call_hours(people):
    for local, (days, never_before, never_after) in DEMO_CALL_HOURS.items():
        CallHours.objects.get_or_create(
            user=people[local],
            defaults={"days": days, "never_before": never_before, "never_after": never_after},
        )


def _demo_poll_and_meeting(teams, people, secretariat):
    """An open first-call poll (Environmental sustainability: Aroha answered, Carlos has not) and a
    scheduled call of Economic and social inclusion made from an earlier poll. Whole days from
    today's date in UTC, so that the deadlines and slots keep their hour whenever the demo loads."""
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    if not AvailabilityPoll.objects.filter(team=teams[3]).exists():
        poll = AvailabilityPoll.objects.create(
            team=teams[3],
            title="First call",
            created_by=secretariat,
            deadline=today + timedelta(days=3, hours=15),
            duration_minutes=60,
        )
        starts = [today.replace(hour=h) + timedelta(days=d) for d in (5, 6) for h in (6, 13, 20)]
        slots = Slot.objects.bulk_create(Slot(poll=poll, start=start) for start in starts)
        invitees = {
            m.user_id: Invitee.objects.create(poll=poll, user_id=m.user_id)
            for m in teams[3].memberships.all()
        }
        aroha = invitees[people["aroha"].pk]
        Vote.objects.bulk_create(
            Vote(invitee=aroha, slot=slot, answer="yes" if slot.start.hour in (6, 20) else "no")
            for slot in slots
        )
        Invitee.objects.filter(pk=aroha.pk).update(answered_at=timezone.now())
    if not Meeting.objects.filter(team=teams[0]).exists():
        past_poll = AvailabilityPoll.objects.create(
            team=teams[0],
            title="First call",
            created_by=secretariat,
            deadline=today - timedelta(days=1) + timedelta(hours=15),
            status=PollStatus.FINALISED,
        )
        start = today.replace(hour=13) + timedelta(days=4)
        meeting = Meeting.objects.create(
            team=teams[0],
            poll=past_poll,
            title="First call",
            start=start,
            end=start + timedelta(hours=1),
            organizer=people["amina"],
            video_link="https://meet.example.org/igf-inclusion",
            agenda="1. Welcome and **facilitators**\n2. Introductory session ideas",
            is_public=True,  # on the public meetings page and in the public feed
        )
        MeetingAttendee.objects.bulk_create(
            MeetingAttendee(meeting=meeting, user_id=m.user_id) for m in teams[0].memberships.all()
        )


# A series of six weekly calls (issue 16) for the team of Buenos Aires, Tokyo, Johannesburg and Mexico
# City (Carlos's own hours): from its poll's three slots, 07:00, 15:00 and 22:00 UTC on a Tuesday,
# each one night (or outside hours) for someone; the rotation proposed first turns between them so
# that nobody has more than two such calls of the six.
DEMO_SERIES_HOURS = (7, 15, 22)
DEMO_SERIES_CALLS = 6


def _demo_series(team, people):
    if MeetingSeries.objects.filter(team=team).exists():
        return
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    tuesday = today + timedelta(days=7 + (1 - today.weekday()) % 7)
    lead = people["lucia"]
    poll = AvailabilityPoll.objects.create(
        team=team,
        title="Regular call",
        created_by=lead,
        deadline=today + timedelta(hours=12),
        status=PollStatus.FINALISED,
        closed_at=timezone.now(),
    )
    slots = Slot.objects.bulk_create(
        Slot(poll=poll, start=tuesday.replace(hour=h)) for h in DEMO_SERIES_HOURS
    )
    for membership in team.memberships.all():
        Invitee.objects.create(poll=poll, user_id=membership.user_id)
    _people, proposals = series_proposals(poll=poll, slots=slots, every_weeks=1, count=DEMO_SERIES_CALLS)
    best = proposals[0]
    series = MeetingSeries.objects.create(
        team=team,
        poll=poll,
        title="Regular call",
        every_weeks=1,
        count=DEMO_SERIES_CALLS,
        slots=[slot.pk for slot in slots],
        pattern=list(best.pattern),
        created_by=lead,
    )
    for position, slot_index in enumerate(best.pattern):
        start = slots[slot_index].start + timedelta(weeks=position)
        meeting = Meeting.objects.create(
            team=team,
            title="Regular call",
            start=start,
            end=start + timedelta(hours=1),
            organizer=lead,
            series=series,
            position=position,
        )
        MeetingAttendee.objects.bulk_create(
            MeetingAttendee(meeting=meeting, user_id=m.user_id) for m in team.memberships.all()
        )


# The Dynamic Coalitions' main session, as their call for it went: "seven on a panel uses 35
# minutes if you assume they talk twice and are restricted to three minutes and two minutes
# followup"; with the chair's and the moderator's time, 40 of its 90 minutes stay with the floor.
DC_MAIN_SESSION = {
    "title": "Dynamic Coalitions: Internet rights, access and trust, together",
    "description": (
        "The Dynamic Coalitions' joint main session: what the coalitions learned this year on "
        "rights, accessibility and trust online, and what they ask of the IGF community. Seven "
        "coalition speakers, each with an opening and a follow-up, then the floor in the room and "
        "online."
    ),
    "question": "How can the IGF ecosystem, including the NRIs, become more inclusive and impactful?",
    # (name, stakeholder group, UN regional group, gender, presence)
    "speakers": [
        (
            "Ana Beatriz Costa",
            StakeholderGroup.CIVIL_SOCIETY,
            UNRegion.GRULAC,
            Gender.WOMAN,
            Presence.IN_ROOM,
        ),
        (
            "Tomasz Wiśniewski",
            StakeholderGroup.GOVERNMENT,
            UNRegion.EASTERN_EUROPEAN,
            Gender.MAN,
            Presence.IN_ROOM,
        ),
        ("Adaeze Okafor", StakeholderGroup.PRIVATE_SECTOR, UNRegion.AFRICAN, Gender.WOMAN, Presence.ONLINE),
        ("Li Wei", StakeholderGroup.TECHNICAL, UNRegion.ASIA_PACIFIC, "", Presence.ONLINE),
        ("Sarah Whitfield", StakeholderGroup.IGO, UNRegion.WEOG, Gender.WOMAN, Presence.IN_ROOM),
        ("Youssef Benali", StakeholderGroup.CIVIL_SOCIETY, UNRegion.AFRICAN, Gender.MAN, Presence.IN_ROOM),
        ("Mere Tawhiri", StakeholderGroup.TECHNICAL, UNRegion.ASIA_PACIFIC, "", Presence.ONLINE),
    ],
    # (demo person, role, minutes in all)
    "leads": [("marek", PanelRole.CHAIR, 5), ("grace", PanelRole.MODERATOR, 10)],
}

# An issue team's introductory session, still a draft its facilitators shared for comments.
INTRODUCTORY_DRAFT = {
    "title": "Inclusion and human rights online: where we start",
    "description": (
        "The issue team's introductory session of the preparatory phase: the policy questions it "
        "takes up, and an invitation to bring cases from every region."
    ),
    "question": "What can be done to ensure that digital policies advance social and economic inclusion?",
    "comment": "Could we open with a case from a small island state? I can suggest a speaker.",
}


def _demo_proposals(cycle, teams, people):
    """The DC coordination group's main-session proposal, submitted with its panel of seven, its
    chair and its moderator; and the first issue team's introductory session, a shared draft with
    a member's comment. Through proposals.services, as the pages make them."""
    due = {m.title: m for m in Milestone.objects.filter(cycle=cycle, kind=MilestoneKind.DEADLINE)}
    # Seeded by proposals' migration 0002; made again where tests flushed the database.
    main, _created = SessionKind.objects.get_or_create(
        slug="main", defaults={"name": "Main session", "default_minutes": 90, "position": 1}
    )
    introductory, _created = SessionKind.objects.get_or_create(
        slug="introductory",
        defaults={"name": "Introductory session (preparatory phase)", "default_minutes": 60},
    )
    questions = {q.text: q for q in PolicyQuestion.objects.all()}
    group = IssueTeam.objects.get(cycle=cycle, kind=GroupKind.DC_COORDINATION)
    if not Proposal.objects.filter(team=group).exists():
        spec, chair = DC_MAIN_SESSION, people["marek"]
        proposal = proposal_services.proposal_create(
            actor=chair,
            team=group,
            kind=main,
            title=spec["title"],
            description=spec["description"],
            format=SessionFormat.PANEL,
            modality=Modality.HYBRID,
            languages=["en", "fr", "es"],
            minutes=90,
            due=due.get("Main session proposals due"),
            policy_questions=[questions[spec["question"]]],
        )
        for name, group_of, region, gender, presence in spec["speakers"]:
            proposal_services.panelist_add(
                actor=chair,
                proposal=proposal,
                name=name,
                role=PanelRole.SPEAKER,
                stakeholder_group=group_of,
                region=region,
                gender=gender,
                presence=presence,
                opening_minutes=3,
                followup_minutes=2,
            )
        for local, role, minutes in spec["leads"]:
            person = people[local]
            proposal_services.panelist_add(
                actor=chair,
                proposal=proposal,
                name=person.display_name,
                email=person.email,
                role=role,
                stakeholder_group=person.stakeholder_group,
                region=person.un_region,
                gender=person.gender,
                presence=Presence.IN_ROOM,
                opening_minutes=minutes,
                followup_minutes=0,
            )
        proposal_services.proposal_submit(actor=chair, proposal=proposal)
    team = teams[0]
    if not Proposal.objects.filter(team=team).exists():
        spec, chair = INTRODUCTORY_DRAFT, people["amina"]
        draft = proposal_services.proposal_create(
            actor=chair,
            team=team,
            kind=introductory,
            title=spec["title"],
            description=spec["description"],
            format=SessionFormat.ROUNDTABLE,
            modality=Modality.ONLINE,
            languages=["en"],
            due=due.get("Introductory session proposals due"),
            policy_questions=[questions[spec["question"]]],
        )
        proposal_services.proposal_share(actor=chair, proposal=draft)
        proposal_services.proposal_comment(actor=people["fatima"], proposal=draft, body=spec["comment"])


# A handful of the year's workshop proposals in review (issue 14, part 4), as the secretariat's
# CSV brings them: proposers, organisation and contact, issue area, kind, format, balance.
DEMO_WORKSHOPS = [
    (
        "Community networks in the Sahel",
        "Sahel Connect",
        "Awa Diallo",
        "universal-access-and-meaningful-connectivity",
        "roundtable",
        "civil_society",
        "african",
    ),
    (
        "Privacy by default in public services",
        "Digital Rights Lab",
        "Lena Novak",
        "trust-security-and-stability",
        "panel",
        "civil_society",
        "eastern_european",
    ),
    (
        "Youth voices on platform governance",
        "Youth IGF Chile",
        "Mateo Rojas",
        "trust-security-and-stability",
        "breakout",
        "civil_society",
        "grulac",
    ),
    (
        "Cloud, data and small business",
        "Pacific SME Network",
        "Mere Tane",
        "economic-and-social-inclusion-and-human-rights",
        "lightning",
        "private_sector",
        "asia_pacific",
    ),
    (
        "Measuring meaningful connectivity",
        "Office of Telecommunications",
        "Johan Berg",
        "universal-access-and-meaningful-connectivity",
        "panel",
        "government",
        "weog",
    ),
]
DEMO_CRITERIA = [
    ("Relevance", "To the year's issue areas and policy questions.", 5),
    ("Diversity", "Of the speakers and the organisers: stakeholder group, region, gender.", 5),
    ("Interaction", "Time and a plan for the floor, in the room and online.", 5),
]


def _demo_review(cycle, secretariat, people):
    """The year's review round: three published criteria, five imported workshops and the
    submitted session proposals, each given three MAG reviewers; one review scored."""
    if ReviewRound.objects.filter(cycle=cycle).exists():
        return
    for name, description, max_score in DEMO_CRITERIA:
        review_services.criterion_add(
            actor=secretariat, cycle=cycle, name=name, description=description, max_score=max_score
        )
    areas = set(IssueArea.objects.values_list("slug", flat=True))
    # Seeded by proposals' migration 0002; made again where tests flushed the database.
    SessionKind.objects.get_or_create(
        slug="other", defaults={"name": "Other", "default_minutes": 60, "position": 7}
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REVIEW_CSV_COLUMNS)
    for title, organisation, proposer, area, fmt, group, region in DEMO_WORKSHOPS:
        writer.writerow(
            [
                title,
                f"A workshop by {organisation}.",
                proposer,
                organisation,
                f"{proposer.split()[0].lower()}@example.net",
                area if area in areas else "",
                "other",
                fmt,
                group,
                region,
            ]
        )
    text = out.getvalue()
    review_services.entries_import(
        actor=secretariat, cycle=cycle, text=text, expected_fingerprint=review_fingerprint(text)
    )
    review_services.entries_add_proposals(actor=secretariat, cycle=cycle)
    reviewers = [person for person in people.values() if person.is_current_mag]
    review_services.assignments_spread(actor=secretariat, cycle=cycle, reviewers=reviewers, per_entry=3)
    first = Assignment.objects.filter(entry__round__cycle=cycle).order_by("pk").first()
    if first is not None:
        criteria = {c.name: c.pk for c in Criterion.objects.filter(round__cycle=cycle)}
        review_services.review_save(
            actor=first.reviewer,
            assignment=first,
            scores={criteria["Relevance"]: 4, criteria["Diversity"]: 3, criteria["Interaction"]: 5},
            comment="Clear plan for the floor; the speakers could be more diverse.",
        )


# --- The programme's releases (issue 15, parts 3 and 6) -------------------------------------------

# Placed by hand when the demo holds no placed session yet: the MAG chair's dialogue and a training.
DEMO_HAND_SESSIONS = [
    ("MAG chair's dialogue with the community", 14, 13),
    ("Training: running an online session", 15, 15),
]


def demo_programme_releases(cycle):
    """Version 1 of the programme released and approved by the MAG (at the held meeting, with its
    latest decision, where the records hold one); then a session moved two hours and a training
    added, released as version 2 with its changelog. Works on whatever sessions are placed; places
    two by hand if none is. Once: a year with releases is left as it is."""
    if ProgrammeRelease.objects.filter(cycle=cycle).exists():
        return
    secretariat = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    placed = ProgrammeSession.objects.filter(cycle=cycle, status=SessionStatus.PLACED)
    day = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    if not placed.exists():
        for title, days, hour in DEMO_HAND_SESSIONS[:1]:
            ProgrammeSession.objects.create(
                cycle=cycle,
                title=title,
                status=SessionStatus.PLACED,
                starts_at=day + timedelta(days=days, hours=hour),
                minutes=90,
            )
    first = programme_releases.programme_release(
        actor=secretariat, cycle=cycle, number=1, note="The draft the MAG discussed at its call."
    )
    decision = Decision.objects.filter(meeting__team__cycle=cycle).order_by("-meeting__start", "-id").first()
    programme_releases.release_approve(
        actor=secretariat, release=first, approved_on=timezone.localdate(), decision=decision
    )
    moved = placed.order_by("starts_at", "pk").first()
    moved.starts_at += timedelta(hours=2)
    moved.sequence += 1
    moved.updated_at = timezone.now()
    moved.save()
    title, days, hour = DEMO_HAND_SESSIONS[1]
    ProgrammeSession.objects.create(
        cycle=cycle,
        title=title,
        status=SessionStatus.PLACED,
        starts_at=day + timedelta(days=days, hours=hour),
        minutes=60,
    )
    programme_releases.programme_release(
        actor=secretariat, cycle=cycle, number=2, note="A session moved to leave room for the NRIs' call."
    )


# The 2021 preparatory phase (issue 15): (title, convener, issue areas' indexes in ISSUE_AREAS,
# 2021 start in UTC or None for not placed yet, minutes, kind's slug, description).
PREPARATORY_2021 = [
    (
        "Introductory session: inclusion, rights and meaningful access",
        Convener.MAG,
        (0, 1),
        datetime(2021, 11, 8, 13, 0),
        60,
        "introductory",
        "The issue teams on economic and social inclusion and human rights and on universal access "
        "and meaningful connectivity introduce their areas, policy questions and sessions.",
    ),
    (
        "Introductory session: emerging regulation and the environment",
        Convener.MAG,
        (2, 3),
        datetime(2021, 11, 9, 13, 0),
        60,
        "introductory",
        "Emerging regulation (market structure, content, data, consumers) and environmental "
        "sustainability: what the issue teams bring to the annual meeting.",
    ),
    (
        "Introductory session: digital cooperation, trust and security",
        Convener.MAG,
        (4, 5),
        datetime(2021, 11, 10, 13, 0),
        60,
        "introductory",
        "Inclusive Internet governance ecosystems and digital cooperation, and trust, security and "
        "stability: the two issue teams' introduction.",
    ),
    (
        "Capacity development: how to take part in the IGF online",
        Convener.CD,
        (4,),
        datetime(2021, 11, 11, 9, 0),
        90,
        "other",
        "A training for newcomers: registering, the hybrid platform, speaking from a remote hub.",
    ),
    (
        "NRI session: national, regional and youth IGFs in 2021",
        Convener.NRI,
        (4, 0),
        datetime(2021, 11, 12, 12, 0),
        90,
        "other",
        "The National, Regional and Youth IGF initiatives share what their 2021 meetings discussed.",
    ),
    (
        "MAG wrap-up of the preparatory phase",
        Convener.MAG,
        (),
        datetime(2021, 11, 15, 14, 0),
        60,
        "other",
        "The MAG looks back at the preparatory phase and at what the annual meeting takes from it.",
    ),
    (
        "The MAG chair's dialogue with the community",
        Convener.MAG,
        (4,),
        None,
        60,
        "other",
        "The MAG chair answers the community's questions on the annual meeting.",
    ),
]
# (name, kind, capacity, join link)
PREPARATORY_RESOURCES = [
    ("Zoom 1", ResourceKind.CHANNEL, 500, "https://zoom.example.org/j/1001"),
    ("Zoom 2", ResourceKind.CHANNEL, 500, "https://zoom.example.org/j/1002"),
    ("Room XXIV, Palais des Nations", ResourceKind.ROOM, 40, ""),
]
YOUTH_SESSION = {
    "title": "Youth session: the next generation of Internet governance",
    "description": "Young people from the Youth IGFs on what the Internet they want looks like.",
    "start": datetime(2021, 11, 11, 14, 0),
}


def demo_programme(cycle, shift: timedelta | None = None):
    """The 2021 preparatory phase's draft programme: three introductory sessions covering two issue
    areas each, the youth, capacity-development and NRI sessions, the MAG's wrap-up, the MAG chair's
    dialogue (not placed yet); Zoom 1, Zoom 2 and a room, booked; and one clash: Grace Otieno,
    confirmed as the Dynamic Coalitions' moderator and as a youth session's speaker, in both at once
    (the DC main session was suggested for the preparatory phase)."""
    if ProgrammeSession.objects.filter(cycle=cycle).exists():
        return
    if shift is None:
        shift = timedelta(days=demo_shift_days(timezone.now()))
    secretariat = User.objects.get(email="secretariat@example.org")
    areas = [IssueArea.objects.get(slug=slugify(name)[:80]) for name, *_rest in ISSUE_AREAS]
    kinds = {kind.slug: kind for kind in SessionKind.objects.all()}
    resources = [
        resource_services.resource_save(
            actor=secretariat, name=name, kind=kind, capacity=capacity, join_url=join_url
        )
        for name, kind, capacity, join_url in PREPARATORY_RESOURCES
    ]
    sessions = []
    for title, convener, area_indexes, start, minutes, kind, description in PREPARATORY_2021:
        sessions.append(
            build_services.session_add(
                actor=secretariat,
                cycle=cycle,
                title=title,
                convener=convener,
                kind=kinds.get(kind),
                areas=[areas[i] for i in area_indexes],
                description=description,
                starts_at=(start + shift).replace(tzinfo=UTC) if start else None,
                minutes=minutes,
            )
        )
    # The clash: the youth session's proposal and the DC main session share a confirmed person.
    grace = User.objects.get(email="grace@example.org")
    youth_group = IssueTeam.objects.filter(cycle=cycle, kind=GroupKind.ISSUE_TEAM).order_by("pk")[1]
    youth = proposal_services.proposal_create(
        actor=secretariat,
        team=youth_group,
        kind=kinds.get("other") or kinds["main"],
        title=YOUTH_SESSION["title"],
        description=YOUTH_SESSION["description"],
        format=SessionFormat.ROUNDTABLE,
        modality=Modality.ONLINE,
        languages=["en"],
        minutes=90,
    )
    proposal_services.panelist_add(
        actor=secretariat,
        proposal=youth,
        name=grace.display_name,
        email=grace.email,
        role=PanelRole.SPEAKER,
        stakeholder_group=grace.stakeholder_group,
        region=grace.un_region,
        gender=grace.gender,
        presence=Presence.ONLINE,
        opening_minutes=3,
        followup_minutes=2,
    )
    proposal_services.proposal_submit(actor=secretariat, proposal=youth)
    review_services.entries_add_proposals(actor=secretariat, cycle=cycle)
    reviewers = [person for person in User.objects.filter(role=Role.MAG) if person.is_current_mag]
    review_services.assignments_spread(actor=secretariat, cycle=cycle, reviewers=reviewers, per_entry=3)
    for panelist in Panelist.objects.filter(email=grace.email):
        # Invited and answered "yes" (the link's token as stored: a digest, never the link itself).
        panelist.invitation, panelist.token = InvitationState.CONFIRMED, secrets.token_hex(32)
        panelist.invited_at = timezone.now()
        panelist.save(update_fields=["invitation", "token", "invited_at"])
    youth_start = (YOUTH_SESSION["start"] + shift).replace(tzinfo=UTC)
    for entry in Entry.objects.filter(round__cycle=cycle, proposal__panelists__email=grace.email).distinct():
        review_decisions.decision_make(actor=secretariat, entry=entry, outcome=EntryStatus.PREPARATORY)
        session = build_services.session_from_entry(actor=secretariat, entry=entry)
        session = build_services.session_edit(
            actor=secretariat,
            session=session,
            starts_at=youth_start
            + (timedelta(minutes=30) if session.convener == Convener.DC else timedelta()),
            title=session.title,
            description=session.description,
            convener=Convener.YOUTH if entry.proposal_id == youth.pk else session.convener,
            kind=session.kind,
            minutes=session.minutes,
            modality=session.modality,
            venue=session.venue,
            join_url=session.join_url,
        )
        sessions.append(session)
    # Zoom 1 and Zoom 2 alternate over the placed sessions; the room holds the wrap-up too.
    placed = [session for session in sessions if session.starts_at]
    for index, session in enumerate(placed):
        resource_services.book_session(actor=secretariat, resource=resources[index % 2], session=session)
    resource_services.book_session(actor=secretariat, resource=resources[2], session=sessions[5])
    return sessions
