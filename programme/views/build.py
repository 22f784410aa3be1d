"""The secretariat's pages for building the year's programme: the draft a day at a time, the
accepted proposals to add, items that are not proposals, and each session's time, place and bookings."""

from datetime import date
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import add_to_form, flash
from common.fragments import CSRF_PLACEHOLDER, render_blocks, versioned_value, with_csrf_token
from common.permissions import Refused, permission_required
from review.models import Entry
from teams.selectors import current_cycle

from ..enums import CONVENER_STYLE, Convener
from ..forms.build import BookForm, ItemForm, SessionForm
from ..models import ProgrammeSession, ResourceBooking
from ..selectors import sessions as selectors
from ..selectors.clashes import outside_version
from ..services import build as services
from ..services import resources as resource_services

BUILD = "programme.build_programmesession"


def secretariat_only(request, obj=None):
    return Refused(_("Only the secretariat builds the programme."))


def _cycle():
    cycle = current_cycle()
    if cycle is None:
        raise Http404(_("There is no current year."))
    return cycle


def legend() -> list[dict]:
    return [
        {
            "value": convener.value,
            "label": convener.label,
            "colour": CONVENER_STYLE[convener]["colour"],
            "short": CONVENER_STYLE[convener]["short"],
        }
        for convener in Convener
    ]


def _zone() -> str:
    return timezone.get_current_timezone_name()


def _build_context(request, cycle, item_form=None) -> dict:
    zone = _zone()
    return {
        "cycle": cycle,
        "draft": selectors.draft_day(cycle, zone, request.GET.get("day")),
        "entries": selectors.entries_to_add(cycle, selectors.page_number(request.GET.get("entries"))),
        "unplaced": selectors.unplaced_sessions(cycle, selectors.page_number(request.GET.get("unplaced"))),
        "item_form": item_form or ItemForm(initial={"time_zone": zone}),
        "legend": legend(),
        "zone": zone,
    }


# What the build page shows comes from these: the draft, the review's decisions, the proposals'
# panels (clashes), groups and areas, and people (names of speakers).
BUILD_VERSIONS = ("programme", "review", "proposals", "teams", "people")
BUILD_TIMEOUT = 86400


def _day_key(text: str | None) -> str:
    try:
        return date.fromisoformat(text or "").isoformat()
    except ValueError:
        return ""


@permission_required(BUILD, refused=secretariat_only)
def build(request):
    """The draft a day at a time, the accepted proposals to add, the unplaced sessions and the form
    for an item that is not a proposal: cached per language, zone, day and pages under the versions
    of all it shows (and today's date, which picks the day shown first)."""
    cycle = _cycle()
    zone = _zone()
    params = [
        _day_key(request.GET.get("day")),
        selectors.page_number(request.GET.get("entries")),
        selectors.page_number(request.GET.get("unplaced")),
    ]
    today = timezone.localdate(timezone=ZoneInfo(zone))
    # The rows show each session's clashes, some of them against the outside calendars.
    outside = outside_version()
    key = f"programme-build:{cycle.pk}:{zone}:{today}:{outside}:{':'.join(map(str, params))}:{get_language()}"
    return cached_page(request, key, "programme/build/build.html", lambda: _build_context(request, cycle))


def cached_page(request, key: str, template: str, build, names=BUILD_VERSIONS, max_age=None) -> HttpResponse:
    """The page's blocks cached under the versions `names` (`key` names all else it varies by; with
    `max_age`, rebuilt at least that often, for what passes with time), the request's CSRF token put
    in after."""
    blocks = versioned_value(
        key,
        names,
        lambda: render_blocks(template, {**build(), "csrf_token": CSRF_PLACEHOLDER}),
        timeout=BUILD_TIMEOUT,
        max_age=max_age,
    )
    return render(
        request,
        "_cached_blocks.html",
        {name: with_csrf_token(html, request) for name, html in blocks.items()},
    )


@require_POST
@permission_required(BUILD, refused=secretariat_only)
def add_entry(request):
    cycle = _cycle()
    # The entry's id as sent, never clamped like a page number: a bad one finds nothing.
    asked = request.POST.get("entry", "")
    if not (asked.isdigit() and len(asked) < 19):
        raise Http404
    entry = get_object_or_404(Entry, round__cycle=cycle, pk=int(asked))
    try:
        session = services.session_from_entry(actor=request.user, entry=entry)
    except ValidationError as error:
        flash(request, error)
        return redirect("programme:build")
    messages.success(
        request, _("“%(title)s” is in the programme, not placed yet.") % {"title": session.title}
    )
    return redirect("programme:session_edit", session.pk)


@require_POST
@permission_required(BUILD, refused=secretariat_only)
def add_item(request):
    cycle = _cycle()
    form = ItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_add(
                actor=request.user,
                cycle=cycle,
                title=data["title"],
                convener=data["convener"],
                kind=data["kind"],
                areas=data["areas"],
                description=data["description"],
                starts_at=data.get("starts_local"),
                minutes=data["minutes"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("“%(title)s” is in the programme.") % {"title": session.title})
            return redirect("programme:session_edit", session.pk)
    return render(request, "programme/build/build.html", _build_context(request, cycle, item_form=form))


def _session(request, pk, **kwargs):
    session = ProgrammeSession.objects.filter(cycle=_cycle(), pk=pk).first()
    if session is None:
        raise Http404(_("There is no such session in this year's programme."))
    return session


def _session_initial(session, zone: str) -> dict:
    local = timezone.localtime(session.starts_at).replace(tzinfo=None) if session.starts_at else None
    return {
        "title": session.title,
        "convener": session.convener,
        "kind": session.kind,
        "areas": list(session.issue_areas.all()),
        "description": session.description,
        "starts_local": local,
        "time_zone": zone,
        "minutes": session.minutes,
        "modality": session.modality,
        "venue": session.venue,
        "join_url": session.join_url,
    }


def _edit_page(request, session, form=None, book_form=None):
    def context():
        full = selectors.session_for_edit(session.cycle_id, session.pk)
        return {
            "session": full,
            "form": form or SessionForm(initial=_session_initial(full, _zone())),
            "book_form": book_form or BookForm(),
            "legend": legend(),
        }

    if form is None and book_form is None:  # the page as it stands: the same for every request
        key = f"programme-session:{session.pk}:{_zone()}:{get_language()}"
        return cached_page(request, key, "programme/build/session.html", context)
    return render(request, "programme/build/session.html", context())


@require_http_methods(["GET", "POST"])
@permission_required(BUILD, get_object=_session, refused=secretariat_only)
def session_edit(request, pk, obj):
    if request.method == "GET":
        return _edit_page(request, obj)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.session_edit(actor=request.user, session=obj, **form.service_fields())
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": form.cleaned_data["title"]})
            return redirect("programme:session_edit", obj.pk)
    return _edit_page(request, obj, form=form)


@require_POST
@permission_required(BUILD, get_object=_session, refused=secretariat_only)
def session_cancel(request, pk, obj):
    cancelled = request.POST.get("cancelled") != "0"
    services.session_cancel(actor=request.user, session=obj, cancelled=cancelled)
    if cancelled:
        messages.success(request, _("“%(title)s” is cancelled.") % {"title": obj.title})
    else:
        messages.success(request, _("“%(title)s” is restored.") % {"title": obj.title})
    return redirect("programme:session_edit", obj.pk)


@require_POST
@permission_required(BUILD, get_object=_session, refused=secretariat_only)
def session_book(request, pk, obj):
    form = BookForm(request.POST)
    if form.is_valid():
        resource = form.cleaned_data["resource"]
        try:
            resource_services.book_session(actor=request.user, resource=resource, session=obj)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("%(resource)s is booked for this session.") % {"resource": resource.name}
            )
            return redirect("programme:session_edit", obj.pk)
    return _edit_page(request, obj, book_form=form)


@require_POST
@permission_required(BUILD, refused=secretariat_only)
def booking_release(request, pk):
    booking = get_object_or_404(ResourceBooking.objects.select_related("resource"), pk=pk)
    resource_services.booking_release(actor=request.user, booking=booking)
    messages.success(
        request, _("%(resource)s is free again at that time.") % {"resource": booking.resource.name}
    )
    if booking.session_id:
        return redirect("programme:session_edit", booking.session_id)
    return redirect("programme:resource", booking.resource_id)
