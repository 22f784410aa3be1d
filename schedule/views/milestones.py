"""Pages of the year's milestones and the teams' deliverables."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import flash_outcome, form_saved
from common.permissions import permission_required
from teams.selectors import current_cycle

from ..forms.milestones import DeliverableForm, MilestoneForm
from ..selectors import milestones as selectors
from ..services import milestones as services


def _cycle_or_404():
    cycle = current_cycle()
    if cycle is None:
        raise Http404(_("No cycle has been opened yet."))
    return cycle


@permission_required("schedule.view_milestone")
def timeline(request):
    cycle = _cycle_or_404()
    return render(
        request,
        "schedule/timeline.html",
        {"cycle": cycle, "timeline": selectors.timeline_for(user=request.user, cycle=cycle)},
    )


def public_timeline(request):
    cycle = _cycle_or_404()
    return render(
        request,
        "schedule/public_timeline.html",
        {"cycle": cycle, "milestones": selectors.public_milestones(cycle=cycle), "now": timezone.now()},
    )


def milestone_detail(request, pk):
    milestone = selectors.milestone_get(pk=pk, user=request.user)
    if not milestone.is_public and not request.user.is_authenticated:
        raise Http404
    deliverables = (
        selectors.milestone_deliverables(milestone=milestone) if request.user.is_authenticated else []
    )
    return render(
        request, "schedule/milestone_detail.html", {"milestone": milestone, "deliverables": deliverables}
    )


def _milestone_form(request, milestone=None):
    """A new milestone, or a change to one; "publish" in the POST publishes it with the same call."""
    cycle = milestone.cycle if milestone else _cycle_or_404()
    initial = MilestoneForm.initial_for(milestone) if milestone else {"time_zone": request.user.time_zone}
    form = MilestoneForm(request.POST or None, cycle=cycle, initial=initial)
    publish = "publish" in request.POST

    def save(data):
        teams, fields = list(data["teams"]), form.milestone_fields()
        if milestone is None:
            return services.milestone_create(
                actor=request.user, cycle=cycle, teams=teams, publish=publish, **fields
            )
        return services.milestone_update(
            actor=request.user, milestone=milestone, teams=teams, publish=publish, **fields
        )

    saved = form_saved(request, form, save)
    if saved:
        message = _("“%(title)s” is published.") if publish else _("“%(title)s” is saved.")
        messages.success(request, message % {"title": saved.title})
        return redirect("schedule:detail", pk=saved.pk)
    return render(request, "schedule/milestone_form.html", {"form": form, "milestone": milestone})


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_milestone")
def milestone_create(request):
    return _milestone_form(request)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_milestone")
def milestone_edit(request, pk):
    return _milestone_form(request, selectors.milestone_get(pk=pk, user=request.user))


@require_POST
@permission_required("schedule.manage_milestone")
def milestone_publish(request, pk):
    milestone = selectors.milestone_get(pk=pk, user=request.user)
    flash_outcome(
        request,
        lambda: services.milestone_publish(actor=request.user, milestone=milestone),
        success=_("“%(title)s” is published.") % {"title": milestone.title},
    )
    return redirect("schedule:detail", pk=milestone.pk)


@permission_required("schedule.list_deliverable")
def matrix(request):
    cycle = _cycle_or_404()
    return render(
        request, "schedule/matrix.html", {"cycle": cycle, "matrix": selectors.deliverable_matrix(cycle=cycle)}
    )


def _deliverable(request, pk, **kwargs):
    return selectors.deliverable_get(pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.view_deliverable", get_object=_deliverable)
def deliverable_detail(request, pk, obj):
    can_update = request.user.has_perm("schedule.update_deliverable", obj)
    if request.method == "POST" and not can_update:
        raise PermissionDenied(
            _("Only the team's facilitators and the secretariat can update its deliverable.")
        )
    form = DeliverableForm(
        request.POST or None, initial={"status": obj.status, "link": obj.link, "note": obj.note}
    )
    if form_saved(
        request, form, lambda data: services.deliverable_update(actor=request.user, deliverable=obj, **data)
    ):
        messages.success(request, _("The deliverable is updated."))
        return redirect("schedule:deliverable", pk=obj.pk)
    return render(
        request,
        "schedule/deliverable.html",
        {
            "deliverable": obj,
            "form": form,
            "can_update": can_update,
            "can_accept": request.user.has_perm("schedule.accept_deliverable", obj),
        },
    )


@require_POST
@permission_required("schedule.accept_deliverable", get_object=_deliverable)
def deliverable_accept(request, pk, obj):
    flash_outcome(
        request,
        lambda: services.deliverable_accept(actor=request.user, deliverable=obj),
        success=_("The deliverable is accepted."),
    )
    return redirect("schedule:deliverable", pk=obj.pk)
