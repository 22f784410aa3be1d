"""The calendar feeds' bodies, built once per change and served from the cache.

Calendar apps poll a feed every few minutes to hours, thousands of them, and the feed changes a
few times a week: the built .ics is cached under a key made of the versions of everything it
shows (milestones, meetings, teams and memberships), the language its labels are in, the day
its window starts, and, for a private feed, whose feed and which token. A change makes a new key
(so a new body and a new ETag); a reset token makes a new key and the old one is refused before
the cache is read (schedule.views.feeds). Nobody's private feed is stored under a key another
person's request can compute.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.versions import version_of

from .. import ical
from ..models import CalendarFeed
from .meetings import feed_meetings_for, public_meetings
from .milestones import feed_milestones_for, public_feed_milestones
from .records import feed_action_items_for

# What a calendar subscriber needs is the recent past (what just passed, still talked about) and
# the whole coming year; the rest is on the site. Calendar apps replace a subscribed calendar with
# each download, so a feed that keeps every past cycle would only grow. The window therefore
# starts FEED_DAYS_BACK days ago, and holds at most FEED_MAX_MILESTONES milestones and
# FEED_MAX_MEETINGS meetings, the soonest first. A real IGF year has about 30 milestones and a
# member's meetings are a few a month, so a real year fits with room to spare (five times its
# milestones, a meeting twice a week); at ten times the IGF's size a feed already reaches the caps,
# so at a hundred times it keeps the size it has at ten (tests/schedule/test_feed_sizes.py).
# Both are said in the feed's description.
FEED_DAYS_BACK = 30
FEED_MAX_MILESTONES = 150
FEED_MAX_MEETINGS = 100
# Open action items the feed's owner answers for (the secretariat's too, for the secretariat).
FEED_MAX_ACTION_ITEMS = 100
# Old entries go by themselves; a new version or a new day makes a new key anyway.
FEED_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class FeedBody:
    content: bytes
    etag: str
    last_modified: int  # Unix time of the build, for Last-Modified


def feed_window_start(now: datetime | None = None) -> datetime:
    """Midnight UTC, FEED_DAYS_BACK days ago: the window moves once a day, so the cache key does too."""
    day = (now or timezone.now()).astimezone(UTC).date() - timedelta(days=FEED_DAYS_BACK)
    return datetime.combine(day, time.min, tzinfo=UTC)


def _description(since: datetime) -> str:
    return _(
        "Events from %(date)s (UTC) onwards, at most %(milestones)d milestones and %(meetings)d "
        "meetings, the soonest first; the others are on the site."
    ) % {"date": since.date().isoformat(), "milestones": FEED_MAX_MILESTONES, "meetings": FEED_MAX_MEETINGS}


def _cached(key: str, build) -> FeedBody:
    """The body under `key`, built by `build()` if missing. The ETag is derived from the key, so a
    304 needs no body and every worker agrees on it."""
    etag = hashlib.sha256(key.encode()).hexdigest()[:32]
    entry = cache.get(key)
    if entry is None:
        entry = (build(), int(timezone.now().timestamp()))
        cache.set(key, entry, FEED_CACHE_SECONDS)
    content, built_at = entry
    return FeedBody(content=content, etag=etag, last_modified=built_at)


def public_feed_body() -> FeedBody:
    """The public milestones and the meetings their groups made public (each with its group's name
    and the video link; never who is invited, nor the organiser's address)."""
    since = feed_window_start()
    versions = version_of("milestones", "meetings", "teams")
    key = f"igfmag:feed:public:{get_language()}:{since.date()}:{versions}"
    return _cached(
        key,
        lambda: ical.calendar_for(
            public_feed_milestones(since=since, limit=FEED_MAX_MILESTONES),
            name="IGF MAG public calendar",
            description=_description(since),
            public_meetings=public_meetings(since=since, limit=FEED_MAX_MEETINGS),
        ),
    )


def private_feed_body(feed: CalendarFeed) -> FeedBody:
    """`feed`'s owner's milestones and meetings. The key holds the owner and a digest of the token
    (not the token itself: cache keys are listed in plain text by Redis tools)."""
    since = feed_window_start()
    token_digest = hashlib.sha256(feed.token.encode()).hexdigest()[:24]
    versions = version_of("milestones", "meetings", "teams")
    # The role too: the secretariat's feed carries the secretariat's action items.
    owner = f"{feed.user_id}:{feed.user.role}"
    key = f"igfmag:feed:private:{owner}:{token_digest}:{get_language()}:{since.date()}:{versions}"
    return _cached(
        key,
        lambda: ical.calendar_for(
            feed_milestones_for(user=feed.user, since=since, limit=FEED_MAX_MILESTONES),
            name="IGF MAG: my teams",
            description=_description(since),
            meetings=feed_meetings_for(user=feed.user, since=since, limit=FEED_MAX_MEETINGS),
            action_items=feed_action_items_for(user=feed.user, since=since, limit=FEED_MAX_ACTION_ITEMS),
        ),
    )
