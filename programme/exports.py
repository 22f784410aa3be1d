"""The released programme as files others read: iCalendar (all, per kind, per issue area, and each
person's own schedule), JSON in the documented shape of docs/programme-json.md (other sites embed
it), and the secretariat's CSV of the whole draft.

Only public facts leave in the .ics and the JSON: titles, times, who convenes, kinds, issue areas,
policy questions, where to join and the confirmed speakers' names and roles; never an address.
Bodies are built once per version of what they show and language, and served from the cache."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from common.csv_export import csv_text
from common.fragments import versioned_value
from common.lists import joined

from . import ical
from .enums import CONVENER_STYLE, Convener
from .selectors import public as selectors

JSON_FORMAT = "igfmag.programme/1"
# What the files show: sessions, releases and bookings; kinds and speakers; issue areas and questions.
EXPORT_VERSIONS = ("programme", "proposals", "teams")
EXPORT_TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Body:
    content: bytes
    etag: str
    last_modified: int  # Unix time of the build


def _cached(key: str, build, names=EXPORT_VERSIONS) -> Body:
    """`build()`'s bytes under `key` and the versions of all the files show; the ETag is derived
    from the versions, so every worker agrees on it and a 304 needs no body."""

    def made():
        content = build()
        return {
            "content": content,
            "etag": hashlib.sha256(content or b"").hexdigest()[:32],
            "built": int(timezone.now().timestamp()),
        }

    value = versioned_value(f"programme-export:{key}:{get_language()}", names, made, timeout=EXPORT_TIMEOUT)
    return Body(value["content"], value["etag"], value["built"])


def _site(path: str) -> str:
    return settings.IGFMAG_SITE_URL.rstrip("/") + path


def _stamp(moment) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def programme_ics(*, kind=None, area=None) -> Body | None:
    """The released programme (of one kind, or one issue area) as a calendar; None before the
    first release. Read whole from the cache: the year and its release too."""

    def build():
        found = selectors.published()
        if not found.is_public:
            return None
        name = f"IGF {found.cycle.year} programme"
        if kind is not None:
            name += f": {kind.localized('name').text}"
        if area is not None:
            name += f": {area.localized('name').text}"
        sessions = selectors.released_sessions(found.cycle, kind=kind, area=area)
        return ical.programme_calendar(sessions, name=name)

    body = _cached(f"ics:{kind.pk if kind else ''}:{area.pk if area else ''}", build)
    return body if body.content is not None else None


def session_ics(session) -> bytes:
    """One session's calendar file ("Add to my calendar")."""
    return ical.programme_calendar([session], name=session.title)


def personal_feed(feed) -> Body:
    """The sessions the feed's owner chose: a cancelled one stays in it as STATUS:CANCELLED (same
    UID, higher SEQUENCE), so their calendar takes it off. Empty before the first release. Kept
    under the owner and a digest of the token (never the token: cache keys are listed in plain
    text by Redis tools), and the choices' version too."""
    token_digest = hashlib.sha256(feed.token.encode()).hexdigest()[:24]

    def build():
        found = selectors.published()
        sessions = selectors.my_sessions(feed.user, found.cycle) if found.is_public else []
        return ical.programme_calendar(sessions, name="IGF programme: my schedule")

    return _cached(
        f"feed:{feed.user_id}:{token_digest}", build, names=(*EXPORT_VERSIONS, "programme_selections")
    )


def _session_json(session) -> dict:
    return {
        "id": session.pk,
        "uid": ical.session_uid(session),
        "sequence": session.sequence,
        "title": session.title,
        "description": session.description,
        "status": session.status,
        "starts_at": _stamp(session.starts_at),
        "ends_at": _stamp(session.ends_at),
        "minutes": session.minutes,
        "convener": session.convener,
        "kind": (
            {"slug": session.kind.slug, "name": session.kind.localized("name").text} if session.kind else None
        ),
        "issue_areas": [
            {"slug": area.slug, "name": area.localized("name").text} for area in session.issue_areas.all()
        ],
        "policy_questions": [question.localized("text").text for question in session.policy_questions.all()],
        "modality": session.modality,
        "join_url": session.join_url,
        "venue": session.venue,
        "speakers": [
            {"name": speaker.name, "role": speaker.role} for speaker in selectors.speakers_of(session)
        ],
        "url": _site(reverse("programme:session", args=[session.pk])),
        "ics": _site(reverse("programme:session_ics", args=[session.pk])),
    }


def programme_json_data() -> dict:
    """The released programme in the shape of docs/programme-json.md (format igfmag.programme/1)."""
    found = selectors.published()
    data = {
        "format": JSON_FORMAT,
        "language": get_language(),
        "year": found.cycle.year if found.cycle else None,
        "published": found.is_public,
        "release": None,
        "conveners": [
            {
                "id": convener.value,
                "name": str(convener.label),
                "short": CONVENER_STYLE[convener]["short"],
                "colour": CONVENER_STYLE[convener]["colour"],
            }
            for convener in Convener
        ],
        "sessions": [],
    }
    if found.is_public:
        data["release"] = {
            "number": found.release.number,
            "released_at": _stamp(found.release.released_at),
            "approved_on": found.release.approved_on.isoformat() if found.release.approved_on else None,
        }
        data["sessions"] = [_session_json(s) for s in selectors.released_sessions(found.cycle)]
    return data


def programme_json() -> Body:
    return _cached(
        "json", lambda: json.dumps(programme_json_data(), ensure_ascii=False, sort_keys=True).encode()
    )


CSV_HEADER = (
    "id",
    "title",
    "status",
    "starts (UTC)",
    "ends (UTC)",
    "minutes",
    "convened by",
    "kind",
    "issue areas",
    "held",
    "resources booked",
    "confirmed speakers",
    "venue",
    "link to join",
)


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if moment else ""


def _csv_rows(sessions):
    for session in sessions:
        yield (
            session.pk,
            session.title,
            session.get_status_display(),
            _utc(session.starts_at),
            _utc(session.ends_at),
            session.minutes,
            session.get_convener_display(),
            session.kind.localized("name").text if session.kind else "",
            joined([area.localized("name").text for area in session.issue_areas.all()]),
            session.get_modality_display(),
            joined([booking.resource.name for booking in session.bookings.all()]),
            joined([f"{s.name} ({s.get_role_display()})" for s in selectors.speakers_of(session)]),
            session.venue,
            session.join_url,
        )


def draft_csv(cycle) -> str:
    """Every session of the year's draft, placed or not, for the secretariat (times in UTC; every
    cell made safe from spreadsheet formulas)."""

    def build():
        return csv_text(CSV_HEADER, _csv_rows(selectors.draft_sessions(cycle)))

    return versioned_value(
        f"programme-export:csv:{cycle.pk}:{get_language()}", EXPORT_VERSIONS, build, timeout=EXPORT_TIMEOUT
    )
