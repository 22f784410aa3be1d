"""Read-ahead papers and written input, from the meeting page: each form posts here and comes back
to the page with what happened (the errors, if any, as messages); a file goes out only through
`paper_file`, to those who may read the meeting's record."""

import math

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.feedback import flash, flash_form_errors, form_saved
from common.fragments import CSRF_PLACEHOLDER, versioned_fragment, with_csrf_token
from common.permissions import has_perm, permission_required

from ..forms.papers import AgendaInputForm, PaperProvideForm, PaperRequestForm
from ..models.papers import DUE_DAYS_DEFAULT, DUE_DAYS_MAX
from ..selectors import meetings as meeting_selectors
from ..selectors import papers as selectors
from ..services import papers as services
from .cached_forms import meeting_and_cached_form
from .polls import members_only

# How long a rendered blank form may sit unread (a new version makes it unreachable anyway).
FORM_TIMEOUT = 3600


def _meeting(request, pk, **kwargs):
    return meeting_selectors.meeting_get(pk=pk)


def _paper(request, pk, paper_id, **kwargs):
    return selectors.paper_get(meeting_pk=pk, pk=paper_id)


def _back(meeting, anchor="papers"):
    return redirect(reverse("schedule:meeting", args=[meeting.pk]) + f"#{anchor}")


def _is_open(meeting) -> bool:
    return not meeting.is_cancelled and meeting.end > timezone.now()


def papers_part(user, meeting, *, can_manage: bool) -> dict:
    """The meeting page's papers and written input, for a reader who may see the record: the
    papers, a form to give each one the reader may give, the link to ask for one (those who run
    the meeting), the written input the reader may see and the form to add some. Two queries.
    Besides the data and the reader, it changes only with `papers_state`."""
    is_open = _is_open(meeting)
    papers = selectors.meeting_papers(meeting=meeting)
    now = timezone.now()
    for paper in papers:
        paper.is_late = not paper.is_provided and paper.due_at <= now
        paper.may_provide = is_open and has_perm(user, "schedule.provide_meetingpaper", paper)
        paper.provide_form = PaperProvideForm(auto_id=f"paper-{paper.pk}-%s") if paper.may_provide else None
    items = meeting.agenda_items()
    return {
        "papers": papers,
        "papers_open": is_open,
        "may_request": can_manage and is_open,
        "may_withdraw": can_manage,
        "input_groups": selectors.agenda_input(meeting=meeting, reader=user, sees_all=can_manage),
        "input_form": _input_form_html(meeting, items) if is_open else None,
    }


def papers_state(meeting) -> str:
    """What the papers part shows that changes with time alone: whether the meeting is still open,
    and which papers are late. A paper due `d` days before the meeting is late once fewer than `d`
    days are left: the whole number of days left (0 to one more than the longest notice) says
    which. For the key of a cached papers part."""
    days_left = math.ceil((meeting.start - timezone.now()).total_seconds() / 86400)
    return f"{int(_is_open(meeting))}.{min(max(days_left, 0), DUE_DAYS_MAX + 1)}"


def _input_form_html(meeting, items) -> str:
    """The blank written-input form's fields: the same for every reader of the meeting (its choices
    are the agenda's items), so rendered once per meeting version and language."""
    return versioned_fragment(
        f"meeting-input-form:{meeting.pk}:{get_language()}",
        ("meetings",),
        lambda: AgendaInputForm(items=items, auto_id="input-%s").as_div(),
        timeout=FORM_TIMEOUT,
    )


# What the blank form's page is built from: the meeting, and the groups (the form's box asks for
# names at the group's address).
REQUEST_PAGE_VERSIONS = ("meetings", "teams")


def _request_page_key(request, pk) -> str:
    """All the blank page varies by besides REQUEST_PAGE_VERSIONS and whether the meeting is still
    open (its batch's `state`): the meeting, the language and the zone its times are shown in."""
    return f"paper-request-page:{pk}:{get_language()}:{timezone.get_current_timezone_name()}"


_meeting_and_request_page = meeting_and_cached_form(
    attribute="request_page", versions=REQUEST_PAGE_VERSIONS, key_of=_request_page_key
)


@require_http_methods(["GET", "POST"])
@permission_required("schedule.manage_meeting", get_object=_meeting_and_request_page)
def paper_request(request, pk, obj):
    """Ask a member of the team for a paper, named in a box (teams.member_choice)."""
    if request.method == "GET":
        return _paper_request_page(request, obj)
    form = PaperRequestForm(request.POST, team=obj.team)

    def save(data):
        return services.paper_request(
            actor=request.user,
            meeting=obj,
            title=data["title"],
            owner_id=data["owner"],
            due_days_before=data["due_days_before"],
        )

    paper = form_saved(request, form, save)
    if paper is not None:
        messages.success(request, _("The paper “%(title)s” is asked for.") % {"title": paper.title})
        return _back(obj)
    return _paper_request_page(request, obj, form=form)


def _paper_request_page(request, meeting, *, form=None):
    """The page with its form: blank, alike for all who run the meeting, so cached by the
    meeting's version, the language, the zone its times are shown in and whether it is still open
    (their CSRF token put in after), read with the meeting; sent back with its errors, built
    anew."""
    is_open = _is_open(meeting)

    def context(form) -> dict:
        return {"meeting": meeting, "form": form, "is_open": is_open}

    if form is not None:
        return render(request, "schedule/paper_request.html", context(form))

    def blank() -> str:
        form = PaperRequestForm(team=meeting.team, initial={"due_days_before": DUE_DAYS_DEFAULT})
        return render_to_string(
            "schedule/_paper_request_page.html", {**context(form), "csrf_token": CSRF_PLACEHOLDER}
        )

    batch, key = request.request_page
    content = batch.value(key, REQUEST_PAGE_VERSIONS, blank, timeout=FORM_TIMEOUT, state=str(int(is_open)))
    return render(
        request,
        "schedule/paper_request.html",
        {"meeting": meeting, "content": with_csrf_token(content, request)},
    )


@require_POST
@permission_required("schedule.provide_meetingpaper", get_object=_paper)
def paper_provide(request, pk, paper_id, obj):
    form = PaperProvideForm(request.POST, request.FILES)
    if not form.is_valid():
        flash_form_errors(request, form)
        return _back(obj.meeting)
    try:
        services.paper_provide(
            actor=request.user,
            paper=obj,
            link=form.cleaned_data["link"],
            upload=form.cleaned_data["file"] or None,
        )
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(request, _("The paper “%(title)s” is in: thank you.") % {"title": obj.title})
    return _back(obj.meeting)


@require_POST
@permission_required("schedule.manage_meeting", get_object=_meeting)
def paper_withdraw(request, pk, paper_id, obj):
    paper = selectors.paper_get(meeting_pk=obj.pk, pk=paper_id)
    services.paper_withdraw(actor=request.user, paper=paper)
    messages.success(request, _("The paper “%(title)s” is withdrawn.") % {"title": paper.title})
    return _back(obj)


@require_GET
@permission_required("schedule.view_record_meeting", get_object=_meeting, refused=members_only)
def paper_file(request, pk, paper_id, obj):
    """The paper's file, to the team and the secretariat: always as a download (never shown by the
    browser as a page of this site), under its cleaned original name."""
    paper = selectors.paper_get(meeting_pk=obj.pk, pk=paper_id)
    if not paper.file:
        raise Http404
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=paper.original_name or "paper",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@permission_required("schedule.view_record_meeting", get_object=_meeting, refused=members_only)
def input_add(request, pk, obj):
    form = AgendaInputForm(request.POST, items=obj.agenda_items())
    if not form.is_valid():
        flash_form_errors(request, form)
        return _back(obj, "input")
    try:
        services.input_add(
            actor=request.user, meeting=obj, item=form.chosen_item(), text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(request, _("Your input is sent to the chair."))
    return _back(obj, "input")
