"""Times are stored in UTC and shown in the viewer's zone, with UTC beside them, across DST changes."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from common.timezones import plain_when
from tests.factories import UserFactory


def _render_when(value, zone):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        return Template("{% load common %}{% when value %}").render(Context({"value": value}))


@pytest.mark.parametrize(
    "moment, zone, expected, utc",
    [
        # Europe: the last Sunday of March 2021 moved Paris from UTC+1 to UTC+2 at 01:00 UTC.
        (datetime(2021, 3, 28, 0, 30, tzinfo=UTC), "Europe/Paris", "Sun 28 Mar 2021, 01:30 CET", "00:30 UTC"),
        (
            datetime(2021, 3, 28, 1, 30, tzinfo=UTC),
            "Europe/Paris",
            "Sun 28 Mar 2021, 03:30 CEST",
            "01:30 UTC",
        ),
        # Auckland left summer time on 4 April 2021 at 14:00 UTC (03:00 NZDT became 02:00 NZST); the
        # UTC time is on the day before, and says so.
        (
            datetime(2021, 4, 3, 13, 30, tzinfo=UTC),
            "Pacific/Auckland",
            "Sun 04 Apr 2021, 02:30 NZDT",
            "Sat 03 Apr, 13:30 UTC",
        ),
        (
            datetime(2021, 4, 3, 14, 30, tzinfo=UTC),
            "Pacific/Auckland",
            "Sun 04 Apr 2021, 02:30 NZST",
            "Sat 03 Apr, 14:30 UTC",
        ),
        # Half- and three-quarter-hour zones.
        (datetime(2021, 9, 14, 12, 0, tzinfo=UTC), "Asia/Kolkata", "Tue 14 Sep 2021, 17:30 IST", "12:00 UTC"),
        (
            datetime(2021, 9, 14, 12, 0, tzinfo=UTC),
            "Asia/Kathmandu",
            "Tue 14 Sep 2021, 17:45 +0545",
            "12:00 UTC",
        ),
        # São Paulo at night: the UTC time is already the next day.
        (
            datetime(2021, 9, 15, 1, 0, tzinfo=UTC),
            "America/Sao_Paulo",
            "Tue 14 Sep 2021, 22:00 -03",
            "Wed 15 Sep, 01:00 UTC",
        ),
    ],
)
def test_times_show_in_the_viewers_zone_with_utc_beside(moment, zone, expected, utc):
    html = _render_when(moment, zone)
    assert (
        f'<time datetime="{moment:%Y-%m-%dT%H:%M:%S}Z">{expected}</time> <span class="utc">({utc})</span>'
        == html
    )
    assert plain_when(moment, zone) == f"{expected} ({utc})"  # the Python twin, for a zone given


def test_utc_viewers_see_utc_once():
    html = _render_when(datetime(2021, 9, 14, 12, 0, tzinfo=UTC), "UTC")
    assert html.count("UTC") == 1


@pytest.mark.django_db
def test_pages_use_the_profile_zone_else_the_browser_zone(client):
    client.cookies["tz"] = "America/Sao_Paulo"
    assert "Times are shown in America/Sao_Paulo." in client.get(reverse("home")).content.decode()

    client.cookies["tz"] = "Not/A_Zone"
    assert "Times are shown in UTC." in client.get(reverse("home")).content.decode()

    client.force_login(UserFactory(time_zone="Pacific/Auckland"))
    assert "Times are shown in Pacific/Auckland." in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_pages_use_the_profile_language(client):
    client.force_login(UserFactory(language="fr"))
    response = client.get(reverse("home"))
    assert response.headers["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.content.decode()


def _countdown(value, zone):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        return Template("{% load common %}{{ value|countdown }}").render(Context({"value": value}))


@pytest.mark.parametrize(
    "zone",
    ["Pacific/Kiritimati", "Asia/Kolkata", "Europe/Paris", "UTC", "America/Los_Angeles", "Pacific/Pago_Pago"],
)
@pytest.mark.parametrize("days", [2, 14, 20])
def test_countdown_counts_days_on_the_viewers_calendar(now, zone, days):
    """Noon N days after the viewer's today is "in N days" and noon N days before it "N days ago",
    at any hour of UTC's day: the viewer's today is not UTC's (UTC+14 to UTC-11 here)."""
    here = zoneinfo.ZoneInfo(zone)
    today = now.astimezone(here).date()
    ahead = datetime.combine(today + timedelta(days=days), time(12, 0), tzinfo=here)
    behind = datetime.combine(today - timedelta(days=days), time(12, 0), tzinfo=here)
    assert _countdown(ahead, zone) == f"in {days} days"
    assert _countdown(behind, zone) == f"{days} days ago"


def _render(source, **context):
    return Template("{% load common %}" + source).render(Context(context))


def test_a_span_names_the_zone_once_and_utc_beside_it():
    start = datetime(2021, 9, 14, 12, 0, tzinfo=UTC)
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        assert _render("{% when start end=end %}", start=start, end=start + timedelta(hours=1)) == (
            '<time datetime="2021-09-14T12:00:00Z">Tue 14 Sep 2021, 17:30–18:30 IST</time>'
            ' <span class="utc">(12:00–13:00 UTC)</span>'
        )
        assert _render("{{ start|when_text:end }}", start=start, end=start + timedelta(hours=1)) == (
            "Tue 14 Sep 2021, 17:30–18:30 IST (12:00–13:00 UTC)"
        )
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        assert _render("{{ start|when_text:end }}", start=start, end=start + timedelta(hours=1)) == (
            "Tue 14 Sep 2021, 12:00–13:00 UTC"
        )


def test_a_span_across_the_change_to_summer_time_shows_both_offsets():
    start = datetime(2021, 3, 28, 0, 30, tzinfo=UTC)  # 01:30 CET; an hour later it is 03:30 CEST
    assert plain_when(start, "Europe/Paris", end=start + timedelta(hours=1)) == (
        "Sun 28 Mar 2021, 01:30 CET – Sun 28 Mar 2021, 03:30 CEST (00:30–01:30 UTC)"
    )


def test_another_persons_zone_and_the_compact_form_for_grids():
    moment = datetime(2021, 9, 14, 20, 0, tzinfo=UTC)
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        assert _render('{% when moment zone="Pacific/Auckland" compact=True %}', moment=moment) == (
            '<time datetime="2021-09-14T20:00:00Z">Wed 15 Sep, 08:00 NZST</time>'
            '<br><span class="utc">Tue 14 Sep, 20:00 UTC</span>'
        )
        assert _render("{% when moment compact=True %}", moment=moment) == (
            '<time datetime="2021-09-14T20:00:00Z">Tue 14 Sep, 20:00 UTC</time>'
        )


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        ("fr", "Europe/Paris", "mar 10 août 2021, 14:00 CEST (12:00 UTC)"),
        ("es", "America/Mexico_City", "mar 10 ago 2021, 07:00 CDT (12:00 UTC)"),
        # The month in the genitive, as a Russian date reads.
        ("ru", "Europe/Moscow", "Вт, 10 августа 2021, 15:00 MSK (12:00 UTC)"),
        # Year, month, day, then the weekday, as a Chinese date reads.
        ("zh-hans", "Asia/Shanghai", "2021年8月10日（星期二）20:00 CST (12:00 UTC)"),
        # The Arabic comma; the zone and UTC keep their Latin letters.
        ("ar", "Africa/Cairo", "الثلاثاء 10 أغسطس 2021، 14:00 EET (12:00 UTC)"),
        # Already tomorrow in Auckland: the UTC part names its own day, in the reader's language.
        ("ru", "Pacific/Auckland", "Ср, 11 августа 2021, 00:00 NZST (Вт, 10 августа, 12:00 UTC)"),
    ],
)
def test_dates_read_as_the_readers_language_writes_them(language, zone, expected):
    moment = datetime(2021, 8, 10, 12, 0, tzinfo=UTC)
    with translation.override(language):
        assert plain_when(moment, zone) == expected


@pytest.mark.parametrize(
    ("language", "full", "short"),
    [
        ("en", "Tue 10 Aug 2021", "Tue 10 Aug"),
        ("fr", "mar 10 août 2021", "mar 10 août"),
        ("ru", "Вт, 10 августа 2021", "Вт, 10 августа"),
        ("zh-hans", "2021年8月10日（星期二）", "8月10日（星期二）"),
        ("ar", "الثلاثاء 10 أغسطس 2021", "الثلاثاء 10 أغسطس"),
    ],
)
def test_a_day_reads_as_it_does_inside_a_moment(language, full, short):
    """Day headings and day links ({{ day|day }}) use the moments' own patterns, not Django's
    DATE_FORMAT ('Dec. 22, 2026') nor a numeric one ('12/22/2026') that reads differently per country."""
    with translation.override(language):
        rendered = _render('{{ day|day }} / {{ day|day:"short" }}', day=datetime(2021, 8, 10).date())
        assert rendered == f"{full} / {short}"
        assert plain_when(datetime(2021, 8, 10, 12, tzinfo=UTC), "UTC").startswith(full)
