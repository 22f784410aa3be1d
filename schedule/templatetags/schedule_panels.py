"""Panels of schedule shown on other apps' pages, so that those apps need not import schedule."""

from django import template

from accounts.rules import is_secretariat
from common.permissions import has_perm
from schedule.rules import is_in_team_of, is_invited_to
from schedule.selectors.polls import team_polls_and_meetings

register = template.Library()


@register.inclusion_tag("schedule/_team_schedule_panel.html")
def team_schedule_panel(team, user, in_team=None):
    """The team page's calls: its open polls and coming meetings, listed to every signed-in person
    and linked only for those the poll or meeting page lets in, with the button to start a poll
    for those who may. `in_team`: the viewer's membership of the team when the page has read it
    already (None: not a member, or not known)."""
    open_polls, meetings = team_polls_and_meetings(team=team)
    calls = open_polls + meetings
    # The view permission of a poll or meeting is "secretariat, in its team, or invited to it": the
    # first two are the same for every call of this team, so they are asked once, not per call.
    sees_every_call = bool(calls) and (
        is_secretariat(user) or in_team is not None or is_in_team_of(user, calls[0])
    )

    def may_open(call):
        return sees_every_call or is_invited_to(user, call)

    open_polls = [(poll, may_open(poll)) for poll in open_polls]
    meetings = [(meeting, may_open(meeting)) for meeting in meetings]
    return {
        "team": team,
        "open_polls": open_polls,
        "meetings": meetings,
        "calls_closed_to_me": any(not opens for _call, opens in open_polls + meetings),
        "can_create_poll": has_perm(user, "schedule.create_availabilitypoll", team),
    }
