"""The secretariat's exports as CSV files: the attendance and the action items of one group (for
its facilitators and the secretariat; the action items for its members too), and of every group
of a cycle (for the secretariat). Every cell goes through common.csv_export."""

from common.csv_export import csv_response
from common.permissions import permission_required
from teams import selectors as team_selectors

from ..selectors import exports as selectors


def _team(request, year, slug, **kwargs):
    return team_selectors.team_get(year=year, slug=slug)


@permission_required("teams.export_attendance_issueteam", get_object=_team)
def team_attendance_csv(request, year, slug, obj):
    return csv_response(
        f"igfmag-{obj.cycle.year}-{obj.slug}-attendance.csv",
        selectors.ATTENDANCE_HEADER,
        selectors.attendance_rows(selectors.group_export(team=obj)),
    )


@permission_required("teams.export_action_items_issueteam", get_object=_team)
def team_action_items_csv(request, year, slug, obj):
    return csv_response(
        f"igfmag-{obj.cycle.year}-{obj.slug}-action-items.csv",
        selectors.ACTION_ITEMS_HEADER,
        selectors.action_item_rows(selectors.group_export(team=obj)),
    )


def _yearly_header(header):
    """The group's columns after the meeting's."""
    return [*header[:2], *selectors.GROUP_HEADER, *header[2:]]


@permission_required("schedule.export_meeting")
def year_attendance_csv(request, year):
    cycle = team_selectors.cycle_get(year=year)
    return csv_response(
        f"igfmag-{cycle.year}-attendance.csv",
        _yearly_header(selectors.ATTENDANCE_HEADER),
        selectors.attendance_rows(selectors.cycle_export(cycle=cycle)),
    )


@permission_required("schedule.export_actionitem")
def year_action_items_csv(request, year):
    cycle = team_selectors.cycle_get(year=year)
    return csv_response(
        f"igfmag-{cycle.year}-action-items.csv",
        _yearly_header(selectors.ACTION_ITEMS_HEADER),
        selectors.action_item_rows(selectors.cycle_export(cycle=cycle)),
    )
