"""The released programme as files: the .ics of all of it (of one kind, of one issue area), of one
session, of one person's schedule (their feed, behind its secret address), the JSON other sites
embed, and the secretariat's CSV of the whole draft."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.csv_export import csv_text_response
from common.permissions import Refused, permission_required
from proposals.models import SessionKind
from schedule.selectors.milestones import calendar_feed_by_token
from teams.models import IssueArea
from teams.selectors import current_cycle

from .. import exports
from ..selectors import public as selectors

# Calendar apps poll on their own schedule; within this a client (or a shared cache, for the
# public files) may reuse its copy, after which it asks again with If-None-Match.
FEED_MAX_AGE = 300
EXPORT = "programme.export_programmesession"


def _ics(request, body: exports.Body, filename: str, *, private: bool) -> HttpResponse:
    etag = quote_etag(body.etag)
    response = get_conditional_response(request, etag=etag, last_modified=body.last_modified)
    if response is None:
        response = HttpResponse(body.content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(body.last_modified)
    # A personal feed's address is its credential: no shared cache may keep it.
    patch_cache_control(
        response, max_age=FEED_MAX_AGE, **({"private": True} if private else {"public": True})
    )
    patch_vary_headers(response, ["Accept-Language"])  # the calendar's name and labels are translated
    return response


@require_http_methods(["GET", "HEAD"])
def programme_ics(request):
    """The released programme, all of it, or of one kind (?kind=slug) or one issue area (?area=slug)."""
    kind_slug, area_slug = request.GET.get("kind", ""), request.GET.get("area", "")
    kind = get_object_or_404(SessionKind, slug=kind_slug) if kind_slug else None
    area = get_object_or_404(IssueArea, slug=area_slug) if area_slug else None
    body = exports.programme_ics(kind=kind, area=area)
    if body is None:
        raise Http404(_("The programme is not published yet."))
    suffix = f"-{kind.slug}" if kind else ""
    suffix += f"-{area.slug}" if area else ""
    return _ics(request, body, f"igf-programme{suffix}.ics", private=False)


@require_http_methods(["GET", "HEAD"])
def session_ics(request, pk):
    """One released session's calendar file, to download ("Add to my calendar")."""
    session = selectors.public_session(pk)
    response = HttpResponse(exports.session_ics(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="igf-session-{session.pk}.ics"'
    return response


@require_http_methods(["GET", "HEAD"])
def feed(request, token):
    """A person's schedule as a feed, behind its secret address (their calendar's). Looked up on
    every request: a reset token gets a 404 at once."""
    found = calendar_feed_by_token(token=token)
    if found is None:
        raise Http404  # says nothing of whose the token was, or whether it ever existed
    body = exports.personal_feed(found)
    return _ics(request, body, "igf-programme-mine.ics", private=True)


@require_http_methods(["GET", "HEAD"])
def programme_json(request):
    """The released programme in the shape of docs/programme-json.md, for other sites to embed."""
    body = exports.programme_json()
    etag = quote_etag(body.etag)
    response = get_conditional_response(request, etag=etag, last_modified=body.last_modified)
    if response is None:
        response = HttpResponse(body.content, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, max_age=FEED_MAX_AGE, public=True)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def _secretariat_only(request, obj):
    return Refused(_("Only the secretariat exports the draft programme."))


@permission_required(EXPORT, refused=_secretariat_only)
def programme_csv(request):
    """Every session of the current year's draft, placed or not (the secretariat's)."""
    cycle = current_cycle()
    if cycle is None:
        raise Http404(_("No IGF year is current."))
    return csv_text_response(f"igf-programme-{cycle.year}.csv", exports.draft_csv(cycle))
