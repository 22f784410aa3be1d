"""Pages of availability polls and meetings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import add_to_form, flash
from common.permissions import Refused, permission_required
from common.timezones import canonical_zone, moment_after, zone_info
from teams import selectors as team_selectors
from teams.selectors import current_cycle

from . import meetings, poll_changes, polls, selectors
from .enums import GuestLinkState
from .fairness import slot_discomfort
from .forms import BulkPollForm, CommentForm, FinaliseForm, MeetingForm, PollEditForm, PollForm, VoteForm
from .ical import meeting_calendar


def _team(request, year, slug, **kwargs):
    return team_selectors.team_get(year=year, slug=slug)


def _poll(request, pk, **kwargs):
    return selectors.poll_get(pk=pk)


def _meeting(request, pk, **kwargs):
    return selectors.meeting_get(pk=pk)


def _members_only(request, obj):
    """Why a poll or meeting page is closed, and the way in: joining its team."""
    return Refused(
        _("Only the members of the team “%(team)s” and the people invited can see its polls and meetings.")
        % {"team": obj.team.area.name},
        next_url=obj.team.get_absolute_url(),
        next_label=_("Join the team"),
    )


@require_http_methods(["GET", "POST"])
@permission_required("schedule.create_poll", get_object=_team)
def poll_create(request, year, slug, obj):
    form = PollForm(request.POST or None, initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = polls.poll_create(
                actor=request.user,
                team=obj,
                title=data["title"],
                description=data["description"],
                duration_minutes=data["duration_minutes"],
                deadline=data["deadline"],
                slots=data["slot_times"],
                entered_time_zone=data["time_zone"],
                guests=data["guest_list"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The poll is open; the invitations are on their way."))
            return redirect("schedule:poll", pk=poll.pk)
    return render(request, "schedule/poll_form.html", {"form": form, "team": obj})


@require_http_methods(["GET", "POST"])
@permission_required("schedule.launch_polls")
def polls_launch(request):
    cycle = current_cycle()
    form = BulkPollForm(request.POST or None, cycle=cycle, initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = polls.polls_launch(
                actor=request.user,
                teams=list(data["teams"]),
                title=data["title"],
                description=data["description"],
                duration_minutes=data["duration_minutes"],
                deadline=data["deadline"],
                slots=data["slot_times"],
                entered_time_zone=data["time_zone"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("%(n)d polls are open.") % {"n": len(created)})
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
    slots = list(poll.slots.all())
    form = VoteForm(
        request.POST or None,
        slots=slots,
        current=selectors.my_votes(invitee=invitee),
        guest=guest,
        initial={"name": invitee.name if invitee else "", "time_zone": zone_name},
    )
    if request.method == "POST" and invitee is not None:
        try:
            polls.invitee_require_answering(invitee)
        except ValidationError as error:  # a closed poll, or a withdrawn invitation: nothing changes
            flash(request, error)
            return redirect(request.path)
        if form.is_valid():
            try:
                polls.vote_submit(
                    invitee=invitee,
                    answers=form.answers(),
                    guest_name=form.cleaned_data.get("name", ""),
                    guest_time_zone=form.cleaned_data.get("time_zone", ""),
                )
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request, _("Your answers are saved. You can change them until the deadline.")
                )
                return redirect(request.path)
    show_names = user.is_authenticated and user.has_perm("schedule.see_poll_names", poll)
    results = selectors.poll_results(poll=poll, show_names=show_names)
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
                "results": results,
                "show_names": show_names,
                "comments": selectors.poll_comments(poll=poll),
                "comment_form": CommentForm(),
                "can_manage": user.is_authenticated and user.has_perm("schedule.manage_poll", poll),
                "zone_name": zone_name,
            },
        )


@require_http_methods(["GET", "POST"])
@permission_required("schedule.view_poll", get_object=_poll, refused=_members_only)
def poll_detail(request, pk, obj):
    return _poll_page(request, obj, selectors.invitee_for(poll=obj, user=request.user))


def _link_gone(request, state):
    """410 for a withdrawn or expired guest link: says why, and nothing of the poll or its people."""
    return render(
        request, "schedule/guest_link_gone.html", {"state": state, "states": GuestLinkState}, status=410
    )


@require_http_methods(["GET", "POST"])
def poll_guest(request, token):
    invitee = selectors.guest_invitee_get(token=token)
    state = polls.guest_link_state(invitee)
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
    if token and (state := polls.guest_link_state(invitee)) in (
        GuestLinkState.REVOKED,
        GuestLinkState.EXPIRED,
    ):
        return _link_gone(request, state)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            polls.comment_add(invitee=invitee, text=form.cleaned_data["text"])
        except ValidationError as error:
            flash(request, error)
    else:
        for error in form.errors.get("text", []):
            messages.error(request, error)
    return redirect("schedule:poll_guest", token=token) if token else redirect("schedule:poll", pk=poll.pk)


@permission_required("schedule.manage_poll", get_object=_poll)
def poll_guests(request, pk, obj):
    """The guests and their links, with their addresses: for those who run the poll, on a page of its
    own so that the poll's page (often shared on a call) never shows a guest's address."""
    return render(
        request, "schedule/poll_guests.html", {"poll": obj, "guests": selectors.poll_guests(poll=obj)}
    )


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_poll", get_object=_poll)
def poll_guest_revoke(request, pk, invitee_id, obj):
    guest = selectors.poll_guest_get(poll=obj, pk=invitee_id)
    if request.method == "GET":  # a page that asks first
        return render(request, "schedule/poll_guest_revoke.html", {"poll": obj, "guest": guest})
    try:
        polls.invitee_revoke(actor=request.user, invitee=guest)
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(request, _("The guest’s link is withdrawn: it no longer opens the poll."))
    return redirect("schedule:poll_guests", pk=obj.pk)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_poll", get_object=_poll)
def poll_edit(request, pk, obj):
    """Change an open poll: one POST, one service call; everyone invited is told once."""
    if not obj.is_open:
        messages.error(request, _("This poll is closed: it can no longer change."))
        return redirect("schedule:poll", pk=obj.pk)
    slots = selectors.poll_slots_with_answer_counts(poll=obj)
    form = PollEditForm(request.POST or None, slots=slots, initial={"time_zone": obj.entered_time_zone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll_changes.poll_update(
                actor=request.user,
                poll=obj,
                add_slots=data["slot_times"],
                remove_slot_ids=data["remove"],
                add_guests=data["guest_list"],
                deadline=data["deadline"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The poll is changed; everyone invited is told."))
            return redirect("schedule:poll", pk=obj.pk)
    return render(request, "schedule/poll_edit.html", {"poll": obj, "form": form, "slots": slots})


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_poll", get_object=_poll)
def poll_finalise(request, pk, obj):
    results = selectors.poll_results(poll=obj, show_names=True)
    best = results.ranking[0].slot if results.ranking else None
    form = FinaliseForm(request.POST or None, results=results, initial={"slot": best, "title": obj.title})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.meeting_create_from_slot(
                actor=request.user,
                poll=obj,
                slot=form.cleaned_data["slot"],
                title=form.cleaned_data["title"],
                video_link=form.cleaned_data["video_link"],
                agenda=form.cleaned_data["agenda"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("The meeting is scheduled; invitations with a calendar file are on their way.")
            )
            return redirect("schedule:meeting", pk=meeting.pk)
    return render(request, "schedule/poll_finalise.html", {"poll": obj, "form": form, "results": results})


@permission_required("schedule.view_meeting", get_object=_meeting, refused=_members_only)
def meeting_detail(request, pk, obj):
    attendees = selectors.meeting_attendees(meeting=obj)
    zones = sorted(
        {canonical_zone(a.zone_name) or "UTC" for a in attendees} | {timezone.get_current_timezone_name()}
    )
    local_times = [
        {
            "zone": zone,
            "at_night": bool(slot_discomfort(obj.start, obj.end, zone)[1]),
            "people": [a.display_name for a in attendees if (canonical_zone(a.zone_name) or "UTC") == zone],
        }
        for zone in zones
    ]
    return render(
        request,
        "schedule/meeting.html",
        {
            "meeting": obj,
            "attendees": attendees,
            "local_times": local_times,
            "can_manage": request.user.has_perm("schedule.manage_meeting", obj),
        },
    )


def meeting_guest(request, token):
    """A guest's view of the meeting, by the private link of their poll invitation: the time in
    their zone with UTC (the one they chose when answering, else the browser's), the agenda and
    their own calendar file; no sign-in."""
    attendee = selectors.guest_attendance_get(token=token)
    zone_name = canonical_zone(attendee.time_zone) or timezone.get_current_timezone_name()
    with timezone.override(zone_info(zone_name)):
        return render(
            request,
            "schedule/meeting_guest.html",
            {"meeting": attendee.meeting, "token": token, "zone_chosen": bool(attendee.time_zone)},
        )


def meeting_guest_ics(request, token):
    """The guest's own copy of the invitation: the organiser and this guest, nobody else."""
    attendee = selectors.guest_attendance_get(token=token)
    method = "CANCEL" if attendee.meeting.is_cancelled else "REQUEST"
    response = HttpResponse(
        meeting_calendar(attendee.meeting, [attendee], method=method),
        content_type=f"text/calendar; charset=utf-8; method={method}",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{attendee.meeting_id}.ics"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_meeting", get_object=_meeting)
def meeting_edit(request, pk, obj):
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(obj, request.user.time_zone))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meetings.meeting_update(
                actor=request.user,
                meeting=obj,
                title=data["title"],
                start=data["start"],
                end=data["end"],
                video_link=data["video_link"],
                agenda=data["agenda"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("schedule:meeting", pk=obj.pk)
    return render(request, "schedule/meeting_form.html", {"form": form, "meeting": obj})


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_meeting", get_object=_meeting)
def meeting_cancel(request, pk, obj):
    if request.method == "GET":  # a page that asks first: cancelling emails everyone invited
        return render(request, "schedule/meeting_cancel.html", {"meeting": obj})
    meetings.meeting_cancel(actor=request.user, meeting=obj)
    messages.success(request, _("The meeting is cancelled; everyone invited is told."))
    return redirect("schedule:meeting", pk=obj.pk)


@permission_required("schedule.view_meeting", get_object=_meeting, refused=_members_only)
def meeting_ics(request, pk, obj):
    method = "CANCEL" if obj.is_cancelled else "REQUEST"
    ics = meetings.calendar_copy_for(
        obj, selectors.meeting_attendees(meeting=obj), reader=request.user, method=method
    )
    response = HttpResponse(ics, content_type=f"text/calendar; charset=utf-8; method={method}")
    response["Content-Disposition"] = f'attachment; filename="meeting-{obj.pk}.ics"'
    return response
