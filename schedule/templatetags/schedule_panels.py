"""Panels of schedule shown on other apps' pages, so that those apps need not import schedule."""

import hashlib

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.rules import is_secretariat
from common.permissions import has_perm
from common.versions import version_of, versioned_get_or_set
from schedule.rules import is_in_team_of, is_invited_to
from schedule.selectors.polls import TEAM_CALLS_TIMEOUT, team_polls_and_meetings

register = template.Library()


@register.simple_tag
def team_schedule_panel(team, user, in_team=None, versions=None):
    """The team page's calls: its open polls and coming meetings, listed to every signed-in person
    and linked only for those the poll or meeting page lets in, with the button to start a poll
    for those who may. `in_team`: the viewer's membership of the team when the page has read it
    already (None: not a member, or not known); `versions`: version_of("polls", "meetings") when
    the page has read it already."""
    versions = versions or version_of("polls", "meetings")
    open_polls, meetings = team_polls_and_meetings(team=team, versions=versions)
    calls = open_polls + meetings
    # The view permission of a poll or meeting is "secretariat, in its team, or invited to it": the
    # first two are the same for every call of this team, so they are asked once, not per call.
    sees_every_call = bool(calls) and (
        is_secretariat(user) or in_team is not None or is_in_team_of(user, calls[0])
    )
    can_create_poll = has_perm(user, "schedule.create_availabilitypoll", team)
    # The group's CSV files, linked for those who may download them (schedule.views.exports).
    exports = (
        has_perm(user, "teams.export_attendance_issueteam", team),
        has_perm(user, "teams.export_action_items_issueteam", team),
    )

    def render(may_open):
        open_polls_ = [(poll, may_open(poll)) for poll in open_polls]
        meetings_ = [(meeting, may_open(meeting)) for meeting in meetings]
        return render_to_string(
            "schedule/_team_schedule_panel.html",
            {
                "team": team,
                "open_polls": open_polls_,
                "meetings": meetings_,
                "calls_closed_to_me": any(not opens for _call, opens in open_polls_ + meetings_),
                "can_create_poll": can_create_poll,
                "can_export_attendance": exports[0],
                "can_export_action_items": exports[1],
            },
        )

    if not calls or sees_every_call:
        # The same for everyone in the team (and the secretariat) who reads it in this language and
        # zone: cached under the calls' versions and the calls still to come (a meeting that ended
        # since leaves the key).
        shown = ",".join(str(call.pk) for call in open_polls) + ";" + ",".join(str(m.pk) for m in meetings)
        shown = hashlib.sha256(shown.encode()).hexdigest()[:16]
        zone = timezone.get_current_timezone_name()
        links = "".join(str(int(may)) for may in (can_create_poll, *exports))
        key = f"schedule:team-calls-html:{team.pk}:{links}:{shown}:{get_language()}:{zone}"
        key += f":{versions}"
        return mark_safe(versioned_get_or_set(key, lambda: render(lambda call: True), TEAM_CALLS_TIMEOUT))
    return mark_safe(render(lambda call: is_invited_to(user, call)))
