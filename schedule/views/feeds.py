"""Calendar feeds: the public milestones, each person's private feed, and its settings page."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.permissions import permission_required

from ..selectors.feeds import FeedBody, private_feed_body, public_feed_body
from ..selectors.milestones import calendar_feed_by_token
from ..services.feeds import calendar_feed_get, calendar_feed_reset

# Calendar apps poll on their own schedule; within this a client (or, for the public feed, a
# shared cache) may reuse its copy, after it asks again with If-None-Match and mostly gets a 304.
FEED_MAX_AGE = 300


def _ics(request, body: FeedBody, filename: str, *, private: bool) -> HttpResponse:
    etag = quote_etag(body.etag)
    response = get_conditional_response(request, etag=etag, last_modified=body.last_modified)
    if response is None:
        response = HttpResponse(body.content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(body.last_modified)
    # The private feed's address is its credential: no shared cache may keep it.
    patch_cache_control(
        response, max_age=FEED_MAX_AGE, **({"private": True} if private else {"public": True})
    )
    patch_vary_headers(response, ["Accept-Language"])  # the events' labels are translated
    return response


@require_http_methods(["GET", "HEAD"])
def public_feed(request):
    return _ics(request, public_feed_body(), "igf-mag-public.ics", private=False)


@require_http_methods(["GET", "HEAD"])
def private_feed(request, token):
    # Looked up on every request, before the cache: a reset token or a deactivated person gets
    # a 404 at once, never the body cached for them.
    feed = calendar_feed_by_token(token=token)
    if feed is None:
        raise Http404  # says nothing of whose the token was, or whether it ever existed
    return _ics(request, private_feed_body(feed), "igf-mag-mine.ics", private=True)


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
