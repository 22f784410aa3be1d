"""State changes of groups (issue teams and every other kind): creating one, joining and leaving,
facilitators volunteering, confirmed, handed over.

Each function is one transaction that also writes the audit log. Rules a user can break raise
ValidationError with a message meant for that user.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.enums import AuditAction
from accounts.models import User
from accounts.services import audit_record

from .enums import OPEN_FACILITATOR_STATUSES, Capacity, FacilitatorKind, FacilitatorStatus, GroupKind
from .models import CarryOverAnswer, Cycle, FacilitatorRole, IssueArea, IssueTeam, Membership
from .rules import may_create_group_kind, may_take_capacity
from .signals import membership_ended, membership_started

# Why a capacity is refused, in words the person can act on.
CAPACITY_REFUSED = {
    Capacity.MAG: _lazy(
        "Only people the secretariat confirmed as current MAG members can take part as MAG "
        "member. Claim the role on your profile; the secretariat will confirm it."
    ),
    Capacity.PAST_MAG: _lazy(
        "Only people the secretariat confirmed as current or past MAG members can take "
        "part as past MAG member. Claim the role on your profile; the secretariat will "
        "confirm it."
    ),
}


GROUP_TITLE_MAX = 200
SLUG_MAX = 80


def _require_current_year(team: IssueTeam) -> None:
    """Who is in a group and who leads it change in the current year only: a year before it is the
    archive, read-only; a drafted year is the secretariat's to review until the switch."""
    if not team.cycle.is_current:
        raise ValidationError(
            _("%(year)s is not the current year: its groups no longer change.") % {"year": team.cycle.name}
        )


def _free_slug(cycle: Cycle, name: str) -> str:
    """A slug for `name` not yet taken in the cycle ("hybrid-meetings", else "hybrid-meetings-2")."""
    base = (slugify(name)[:SLUG_MAX].strip("-")) or "group"
    taken = set(
        IssueTeam.objects.filter(cycle=cycle, slug__startswith=base[:70]).values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base[: SLUG_MAX - len(str(n)) - 1]}-{n}"
    return slug


@transaction.atomic
def group_create(
    *,
    actor: User,
    cycle: Cycle,
    kind: str,
    title: str = "",
    area: IssueArea | None = None,
    description: str = "",
) -> IssueTeam:
    """Create a group of `kind` in `cycle`, if the actor may create that kind (MAY_CREATE_KIND).

    An issue team needs its issue area (one a year) and may go without a name; every other group
    needs a name. The creator of a MAG working group becomes its first member (as MAG member when
    they may take part as one); the secretariat confirms facilitators as for any group."""
    title, description = (title or "").strip(), (description or "").strip()
    if kind not in GroupKind.values:
        raise ValidationError(_("Choose the kind of group."))
    if not may_create_group_kind(actor, kind):
        raise ValidationError(_("You may not create a group of this kind."))
    if not cycle.is_current:
        raise ValidationError(_("Groups are created in the current cycle only."))
    if kind == GroupKind.ISSUE_TEAM:
        if area is None:
            raise ValidationError(_("An issue team needs its issue area."))
        if IssueTeam.objects.filter(cycle=cycle, area=area, kind=GroupKind.ISSUE_TEAM).exists():
            raise ValidationError(_("This issue area already has its issue team this year."))
    elif not title:
        raise ValidationError(_("Give the group a name."))
    if len(title) > GROUP_TITLE_MAX:
        raise ValidationError(_("Keep the name within %(max)d characters.") % {"max": GROUP_TITLE_MAX})
    # Lock the cycle: two groups of the same name created at once get two slugs, one after the other.
    Cycle.objects.select_for_update().get(pk=cycle.pk)
    team = IssueTeam(
        cycle=cycle,
        kind=kind,
        area=area,
        title=title,
        description=description,
        slug=_free_slug(cycle, title or area.name),
    )
    team.full_clean()
    team.save()
    audit_record(actor=actor, action=AuditAction.GROUP_CREATED, target=team, kind=kind, slug=team.slug)
    if kind == GroupKind.MAG_WORKING_GROUP:
        capacity = Capacity.MAG if may_take_capacity(actor, Capacity.MAG) else Capacity.OTHER
        membership_create(user=actor, team=team, capacity=capacity)
    return team


def _receivers_report(responses) -> dict:
    """What the receivers of a membership signal did, merged from the dicts they return."""
    report = {}
    for _receiver, response in responses:
        report.update(response or {})
    return report


@transaction.atomic
def membership_create(*, user: User, team: IssueTeam, capacity: str) -> Membership:
    """Join a team in a capacity. Joining again changes nothing, unless the capacity differs.

    MAG and past-MAG capacities are for those the secretariat confirmed (`may_take_capacity`).

    Joining sends `membership_started` in this transaction: schedule invites the person to the
    team's open polls and to its meetings that have not started (each with their own calendar copy)."""
    _require_current_year(team)
    if capacity not in Capacity.values:
        raise ValidationError(_("Choose the capacity in which you join."))
    if not may_take_capacity(user, capacity):
        raise ValidationError(str(CAPACITY_REFUSED[capacity]))
    membership, created = Membership.objects.select_for_update().get_or_create(
        team=team, user=user, defaults={"capacity": capacity}
    )
    if created:
        done = _receivers_report(
            membership_started.send(
                sender=Membership, membership=membership, team=team, user=user, actor=user
            )
        )
        audit_record(
            actor=user,
            action=AuditAction.MEMBERSHIP_JOINED,
            subject=user,
            target=team,
            capacity=capacity,
            **done,
        )
    elif membership.capacity != capacity:
        previous, membership.capacity = membership.capacity, capacity
        membership.save(update_fields=["capacity"])
        audit_record(
            actor=user,
            action=AuditAction.MEMBERSHIP_CHANGED,
            subject=user,
            target=team,
            previous=previous,
            capacity=capacity,
        )
    return membership


@transaction.atomic
def carry_over_answer(*, user: User, team: IssueTeam, join: bool) -> CarryOverAnswer:
    """A member of the group `team` carries on (last year's) answers, once, whether to join it.

    Joining takes the capacity they held last year when they still may (a MAG member whose term
    ended joins as past MAG member, as `memberships_follow_role` would move them). A second answer
    changes nothing: the first stands."""
    previous = (
        Membership.objects.filter(team_id=team.carried_from_id, user=user).first()
        if team.carried_from_id
        else None
    )
    if previous is None:
        raise ValidationError(_("You were not in the group this one carries on."))
    _require_current_year(team)
    answer, created = CarryOverAnswer.objects.get_or_create(team=team, user=user, defaults={"joined": join})
    if not created:
        return answer
    if join:
        capacity = previous.capacity
        if not may_take_capacity(user, capacity):
            capacity = Capacity.PAST_MAG if may_take_capacity(user, Capacity.PAST_MAG) else Capacity.OTHER
        membership_create(user=user, team=team, capacity=capacity)
    return answer


@transaction.atomic
def membership_delete(*, user: User, team: IssueTeam) -> None:
    """Leave a team. A confirmed facilitator must hand over first; a pending volunteer is withdrawn.

    Leaving sends `membership_ended` in this transaction: schedule withdraws the person's invitations
    to the team's polls that have not become a meeting and their attendance of its meetings that
    have not started (they get a cancellation of their calendar copy)."""
    _require_current_year(team)
    roles = FacilitatorRole.objects.select_for_update().filter(
        team=team, user=user, status__in=OPEN_FACILITATOR_STATUSES
    )
    if any(role.is_confirmed for role in roles):
        raise ValidationError(
            _(
                "You facilitate this team: hand your role over to another MAG member "
                "before you leave, or ask the secretariat to reassign it."
            )
        )
    for role in roles:
        _close_role(
            role, status=FacilitatorStatus.WITHDRAWN, actor=user, action=AuditAction.FACILITATOR_WITHDRAWN
        )
    deleted, _counts = Membership.objects.filter(team=team, user=user).delete()
    if deleted:
        done = _receivers_report(membership_ended.send(sender=Membership, team=team, user=user, actor=user))
        audit_record(actor=user, action=AuditAction.MEMBERSHIP_LEFT, subject=user, target=team, **done)


@transaction.atomic
def memberships_follow_role(*, actor: User | None, user: User) -> int:
    """After the person's role changed (teams/receivers.py), a capacity they may no longer take
    becomes the nearest one they may: a MAG member whose term ended takes part as past MAG, someone
    whose MAG or past-MAG standing was withdrawn as "other". Returns how many memberships changed.

    The years before the current one are the archive: a membership there keeps the capacity the
    person held that year (a MAG member of 2021 whose term ended stays a MAG member of 2021's teams)."""
    changed = 0
    current = Cycle.objects.filter(is_current=True).values_list("year", flat=True).first()
    memberships = (
        # Only the memberships are locked: a group's area may be missing (an outer join, which
        # PostgreSQL will not lock).
        Membership.objects.select_for_update(of=("self",))
        .filter(user=user)
        .select_related("team__area", "team__cycle")
    )
    if current is not None:
        memberships = memberships.exclude(team__cycle__year__lt=current)
    for membership in memberships:
        if may_take_capacity(user, membership.capacity):
            continue
        previous = membership.capacity
        membership.capacity = (
            Capacity.PAST_MAG if may_take_capacity(user, Capacity.PAST_MAG) else Capacity.OTHER
        )
        membership.save(update_fields=["capacity"])
        audit_record(
            actor=actor,
            action=AuditAction.MEMBERSHIP_CHANGED,
            subject=user,
            target=membership.team,
            previous=previous,
            capacity=membership.capacity,
            reason="role_changed",
        )
        changed += 1
    return changed


def _require_current_mag(user: User, message: str) -> None:
    if not user.is_current_mag:
        raise ValidationError(message)


def _require_chair_free(team: IssueTeam, kind: str, *, ignore: FacilitatorRole | None = None) -> None:
    if kind != FacilitatorKind.CHAIR:
        return
    chairs = FacilitatorRole.objects.filter(
        team=team, kind=FacilitatorKind.CHAIR, status=FacilitatorStatus.CONFIRMED
    )
    if ignore is not None:
        chairs = chairs.exclude(pk=ignore.pk)
    if chairs.exists():
        if team.is_convened:
            raise ValidationError(_("This group already has a convener. You can volunteer as co-convener."))
        raise ValidationError(_("This team already has a chair. You can volunteer as co-chair."))


@transaction.atomic
def facilitator_volunteer(*, user: User, team: IssueTeam, kind: str) -> FacilitatorRole:
    """A current MAG member offers to chair or co-chair a team; the secretariat decides.

    Volunteering joins the team as a MAG member if the person was not in it yet.
    """
    _require_current_mag(user, _("Only current MAG members can facilitate a group."))
    _require_current_year(team)
    if kind not in FacilitatorKind.values:
        raise ValidationError(_("Choose chair or co-chair."))
    # Lock the team row so that two volunteers for the same seat are decided one after the other.
    IssueTeam.objects.select_for_update().get(pk=team.pk)
    existing = FacilitatorRole.objects.filter(
        team=team, user=user, status__in=OPEN_FACILITATOR_STATUSES
    ).first()
    if existing is not None:
        if existing.kind == kind:
            return existing
        raise ValidationError(
            _("You already are %(role)s of this team (%(status)s).")
            % {"role": existing.title.lower(), "status": existing.get_status_display().lower()}
        )
    _require_chair_free(team, kind)
    membership_create(user=user, team=team, capacity=Capacity.MAG)
    role = FacilitatorRole.objects.create(team=team, user=user, kind=kind)
    audit_record(actor=user, action=AuditAction.FACILITATOR_VOLUNTEERED, subject=user, target=team, kind=kind)
    return role


def _close_role(role: FacilitatorRole, *, status: str, actor: User, action: str) -> None:
    role.status = status
    role.decided_at = timezone.now()
    role.decided_by = actor
    role.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(actor=actor, action=action, subject=role.user, target=role.team, kind=role.kind)


@transaction.atomic
def facilitator_roles_decide(*, actor: User, roles: Iterable[FacilitatorRole], confirm: bool) -> int:
    """The secretariat confirms or declines volunteers, one or many at once: all or none.

    Returns how many were decided. Confirming a second chair for a team fails with a message
    naming the team, and nothing of the batch is saved.
    """
    role_ids = [r.pk for r in roles]
    # Lock the teams first (in a fixed order, so two batches cannot deadlock): a second batch
    # confirming a chair of the same team then waits, and sees the first one's chair.
    list(
        IssueTeam.objects.select_for_update()
        .filter(facilitator_roles__pk__in=role_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    locked = (
        FacilitatorRole.objects.select_for_update(of=("self",))
        .filter(pk__in=role_ids, status=FacilitatorStatus.VOLUNTEERED)
        .select_related("team__area", "team__cycle", "user")
        .order_by("kind", "volunteered_at")
    )
    count = 0
    for role in locked:
        if confirm:
            if not role.user.is_current_mag:
                raise ValidationError(
                    _("%(name)s is no longer a current MAG member and cannot facilitate %(team)s.")
                    % {"name": role.user.name, "team": role.team.name}
                )
            try:
                _require_chair_free(role.team, role.kind, ignore=role)
            except ValidationError:
                raise ValidationError(
                    _("%(team)s already has a chair: %(name)s cannot be confirmed as chair.")
                    % {"team": role.team.name, "name": role.user.name}
                ) from None
            _close_role(
                role,
                status=FacilitatorStatus.CONFIRMED,
                actor=actor,
                action=AuditAction.FACILITATOR_CONFIRMED,
            )
        else:
            _close_role(
                role, status=FacilitatorStatus.DECLINED, actor=actor, action=AuditAction.FACILITATOR_DECLINED
            )
        count += 1
    return count


@transaction.atomic
def facilitator_withdraw(*, user: User, role: FacilitatorRole) -> None:
    """A volunteer takes back an offer the secretariat has not decided yet."""
    role = FacilitatorRole.objects.select_for_update().get(pk=role.pk)
    if role.user_id != user.pk or role.status != FacilitatorStatus.VOLUNTEERED:
        raise ValidationError(_("Only a volunteering not yet decided can be withdrawn."))
    _close_role(
        role, status=FacilitatorStatus.WITHDRAWN, actor=user, action=AuditAction.FACILITATOR_WITHDRAWN
    )


@transaction.atomic
def facilitator_handover(*, actor: User, role: FacilitatorRole, successor: User) -> FacilitatorRole:
    """A confirmed facilitator (or the secretariat, reassigning) passes the role to another current
    MAG member, who takes it at once, confirmed. The outgoing facilitator stays a team member."""
    role = FacilitatorRole.objects.select_for_update().select_related("team", "user").get(pk=role.pk)
    if role.status != FacilitatorStatus.CONFIRMED:
        raise ValidationError(_("Only a confirmed facilitator role can be handed over."))
    _require_current_year(role.team)
    if successor.pk == role.user_id:
        raise ValidationError(_("Choose someone else to take over the role."))
    _require_current_mag(
        successor, _("%(name)s is not a current MAG member and cannot facilitate.") % {"name": successor.name}
    )
    if FacilitatorRole.objects.filter(
        team=role.team, user=successor, status=FacilitatorStatus.CONFIRMED
    ).exists():
        raise ValidationError(_("%(name)s already facilitates this team.") % {"name": successor.name})
    # A pending offer of the successor's is superseded by the role they now take over.
    FacilitatorRole.objects.filter(
        team=role.team, user=successor, status=FacilitatorStatus.VOLUNTEERED
    ).update(status=FacilitatorStatus.WITHDRAWN, decided_at=timezone.now(), decided_by=actor)
    role.status = FacilitatorStatus.HANDED_OVER
    role.decided_at = timezone.now()
    role.decided_by = actor
    role.save(update_fields=["status", "decided_at", "decided_by"])
    membership_create(user=successor, team=role.team, capacity=Capacity.MAG)
    try:
        with transaction.atomic():
            new_role = FacilitatorRole.objects.create(
                team=role.team,
                user=successor,
                kind=role.kind,
                status=FacilitatorStatus.CONFIRMED,
                decided_at=timezone.now(),
                decided_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            _("The role changed while you were handing it over; please try again.")
        ) from None
    audit_record(
        actor=actor,
        action=AuditAction.FACILITATOR_HANDED_OVER,
        subject=successor,
        target=role.team,
        kind=role.kind,
        previous=role.user.email,
    )
    return new_role


# --- Closing an account (issue 17) ---


@transaction.atomic
def memberships_end_for_closed_account(*, user: User) -> dict:
    """The person closed their account (accounts.closing.account_close, through `account_closing`):
    they leave every group's roster and balance at once, and every facilitator role they held or
    offered ends (withdrawn, decided by themselves: the group shows as short of that seat, as when
    a volunteer withdraws). No `membership_ended` is sent: their poll answers and meeting attendance
    stay, counted and anonymous. No audit row per group either: the closing writes the one row."""
    now = timezone.now()
    roles = 0
    for role in FacilitatorRole.objects.select_for_update().filter(
        user=user, status__in=OPEN_FACILITATOR_STATUSES
    ):
        role.status = FacilitatorStatus.WITHDRAWN
        role.decided_at = now
        role.decided_by = user
        role.save(update_fields=["status", "decided_at", "decided_by"])
        roles += 1
    # Deleted one by one (the queryset sends each row's post_delete): "teams" gets its new version.
    memberships, _counts = Membership.objects.filter(user=user).delete()
    return {"memberships_ended": memberships, "facilitator_roles_ended": roles}


# --- end of closing an account ---
