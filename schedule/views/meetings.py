"""Pages of meetings: for the team, for a guest by their private link, and the calendar files."""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import back_to, flash, flash_form_errors, form_saved
from common.fragments import CSRF_PLACEHOLDER, VersionedBatch, versioned_fragment, with_csrf_token
from common.permissions import has_perm, permission_required
from common.templatetags.common import countdown
from common.timezones import canonical_zone, zone_info
from teams import selectors as team_selectors
from teams.places import places_key, places_of

from ..fairness import slot_discomfort
from ..forms.attendance import AnswerForm, AttendanceForm, QuorumForm
from ..forms.meetings import MeetingForm
from ..ical import meeting_calendar
from ..selectors import attendance as attendance_selectors
from ..selectors import feeds as feed_selectors
from ..selectors import meetings as selectors
from ..selectors import records as record_selectors
from ..services import attendance as attendance_services
from ..services import meetings as services
from .papers import papers_part, papers_state
from .polls import members_only

# How long a meeting page's cached part may sit unread (a new version makes it unreachable anyway).
BODY_TIMEOUT = 3600
# The public meetings page's list: remade each minute (what is coming and what has passed).
PUBLIC_TIMEOUT = 600


def _meeting(request, pk, **kwargs):
    return selectors.meeting_get(pk=pk)


def _meeting_page(request, pk, **kwargs):
    return selectors.meeting_page_get(pk=pk)


def _team(request, year, slug, **kwargs):
    return team_selectors.team_get(year=year, slug=slug)


def _calendar_file(ics: str, *, method: str, meeting_id: int) -> HttpResponse:
    response = HttpResponse(ics, content_type=f"text/calendar; charset=utf-8; method={method}")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting_id}.ics"'
    return response


# Where the meeting page's cached head says how far the meeting is (it moves with the clock).
_COUNTDOWN_PLACEHOLDER = "meeting-countdown-of-the-request"
# Every version the meeting page's cached parts (and the meeting and the reader's places, read with
# them) are built from: all read in one round trip.
PAGE_VERSIONS = ("meetings", "teams", "people")
# The reader's own parts (their answer, the papers and written input they see) are built from the
# meeting's data, their places in the teams and how people are named.
READER_VERSIONS = ("meetings", "teams", "people")


def _page_keys(request, pk: int) -> dict[str, str]:
    """The cache keys of everything the meeting page may show, as `request` asks for it: known
    before the meeting is read, so that all are read with it."""
    zone = timezone.get_current_timezone_name()
    page_number = selectors.attendees_page_number(request.GET.get("page"))
    language = translation.get_language()
    return {
        "head": f"meeting-head:{pk}:{language}:{zone}",
        "body": selectors.meeting_page_key(meeting_id=pk, zone=zone, page_number=page_number),
        "attendance": attendance_selectors.attendance_key(meeting_id=pk),
        "record": record_selectors.meeting_record_key(meeting_id=pk, zone=zone),
        "managers": f"meeting-managers:{pk}:{page_number}:{language}",
        "reader": f"meeting-reader:{pk}:{request.user.pk}:{language}:{zone}",
    }


def _meeting_page_and_parts(request, pk, **kwargs):
    """The meeting for its page's permission check, read in ONE cache round trip with the reader's
    places (the check asks them) and every cached part the page may show, kept on the request for
    the view (which takes only those the reader may see)."""
    keys = _page_keys(request, pk)
    batch = VersionedBatch(
        PAGE_VERSIONS,
        (selectors.meeting_read_key(pk=pk), places_key(request.user), *keys.values()),
    )
    places_of(request.user, batch=batch)
    request.meeting_parts = (batch, keys)
    return selectors.meeting_page_get(pk=pk, batch=batch)


@permission_required("schedule.view_meeting", get_object=_meeting_page_and_parts, refused=members_only)
def meeting_detail(request, pk, obj):
    """The meeting's time in each attendee's zone: a row per zone (how many, a few names), the
    night check once per zone; everyone by name a page at a time when the rows cannot name them all.
    That part is the same for every reader in a zone and language: it is cached, and read only when
    its fragment is missing or out of date. So are the attendance summary and the record; the
    reader's own answer, papers and written input are cached per reader; all of them are read in
    the same round trip as the meeting."""
    batch, keys = request.meeting_parts
    zone = timezone.get_current_timezone_name()
    page_number = selectors.attendees_page_number(request.GET.get("page"))

    def body() -> str:
        zones = selectors.meeting_zone_rows(meeting=obj, extra_zone=zone)
        everyone_named = all(not row.more for row in zones)
        local_times = [
            {"zone": row.zone, "at_night": bool(slot_discomfort(obj.start, obj.end, row.zone)[1]), "row": row}
            for row in zones
        ]
        attendees = (
            None if everyone_named else selectors.meeting_attendees_page(meeting=obj, page_number=page_number)
        )
        return render_to_string(
            "schedule/_meeting_body.html",
            {"meeting": obj, "local_times": local_times, "attendees": attendees},
        )

    def attendance() -> str:
        return render_to_string(
            "schedule/_meeting_attendance.html",
            {"meeting": obj, "summary": attendance_selectors.attendance_summary(meeting=obj)},
        )

    def record() -> str:
        view = record_selectors.meeting_record_get(meeting=obj)
        return "" if view.is_empty else render_to_string("schedule/_meeting_record.html", {"view": view})

    def fragment(name, names, render_part, state="") -> SafeString:
        html = batch.value(keys[name], names, lambda: str(render_part()), timeout=BODY_TIMEOUT, state=state)
        return mark_safe(html)  # noqa: S308 - rendered from escaped templates

    can_manage = has_perm(request.user, "schedule.manage_meeting", obj)

    def head() -> str:
        context = {"meeting": obj, "can_manage": can_manage, "countdown": _COUNTDOWN_PLACEHOLDER}
        return render_to_string("schedule/_meeting_head.html", context)

    # How far the meeting is moves with the clock: put in for each request.
    head_html = fragment("head", selectors.MEETING_READ_VERSIONS, head, state=str(int(can_manage))).replace(
        _COUNTDOWN_PLACEHOLDER, conditional_escape(countdown(obj.start))
    )
    # The record is the team's (not for someone invited from outside it): a fragment of its own.
    sees_record = has_perm(request.user, "schedule.view_record_meeting", obj)
    answer, papers = _reader_parts(
        request, obj, batch, keys["reader"], can_manage=can_manage, sees_record=sees_record
    )
    return render(
        request,
        "schedule/meeting.html",
        {
            "meeting": obj,
            "head": mark_safe(head_html),  # noqa: S308 - rendered from escaped templates
            "body": fragment("body", selectors.MEETING_PAGE_VERSIONS, body),
            "attendance": fragment("attendance", attendance_selectors.ATTENDANCE_VERSIONS, attendance),
            "answer": answer,
            "can_manage": can_manage,
            "managers_part": _managers_part(request, obj, page_number, batch, keys["managers"])
            if can_manage
            else "",
            "record": fragment("record", selectors.MEETING_PAGE_VERSIONS, record) if sees_record else None,
            "papers": papers,
        },
    )


def _reader_parts(request, meeting, batch, key, *, can_manage: bool, sees_record: bool):
    """The reader's own parts of the meeting page: their answer (the form while answers are open),
    and, for a reader who may see the record, the papers and written input they see. Cached per
    reader by the versions of all they show, the language and zone, what the reader may do and
    what changes with time alone (answers close, papers fall late); their CSRF token put in after."""
    user = request.user
    is_open = _answering_open(meeting)

    def render_parts() -> tuple[str, str]:
        mine = attendance_selectors.reader_attendance(meeting=meeting, user=user)
        answer = render_to_string(
            "schedule/_meeting_answer.html",
            {
                "meeting": meeting,
                "mine": mine,
                "answer_form": _answer_fields(AnswerForm.initial_for(mine)) if mine else None,
                "answering_open": is_open,
                "csrf_token": CSRF_PLACEHOLDER,
            },
        )
        papers = ""
        if sees_record:
            context = {
                "meeting": meeting,
                "can_manage": can_manage,
                "csrf_token": CSRF_PLACEHOLDER,
                **papers_part(user, meeting, can_manage=can_manage),
            }
            papers = render_to_string("schedule/_meeting_papers.html", context)
        return answer, papers

    state = f"{int(can_manage)}.{int(sees_record)}.{papers_state(meeting)}"
    answer, papers = batch.value(key, READER_VERSIONS, render_parts, timeout=BODY_TIMEOUT, state=state)
    return with_csrf_token(answer, request), with_csrf_token(papers, request)


def _answer_fields(initial: dict) -> str:
    """The answer form's fields, unbound, showing `initial`: the same HTML for everyone whose answer
    and note are alike, so rendered once per answer, note and language in this process."""
    return _answer_fields_in(translation.get_language(), initial["response"], initial["note"])


@functools.lru_cache(maxsize=256)
def _answer_fields_in(language: str, response, note: str) -> str:
    return AnswerForm(initial={"response": response, "note": note}).as_div()


def _answering_open(meeting) -> bool:
    return not meeting.is_cancelled and meeting.end > timezone.now()


def _managers_part(request, meeting, page_number: int, batch, key: str) -> str:
    """Everyone's answers and notes, the attendance form and the quorum rule, for those who run the
    meeting: alike for each of them, so cached (by the meeting's, its people's and the group's
    versions, the page, the language and whether it has started), their CSRF token put in after."""
    started = not meeting.is_cancelled and meeting.start <= timezone.now()
    here = reverse("schedule:meeting", args=[meeting.pk]) + (
        f"?page={page_number}" if page_number > 1 else ""
    )

    def render_part() -> str:
        page = attendance_selectors.attendance_page(meeting=meeting, page_number=page_number)
        quorum = {"quorum_kind": meeting.team.quorum_kind, "quorum_value": meeting.team.quorum_value}
        context = {
            "meeting": meeting,
            "attendance_page": page,
            "attendance_form": AttendanceForm(attendees=list(page.object_list)),
            "attendance_open": started,
            "quorum_form": QuorumForm(initial=quorum),
            "here": here,
            "csrf_token": CSRF_PLACEHOLDER,
        }
        return render_to_string("schedule/_meeting_attendance_form.html", context)

    html = batch.value(
        key,
        (*selectors.MEETING_PAGE_VERSIONS, "teams"),
        render_part,
        timeout=BODY_TIMEOUT,
        state=str(started),
    )
    return with_csrf_token(html, request)


@require_POST
@permission_required("schedule.answer_meeting", get_object=_meeting_page, refused=members_only)
def meeting_answer(request, pk, obj):
    """The reader's answer from the meeting page: attending, not attending or apologies, a note."""
    attendee = attendance_selectors.reader_attendance(meeting=obj, user=request.user)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    elif _answer_saved(request, attendee, form, actor=request.user):
        messages.success(request, _("Your answer is saved: %(answer)s.") % {"answer": _answer_label(form)})
    return redirect("schedule:meeting", pk=obj.pk)


def _answer_label(form) -> str:
    return str(dict(form.fields["response"].choices)[form.cleaned_data["response"]])


def _answer_saved(request, attendee, form, *, actor) -> bool:
    try:
        attendance_services.meeting_answer(
            attendee=attendee,
            response=form.cleaned_data["response"],
            note=form.cleaned_data["note"],
            actor=actor,
        )
    except ValidationError as error:
        flash(request, error)
        return False
    return True


@require_http_methods(["GET", "POST"])
def meeting_answer_link(request, token):
    """An invitee's one-click answer from their invitation, by its private link, without signing
    in: the GET asks to confirm (the answer the link named already chosen) and changes nothing,
    since mail scanners follow links; the POST saves the answer and thanks them."""
    attendee = attendance_selectors.attendee_by_rsvp_token(token=token)
    meeting = attendee.meeting
    zone_name = canonical_zone(attendee.zone_name) or timezone.get_current_timezone_name()
    form = AnswerForm(
        request.POST or None, initial=AnswerForm.initial_for(attendee, request.GET.get("answer", ""))
    )
    if request.method == "POST" and form.is_valid():
        actor = attendee.user if attendee.user_id else None
        if _answer_saved(request, attendee, form, actor=actor):
            messages.success(
                request, _("Thank you: your answer is saved (%(answer)s).") % {"answer": _answer_label(form)}
            )
            return redirect("schedule:meeting_answer_link", token=token)
    with timezone.override(zone_info(zone_name)):
        return render(
            request,
            "schedule/meeting_answer.html",
            {
                "meeting": meeting,
                "attendee": attendee,
                # Unbound, the fields are as the link or the last answer left them: rendered once.
                "form": form if form.is_bound else _answer_fields(form.initial),
                "token": token,
                "answering_open": _answering_open(meeting),
            },
        )


@require_POST
@permission_required("schedule.manage_meeting", get_object=_meeting)
def meeting_attendance(request, pk, obj):
    """The facilitators' record of who came, once the meeting has started."""
    rows = attendance_selectors.attendance_rows(meeting=obj, ids=request.POST.getlist("shown"))
    form = AttendanceForm(request.POST, attendees=rows)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("schedule:meeting", pk=obj.pk)
    try:
        came = attendance_services.attendance_mark(
            actor=request.user,
            meeting=obj,
            shown=[row.pk for row in rows],
            present=form.cleaned_data["present"],
        )
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "Attendance is saved: %(n)d person present.",
                "Attendance is saved: %(n)d people present.",
                came,
            )
            % {"n": came},
        )
    return redirect(back_to(request, reverse("schedule:meeting", args=[obj.pk])))


@require_POST
@permission_required("teams.set_quorum_issueteam", get_object=_team)
def team_quorum(request, year, slug, obj):
    """The group's quorum rule, set by its facilitators or the secretariat (from a meeting page)."""
    form = QuorumForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
    else:
        try:
            attendance_services.quorum_rule_set(
                actor=request.user,
                team=obj,
                kind=form.cleaned_data["quorum_kind"],
                value=form.cleaned_data["quorum_value"],
            )
        except ValidationError as error:
            flash(request, error)
        else:
            messages.success(request, _("The group's quorum rule is saved."))
    return redirect(back_to(request, obj.get_absolute_url()))


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
            {
                "meeting": attendee.meeting,
                "token": token,
                "zone_chosen": bool(attendee.time_zone),
                "answer_url": reverse("schedule:meeting_answer_link", args=[attendee.rsvp_token]),
            },
        )


def meeting_guest_ics(request, token):
    """The guest's own copy of the invitation: the organiser and this guest, nobody else."""
    attendee = selectors.guest_attendance_get(token=token)
    method = "CANCEL" if attendee.meeting.is_cancelled else "REQUEST"
    return _calendar_file(
        meeting_calendar(attendee.meeting, [attendee], method=method),
        method=method,
        meeting_id=attendee.meeting_id,
    )


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_meeting", get_object=_meeting)
def meeting_edit(request, pk, obj):
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(obj, request.user.time_zone))
    if form_saved(
        request,
        form,
        lambda data: services.meeting_update(actor=request.user, meeting=obj, **form.meeting_fields()),
    ):
        messages.success(request, _("The meeting is saved."))
        return redirect("schedule:meeting", pk=obj.pk)
    return render(request, "schedule/meeting_form.html", {"form": form, "meeting": obj})


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_meeting", get_object=_meeting)
def meeting_cancel(request, pk, obj):
    if request.method == "GET":  # a page that asks first: cancelling emails everyone invited
        return render(request, "schedule/meeting_cancel.html", {"meeting": obj})
    services.meeting_cancel(actor=request.user, meeting=obj)
    n = selectors.meeting_attendee_count(meeting=obj)
    messages.success(
        request,
        ngettext(
            "The meeting is cancelled; the cancellation is being sent to %(n)d person.",
            "The meeting is cancelled; the cancellation is being sent to %(n)d people.",
            n,
        )
        % {"n": n},
    )
    return redirect("schedule:meeting", pk=obj.pk)


@permission_required("schedule.view_meeting", get_object=_meeting, refused=members_only)
def meeting_ics(request, pk, obj):
    method = "CANCEL" if obj.is_cancelled else "REQUEST"
    ics = services.calendar_copy_for(
        obj, selectors.meeting_attendees(meeting=obj), reader=request.user, method=method
    )
    return _calendar_file(ics, method=method, meeting_id=obj.pk)


@require_http_methods(["GET", "HEAD"])
def public_meetings(request):
    """Read by anyone: the meetings groups made public, from the feeds' window (FEED_DAYS_BACK days
    ago) on, the FEED_MAX_MEETINGS soonest, each with its group, time, agenda and video link; never
    who is invited. The list is the same for everyone in a language and time zone: cached under the
    versions of the meetings and the groups, and remade each minute (coming or passed)."""
    now = timezone.now()
    language, zone = translation.get_language(), timezone.get_current_timezone_name()
    minute = int(now.timestamp() // 60)

    def build() -> str:
        since = feed_selectors.feed_window_start(now)
        meetings = selectors.public_meetings(since=since, limit=feed_selectors.FEED_MAX_MEETINGS)
        return render_to_string(
            "schedule/_public_meetings.html",
            {
                "coming": [m for m in meetings if m.end > now],
                "passed": [m for m in meetings if m.end <= now][::-1],
                "days_back": feed_selectors.FEED_DAYS_BACK,
                "limit": feed_selectors.FEED_MAX_MEETINGS,
            },
        )

    rows = versioned_fragment(
        f"public-meetings:{language}:{zone}:{minute}", ("meetings", "teams"), build, timeout=PUBLIC_TIMEOUT
    )
    return render(request, "schedule/public_meetings.html", {"rows": rows})
