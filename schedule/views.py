from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import add_to_form, flash
from common.permissions import permission_required
from teams.selectors import current_cycle

from . import ical, selectors, services
from .forms import DeliverableForm, MilestoneForm
from .models import CalendarFeed, Milestone


def _cycle_or_404():
    cycle = current_cycle()
    if cycle is None:
        raise Http404(_("No cycle has been opened yet."))
    return cycle


@permission_required("schedule.view_timeline")
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


def _save_milestone(request, form, milestone=None, *, publish=False):
    teams = list(form.cleaned_data["teams"])
    fields = form.milestone_fields()
    if milestone is None:
        return services.milestone_create(
            actor=request.user, cycle=form.cycle, teams=teams, publish=publish, **fields
        )
    return services.milestone_update(
        actor=request.user, milestone=milestone, teams=teams, publish=publish, **fields
    )


def _milestone_form(request, milestone=None):
    cycle = milestone.cycle if milestone else _cycle_or_404()
    initial = MilestoneForm.initial_for(milestone) if milestone else {"time_zone": request.user.time_zone}
    form = MilestoneForm(request.POST or None, cycle=cycle, initial=initial)
    form.cycle = cycle
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        try:
            saved = _save_milestone(request, form, milestone, publish=publish)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is published.") % {"title": saved.title}
                if publish
                else _("“%(title)s” is saved.") % {"title": saved.title},
            )
            return redirect("schedule:detail", pk=saved.pk)
    return render(request, "schedule/milestone_form.html", {"form": form, "milestone": milestone})


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_milestones")
def milestone_create(request):
    return _milestone_form(request)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_milestones")
def milestone_edit(request, pk):
    return _milestone_form(request, get_object_or_404(Milestone.objects.select_related("cycle"), pk=pk))


@require_POST
@permission_required("schedule.manage_milestones")
def milestone_publish(request, pk):
    milestone = get_object_or_404(Milestone, pk=pk)
    try:
        services.milestone_publish(actor=request.user, milestone=milestone)
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(request, _("“%(title)s” is published.") % {"title": milestone.title})
    return redirect("schedule:detail", pk=milestone.pk)


@permission_required("schedule.view_matrix")
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
    form = DeliverableForm(
        request.POST or None, initial={"status": obj.status, "link": obj.link, "note": obj.note}
    )
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied(
                _("Only the team's facilitators and the secretariat can update its deliverable.")
            )
        if form.is_valid():
            try:
                services.deliverable_update(actor=request.user, deliverable=obj, **form.cleaned_data)
            except ValidationError as error:
                add_to_form(form, error)
            else:
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
    try:
        services.deliverable_accept(actor=request.user, deliverable=obj)
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(request, _("The deliverable is accepted."))
    return redirect("schedule:deliverable", pk=obj.pk)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def public_feed(request):
    return _ics(
        ical.calendar_for(selectors.public_feed_milestones(), name="IGF MAG public milestones"),
        "igf-mag-public.ics",
    )


def private_feed(request, token):
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404  # says nothing of whose the token was, or whether it ever existed
    return _ics(
        ical.calendar_for(
            selectors.feed_milestones_for(user=feed.user),
            name="IGF MAG: my teams",
            meetings=selectors.feed_meetings_for(user=feed.user),
        ),
        "igf-mag-mine.ics",
    )


@require_http_methods(["GET", "POST"])
@permission_required("schedule.use_private_feed")
def calendar_settings(request):
    if request.method == "POST":
        services.calendar_feed_reset(user=request.user)
        messages.success(request, _("Your calendar address is new; the old one no longer works."))
        return redirect("schedule:calendar")
    feed = services.calendar_feed_get(user=request.user)
    return render(
        request,
        "schedule/calendar.html",
        {
            "private_url": request.build_absolute_uri(f"/calendar/{feed.token}.ics"),
            "public_url": request.build_absolute_uri("/calendar/public.ics"),
        },
    )
