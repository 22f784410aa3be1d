"""Panels of schedule shown on other apps' pages, so that those apps need not import schedule."""

from django import template

from schedule.selectors.polls import team_polls_and_meetings

register = template.Library()


@register.inclusion_tag("schedule/_team_schedule_panel.html")
def team_schedule_panel(team, user):
    """The team page's calls: its open polls and coming meetings, listed to every signed-in person
    and linked only for those the poll or meeting page lets in, with the button to start a poll
    for those who may."""
    open_polls, meetings = team_polls_and_meetings(team=team)
    open_polls = [(poll, user.has_perm("schedule.view_availabilitypoll", poll)) for poll in open_polls]
    meetings = [(meeting, user.has_perm("schedule.view_meeting", meeting)) for meeting in meetings]
    return {
        "team": team,
        "open_polls": open_polls,
        "meetings": meetings,
        "calls_closed_to_me": any(not may_open for _call, may_open in open_polls + meetings),
        "can_create_poll": user.has_perm("schedule.create_availabilitypoll", team),
    }
