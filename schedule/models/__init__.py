from .meetings import Meeting, MeetingAttendee
from .milestones import CalendarFeed, Deliverable, Milestone, new_feed_token
from .polls import AvailabilityPoll, Invitee, PollComment, Slot, Vote
from .records import ActionItem, Decision, MeetingRecord, ParkingLotItem

__all__ = [
    "ActionItem",
    "AvailabilityPoll",
    "CalendarFeed",
    "Decision",
    "Deliverable",
    "Invitee",
    "Meeting",
    "MeetingAttendee",
    "MeetingRecord",
    "Milestone",
    "ParkingLotItem",
    "PollComment",
    "Slot",
    "Vote",
    "new_feed_token",
]
