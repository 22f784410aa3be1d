"""Pages of the year's milestones and the teams' deliverables."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import flash_outcome, form_saved
from common.permissions import permission_required
from common.versions import version_of
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
    timeline = selectors.timeline_for(user=request.user, cycle=cycle, page_number=request.GET.get("page"))
    return render(
        request,
        "schedule/timeline.html",
        {"cycle": cycle, "timeline": timeline, "keep": _other_params(request)},
    )


def _other_params(request, *, but: str = "page") -> str:
    """The query's other parameters (filters), for the page links to keep: "a=1&b=2&" or ""."""
    others = request.GET.copy()
    others.pop(but, None)
    return others.urlencode() + "&" if others else ""


# Cached pages hold for this long at most; a change to what they show makes new keys at once.
FRAGMENT_SECONDS = 600


def _fragment(name: str, *varies, build) -> str:
    """A part of a page that many people read and few change, from the cache when it is there.
    Its key holds everything the HTML depends on besides `varies`: the version of the milestones
    and teams (bumped on every change), the language and the viewer's time zone."""
    key = ":".join(
        map(
            str,
            (
                "schedule",
                name,
                version_of("milestones", "teams"),
                translation.get_language(),
                timezone.get_current_timezone_name(),
                *varies,
            ),
        )
    )
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - HTML this module rendered from escaped templates


def public_timeline(request):
    """Read by anyone, the same for everyone in a language and time zone: a cached list."""
    cycle = _cycle_or_404()
    number = selectors.public_page_number(cycle=cycle, page_number=request.GET.get("page"))
    # Rows say "in 3 hours" and the first page is what comes next: the list is remade each minute.
    minute = int(timezone.now().timestamp() // 60)

    def build():
        timeline = selectors.public_milestones(cycle=cycle, page_number=number)
        return render_to_string("schedule/_public_rows.html", {"timeline": timeline}, request)

    rows = _fragment("public", cycle.pk, number, minute, build=build)
    return render(request, "schedule/public_timeline.html", {"cycle": cycle, "rows": rows})


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
    """Every team's deliverables: for the secretariat only, the same for all of it (cached)."""
    cycle = _cycle_or_404()
    pages = selectors.matrix_pages(
        cycle=cycle, deadlines_page=request.GET.get("deadlines"), teams_page=request.GET.get("page")
    )

    def build():
        context = {
            "matrix": selectors.deliverable_matrix(cycle=cycle, pages=pages),
            # Links to the cells' deliverables are this prefix and the pk: one reverse, not one a cell.
            "deliverables_prefix": reverse("schedule:deliverable", args=[0]).removesuffix("0/"),
            # Each pager keeps the other's page.
            "teams_keep": f"page={pages.teams}&",
            "deadlines_keep": f"deadlines={pages.deadlines}&",
        }
        return render_to_string("schedule/_matrix.html", context, request)

    # "staff": this HTML shows every team's deliverables, so no other page may share its key.
    body = _fragment(
        "matrix:staff", cycle.pk, pages.deadlines, pages.teams, pages.deadlines_past, build=build
    )
    return render(request, "schedule/matrix.html", {"cycle": cycle, "body": body})


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
