"""The parts of team pages that every viewer who may see them sees alike, rendered once and cached
under the versions of what they show (common.versions.versioned_get_or_set) and the language they
are written in. Nothing personal goes in: what is one viewer's own stays in the page around them."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from common.fragments import CSRF_PLACEHOLDER, versioned_value, with_csrf_token
from common.versions import versioned_get_or_set

from . import selectors
from .forms import GroupForm, JoinForm, VolunteerForm
from .models import Cycle
from .rules import group_kinds_for

FRAGMENT_TIMEOUT = 86400


def team_cards(
    *, cycle: Cycle, teams, heading: str, teams_version: str, kind_heading: str = ""
) -> SafeString:
    """A page of the cycle's team cards (`teams`: selectors.teams_page, read only on a miss), with
    their counts of members and facilitators: `teams_version` is version_of("teams"). With a
    `kind_heading` level, the cards of each kind of group come under a heading of that level."""
    key = f"teams:cards:{cycle.pk}:{teams.number}:{heading}:{kind_heading}:{get_language()}:{teams_version}"
    context = {"teams": teams, "card_heading": heading, "kind_heading": kind_heading}
    return mark_safe(
        versioned_get_or_set(
            key, lambda: render_to_string("teams/_team_cards.html", context), FRAGMENT_TIMEOUT
        )
    )


def team_roster(*, page: selectors.TeamPage, page_number, with_emails: bool) -> SafeString:
    """The team's balance and one page of its roster, in two kinds: with the members' addresses,
    for those who lead the team, and without, for everyone else signed in."""
    team = page.team
    number = selectors.roster_page_number(member_count=page.member_count, page_number=page_number)
    key = f"teams:roster:{team.pk}:{number}:{int(with_emails)}:{get_language()}:{page.versions}"

    def build():
        return render_to_string(
            "teams/_roster.html",
            {
                "team": team,
                "page": page,
                "can_see_emails": with_emails,
                "roster": selectors.team_roster_page(
                    team=team, page_number=number, member_count=page.member_count
                ),
                "balance": selectors.team_balance(team=team),
            },
        )

    return mark_safe(versioned_get_or_set(key, build, FRAGMENT_TIMEOUT))


def team_header(*, page: selectors.TeamPage, viewer, with_emails: bool) -> SafeString:
    """The team's name, description, policy questions, facilitators and volunteers, in the kinds
    that differ by who looks: with or without the facilitators' addresses, for the secretariat
    (a link to reassign each role) and for each facilitator (a link to hand over their own)."""
    team = page.team
    signed_in = viewer.is_authenticated
    is_secretariat = bool(signed_in and viewer.is_secretariat)
    # Only a confirmed facilitator's own id changes the links: everyone else shares one kind.
    own = viewer.pk if signed_in and viewer.pk in team.confirmed_facilitator_ids else 0
    kind = f"{int(with_emails)}:{int(is_secretariat)}:{own}"
    key = f"teams:header:{team.pk}:{kind}:{get_language()}:{page.versions}"
    context = {
        "team": team,
        "page": page,
        "can_see_emails": with_emails,
        "is_secretariat": is_secretariat,
        "viewer_id": own,
    }
    return mark_safe(
        versioned_get_or_set(
            key, lambda: render_to_string("teams/_team_header.html", context), FRAGMENT_TIMEOUT
        )
    )


def my_part(*, page: selectors.TeamPage, viewer, request, can_volunteer: bool) -> SafeString:
    """The signed-in reader's part in the team: their membership and its capacity, the forms to
    join, change capacity or leave, and their facilitator role or the form to volunteer. Alike for
    everyone in the same state, so cached under that state (the capacity they hold, the capacities
    their role lets them take, whether they may volunteer) and the versions; the one thing of a
    reader's own in it, a role's id in the link to withdraw, goes in the key, so only they read it.
    The request's CSRF token goes in on the way out."""
    team, membership, role = page.team, page.my_membership, page.my_role
    own_role = "-" if role is None else f"{role.pk}.{role.kind}.{role.status}"
    state = (
        f"{membership.capacity if membership else '-'}:{own_role}:{int(can_volunteer)}:{viewer.role or '-'}"
    )
    key = f"teams:my-part:{team.pk}:{state}:{get_language()}:{page.versions}"

    def build():
        context = {"page": page, "team": team, "can_volunteer": can_volunteer, "csrf_token": CSRF_PLACEHOLDER}
        context["join_form"] = JoinForm(user=viewer)
        if can_volunteer and role is None:
            context["volunteer_form"] = VolunteerForm(team=team)
        return render_to_string("teams/_my_part.html", context)

    return with_csrf_token(versioned_get_or_set(key, build, FRAGMENT_TIMEOUT), request)


def new_group_form(*, user) -> tuple[str, SafeString] | None:
    """The current cycle's name and the empty "New group" form's fields for `user` (the kinds they
    may create, every issue area to choose from), built once per version of the groups, language and
    set of kinds; None when no cycle is open."""
    kinds = ".".join(kind.value for kind in group_kinds_for(user))

    def build():
        cycle = selectors.current_cycle()
        return None if cycle is None else (cycle.name, str(GroupForm(user=user).as_div()))

    found = versioned_value(
        f"teams:new-group:{kinds}:{get_language()}", ("teams",), build, timeout=FRAGMENT_TIMEOUT
    )
    return None if found is None else (found[0], mark_safe(found[1]))  # noqa: S308 - rendered from escaped templates
