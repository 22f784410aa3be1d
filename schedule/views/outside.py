"""The secretariat's outside calendars: the list with the form that adds one, a calendar's
upcoming events, "Fetch now", "Stop using it" / "Use it again" and delete."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import flash_outcome, form_saved
from common.permissions import permission_required

from ..forms.outside import OutsideCalendarForm
from ..selectors import outside as selectors
from ..services import outside as services

MANAGE = "schedule.manage_outsidecalendar"


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def outside_calendars(request):
    form = (
        OutsideCalendarForm(request.POST, request.FILES)
        if request.method == "POST"
        else OutsideCalendarForm()
    )
    calendar = form_saved(
        request,
        form,
        lambda data: services.outside_calendar_add(
            actor=request.user, name=data["name"], url=data["url"], note=data["note"], upload=data["upload"]
        ),
    )
    if calendar is not None:
        messages.success(
            request,
            _("“%(name)s” is added with %(count)d events.")
            % {"name": calendar.name, "count": calendar.events.count()},
        )
        return redirect("schedule:outside_calendar", pk=calendar.pk)
    return render(
        request,
        "schedule/outside_calendars.html",
        {"calendars": selectors.outside_calendars(), "form": form},
    )


def _calendar(request, pk, **kwargs):
    return selectors.outside_calendar_get(pk=pk)


@permission_required(MANAGE, get_object=_calendar)
def outside_calendar(request, pk, obj):
    page, days = selectors.upcoming_events_page(calendar=obj, page_number=request.GET.get("page"))
    return render(request, "schedule/outside_calendar.html", {"calendar": obj, "page": page, "days": days})


@require_POST
@permission_required(MANAGE, get_object=_calendar)
def outside_calendar_fetch(request, pk, obj):
    flash_outcome(
        request,
        lambda: services.outside_calendar_fetch_soon(calendar=obj),
        success=_("“%(name)s” is being fetched: its events and any error show here in a minute.")
        % {"name": obj.name},
    )
    return redirect("schedule:outside_calendar", pk=obj.pk)


@require_POST
@permission_required(MANAGE, get_object=_calendar)
def outside_calendar_switch(request, pk, obj):
    in_use = request.POST.get("in_use") == "1"
    services.outside_calendar_switch(actor=request.user, calendar=obj, in_use=in_use)
    if in_use:
        messages.success(
            request, _("“%(name)s” is in use again: its events count as clashes.") % {"name": obj.name}
        )
    else:
        messages.success(
            request,
            _("“%(name)s” is no longer used: it is not fetched and its events clash with nothing.")
            % {"name": obj.name},
        )
    return redirect("schedule:outside_calendar", pk=obj.pk)


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE, get_object=_calendar)
def outside_calendar_delete(request, pk, obj):
    if request.method == "POST":
        services.outside_calendar_delete(actor=request.user, calendar=obj)
        messages.success(request, _("“%(name)s” is deleted with its events.") % {"name": obj.name})
        return redirect("schedule:outside_calendars")
    return render(request, "schedule/outside_calendar_delete.html", {"calendar": obj})
