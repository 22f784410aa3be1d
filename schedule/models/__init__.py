from .busy import BusyCalendar, BusyTime
from .meetings import Meeting, MeetingAttendee, MeetingSeries
from .milestones import CalendarFeed, Deliverable, Milestone, new_feed_token
from .outside import OutsideCalendar, OutsideEvent
from .papers import AgendaInput, MeetingPaper
from .polls import AvailabilityPoll, Invitee, PollComment, Slot, Vote
from .records import ActionItem, Decision, MeetingRecord, ParkingLotItem

__all__ = [
    "ActionItem",
    "AgendaInput",
    "AvailabilityPoll",
    "BusyCalendar",
    "BusyTime",
    "CalendarFeed",
    "Decision",
    "Deliverable",
    "Invitee",
    "Meeting",
    "MeetingAttendee",
    "MeetingPaper",
    "MeetingSeries",
    "MeetingRecord",
    "Milestone",
    "OutsideCalendar",
    "OutsideEvent",
    "ParkingLotItem",
    "PollComment",
    "Slot",
    "Vote",
    "new_feed_token",
]
