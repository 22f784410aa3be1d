from .meetings import Meeting, MeetingAttendee
from .milestones import CalendarFeed, Deliverable, Milestone, new_feed_token
from .polls import AvailabilityPoll, Invitee, PollComment, Slot, Vote

__all__ = [
    "AvailabilityPoll",
    "CalendarFeed",
    "Deliverable",
    "Invitee",
    "Meeting",
    "MeetingAttendee",
    "Milestone",
    "PollComment",
    "Slot",
    "Vote",
    "new_feed_token",
]
