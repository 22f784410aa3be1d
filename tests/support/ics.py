"""iCalendar files for the outside calendars' tests, dated from a given moment (never a hard-coded
year: the clock tests run at other dates)."""

from datetime import datetime, timedelta


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def event(uid: str, start: datetime, *, hours: int = 2, summary: str = "", extra: str = "") -> str:
    return (
        "BEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:{_stamp(start)}\r\n"
        f"DTSTART:{_stamp(start)}\r\nDTEND:{_stamp(start + timedelta(hours=hours))}\r\n"
        f"SUMMARY:{summary or uid}\r\n{extra}"
        "END:VEVENT\r\n"
    )


def all_day(uid: str, first: datetime, *, days: int = 1, summary: str = "") -> str:
    end = first + timedelta(days=days)
    return (
        "BEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:{_stamp(first)}\r\n"
        f"DTSTART;VALUE=DATE:{first:%Y%m%d}\r\nDTEND;VALUE=DATE:{end:%Y%m%d}\r\n"
        f"SUMMARY:{summary or uid}\r\n"
        "END:VEVENT\r\n"
    )


def calendar(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//igfmag tests//EN\r\n" + "".join(events)).encode() + (
        b"END:VCALENDAR\r\n"
    )


def nri_calendar(now: datetime) -> bytes:
    """Two NRI events a week and two weeks ahead."""
    return calendar(
        event("nri-forum@example.org", now + timedelta(days=7), summary="NRI regional forum"),
        event("nri-call@example.org", now + timedelta(days=14), summary="NRI coordination call"),
    )
