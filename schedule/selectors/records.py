"""Reads of meetings' records and of the action items people answer for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from accounts.models import User

from ..enums import ActionItemStatus
from ..models import ActionItem, Decision, Meeting, MeetingRecord, ParkingLotItem

# The dashboard shows this many of the reader's open action items, the soonest due first.
DASHBOARD_ACTION_ITEMS = 8
ACTION_ITEMS_PER_PAGE = 25
# Past every list's last page: the paginator shows the last one.
_LAST_PAGE = 99999


@dataclass
class MeetingRecordView:
    record: MeetingRecord | None
    decisions: list[Decision]
    action_items: list[ActionItem]
    parking_lot: list[ParkingLotItem]

    @property
    def is_empty(self) -> bool:
        has_text = self.record is not None and (self.record.minutes or self.record.has_links)
        return not (has_text or self.decisions or self.action_items or self.parking_lot)


def meeting_record_get(*, meeting: Meeting) -> MeetingRecordView:
    """The meeting's record in four queries, whatever it holds (each list is bounded by
    records.ITEMS_PER_MEETING)."""
    action_items = list(ActionItem.objects.filter(meeting=meeting).select_related("owner"))
    for item in action_items:
        item.meeting = meeting  # its permission asks for the meeting's team: no query per item
    return MeetingRecordView(
        record=MeetingRecord.objects.filter(meeting=meeting).first(),
        decisions=list(Decision.objects.filter(meeting=meeting)),
        action_items=action_items,
        parking_lot=list(ParkingLotItem.objects.filter(meeting=meeting).select_related("carried_to")),
    )


def meeting_record_key(*, meeting_id: int, zone: str) -> str:
    """What the meeting page's record fragment varies by besides the versions of meetings and
    people: the meeting, the language and the reader's zone (the due times)."""
    return f"meeting-record:{meeting_id}:{get_language()}:{zone}"


def open_action_items_for(*, user: User) -> QuerySet[ActionItem]:
    """The open action items `user` answers for: their own, and the secretariat's for the secretariat."""
    mine = Q(owner=user)
    if user.is_secretariat:
        mine |= Q(owner_is_secretariat=True)
    return (
        ActionItem.objects.filter(mine, status=ActionItemStatus.OPEN)
        .select_related("owner", "meeting__team__area")
        .order_by("due_at", "pk")
    )


def action_items_due_next(*, user: User, limit: int = DASHBOARD_ACTION_ITEMS) -> tuple[list[ActionItem], int]:
    """The `limit` soonest of `user`'s open action items and how many there are: two queries."""
    items = open_action_items_for(user=user)
    return list(items[:limit]), items.count()


def action_items_page_number(asked) -> int:
    asked = str(asked or "")
    if not asked.isdigit():
        return 1
    return int(asked) if len(asked) <= len(str(_LAST_PAGE)) else _LAST_PAGE


def action_items_page(*, user: User, page_number: int) -> Page:
    """A page of `user`'s open action items, soonest due first: two queries, whatever the number."""
    return Paginator(open_action_items_for(user=user), ACTION_ITEMS_PER_PAGE).get_page(page_number)


# What a page of someone's action items shows: the items and their meetings (titles), and the
# meetings' groups (names, an issue team's from its area).
ACTION_ITEMS_VERSIONS = ("meetings", "teams")


def action_items_page_key(*, user: User, page_number: int, zone: str) -> str:
    """What a cached page of `user`'s action items varies by besides ACTION_ITEMS_VERSIONS: whose
    they are (the secretariat's too, for the secretariat), the page, the language and the reader's
    zone (the due times)."""
    return f"action-items:{user.pk}:{int(user.is_secretariat)}:{page_number}:{get_language()}:{zone}"


def action_item_get(*, pk: int) -> ActionItem:
    return get_object_or_404(ActionItem.objects.select_related("meeting__team", "owner"), pk=pk)


def feed_action_items_for(*, user: User, since: datetime, limit: int) -> list[ActionItem]:
    """`user`'s open action items due from `since` on (the secretariat's too, for the secretariat),
    the `limit` soonest: they go in the private calendar feed."""
    return list(open_action_items_for(user=user).filter(due_at__gte=since)[:limit])
