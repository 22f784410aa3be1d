"""Pages of availability polls: creating, answering, commenting, changing, guests, choosing the slot."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import add_to_form, flash, flash_outcome, form_saved
from common.fragments import CSRF_PLACEHOLDER, request_csrf_token, with_csrf_token
from common.permissions import Refused, has_perm, permission_required
from common.templatetags.common import countdown, when
from common.timezones import canonical_zone, moment_after, zone_info
from common.versions import version_of
from teams import selectors as team_selectors
from teams.selectors import current_cycle

from ..enums import Answer, GuestLinkState
from ..fairness import slot_discomfort, slot_judgement
from ..forms.polls import (
    BulkPollForm,
    CommentForm,
    FinaliseForm,
    PollDuplicateForm,
    PollEditForm,
    PollForm,
    VoteForm,
)
from ..selectors import polls as selectors
from ..selectors.meetings import meeting_attendee_count
from ..selectors.poll_results import (
    answer_page_number,
    poll_answer_page,
    poll_summary_cached,
    slot_night_people,
)
from ..selectors.poll_suggestions import suggestions_for
from ..services import polls as services
from ..services.forgetting import guest_forget
from ..services.meetings import meeting_create_from_slot
from ..services.poll_changes import poll_update
from .milestones import cached_parts


def _team(request, year, slug, **kwargs):
    return team_selectors.team_get(year=year, slug=slug)


def _poll(request, pk, **kwargs):
    """The poll, with what the reader is to it, from the cache when nothing changed (see
    selectors.polls.poll_for_reader); `poll.version` then keys the page's cached parts."""
    return selectors.poll_for_reader(pk=pk, user=request.user)


def members_only(request, obj):
    """Why a poll or meeting page is closed, and the way in: joining its team."""
    return Refused(
        _("Only the members of the team “%(team)s” and the people invited can see its polls and meetings.")
        % {"team": obj.team.name.text},
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


# The poll page is read far more often than answered: what is the same for every reader is cached
# under the polls' version (any change to a poll, slot, invitation or vote makes a new one, on
# commit), with the language, the reader's zone and how they see it (guest, voter, names, running
# the poll); what is the reader's own (their answers in the form, their row of the grid, a guest's
# token, the countdown) is put in its placeholders on each request.


def _answer_cell_html() -> dict[str, str]:
    """A grid cell's HTML per answer, "" for none, in the active language."""
    cells = {
        answer: str(format_html('<td class="{}">{} {}</td>', answer, mark, label))
        for answer, mark, label in (
            (Answer.YES, "✓", _("Yes")),
            (Answer.IF_NEED_BE, "~", _("If need be")),
            (Answer.NO, "✗", _("No")),
        )
    }
    # Not answered: a grey dash (the cell's own class, not a span: most cells of a new poll are these).
    cells[""] = '<td class="none">—</td>'
    return cells


def _answer_row(person, answers: list[str], cells: dict[str, str]) -> str:
    """A grid row, in plain string work (20 cells a row, 26 rows a page); `cells`: _answer_cell_html."""
    guest = format_html(' <span class="hint">({})</span>', _("guest")) if person.is_guest else ""
    none = cells[""]
    return format_html(
        '<tr><th scope="row">{}{}</th>{}</tr>',
        person.display_name,
        guest,
        mark_safe("".join([cells.get(answer, none) for answer in answers])),  # noqa: S308 - escaped parts
    )


def _vote_slots(legends) -> list[tuple[int, dict[str, str]]]:
    """The voting form's slots as Django's RadioSelect writes them: per slot its id and its fieldset
    with each answer ticked ("" for none), so that a reader's form is a pick per slot."""
    choices = [(Answer.YES, _("Yes")), (Answer.IF_NEED_BE, _("If need be")), (Answer.NO, _("No"))]
    slots = []
    for slot_id, legend, at_night in legends:
        opening = format_html(
            '<fieldset class="slot{}"><legend>{}</legend>',
            " night" if at_night else "",
            mark_safe(legend),  # noqa: S308 - from `when`
        )
        radios = [
            (
                value,
                str(
                    format_html(
                        '<label class="choice"><input type="radio" name="slot_{}" value="{}" '
                        'id="id_slot_{}_{}" required',
                        slot_id,
                        value,
                        slot_id,
                        index,
                    )
                ),
                str(format_html("> {}</label>", label)),
            )
            for index, (value, label) in enumerate(choices)
        ]
        ticked = {
            answer: str(opening)
            + "".join(head + (" checked" + tail if value == answer else tail) for value, head, tail in radios)
            + "</fieldset>\n"
            for answer in ("", *(value for value, _label in choices))
        }
        slots.append((slot_id, ticked))
    return slots


def _night_badge():
    return format_html(' <span class="badge bad">☾ {}</span>', _("night for you"))


def _own_hours(ticked: dict[str, str], outside: bool) -> dict[str, str]:
    """A slot's cached fieldsets (marked against the night in the reader's zone, shared by all in
    it) marked instead against the reader's own call hours: "outside your hours" or nothing."""
    night = str(_night_badge())
    mark = str(format_html(' <span class="badge bad">{}</span>', _("outside your hours"))) if outside else ""
    marked = {}
    for answer, html in ticked.items():
        html = html.replace(night, "", 1).replace('<fieldset class="slot night"', '<fieldset class="slot"', 1)
        if outside:
            html = html.replace('<fieldset class="slot"', '<fieldset class="slot night"', 1)
            html = html.replace("</legend>", mark + "</legend>", 1)
        marked[answer] = html
    return marked


def _vote_fieldsets(slots, current: dict[int, str], suggestions=None, outside_hours=None) -> str:
    """The voting form's slots, each ticked as the voter answered: a pick of cached HTML per slot.
    `suggestions` (selectors.poll_suggestions, the voter's own, by slot id): a slot not answered
    yet is ticked as suggested, marked as a suggestion with its reason; a slot a meeting of theirs
    now overlaps shows as taken, and where they said yes or if need be, asks them to review it.
    `outside_hours` (for a voter who set call hours: by slot id, whether it is outside them) marks
    each slot by their hours instead of the night in their zone."""
    if outside_hours is not None:
        slots = [
            (slot_id, _own_hours(ticked, outside_hours.get(slot_id, False))) for slot_id, ticked in slots
        ]
    if not suggestions:
        return mark_safe(  # noqa: S308 - escaped when cached (_vote_slots)
            "".join([ticked.get(current.get(slot_id, ""), ticked[""]) for slot_id, ticked in slots])
        )
    parts = []
    for slot_id, ticked in slots:
        answer = current.get(slot_id, "")
        suggestion = suggestions.get(slot_id)
        if suggestion is None:
            parts.append(ticked.get(answer, ticked[""]))
            continue
        notes = []
        if suggestion.meeting is not None:
            notes.append(
                format_html(
                    '<p class="taken"><span class="badge bad">{}</span> {}</p>',
                    _("Taken"),
                    suggestion.meeting.title,
                )
            )
        if not answer:
            html = ticked[suggestion.answer].replace(
                '<fieldset class="slot', '<fieldset class="slot suggested', 1
            )
            notes.append(
                format_html(
                    '<p class="suggestion"><span class="badge">{}</span> {}</p>',
                    _("Suggested"),
                    _("%(answer)s — %(reason)s")
                    % {"answer": Answer(suggestion.answer).label, "reason": suggestion.reason},
                )
            )
        else:
            html = ticked.get(answer, ticked[""])
            if suggestion.meeting is not None and answer != Answer.NO:
                notes.append(
                    format_html(
                        '<p class="notice" role="note">{}</p>',
                        _("You now have a meeting then (%(reason)s): please review your answer.")
                        % {"reason": suggestion.reason},
                    )
                )
        parts.append(html.removesuffix("</fieldset>\n") + "".join(notes) + "</fieldset>\n")
    return mark_safe("".join(parts))  # noqa: S308 - cached parts escaped (_vote_slots), notes by format_html


def _poll_columns(poll, results, zone_name) -> dict:
    """What the page shows once per slot, in the reader's (active) zone and language: the grid's
    headings and totals (everyone's), and the voting form's slot headings with the night badge."""
    night_badge = _night_badge()
    legends = []
    for row in _slot_rows([r.slot for r in results.slots], zone_name, poll):
        legend = when(row["slot"].start) + (night_badge if row["at_night"] else "")
        legends.append((row["slot"].pk, str(legend), row["at_night"]))
    return {
        "invited": results.invited,
        "slot_ids": [r.slot.pk for r in results.slots],
        "headers": "".join(
            format_html('<th scope="col">{}</th>', when(r.slot.start, compact=True)) for r in results.slots
        ),
        "totals": "".join(format_html("<td>{} / {} / {}</td>", r.yes, r.maybe, r.no) for r in results.slots),
        "vote_slots": _vote_slots(legends),
        "slot_starts": [(r.slot.pk, r.slot.start) for r in results.slots],
        "cells": _answer_cell_html(),
    }


# Where the cached body of the poll page holds what is the reader's own, filled in on each request.
# NUL never comes from a person's text (form fields refuse it), so no text can pass for a placeholder.
_VOTES, _ROWS, _COUNTDOWN, _TOKEN, _SUBMIT = (
    f"\x00poll-{part}\x00" for part in ("votes", "rows", "countdown", "token", "submit")
)


def _poll_body(request, poll, *, version, zone_name, view, page_number):
    """The poll page's content with placeholders for what is the reader's own, and the columns
    (see _poll_columns) and the page of the grid's rows: from the cache, in one read of it (two on a
    later page of answers), no query when nothing changed. `view`: what decides how the reader
    sees the page (guest, reload_with_zone, voting, is_open, show_names, can_manage); a key per
    combination, with the language and zone."""
    language = translation.get_language()
    guest, show_names = view["guest"], view["show_names"]
    summary = lambda: poll_summary_cached(poll=poll, version=version)  # noqa: E731 - only on a miss
    columns_key = ("poll-columns", poll.pk, version, language, zone_name)

    def columns():
        return _poll_columns(poll, summary(), zone_name)

    def rows(number):
        def build():
            slots, cells = [r.slot for r in summary().slots], _answer_cell_html()
            return [
                (person.pk, _answer_row(person, answers, cells))
                for person, answers in poll_answer_page(poll=poll, slots=slots, number=number)
            ]

        return build

    def body(number):
        def build():
            results = summary()
            shown = columns()
            context = {
                "poll": poll,
                **view,
                "zone_name": zone_name,
                "ranking": mark_safe(  # noqa: S308 - rendered from our template
                    render_to_string(
                        "schedule/_poll_ranking.html",
                        {"poll": poll, "results": results, "guest": guest, "show_names": show_names},
                        request,
                    )
                ),
                "comments": mark_safe(  # noqa: S308 - rendered from our template
                    render_to_string(
                        "schedule/_poll_comments.html",
                        {"comments": selectors.poll_comments(poll=poll), "show_names": show_names},
                    )
                ),
                "comment_form": CommentForm().as_div(),
                "columns": shown,
                "grid": None,
                "countdown": mark_safe(_COUNTDOWN),  # noqa: S308 - placeholders
                "vote_fields": mark_safe(_VOTES),  # noqa: S308
                "guest_token": mark_safe(_TOKEN),  # noqa: S308
                "submit_label": mark_safe(_SUBMIT),  # noqa: S308
                "csrf_token": CSRF_PLACEHOLDER,
            }
            if show_names:
                _number, pages = answer_page_number(invited=shown["invited"], page_number=number)
                context["grid"] = {"rows": mark_safe(_ROWS), "number": number, "pages": pages}  # noqa: S308
            return render_to_string("schedule/_poll_body.html", context)

        return build

    def body_key(number):
        return ("poll-body", poll.pk, version, language, zone_name, number, *view.values())

    # The first page of answers, which most readers see, comes in the same read of the cache.
    first_page = page_number is None or not show_names
    builds = {columns_key: columns}
    if first_page:
        number = 1 if show_names else 0
        builds[body_key(number)] = body(number)
        if show_names:
            builds[("poll-rows", poll.pk, version, language, 1)] = rows(1)
        shown, html, *first_rows = cached_parts(builds)
        return shown, html, (first_rows[0] if first_rows else [])
    (shown,) = cached_parts(builds)
    number, _pages = answer_page_number(invited=shown["invited"], page_number=page_number)
    page_rows, html = cached_parts(
        {("poll-rows", poll.pk, version, language, number): rows(number), body_key(number): body(number)}
    )
    return shown, html, page_rows


def _poll_page(request, poll, invitee, *, version, current, guest=False, suggestion_inputs=None):
    """The poll in the voter's zone: their profile's, a guest's chosen one, else the page's (the
    browser's); the guest's zone select starts at that same zone, so the page and form agree.
    `current`: the voter's answers by slot id; `suggestion_inputs`: what the answers suggested to
    them are made of (selectors.poll_suggestions; None: no suggestions, as for a guest)."""
    user = request.user
    zone_name = canonical_zone(invitee.time_zone if invitee else "") or timezone.get_current_timezone_name()
    initial = {"name": invitee.name if invitee else "", "time_zone": zone_name}
    posted = request.method == "POST" and invitee is not None
    # Only an answer needs the slots as a form's fields; a reading gets the light form (see below).
    slots = selectors.poll_slots(poll=poll) if posted else []
    # A member reading the page gets plain HTML for the slots (_vote_fieldsets): no form to make.
    form = (
        VoteForm(request.POST if posted else None, slots=slots, current=current, guest=guest, initial=initial)
        if posted or guest
        else None
    )
    if posted:
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
    is_open = poll.is_open
    show_names = user.is_authenticated and has_perm(user, "schedule.see_names_availabilitypoll", poll)
    view = {
        "guest": guest,
        "reload_with_zone": guest and not invitee.guest_time_zone,
        "voting": invitee is not None and is_open,
        "is_open": is_open,
        "show_names": show_names,
        "can_manage": user.is_authenticated and has_perm(user, "schedule.manage_availabilitypoll", poll),
    }
    with timezone.override(zone_info(zone_name)):
        columns, body, page_rows = _poll_body(
            request,
            poll,
            version=version,
            zone_name=zone_name,
            view=view,
            page_number=request.GET.get("page"),
        )
        filled = {_COUNTDOWN: escape(countdown(poll.deadline)) if is_open else ""}
        if view["voting"]:
            # The voter's own suggestions: worked out now, for them alone, never stored or cached.
            suggestions = (
                {}
                if posted
                else suggestions_for(
                    poll, invitee, slots=columns["slot_starts"], zone_name=zone_name, inputs=suggestion_inputs
                )
            )
            hours = suggestion_inputs.hours if suggestion_inputs else None
            outside_hours = (
                None
                if hours is None
                else {
                    pk: slot_judgement(start, moment_after(start, poll.duration), zone_name, hours)
                    is not None
                    for pk, start in columns["slot_starts"]
                }
            )
            fieldsets = (
                None
                if posted
                else _vote_fieldsets(columns["vote_slots"], current, suggestions, outside_hours)
            )
            suggesting = any(pk not in current for pk in suggestions)
            if suggesting:
                fieldsets = (
                    format_html(
                        '<p class="notice suggestions">{}</p>',
                        _(
                            "The answers marked “Suggested” are filled in from your call hours and your "
                            "meetings. Nothing counts until you confirm them."
                        ),
                    )
                    + fieldsets
                )
            filled[_SUBMIT] = escape(_("Confirm my answers") if suggesting else _("Save my answers"))
            if form is not None:
                # A guest's name and zone, or a form sent back with its errors, through Django's fields.
                context = {"form": form, "guest": guest, "vote_fieldsets": fieldsets}
                if posted:
                    context["rows"] = [
                        {**row, "field": form[f"slot_{row['slot'].pk}"]}
                        for row in _slot_rows(slots, zone_name, poll)
                    ]
                fieldsets = render_to_string("schedule/_poll_vote_fields.html", context)
            filled[_VOTES] = fieldsets
            filled[_TOKEN] = escape(invitee.token) if guest else ""
        if show_names:
            # The reader's own row first on every page (and not twice on the page that holds it).
            own = (
                [_answer_row(invitee, [current.get(pk, "") for pk in columns["slot_ids"]], columns["cells"])]
                if invitee
                else []
            )
            others = [html for pk, html in page_rows if invitee is None or pk != invitee.pk]
            filled[_ROWS] = "".join(own + others)
    for placeholder, html in filled.items():
        body = body.replace(placeholder, html)
    # One CSRF token for the cached body's forms and the base's.
    context = {
        "poll": poll,
        "body": with_csrf_token(body, request),
        "csrf_token": request_csrf_token(request),
        # A guest may ask to be forgotten from their own page (issue 17).
        "forget_token": invitee.token if guest else "",
    }
    return render(request, "schedule/poll.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.view_availabilitypoll", get_object=_poll, refused=members_only)
def poll_detail(request, pk, obj):
    reader = obj.reader
    return _poll_page(
        request,
        obj,
        reader.invitee,
        version=obj.version,
        current=reader.votes,
        suggestion_inputs=reader.suggestion_inputs,
    )


@permission_required("schedule.view_availabilitypoll", get_object=_poll, refused=members_only)
def poll_slot_nights(request, pk, slot_id, obj):
    """Everyone a slot puts at night: by place for all who may see the poll, by name (a page at a
    time) for those who may see names. The poll's ranking links here instead of listing them."""
    slot = selectors.poll_slot_get(poll=obj, pk=slot_id)
    summary = poll_summary_cached(poll=obj, version=obj.version)
    result = next(r for r in summary.slots if r.slot.pk == slot.pk)
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
    current = selectors.my_votes(invitee=invitee)
    return _poll_page(
        request,
        invitee.poll,
        invitee,
        version=version_of(*selectors.POLL_VERSIONS),
        current=current,
        guest=True,
    )


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


def _poll_to_copy(request, pk, **kwargs):
    return selectors.poll_get(pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.duplicate_availabilitypoll", get_object=_poll_to_copy)
def poll_duplicate(request, pk, obj):
    """Run a poll again for the next round of calls. "Preview" shows the new slots and creates
    nothing; the other button creates the poll in one service call, which a second POST of the same
    form (a double click, a reload) does not repeat: it leads to the poll the first one made."""
    form = PollDuplicateForm(
        request.POST or None,
        initial={"title": obj.title, "shift": "7", "time_zone": obj.entered_time_zone or "UTC"},
    )
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        if form.is_valid():
            try:
                preview = services.poll_shifted_slots(poll=obj, shift=form.shift_by())
            except ValidationError as error:
                add_to_form(form, error)
    else:
        done = form_saved(
            request,
            form,
            lambda data: services.poll_duplicate(actor=request.user, poll=obj, **form.duplicate_fields()),
        )
        if done:
            copy, created = done
            if created:
                messages.success(request, _("The new poll is open; the invitations are on their way."))
            else:
                messages.info(request, _("This poll was already made from the same form: here it is."))
            return redirect("schedule:poll", pk=copy.pk)
    context = {"poll": obj, "form": form, "slots": selectors.poll_slots(poll=obj), "preview": preview}
    return render(request, "schedule/poll_duplicate.html", context)


def _finalise_form(request, poll, version) -> FinaliseForm:
    results = poll_summary_cached(poll=poll, version=version)
    best = results.ranking[0].slot if results.ranking else None
    return FinaliseForm(request.POST or None, results=results, initial={"slot": best, "title": poll.title})


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_availabilitypoll", get_object=_poll)
def poll_finalise(request, pk, obj):
    version = obj.version
    if request.method == "GET":
        # The form as it first shows (the best slot proposed, the poll's title) is the same for all
        # who run the poll, in a language and zone: from the cache, without the results.
        (fields,) = cached_parts(
            {
                (
                    "poll-finalise",
                    obj.pk,
                    version,
                    translation.get_language(),
                    timezone.get_current_timezone_name(),
                ): lambda: render_to_string(
                    "schedule/_poll_finalise_fields.html", {"form": _finalise_form(request, obj, version)}
                )
            }
        )
        context = {"poll": obj, "fields": mark_safe(fields)}  # noqa: S308 - rendered from our templates
        return render(request, "schedule/poll_finalise.html", context)
    form = _finalise_form(request, obj, version)
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
    return render(request, "schedule/poll_finalise.html", {"poll": obj, "form": form})


# --- A guest asks to be forgotten (issue 17) ---


@require_http_methods(["GET", "POST"])
def poll_guest_forget(request, token):
    """From the guest's private page: what forgetting does, then one POST. Works whatever the poll's
    state, as long as the link still opens (a withdrawn or expired link says so, as everywhere)."""
    invitee = selectors.guest_invitee_get(token=token)
    state = services.guest_link_state(invitee)
    if state in (GuestLinkState.REVOKED, GuestLinkState.EXPIRED):
        return _link_gone(request, state)
    if request.method == "POST":
        try:
            guest_forget(invitee=invitee)
        except ValidationError as error:
            flash(request, error)
            return redirect("schedule:poll_guest", token=token)
        return redirect("schedule:guest_forgotten")
    return render(request, "schedule/poll_guest_forget.html", {"poll": invitee.poll, "token": token})


@require_http_methods(["GET"])
def guest_forgotten(request):
    """Said once the guest is forgotten: their link is gone, so this page knows nothing of them."""
    return render(request, "schedule/guest_forgotten.html")


# --- end of a guest asking to be forgotten ---
