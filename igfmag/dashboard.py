"""The signed-in dashboard's panels, each rendered once and then served from the cache.

A panel's key holds everything its HTML depends on: the versions of what it shows
(common/versions.py: bumped on commit by every change), the language, the viewer's time zone and,
for a panel about the viewer, their id and role. Panels about everyone (teams short of
facilitators) are shared by everyone, the secretariat's queues by the secretariat. A panel that
says how far a moment is ("in 3 hours") or lists what has not passed yet is kept only until the
first of its words or rows would change: no one sees a stale countdown or a deadline gone by.
The CSRF token is per session: a panel holds a placeholder, filled in for each request.
"""

import hashlib
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from accounts.models import User
from accounts.selectors import role_claims_pending
from common.fragments import CSRF_PLACEHOLDER, with_csrf_token
from common.paging import keyset_page
from common.timezones import in_zone
from common.versions import version_of
from schedule.selectors.milestones import due_next_for
from schedule.selectors.polls import polls_for_dashboard
from schedule.selectors.records import action_items_due_next
from teams import selectors as team_selectors

# A panel stays cached this long at most; a change to what it shows makes new keys at once.
PANEL_SECONDS = 600


@dataclass(frozen=True)
class _Panel:
    html: str
    expires_at: datetime | None  # the first moment its words or rows would change; None: no time in it


def countdown_changes_at(value: datetime, now: datetime, zone) -> datetime:
    """The first moment after `now` at which `{{ value|countdown }}` (common/templatetags) says
    something else: the next whole hour within a day of `value`, the moment a day away from it (hours
    turn to days), the next midnight in `zone` (days are calendar days), and `value` itself."""
    seconds = (value - now).total_seconds()
    local_now = in_zone(now, zone)
    next_midnight = datetime.combine(local_now.date() + timedelta(days=1), time(0), tzinfo=local_now.tzinfo)
    candidates = [value, next_midnight]
    shifts = [timedelta(days=-1), timedelta(days=1)]
    if 0 <= seconds < 24 * 3600:
        shifts.append(-timedelta(hours=int(seconds // 3600)))
    for shift in shifts:
        with suppress(OverflowError):  # a moment at the end of year 9999 (old rows may hold one)
            candidates.append(value + shift)
    return min(moment for moment in candidates if moment >= now)


def _expires_at(moments, now) -> datetime | None:
    zone = timezone.get_current_timezone()
    changes = [countdown_changes_at(moment, now, zone) for moment in moments]
    return min(changes) if changes else None


def _polls_panel(user: User, now: datetime) -> _Panel:
    polls = polls_for_dashboard(user=user)
    html = render_to_string("dashboard/_polls.html", {"polls": polls, "user": user})
    # Waiting polls leave the list at their deadline, meetings at their end; both show countdowns.
    moments = [poll.deadline for poll in polls.waiting]
    moments += [moment for meeting in polls.meetings for moment in (meeting.start, meeting.end)]
    return _Panel(html, _expires_at(moments, now))


def _due_next_panel(user: User, now: datetime) -> _Panel:
    due_next = due_next_for(user=user)
    html = render_to_string("dashboard/_due_next.html", {"due_next": due_next})
    return _Panel(html, _expires_at([milestone.due_at for milestone in due_next], now))


def _action_items_panel(user: User, now: datetime) -> _Panel:
    items, count = action_items_due_next(user=user)
    html = render_to_string(
        "dashboard/_action_items.html",
        {"items": items, "count": count, "user": user, "now": now, "csrf_token": CSRF_PLACEHOLDER},
    )
    # An item says "overdue" from its due moment on, and shows a countdown until then.
    return _Panel(html, _expires_at([item.due_at for item in items], now))


def _my_teams_panel(user: User, now: datetime) -> _Panel:
    memberships = team_selectors.my_memberships(user=user)
    context = {
        "memberships": memberships,
        "carry_over": team_selectors.carry_over_questions(user=user),
        "csrf_token": CSRF_PLACEHOLDER,
    }
    return _Panel(render_to_string("dashboard/_my_teams.html", context), None)


def _teams_short_panel(user: User, now: datetime) -> _Panel:
    cycle = team_selectors.current_cycle()
    teams_short = team_selectors.teams_short_first_few(cycle=cycle) if cycle else None
    return _Panel(render_to_string("dashboard/_teams_short.html", {"teams_short": teams_short}), None)


def _queues_panel(user: User, now: datetime) -> _Panel:
    queues = team_selectors.secretariat_queues()
    # The current cycle's yearly exports are linked under the queues (a cycle is of the teams' version).
    context = {"queues": queues, "cycle": team_selectors.current_cycle(), "csrf_token": CSRF_PLACEHOLDER}
    html = render_to_string("dashboard/_queues.html", context)
    return _Panel(html, None)


# Each panel: what it is built from (the versions in its key) and whether it is about the viewer.
_PANELS = {
    "polls": (_polls_panel, ("polls", "meetings", "teams"), True),
    "due_next": (_due_next_panel, ("milestones", "teams"), True),
    "action_items": (_action_items_panel, ("meetings", "teams", "people"), True),
    "my_teams": (_my_teams_panel, ("teams",), True),
    "teams_short": (_teams_short_panel, ("teams",), False),
    "queues": (_queues_panel, ("teams", "people"), False),
}


def dashboard_panels(request) -> dict[str, str]:
    """The dashboard's panels as HTML for the signed-in person of `request`: one round trip to the
    cache for the versions and one for the panels when nothing changed, no query."""
    user = request.user
    names = [name for name in _PANELS if name != "queues" or user.is_secretariat]
    version_names = sorted({version for name in names for version in _PANELS[name][1]})
    versions = dict(zip(version_names, version_of(*version_names).split("."), strict=True))
    language, zone = translation.get_language(), timezone.get_current_timezone_name()

    def key(name):
        _, depends_on, personal = _PANELS[name]
        viewer = (str(user.pk), user.role) if personal else ()
        return ":".join(("dashboard", name, *(versions[v] for v in depends_on), language, zone, *viewer))

    keys = {key(name): name for name in names}
    now = timezone.now()
    found = {
        name: panel
        for key_, panel in cache.get_many(keys).items()
        if (name := keys[key_]) and (panel.expires_at is None or panel.expires_at > now)
    }
    for key_, name in keys.items():
        if name not in found:
            panel = found[name] = _PANELS[name][0](user, now)
            seconds = PANEL_SECONDS
            if panel.expires_at is not None:
                seconds = min(seconds, int((panel.expires_at - now).total_seconds()))
            if seconds > 0:
                cache.set(key_, panel, seconds)
    html = {name: panel.html for name, panel in found.items()}
    return {name: with_csrf_token(text, request) for name, text in html.items()}


# The secretariat's queues in full (the dashboard shows the oldest few): a page at a time, oldest
# first, by key, so that a page costs the same however many wait.
QUEUE_PAGE = 25
# Each queue: its rows, the moment it is ordered by, its table, the versions of what the table shows.
_QUEUES = {
    "role_claims": (role_claims_pending, "queued_at", "dashboard/_role_claims_table.html", ("people",)),
    "volunteers": (
        team_selectors.volunteers_pending,
        "volunteered_at",
        "dashboard/_volunteers_table.html",
        ("teams", "people"),
    ),
}


def queue_page(request, name: str) -> dict:
    """A page of one of the secretariat's queues: `has_rows`, and its `table` and `pager` as HTML,
    cached like the panels by the versions of what they show, the language, the zone and the page
    asked for (the form around the table, with its CSRF token, is the view's)."""
    rows, by, table, depends_on = _QUEUES[name]
    language, zone = translation.get_language(), timezone.get_current_timezone_name()
    asked = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:16]
    key = ":".join(("dashboard-queue", name, version_of(*depends_on), language, zone, asked))
    part = cache.get(key)
    if part is None:
        page = keyset_page(rows(), request.GET, per_page=QUEUE_PAGE, by=by, oldest_first=True)
        part = {
            "has_rows": bool(page.rows),
            "table": render_to_string(table, {"rows": page.rows}),
            "pager": render_to_string("dashboard/_queue_pager.html", {"page": page}),
        }
        cache.set(key, part, PANEL_SECONDS)
    return {**part, "table": mark_safe(part["table"]), "pager": mark_safe(part["pager"])}  # noqa: S308
