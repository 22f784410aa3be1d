"""Who may do what with the schedule: one predicate per question. The permissions that combine them
are declared beside the models (`Meta.rules_permissions`) as `schedule.<action>_<model>`."""

import rules

from accounts.rules import is_secretariat
from teams.places import places_of
from teams.rules import is_team_facilitator


@rules.predicate
def facilitates_deliverable_team(user, deliverable):
    return deliverable is not None and is_team_facilitator(user, deliverable.team)


@rules.predicate
def owns_busy_calendar(user, calendar):
    """A person's busy calendar and times are theirs alone: nobody else reads or changes them."""
    return calendar is not None and user.is_authenticated and calendar.user_id == user.pk


@rules.predicate
def reads_deliverables(user, deliverable):
    """Deliverables are what the teams report to the MAG and its community: every signed-in person
    reads them (status, link, note), in the team or not, before or after leaving it. Only the team's
    facilitators and the secretariat change them."""
    return user.is_authenticated


# What a page already knows of its reader and the object it loaded, per person, read in the same
# request (selectors.polls.poll_for_reader keeps it in its cache, by version): the predicates below
# answer from it instead of asking the database again. Without it they ask, every time.
_FACTS = "_reader_facts"


def facts_remember(obj, user, **facts) -> None:
    """`member`, `leads` or `invited`, as just read for `user` about `obj`."""
    obj.__dict__.setdefault(_FACTS, {}).setdefault(user.pk, {}).update(facts)


def _fact(obj, user, name, ask):
    facts = obj.__dict__.get(_FACTS, {}).get(user.pk, {})
    return facts[name] if name in facts else ask()


@rules.predicate
def leads_team_of(user, obj):
    """For a poll or a meeting: the user facilitates its team."""
    return obj is not None and _fact(obj, user, "leads", lambda: is_team_facilitator(user, obj.team))


@rules.predicate
def is_in_team_of(user, obj):
    if not user.is_authenticated or obj is None:
        return False
    return _fact(obj, user, "member", lambda: obj.team_id in places_of(user).member_of)


@rules.predicate
def is_invited_to(user, obj):
    if not user.is_authenticated or obj is None:
        return False
    if hasattr(obj, "invitees"):
        return _fact(
            obj, user, "invited", lambda: obj.invitees.filter(user=user, revoked_at__isnull=True).exists()
        )
    return obj.attendees.filter(user=user).exists()


@rules.predicate
def leads_team(user, team):
    return is_team_facilitator(user, team)


# Whose calendar copy of a meeting may list every attendee's address: those who run it. Everyone
# else's copy names the organiser and that one person (guests never see another address).
sees_all_attendees = is_secretariat | leads_team_of


@rules.predicate
def leads_team_of_meeting(user, obj):
    """For a part of a meeting's record (an action item): the user facilitates the meeting's team."""
    return obj is not None and rules.is_authenticated(user) and obj.meeting.team_id in places_of(user).leads


@rules.predicate
def answers_for_action_item(user, item):
    """The action item is the user's, or the secretariat's and the user is of the secretariat."""
    if not user.is_authenticated or item is None:
        return False
    return item.owner_id == user.pk or (item.owner_is_secretariat and user.is_secretariat)


@rules.predicate
def owns_paper(user, paper):
    """The read-ahead paper was asked of the user, who is still in the meeting's group."""
    if not user.is_authenticated or paper is None or paper.owner_id != user.pk:
        return False
    return paper.meeting.team_id in places_of(user).member_of
