"""Pages of availability polls: creating, answering, commenting, changing, guests, choosing the slot."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import flash, flash_outcome, form_saved
from common.permissions import Refused, permission_required
from common.timezones import canonical_zone, moment_after, zone_info
from teams import selectors as team_selectors
from teams.selectors import current_cycle

from ..enums import GuestLinkState
from ..fairness import slot_discomfort
from ..forms.polls import BulkPollForm, CommentForm, FinaliseForm, PollEditForm, PollForm, VoteForm
from ..selectors import polls as selectors
from ..selectors.meetings import meeting_attendee_count
from ..selectors.poll_results import poll_answer_rows, poll_summary, slot_night_people
from ..services import polls as services
from ..services.meetings import meeting_create_from_slot
from ..services.poll_changes import poll_update


def _team(request, year, slug, **kwargs):
    return team_selectors.team_get(year=year, slug=slug)


def _poll(request, pk, **kwargs):
    return selectors.poll_get(pk=pk)


def members_only(request, obj):
    """Why a poll or meeting page is closed, and the way in: joining its team."""
    return Refused(
        _("Only the members of the team “%(team)s” and the people invited can see its polls and meetings.")
        % {"team": obj.team.area.name},
        next_url=obj.team.get_absolute_url(),
        next_label=_("Join the team"),
    )


@require_http_methods(["GET", "POST"])
@permission_required("schedule.create_availabilitypoll", get_object=_team)
def poll_create(request, year, slug, obj):
    form = PollForm(request.POST or None, initial={"time_zone": request.user.time_zone})
    poll = form_saved(
        request,
        form,
        lambda data: services.poll_create(actor=request.user, team=obj, **form.poll_fields()),
    )
    if poll:
        messages.success(request, _("The poll is open; the invitations are on their way."))
        return redirect("schedule:poll", pk=poll.pk)
    return render(request, "schedule/poll_form.html", {"form": form, "team": obj})


@require_http_methods(["GET", "POST"])
@permission_required("schedule.launch_availabilitypoll")
def polls_launch(request):
    form = BulkPollForm(
        request.POST or None, cycle=current_cycle(), initial={"time_zone": request.user.time_zone}
    )
    created = form_saved(
        request, form, lambda data: services.polls_launch(actor=request.user, **form.poll_fields())
    )
    if created:
        messages.success(
            request,
            ngettext("%(n)d poll is open.", "%(n)d polls are open.", len(created)) % {"n": len(created)},
        )
        return redirect("dashboard")
    return render(request, "schedule/poll_form.html", {"form": form, "bulk": True})


def _slot_rows(slots, zone_name, poll):
    rows = []
    for slot in slots:
        _local, minutes = slot_discomfort(slot.start, moment_after(slot.start, poll.duration), zone_name)
        rows.append({"slot": slot, "at_night": bool(minutes)})
    return rows


def _poll_page(request, poll, invitee, *, guest=False):
    """The poll in the voter's zone: their profile's, a guest's chosen one, else the page's (the
    browser's); the guest's zone select starts at that same zone, so the page and form agree."""
    user = request.user
    zone_name = canonical_zone(invitee.time_zone if invitee else "") or timezone.get_current_timezone_name()
    slots = selectors.poll_slots(poll=poll)
    form = VoteForm(
        request.POST or None,
        slots=slots,
        current=selectors.my_votes(invitee=invitee),
        guest=guest,
        initial={"name": invitee.name if invitee else "", "time_zone": zone_name},
    )
    if request.method == "POST" and invitee is not None:
        try:
            services.invitee_require_answering(invitee)
        except ValidationError as error:  # a closed poll, or a withdrawn invitation: nothing changes
            flash(request, error)
            return redirect(request.path)
        saved = form_saved(
            request,
            form,
            lambda data: services.vote_submit(
                invitee=invitee,
                answers=form.answers(),
                guest_name=data.get("name", ""),
                guest_time_zone=data.get("time_zone", ""),
                guest_language=request.LANGUAGE_CODE,
            ),
        )
        if saved:
            messages.success(request, _("Your answers are saved. You can change them until the deadline."))
            return redirect(request.path)
    show_names = user.is_authenticated and user.has_perm("schedule.see_names_availabilitypoll", poll)
    with timezone.override(zone_info(zone_name)):
        return render(
            request,
            "schedule/poll.html",
            {
                "poll": poll,
                "invitee": invitee,
                "form": form,
                "guest": guest,
                "rows": [
                    {**row, "field": form[f"slot_{row['slot'].pk}"]}
                    for row in _slot_rows(slots, zone_name, poll)
                ],
                "results": poll_summary(poll=poll),
                # Names only for those who may see them, a page of people at a time.
                "grid": poll_answer_rows(
                    poll=poll, slots=slots, page_number=request.GET.get("page"), viewer=invitee
                )
                if show_names
                else None,
                "show_names": show_names,
                "comments": selectors.poll_comments(poll=poll),
                "comment_form": CommentForm(),
                "can_manage": user.is_authenticated
                and user.has_perm("schedule.manage_availabilitypoll", poll),
                "zone_name": zone_name,
            },
        )


@require_http_methods(["GET", "POST"])
@permission_required("schedule.view_availabilitypoll", get_object=_poll, refused=members_only)
def poll_detail(request, pk, obj):
    return _poll_page(request, obj, selectors.invitee_for(poll=obj, user=request.user))


@permission_required("schedule.view_availabilitypoll", get_object=_poll, refused=members_only)
def poll_slot_nights(request, pk, slot_id, obj):
    """Everyone a slot puts at night: by place for all who may see the poll, by name (a page at a
    time) for those who may see names. The poll's ranking links here instead of listing them."""
    slot = selectors.poll_slot_get(poll=obj, pk=slot_id)
    result = next(r for r in poll_summary(poll=obj).slots if r.slot.pk == slot.pk)
    show_names = request.user.has_perm("schedule.see_names_availabilitypoll", obj)
    return render(
        request,
        "schedule/poll_slot_nights.html",
        {
            "poll": obj,
            "result": result,
            "people": slot_night_people(poll=obj, slot=slot, page_number=request.GET.get("page"))
            if show_names
            else None,
        },
    )


def _link_gone(request, state):
    """410 for a withdrawn or expired guest link: says why, and nothing of the poll or its people."""
    return render(
        request, "schedule/guest_link_gone.html", {"state": state, "states": GuestLinkState}, status=410
    )


@require_http_methods(["GET", "POST"])
def poll_guest(request, token):
    invitee = selectors.guest_invitee_get(token=token)
    state = services.guest_link_state(invitee)
    if state in (GuestLinkState.REVOKED, GuestLinkState.EXPIRED):
        return _link_gone(request, state)
    return _poll_page(request, invitee.poll, invitee, guest=True)


@require_POST
def poll_comment(request, pk):
    poll = selectors.poll_get(pk=pk)
    token = request.POST.get("token", "")
    invitee = (
        selectors.guest_invitee_get(token=token)
        if token
        else selectors.invitee_for(poll=poll, user=request.user)
    )
    if invitee is None or invitee.poll_id != poll.pk:
        raise PermissionDenied(_("Only the people invited to this poll can comment on it."))
    if token and (state := services.guest_link_state(invitee)) in (
        GuestLinkState.REVOKED,
        GuestLinkState.EXPIRED,
    ):
        return _link_gone(request, state)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(invitee=invitee, text=form.cleaned_data["text"])
        except ValidationError as error:
            flash(request, error)
    else:
        for error in form.errors.get("text", []):
            messages.error(request, error)
    return redirect("schedule:poll_guest", token=token) if token else redirect("schedule:poll", pk=poll.pk)


@permission_required("schedule.manage_availabilitypoll", get_object=_poll)
def poll_guests(request, pk, obj):
    """The guests and their links, with their addresses: for those who run the poll, on a page of its
    own so that the poll's page (often shared on a call) never shows a guest's address."""
    return render(
        request, "schedule/poll_guests.html", {"poll": obj, "guests": selectors.poll_guests(poll=obj)}
    )


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_availabilitypoll", get_object=_poll)
def poll_guest_revoke(request, pk, invitee_id, obj):
    guest = selectors.poll_guest_get(poll=obj, pk=invitee_id)
    if request.method == "GET":  # a page that asks first
        return render(request, "schedule/poll_guest_revoke.html", {"poll": obj, "guest": guest})
    flash_outcome(
        request,
        lambda: services.invitee_revoke(actor=request.user, invitee=guest),
        success=_("The guest’s link is withdrawn: it no longer opens the poll."),
    )
    return redirect("schedule:poll_guests", pk=obj.pk)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_availabilitypoll", get_object=_poll)
def poll_edit(request, pk, obj):
    """Change an open poll: one POST, one service call; everyone invited is told once."""
    if not obj.is_open:
        messages.error(request, _("This poll is closed: it can no longer change."))
        return redirect("schedule:poll", pk=obj.pk)
    slots = selectors.poll_slots_with_answer_counts(poll=obj)
    form = PollEditForm(request.POST or None, slots=slots, initial={"time_zone": obj.entered_time_zone})
    if form_saved(
        request, form, lambda data: poll_update(actor=request.user, poll=obj, **form.change_fields())
    ):
        messages.success(request, _("The poll is changed; everyone invited is told."))
        return redirect("schedule:poll", pk=obj.pk)
    return render(request, "schedule/poll_edit.html", {"poll": obj, "form": form, "slots": slots})


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_availabilitypoll", get_object=_poll)
def poll_finalise(request, pk, obj):
    results = poll_summary(poll=obj)
    best = results.ranking[0].slot if results.ranking else None
    form = FinaliseForm(request.POST or None, results=results, initial={"slot": best, "title": obj.title})
    meeting = form_saved(
        request,
        form,
        lambda data: meeting_create_from_slot(actor=request.user, poll=obj, **form.meeting_fields()),
    )
    if meeting:
        n = meeting_attendee_count(meeting=meeting)
        messages.success(
            request,
            ngettext(
                "The meeting is scheduled; its invitation with a calendar file is being sent to %(n)d person.",  # noqa: E501
                "The meeting is scheduled; invitations with a calendar file are being sent to %(n)d people.",
                n,
            )
            % {"n": n},
        )
        return redirect("schedule:meeting", pk=meeting.pk)
    return render(request, "schedule/poll_finalise.html", {"poll": obj, "form": form, "results": results})
