"""Pages of the year's milestones and the teams' deliverables."""

import hashlib
from collections.abc import Callable

from django.contrib import messages
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
from common.fragments import cached_many, versioned_fragment, versioned_values
from common.permissions import has_perm, permission_required
from teams.selectors import current_cycle

from ..enums import DeliverableStatus
from ..forms.milestones import DeliverableForm, MilestoneForm
from ..selectors import milestones as selectors
from ..services import milestones as services


def _cycle_or_404():
    cycle = current_cycle()
    if cycle is None:
        raise Http404(_("No cycle has been opened yet."))
    return cycle


# Cached parts hold for this long at most; a change to what they show makes new keys at once.
FRAGMENT_SECONDS = 600


def cached_parts(builds: dict[tuple, Callable]) -> list:
    """Each `build()` in order, from the cache when it is there under the key made of its parts
    (common.fragments.cached_many: one round trip for all, none when this process has them). The
    parts name the versions of all a value is built from (or the minute, for "in 3 hours"), so a
    value under its key never changes."""
    keys = {":".join(map(str, ("schedule", *parts))): build for parts, build in builds.items()}
    return list(cached_many(keys, timeout=FRAGMENT_SECONDS, local=True).values())


def _cached(parts, build):
    """`build()`, from the cache when it is there under the key made of `parts`."""
    (value,) = cached_parts({parts: build})
    return value


def _version_and_facts(user=None) -> tuple[str, selectors.CycleMilestones, frozenset[int]]:
    """The milestones' and teams' version, the current cycle's counts and the teams `user` is in
    (none without a user), all in one cache round trip (memberships are versioned with the teams):
    no query when nothing changed."""
    builds = {"schedule:cycle-milestones": selectors.cycle_milestones}
    if user is not None:
        builds[f"schedule:my-teams:{user.pk}"] = lambda: selectors.my_team_ids(user)
    version, values = versioned_values(("milestones", "teams"), builds, timeout=FRAGMENT_SECONDS)
    facts, *team_ids = values.values()
    if facts is None:
        raise Http404(_("No cycle has been opened yet."))
    return version, facts, (team_ids[0] if team_ids else frozenset())


def _fragment(version: str, name: str, *varies, build) -> str:
    """A part of a page that many people read and few change. Its key holds everything the HTML
    depends on besides `varies`: the version of the milestones and teams (bumped on every change),
    the language and the viewer's time zone."""
    language, zone = translation.get_language(), timezone.get_current_timezone_name()
    html = _cached((name, version, language, zone, *varies), build)
    return mark_safe(html)  # noqa: S308 - HTML this module rendered from escaped templates


def _this_minute() -> int:
    """Lists saying "in 3 hours", with what comes next first, are remade each minute."""
    return int(timezone.now().timestamp() // 60)


def _other_params(request, *, but: str = "page") -> str:
    """The query's other parameters (filters), for the page links to keep: "a=1&b=2&" or ""."""
    others = request.GET.copy()
    others.pop(but, None)
    return others.urlencode() + "&" if others else ""


@permission_required("schedule.view_milestone")
def timeline(request):
    """A page of milestones, cached for everyone who sees the same: the secretariat (drafts too)
    or not, and the same teams of their own (the rows marked "my teams")."""
    user = request.user
    version, facts, team_ids = _version_and_facts(user)
    count = facts.milestones if user.is_secretariat else facts.published
    number = selectors.page_number(count, selectors.MILESTONES_PER_PAGE, request.GET.get("page"))
    keep = _other_params(request)

    def build():
        timeline = selectors.timeline_for(
            user=user, cycle_id=facts.cycle_id, team_ids=team_ids, page_number=number
        )
        context = {"timeline": timeline, "keep": keep, "show_status": user.is_secretariat}
        return render_to_string("schedule/_timeline_page.html", context, request)

    if keep:  # parameters no link here makes: not worth a cache entry of their own
        rows = mark_safe(build())  # noqa: S308 - rendered from escaped templates
    else:
        teams_key = hashlib.sha256(",".join(map(str, sorted(team_ids))).encode()).hexdigest()[:16]
        rows = _fragment(
            version, "timeline", user.is_secretariat, teams_key, number, _this_minute(), build=build
        )
    context = {
        "cycle_name": facts.cycle_name,
        "rows": rows,
        "can_manage": has_perm(user, "schedule.manage_milestone"),
    }
    return render(request, "schedule/timeline.html", context)


def public_timeline(request):
    """Read by anyone, the same for everyone in a language and time zone: a cached list."""
    version, facts, _no_teams = _version_and_facts()
    number = selectors.page_number(facts.public, selectors.MILESTONES_PER_PAGE, request.GET.get("page"))

    def build():
        timeline = selectors.public_milestones(cycle_id=facts.cycle_id, page_number=number)
        return render_to_string("schedule/_public_rows.html", {"timeline": timeline}, request)

    rows = _fragment(version, "public", number, _this_minute(), build=build)
    return render(request, "schedule/public_timeline.html", {"cycle_name": facts.cycle_name, "rows": rows})


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
    form = MilestoneForm(
        request.POST or None,
        cycle=cycle,
        initial=initial,
        **(
            {"original_language": milestone.original_language, "translations": milestone.translations}
            if milestone
            else {}
        ),
    )
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
    version, facts, _no_teams = _version_and_facts()
    pages = selectors.matrix_pages(
        facts=facts, deadlines_page=request.GET.get("deadlines"), teams_page=request.GET.get("page")
    )

    def build():
        context = {
            "matrix": selectors.deliverable_matrix(facts=facts, pages=pages),
            # Links to the cells' deliverables are this prefix and the pk: one reverse, not one a cell.
            "deliverables_prefix": reverse("schedule:deliverable", args=[0]).removesuffix("0/"),
            # Each pager keeps the other's page.
            "teams_keep": f"page={pages.teams}&",
            "deadlines_keep": f"deadlines={pages.deadlines}&",
        }
        return render_to_string("schedule/_matrix.html", context, request)

    # "staff": this HTML shows every team's deliverables, so no other page may share its key.
    # How many deadlines have passed is in the key: a deliverable turns late when its date passes.
    body = _fragment(version, "matrix:staff", pages.deadlines, pages.teams, pages.deadlines_past, build=build)
    return render(request, "schedule/matrix.html", {"body": body})


def _deliverable(request, pk, **kwargs):
    return selectors.deliverable_get(pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.view_deliverable", get_object=_deliverable)
def deliverable_detail(request, pk, obj):
    can_update = has_perm(request.user, "schedule.update_deliverable", obj)
    if request.method == "POST" and not can_update:
        raise PermissionDenied(
            _("Only the team's facilitators and the secretariat can update its deliverable.")
        )

    def deliverable_form(data=None):
        return DeliverableForm(data, initial={"status": obj.status, "link": obj.link, "note": obj.note})

    form = deliverable_form(request.POST) if request.method == "POST" else None
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
            # The unbound form, filled from the deliverable, is rendered once per version of it.
            "form_html": versioned_fragment(
                selectors.deliverable_form_key(deliverable=obj),
                ("milestones",),
                lambda: deliverable_form().as_div(),
                timeout=3600,
            )
            if can_update and form is None and obj.status != DeliverableStatus.ACCEPTED
            else "",
            "can_update": can_update,
            "can_accept": has_perm(request.user, "schedule.accept_deliverable", obj),
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
