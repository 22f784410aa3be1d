"""Reads of a meeting's read-ahead papers and written input: a fixed number of queries each,
whatever their number (both are bounded per meeting, schedule.models.papers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from accounts.models import User

from ..models import AgendaInput, Meeting, MeetingPaper


def meeting_papers(*, meeting: Meeting) -> list[MeetingPaper]:
    """The meeting's papers with their owners: one query."""
    papers = list(MeetingPaper.objects.filter(meeting=meeting).select_related("owner"))
    for paper in papers:
        paper.meeting = meeting  # its due moment and its permission ask for the meeting
    return papers


def paper_get(*, meeting_pk: int, pk: int) -> MeetingPaper:
    return get_object_or_404(
        MeetingPaper.objects.select_related("meeting__team", "owner"), meeting_id=meeting_pk, pk=pk
    )


@dataclass
class InputGroup:
    item: str  # "" for the meeting in general
    entries: list[AgendaInput] = field(default_factory=list)


def agenda_input(*, meeting: Meeting, reader: User, sees_all: bool) -> list[InputGroup]:
    """The written input a reader may see, grouped by agenda item in the agenda's order (items no
    longer on the agenda after them, the meeting in general last): everyone's for those who run the
    meeting, the reader's own for anyone else. One query."""
    entries = AgendaInput.objects.filter(meeting=meeting).select_related("author")
    if not sees_all:
        entries = entries.filter(author=reader)
    order = {item: n for n, item in enumerate(meeting.agenda_items())}
    groups: dict[str, InputGroup] = {}
    for entry in entries:
        groups.setdefault(entry.item, InputGroup(entry.item)).entries.append(entry)
    return sorted(groups.values(), key=lambda g: (g.item == "", order.get(g.item, len(order)), g.item))
