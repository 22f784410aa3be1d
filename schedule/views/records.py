"""A meeting's record, written by its facilitators on its own page, and the action items a person
answers for."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import back_to, flash, form_saved
from common.fragments import CSRF_PLACEHOLDER, versioned_value, with_csrf_token
from common.permissions import permission_required

from ..forms.records import ActionItemForm, ActionItemStatusForm, DecisionForm, ParkingLotForm, RecordForm
from ..selectors import meetings as meeting_selectors
from ..selectors import records as selectors
from ..services import records as services
from .cached_forms import meeting_and_cached_form

ACTION_ITEMS_TIMEOUT = 3600
# Where a cached list of action items holds the address its forms come back to.
_NEXT_PLACEHOLDER = "next-address-of-the-request"


def _meeting(request, pk, **kwargs):
    return meeting_selectors.meeting_get(pk=pk)


# What the blank record page is built from: the meeting and its record, the owners' names, and
# the groups (the owner's box asks for names at the group's address).
RECORD_PAGE_VERSIONS = (*meeting_selectors.MEETING_PAGE_VERSIONS, "teams")


def _record_page_key(request, pk) -> str:
    """All the blank record page varies by besides RECORD_PAGE_VERSIONS: the meeting, the
    language, the zone its times are shown in and the one its form offers."""
    zone = request.user.time_zone or "UTC"
    return f"meeting-record-page:{pk}:{get_language()}:{timezone.get_current_timezone_name()}:{zone}"


_meeting_and_record_page = meeting_and_cached_form(
    attribute="record_page", versions=RECORD_PAGE_VERSIONS, key_of=_record_page_key
)


def _action_item(request, pk, **kwargs):
    return selectors.action_item_get(pk=pk)


# How long a rendered record page may sit unread (a new version makes it unreachable anyway).
PAGE_TIMEOUT = 3600


def _record_page(request, meeting, *, status=200, **sent_back):
    """The record page: what the record holds, with a form for each part. Blank, it is alike for
    all who run the meeting: cached by the versions of what it shows (the meeting and its record,
    the owners' names), the language, the zone its times are shown in and the one its form
    offers, and by the groups' version (the owner's box asks for names at the group's address);
    their CSRF token put in after. With a form sent back (bound, with its errors), built
    anew."""
    zone = request.user.time_zone or "UTC"

    def context(**forms) -> dict:
        record = selectors.meeting_record_get(meeting=meeting)
        return {
            "meeting": meeting,
            "view": record,
            "next_meeting": services.next_meeting_of(meeting),
            "here": reverse("schedule:meeting_record", args=[meeting.pk]),
            "record_form": RecordForm(initial=RecordForm.initial_for(record.record)),
            "decision_form": DecisionForm(auto_id=DecisionForm.ids),
            "action_form": ActionItemForm(
                team=meeting.team, initial={"time_zone": zone}, auto_id=ActionItemForm.ids
            ),
            "parking_form": ParkingLotForm(auto_id=ParkingLotForm.ids),
            **forms,
        }

    if sent_back:
        return render(request, "schedule/meeting_record.html", context(**sent_back), status=status)

    def blank() -> str:
        return render_to_string(
            "schedule/_meeting_record_page.html", {**context(), "csrf_token": CSRF_PLACEHOLDER}
        )

    # Only a GET shows the blank page: read with the meeting (`_meeting_and_record_page`).
    batch, key = request.record_page
    content = batch.value(key, RECORD_PAGE_VERSIONS, blank, timeout=PAGE_TIMEOUT)
    return render(
        request,
        "schedule/meeting_record.html",
        {"meeting": meeting, "content": with_csrf_token(content, request)},
        status=status,
    )


def _saved(request, meeting, message):
    messages.success(request, message)
    return redirect("schedule:meeting_record", pk=meeting.pk)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_meeting", get_object=_meeting_and_record_page)
def meeting_record(request, pk, obj):
    """The minutes and the links; the other parts post to their own addresses below."""
    if request.method == "GET":
        return _record_page(request, obj)
    form = RecordForm(request.POST)
    if form_saved(request, form, lambda data: services.record_save(actor=request.user, meeting=obj, **data)):
        return _saved(request, obj, _("The minutes and links are saved."))
    return _record_page(request, obj, record_form=form)


@require_POST
@permission_required("schedule.manage_meeting", get_object=_meeting)
def decision_add(request, pk, obj):
    form = DecisionForm(request.POST, auto_id=DecisionForm.ids)
    if form_saved(request, form, lambda data: services.decision_add(actor=request.user, meeting=obj, **data)):
        return _saved(request, obj, _("The decision is recorded."))
    return _record_page(request, obj, decision_form=form)


@require_POST
@permission_required("schedule.manage_meeting", get_object=_meeting)
def action_item_add(request, pk, obj):
    form = ActionItemForm(request.POST, team=obj.team, auto_id=ActionItemForm.ids)

    def save(data):
        return services.action_item_add(actor=request.user, meeting=obj, **form.action_fields())

    if form_saved(request, form, save):
        return _saved(request, obj, _("The action item is recorded."))
    return _record_page(request, obj, action_form=form)


@require_POST
@permission_required("schedule.manage_meeting", get_object=_meeting)
def parking_lot_add(request, pk, obj):
    form = ParkingLotForm(request.POST, auto_id=ParkingLotForm.ids)

    def save(data):
        return services.parking_lot_add(actor=request.user, meeting=obj, **data)

    if form_saved(request, form, save):
        return _saved(request, obj, _("The item is in the parking lot."))
    return _record_page(request, obj, parking_form=form)


@require_POST
@permission_required("schedule.manage_meeting", get_object=_meeting)
def parking_lot_carry(request, pk, obj):
    try:
        target = services.parking_lot_carry(actor=request.user, meeting=obj)
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(
            request, _("The parking lot is on the agenda of “%(title)s”.") % {"title": target.title}
        )
    return redirect("schedule:meeting_record", pk=obj.pk)


@require_POST
@permission_required("schedule.close_actionitem", get_object=_action_item)
def action_item_status(request, pk, obj):
    """Done, dropped, or open again: from the record page, the list of one's items or the dashboard."""
    form = ActionItemStatusForm(request.POST)
    if form.is_valid():
        services.action_item_status_set(actor=request.user, item=obj, status=form.cleaned_data["status"])
        messages.success(request, _("The action item is updated."))
    else:
        messages.error(request, _("Choose done, dropped or open."))
    return redirect(back_to(request, reverse("schedule:action_items")))


@login_required
def action_items(request):
    """The open action items the reader answers for (the secretariat's too, for the secretariat),
    soonest due first, a page at a time: built once per version of what it shows, then no query."""
    user, zone = request.user, timezone.get_current_timezone_name()
    page_number = selectors.action_items_page_number(request.GET.get("page"))

    shown = []

    def rows() -> str:
        page = selectors.action_items_page(user=user, page_number=page_number)
        shown.append(page.number)
        context = {"page": page, "next": _NEXT_PLACEHOLDER, "csrf_token": CSRF_PLACEHOLDER}
        return render_to_string("schedule/_action_items_page.html", context)

    html = versioned_value(
        selectors.action_items_page_key(user=user, page_number=page_number, zone=zone),
        selectors.ACTION_ITEMS_VERSIONS,
        rows,
        timeout=ACTION_ITEMS_TIMEOUT,
        # A number past the last page shows the last page: kept only under its own number, so
        # that asking for every number up to 99,999 cannot fill the cache with copies.
        keep=lambda _html: shown == [page_number],
    )
    # Each form comes back to the address the reader came by, as the list was asked for.
    html = html.replace(_NEXT_PLACEHOLDER, conditional_escape(request.get_full_path()))
    return render(request, "schedule/action_items.html", {"rows": with_csrf_token(html, request)})
