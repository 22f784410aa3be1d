"""Calendar feeds: the public milestones, each person's private feed, and its settings page."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.permissions import permission_required

from .. import ical
from ..selectors.meetings import feed_meetings_for
from ..selectors.milestones import calendar_feed_by_token, feed_milestones_for, public_feed_milestones
from ..services.feeds import calendar_feed_get, calendar_feed_reset


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def public_feed(request):
    return _ics(
        ical.calendar_for(public_feed_milestones(), name="IGF MAG public milestones"),
        "igf-mag-public.ics",
    )


def private_feed(request, token):
    feed = calendar_feed_by_token(token=token)
    if feed is None:
        raise Http404  # says nothing of whose the token was, or whether it ever existed
    return _ics(
        ical.calendar_for(
            feed_milestones_for(user=feed.user),
            name="IGF MAG: my teams",
            meetings=feed_meetings_for(user=feed.user),
        ),
        "igf-mag-mine.ics",
    )


@require_http_methods(["GET", "POST"])
@permission_required("schedule.use_calendarfeed")
def calendar_settings(request):
    if request.method == "POST":
        calendar_feed_reset(user=request.user)
        messages.success(request, _("Your calendar address is new; the old one no longer works."))
        return redirect("schedule:calendar")
    feed = calendar_feed_get(user=request.user)
    return render(
        request,
        "schedule/calendar.html",
        {
            "private_url": request.build_absolute_uri(f"/calendar/{feed.token}.ics"),
            "public_url": request.build_absolute_uri("/calendar/public.ics"),
        },
    )
