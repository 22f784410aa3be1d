from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from accounts.enums import Role, StakeholderGroup, UNRegion
from accounts.models import User
from teams.enums import Capacity, FacilitatorKind, FacilitatorStatus
from teams.models import Cycle, FacilitatorRole, IssueArea, IssueTeam, Membership, PolicyQuestion


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    organisation = "Example Org"
    stakeholder_group = StakeholderGroup.CIVIL_SOCIETY
    un_region = UNRegion.AFRICAN
    time_zone = "UTC"
    role = Role.COMMUNITY
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class MagFactory(UserFactory):
    role = Role.MAG


class SecretariatFactory(UserFactory):
    role = Role.SECRETARIAT

    @factory.post_generation
    def totp(user, create, extracted, **kwargs):
        # Secretariat accounts must have two-factor on; tests that need one without pass totp=False.
        wanted = create and extracted is not False
        if wanted and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        django_get_or_create = ("year",)

    year = 2021
    name = factory.LazyAttribute(lambda c: f"IGF {c.year}")
    is_current = True


class IssueAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssueArea

    name = factory.Sequence(lambda n: f"Issue area {n}")
    slug = factory.Sequence(lambda n: f"issue-area-{n}")
    description = "What this area is about."


class PolicyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyQuestion

    area = factory.SubFactory(IssueAreaFactory)
    text = factory.Sequence(lambda n: f"Policy question {n}?")


class IssueTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssueTeam

    cycle = factory.SubFactory(CycleFactory)
    area = factory.SubFactory(IssueAreaFactory)
    # An issue team's address is its area's slug (as the migration made it for existing teams).
    slug = factory.LazyAttributeSequence(lambda t, n: t.area.slug if t.area else f"group-{n}")


class GroupFactory(IssueTeamFactory):
    """A group other than an issue team: a MAG working group without an issue area."""

    kind = "mag_working_group"
    area = None
    title = factory.Sequence(lambda n: f"Working group {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(IssueTeamFactory)
    user = factory.SubFactory(UserFactory)
    capacity = Capacity.OTHER


class FacilitatorRoleFactory(factory.django.DjangoModelFactory):
    """A confirmed facilitator who is also a member of the team."""

    class Meta:
        model = FacilitatorRole
        skip_postgeneration_save = True

    team = factory.SubFactory(IssueTeamFactory)
    user = factory.SubFactory(MagFactory)
    kind = FacilitatorKind.CO_CHAIR
    status = FacilitatorStatus.CONFIRMED

    @factory.post_generation
    def membership(role, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(
                team=role.team, user=role.user, defaults={"capacity": Capacity.MAG}
            )


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "schedule.Milestone"
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    kind = "deadline"
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=15))
    entered_time_zone = "UTC"
    all_teams = True
    reminder_offsets = factory.LazyFunction(lambda: [14, 3, 1])
    status = "published"


class PollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "schedule.AvailabilityPoll"
        skip_postgeneration_save = True

    team = factory.SubFactory(IssueTeamFactory)
    title = "First call"
    duration_minutes = 60
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))


class IntersessionalActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.IntersessionalActivity"
        skip_postgeneration_save = True

    kind = "dc"
    name = factory.Sequence(lambda n: f"Dynamic Coalition {n}")
    slug = factory.Sequence(lambda n: f"dc-{n}")
    description = "What this coalition works on."
    contact_name = "The coordinators"
    contact_email = factory.Sequence(lambda n: f"dc-{n}@lists.example.org")
    last_active_on = factory.LazyFunction(lambda: timezone.now().date() - timedelta(days=30))

    @factory.post_generation
    def areas(activity, create, extracted, **kwargs):
        if create and extracted:
            activity.areas.set(extracted)


class ActivityCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.ActivityCheck"

    activity = factory.SubFactory(IntersessionalActivityFactory)
    checked_on = factory.LazyFunction(lambda: timezone.now().date() - timedelta(days=7))
    outcome = "fulfils"
    note = "Checked the mailing list."


# --- Session proposals: the panel planner (issue 14, part 2) ---------------------------------------


def panel_proposal(*, team, actor, kind="main", shared=True, **fields):
    """A draft of `team`'s made as its facilitator `actor` makes one (proposals.services), of the
    seeded kind `kind` (a main session: 90 minutes, the floor's 30 %), shared with the group."""
    from proposals import services
    from proposals.models import SessionKind

    fields.setdefault("title", "Trust and safety online")
    fields.setdefault("description", "A main session on trust.")
    # Seeded by a migration, but gone after a test that flushes the database (transaction=True).
    kind, _new = SessionKind.objects.get_or_create(
        slug=kind, defaults={"name": "Main session" if kind == "main" else kind, "default_minutes": 90}
    )
    proposal = services.proposal_create(actor=actor, team=team, kind=kind, **fields)
    return services.proposal_share(actor=actor, proposal=proposal) if shared else proposal


class PanelistFactory(factory.django.DjangoModelFactory):
    """A speaker at the DC call's 3 + 2 minutes, unless told otherwise."""

    class Meta:
        model = "proposals.Panelist"

    name = factory.Sequence(lambda n: f"Speaker {n}")
    role = "speaker"
    stakeholder_group = factory.Iterator(
        ["government", "private_sector", "civil_society", "technical", "igo"]
    )
    region = factory.Iterator(["african", "asia_pacific", "eastern_european", "grulac", "weog"])
    presence = "in_room"
    opening_minutes = 3
    followup_minutes = 2
    position = factory.Sequence(lambda n: n)
