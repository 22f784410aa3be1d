"""The secretariat's pages of the yearly rollover: the years, drafting the next, reviewing the draft,
switching to it (schedule/services/years.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.feedback import flash, form_saved
from common.permissions import permission_required
from teams.selectors import current_cycle

from ..forms.years import CycleDraftForm, CycleSwitchForm
from ..selectors import years as selectors
from ..services import years as services


@require_GET
@permission_required("teams.roll_over_cycle")
def years(request):
    cycles = selectors.cycles_all()
    current = next((cycle for cycle in cycles if cycle.is_current), None)
    draft = next((cycle for cycle in cycles if cycle.is_draft), None)
    return render(
        request, "schedule/years/years.html", {"cycles": cycles, "current": current, "draft": draft}
    )


@require_http_methods(["GET", "POST"])
@permission_required("teams.roll_over_cycle")
def year_new(request):
    previous = current_cycle()
    if previous is None:
        raise Http404(_("No cycle has been opened yet."))
    form = CycleDraftForm(
        request.POST or None,
        previous=previous,
        teams=selectors.groups_of(previous),
        mag_members=selectors.current_mag_members(),
    )

    def save(data):
        return services.cycle_draft(
            actor=request.user,
            previous=previous,
            name=data["name"],
            annual_meeting_on=data["annual_meeting_on"],
            previous_meeting_on=data.get("previous_meeting_on"),
            carry=form.carry(),
            terms_ending=data["terms_ending"],
        )

    cycle = form_saved(request, form, save)
    if cycle:
        messages.success(
            request, _("%(name)s is drafted: review it before you switch to it.") % {"name": cycle.name}
        )
        return redirect("schedule:year_draft", year=cycle.year)
    return render(request, "schedule/years/year_new.html", {"form": form, "previous": previous})


@require_GET
@permission_required("teams.roll_over_cycle")
def year_draft(request, year):
    review = selectors.draft_review(year=year)
    return render(request, "schedule/years/year_draft.html", {"review": review, "form": CycleSwitchForm()})


@require_POST
@permission_required("teams.roll_over_cycle")
def year_switch(request, year):
    review = selectors.draft_review(year=year)
    form = CycleSwitchForm(request.POST)
    if not form.is_valid():
        return render(request, "schedule/years/year_draft.html", {"review": review, "form": form}, status=400)
    try:
        cycle = services.cycle_switch(actor=request.user, cycle=review.cycle, confirmed=True)
    except ValidationError as error:
        flash(request, error)
        return redirect("schedule:year_draft", year=year)
    messages.success(request, _("%(name)s is now the current year.") % {"name": cycle.name})
    return redirect("schedule:years")
