"""Series of calls: made from a poll's result (with the rotations proposed, best first), and the
series' page (its calls, and each person's count of calls at night or outside their hours)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from common.feedback import form_saved
from common.permissions import has_perm, permission_required

from ..enums import PollStatus
from ..forms.series import CadenceForm, SeriesForm, pattern_value
from ..selectors import series as selectors
from ..selectors.poll_results import poll_summary_cached
from ..services.series import MAX_CALLS, MIN_CALLS, series_cadence_change, series_create
from .polls import _poll

# The series page's table: its most burdened people, then one line for everyone else.
COUNTS_SHOWN = 25

SCHEDULED = gettext_lazy("The series is scheduled; an invitation with a calendar file is sent for each call.")


def _create(request, poll, form, proposals):
    """The series of the rotation chosen among those shown, or None with the error on the form."""
    chosen = {pattern_value(p.pattern): p for p in proposals}.get(form.cleaned_data.get("rotation"))
    if chosen is None:
        form.add_error("rotation", _("Choose one of the rotations shown."))
        return None
    return form_saved(
        request,
        form,
        lambda data: series_create(
            actor=request.user,
            poll=poll,
            slots=data["slots"],
            pattern=chosen.pattern,
            every_weeks=data["every_weeks"],
            title=data["title"],
            video_link=data["video_link"],
            until=data["until"],
        ),
    )


def _proposals(poll, data):
    """The people and the rotations for the slots and cadence in `data`, or an error message."""
    slots, every_weeks = data["slots"], data["every_weeks"]
    count = data.get("count")
    if count is None:
        count = min(
            selectors.calls_until(poll=poll, slots=slots, every_weeks=every_weeks, until=data["until"]),
            MAX_CALLS,
        )
        if count < MIN_CALLS:
            return None, None, count, _("Before that date the series would have fewer than two calls.")
    people, proposals = selectors.series_proposals(
        poll=poll, slots=slots, every_weeks=every_weeks, count=count
    )
    return people, proposals, count, None


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_availabilitypoll", get_object=_poll)
def poll_series(request, pk, obj):
    if obj.status == PollStatus.FINALISED:
        messages.error(request, _("This poll already became a meeting or a series."))
        return redirect("schedule:poll", pk=obj.pk)
    if request.method == "POST":
        form = SeriesForm(request.POST, poll=obj)
        valid = form.is_valid()
        data = form.cleaned_data if valid else None
    else:
        results = poll_summary_cached(poll=obj, version=obj.version)
        best = [results.ranking[0].slot] if results.ranking else list(obj.slots.order_by("start")[:1])
        initial = {"slots": best, "every_weeks": 1, "count": 6, "title": obj.title}
        form = SeriesForm(initial=initial, poll=obj)
        data = {**initial, "until": None}
    people = proposals = None
    if data is not None:
        people, proposals, count, error = _proposals(obj, data)
        if error:
            form.add_error("until", error)
    if proposals:
        choices = [(pattern_value(p.pattern), pattern_value(p.pattern)) for p in proposals]
        form.fields["rotation"].widget.choices = choices
        if request.method == "POST" and "create" in request.POST:
            series = _create(request, obj, form, proposals)
            if series:
                messages.success(request, SCHEDULED)
                return redirect("schedule:series", pk=series.pk)
    slots = list(data["slots"]) if data else []
    rows = []
    if proposals:
        for number, proposal in enumerate(proposals):
            rows.append(
                {
                    "value": pattern_value(proposal.pattern),
                    "checked": number == 0,
                    "proposal": proposal,
                    "calls": [slots[s] for s in proposal.pattern],
                    "used": [slots[s] for s in proposal.slots_used],
                    **_most_burdened(people, proposal.counts),
                    "count": len(proposal.pattern),
                }
            )
    return render(request, "schedule/poll_series.html", {"poll": obj, "form": form, "proposals": rows})


def _most_burdened(people, counts) -> dict:
    """A rotation's table: its COUNTS_SHOWN most burdened people, and one line for the others."""
    ranked = sorted(zip(people, counts, strict=True), key=lambda pair: (-pair[1], pair[0].name))
    rest = ranked[COUNTS_SHOWN:]
    return {
        "people": ranked[:COUNTS_SHOWN],
        "more_people": len(rest),
        "more_worst": max((bad for _person, bad in rest), default=0),
    }


def _series(request, pk, **kwargs):
    return selectors.series_get(pk=pk)


@permission_required("schedule.view_meetingseries", get_object=_series)
def series_detail(request, pk, obj):
    meetings = selectors.series_meetings(series=obj)
    can_manage = has_perm(request.user, "schedule.manage_meetingseries", obj)
    # Names are for those who run the series: everyone else sees their own line.
    counts = selectors.series_counts(
        series=obj, meetings=meetings, only_user_id=None if can_manage else request.user.pk
    )
    # The most burdened first, as many as a page can show; the rest in one line (a team has 300).
    shown, rest = counts[:COUNTS_SHOWN], counts[COUNTS_SHOWN:]
    context = {
        "series": obj,
        "meetings": meetings,
        "counts": shown,
        "more_people": len(rest),
        "more_worst": max((row.bad for row in rest), default=0),
        "can_manage": can_manage,
    }
    return render(request, "schedule/series.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_meetingseries", get_object=_series)
def series_cadence(request, pk, obj):
    """A new cadence for the calls to come: one POST, one service call; each call that moves,
    is cancelled or is added sends its own update."""
    form = CadenceForm(request.POST or None, initial={"every_weeks": obj.every_weeks, "count": obj.count})
    if form_saved(request, form, lambda data: series_cadence_change(actor=request.user, series=obj, **data)):
        messages.success(request, _("The cadence is changed; everyone is told of each call that changed."))
        return redirect("schedule:series", pk=obj.pk)
    return render(request, "schedule/series_cadence.html", {"series": obj, "form": form})
