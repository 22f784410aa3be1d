"""A person's own busy times (/profile/busy/): their calendars with what each gave, the form that
adds one, "Fetch now" and remove. Only the person: anybody else's calendar is not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import flash_outcome, form_saved
from common.permissions import permission_required

from ..forms.busy import BusyCalendarForm
from ..selectors import busy as selectors
from ..services import busy as services

MANAGE = "schedule.manage_busycalendar"


@login_required
@require_http_methods(["GET", "POST"])
def busy_calendars(request):
    form = BusyCalendarForm(request.POST, request.FILES) if request.method == "POST" else BusyCalendarForm()
    calendar = form_saved(
        request,
        form,
        lambda data: services.busy_calendar_add(user=request.user, url=data["url"], upload=data["upload"]),
    )
    if calendar is not None:
        messages.success(
            request,
            _("Your calendar is added with %(count)d busy times.") % {"count": calendar.times.count()},
        )
        return redirect("schedule:busy_calendars")
    return render(
        request,
        "schedule/busy_calendars.html",
        {
            "calendars": selectors.busy_calendars_of(user=request.user),
            "form": form,
            "weeks": selectors.SUMMARY_WEEKS,
        },
    )


def _calendar(request, pk, **kwargs):
    return selectors.busy_calendar_get(user=request.user, pk=pk)


@require_POST
@permission_required(MANAGE, get_object=_calendar)
def busy_calendar_fetch(request, pk, obj):
    flash_outcome(
        request,
        lambda: services.busy_calendar_fetch_soon(calendar=obj),
        success=_("Your calendar is being fetched: its busy times and any error show here in a minute."),
    )
    return redirect("schedule:busy_calendars")


@require_POST
@permission_required(MANAGE, get_object=_calendar)
def busy_calendar_remove(request, pk, obj):
    services.busy_calendar_remove(calendar=obj)
    messages.success(request, _("The calendar is removed with its busy times."))
    return redirect("schedule:busy_calendars")
