"""Pages of a year's review of workshop proposals: the secretariat's round (criteria, the
anonymised switch, the CSV import, the proposals added from the form, reviewers assigned), the
reviewer's "My reviews" and score form, the secretariat's overview and the CSV export, and the
published criteria. Each POST is one service call."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.enums import StakeholderGroup, UNRegion
from common.csv_export import csv_text, csv_text_response
from common.feedback import add_to_form, flash, flash_form_errors, flash_outcome
from common.fragments import (
    CSRF_PLACEHOLDER,
    render_blocks,
    versioned_fragment,
    versioned_value,
    with_csrf_token,
)
from common.permissions import Refused, has_perm, permission_required
from proposals.enums import SessionFormat
from teams import selectors as team_selectors

from . import anonymity, decisions, selectors, services
from .enums import EntrySource, EntryStatus
from .forms import (
    AnonymiseForm,
    AssignForm,
    CriterionForm,
    DecisionForm,
    ImportConfirmForm,
    ImportForm,
    ProposerAnnouncementForm,
    ReviewForm,
    SpreadForm,
)
from .models import Criterion, Entry

MANAGE = "review.manage_reviewround"
REVIEW = "review.review_reviewround"
EXPORT = "review.export_reviewround"


def _round(request, year, **kwargs):
    return selectors.round_of_year(year=year)


def _round_lean(request, year, **kwargs):
    """The round without its criteria, for a page cached whole: read when the page is built."""
    return selectors.round_of_year(year=year, criteria=False)


def _entry(request, pk, **kwargs):
    return selectors.entry_get(pk=pk)


def _assignment(request, pk, **kwargs):
    # A GET is answered from the cache: only who may see it is read first.
    if request.method == "GET":
        return selectors.assignment_key(pk=pk)
    return selectors.assignment_get(pk=pk)


def _entry_key(request, pk, **kwargs):
    return selectors.entry_key(pk=pk)


def secretariat_only(request, review_round):
    return Refused(_("Only the secretariat runs the review of workshop proposals."))


def mag_only(request, review_round):
    return Refused(
        _("The MAG's current members review workshop proposals; the criteria are public."),
        next_url=reverse("review:criteria", args=[review_round.cycle.year]),
        next_label=_("See the criteria"),
    )


def reviewer_only(request, assignment):
    return Refused(_("Only the MAG member assigned to this review scores it."))


def _round_url(review_round) -> str:
    return reverse("review:round", args=[review_round.cycle.year])


def home(request):
    """The current year's review, as the reader reaches it: the secretariat's round, a MAG member's
    reviews, everyone else's criteria (the site's menu links here; it knows no year)."""
    cycle = team_selectors.current_cycle()
    if cycle is None:
        raise Http404(_("No IGF year is current."))
    review_round = selectors.round_of(cycle=cycle)
    if has_perm(request.user, MANAGE, review_round):
        return redirect("review:round", cycle.year)
    if has_perm(request.user, REVIEW, review_round):
        return redirect("review:mine", cycle.year)
    return redirect("review:criteria", cycle.year)


def criteria(request, year):
    """The published criteria of the year: public."""
    review_round = _round(request, year)
    return render(request, "review/criteria.html", {"round": review_round})


def _round_context(request, review_round, **forms) -> dict:
    reviewers = selectors.reviewer_choices()
    return {
        "round": selectors.with_criteria(review_round),
        "criterion_form": forms.get("criterion_form") or CriterionForm(),
        "anonymise_form": AnonymiseForm(initial={"anonymised": review_round.anonymised}),
        "import_form": forms.get("import_form") or ImportForm(),
        "assign_form": forms.get("assign_form")
        or AssignForm(entries=Entry.objects.none(), reviewers=reviewers),
        "spread_form": forms.get("spread_form") or SpreadForm(reviewers=reviewers),
        "entries": selectors.round_entries(review_round=review_round, query=request.GET),
    }


def _round_page(request, review_round, **forms):
    return render(request, "review/round.html", _round_context(request, review_round, **forms))


# What the secretariat's pages of the round show: its criteria, entries, assignments and scores;
# kinds of session; issue areas and groups; the reviewers' names and who is on the MAG.
ROUND_VERSIONS = ("review", "proposals", "teams", "people")
ROUND_TIMEOUT = 86400


def _cached_page(request, key: str, template: str, build, names=ROUND_VERSIONS) -> HttpResponse:
    """A page of the review, its blocks cached per language under the versions `names` of all it
    shows, their CSRF token put in after. `key` names all else the page varies by (the object, the
    zone its times are shown in, the reader when it is theirs alone). Pages by a cursor anyone may
    vary are built each time."""
    if "older" in request.GET or "newer" in request.GET:
        return render(request, template, build())
    blocks = versioned_value(
        f"{key}:{get_language()}",
        names,
        lambda: render_blocks(template, {**build(), "csrf_token": CSRF_PLACEHOLDER}),
        timeout=ROUND_TIMEOUT,
    )
    return render(
        request,
        "_cached_blocks.html",
        {name: with_csrf_token(html, request) for name, html in blocks.items()},
    )


@permission_required(MANAGE, get_object=_round_lean, refused=secretariat_only)
def round_page(request, year, obj):
    return _cached_page(
        request, f"review-round:{obj.cycle_id}", "review/round.html", lambda: _round_context(request, obj)
    )


@require_POST
@permission_required(MANAGE, get_object=_round, refused=secretariat_only)
def criterion_add(request, year, obj):
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_add(actor=request.user, cycle=obj.cycle, **form.cleaned_data)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("“%(name)s” is added to the criteria.") % {"name": form.cleaned_data["name"]}
            )
            return redirect(_round_url(obj))
    return _round_page(request, obj, criterion_form=form)


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE, get_object=_round, refused=secretariat_only)
def criterion_edit(request, year, criterion_id, obj):
    criterion = get_object_or_404(Criterion, round_id=obj.pk or 0, pk=criterion_id)
    initial = {"name": criterion.name, "description": criterion.description, "max_score": criterion.max_score}
    form = CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_edit(actor=request.user, criterion=criterion, **form.cleaned_data)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("“%(name)s” is saved.") % {"name": form.cleaned_data["name"]})
            return redirect(_round_url(obj))
    context = {"round": obj, "criterion": criterion, "form": form}
    return render(request, "review/criterion_edit.html", context)


@require_POST
@permission_required(MANAGE, get_object=_round, refused=secretariat_only)
def criterion_remove(request, year, criterion_id, obj):
    criterion = Criterion.objects.filter(round_id=obj.pk, pk=criterion_id).first()
    if criterion is not None:
        flash_outcome(
            request,
            lambda: services.criterion_remove(actor=request.user, criterion=criterion),
            success=_("“%(name)s” is removed from the criteria.") % {"name": criterion.name},
        )
    return redirect(_round_url(obj))


@require_POST
@permission_required(MANAGE, get_object=_round, refused=secretariat_only)
def anonymise(request, year, obj):
    form = AnonymiseForm(request.POST)
    form.is_valid()
    anonymised = form.cleaned_data.get("anonymised", False)
    services.round_anonymise(actor=request.user, cycle=obj.cycle, anonymised=anonymised)
    if anonymised:
        messages.success(request, _("The phase is anonymised: reviewers see no proposer's name."))
    else:
        messages.success(request, _("The phase is no longer anonymised."))
    return redirect(_round_url(obj))


@require_POST
@permission_required(MANAGE, get_object=_round, refused=secretariat_only)
def import_entries(request, year, obj):
    """Upload: a preview of the rows; the confirmation (the same text and its fingerprint) imports
    them all, or none."""
    if "fingerprint" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        if confirm.is_valid():
            try:
                created = services.entries_import(
                    actor=request.user,
                    cycle=obj.cycle,
                    text=confirm.cleaned_data["text"],
                    expected_fingerprint=confirm.cleaned_data["fingerprint"],
                )
            except ValidationError as error:
                flash(request, error)
            else:
                count = len(created)
                messages.success(
                    request,
                    ngettext("%(count)d proposal imported.", "%(count)d proposals imported.", count)
                    % {"count": count},
                )
        else:
            flash_form_errors(request, confirm)
        return redirect(_round_url(obj))
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _round_page(request, obj, import_form=form)
    confirm = ImportConfirmForm(
        initial={"text": form.cleaned_data["text"], "fingerprint": form.cleaned_data["fingerprint"]}
    )
    context = {"round": obj, "rows": form.cleaned_data["rows"], "confirm": confirm}
    return render(request, "review/import_preview.html", context)


@require_POST
@permission_required(MANAGE, get_object=_round, refused=secretariat_only)
def add_proposals(request, year, obj):
    try:
        count = services.entries_add_proposals(actor=request.user, cycle=obj.cycle)
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(
            request,
            ngettext("%(count)d submitted proposal added.", "%(count)d submitted proposals added.", count)
            % {"count": count},
        )
    return redirect(_round_url(obj))


@require_POST
@permission_required(MANAGE, get_object=_round, refused=secretariat_only)
def assign(request, year, obj):
    form = AssignForm(
        request.POST,
        entries=Entry.objects.filter(round_id=obj.pk or 0),
        reviewers=selectors.reviewer_choices(),
    )
    if form.is_valid():
        entry, reviewer = form.cleaned_data["entry"], form.cleaned_data["reviewer"]
        flash_outcome(
            request,
            lambda: services.assignment_add(actor=request.user, entry=entry, reviewer=reviewer),
            success=_("%(name)s reviews “%(title)s”.") % {"name": reviewer.name, "title": entry.shown_title},
        )
    else:
        flash_form_errors(request, form)
    return redirect(_round_url(obj))


@require_POST
@permission_required(MANAGE, get_object=_round, refused=secretariat_only)
def spread(request, year, obj):
    form = SpreadForm(request.POST, reviewers=selectors.reviewer_choices())
    if form.is_valid():
        result = services.assignments_spread(
            actor=request.user,
            cycle=obj.cycle,
            reviewers=list(form.cleaned_data["reviewers"]),
            per_entry=form.cleaned_data["per_entry"],
        )
        messages.success(
            request,
            ngettext("%(count)d review assigned.", "%(count)d reviews assigned.", result.created)
            % {"count": result.created},
        )
        if result.short:
            messages.warning(
                request,
                ngettext(
                    "%(count)d proposal has fewer reviewers than asked: "
                    "the others chosen facilitate its group.",
                    "%(count)d proposals have fewer reviewers than asked: "
                    "the others chosen facilitate their groups.",
                    result.short,
                )
                % {"count": result.short},
            )
    else:
        flash_form_errors(request, form)
    return redirect(_round_url(obj))


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE, get_object=_assignment, refused=secretariat_only)
def assignment_remove(request, pk, obj):
    """Remove a reviewer's assignment: at once from a button if it has no scores yet, else after
    this page's confirmation (its scores and comment go with it). Back to the entry's page when
    asked from there, else to the round."""
    assignment, review_round = obj, obj.entry.round
    back_to_entry = (request.POST.get("next") or request.GET.get("next")) == "entry"
    if request.method == "POST":
        try:
            services.assignment_remove(
                actor=request.user, assignment=assignment, confirmed="confirm" in request.POST
            )
        except ValidationError:
            pass  # scored and not confirmed yet: the page below asks
        else:
            messages.success(
                request,
                _("%(name)s no longer reviews “%(title)s”.")
                % {"name": assignment.reviewer.name, "title": assignment.entry.shown_title},
            )
            if back_to_entry:
                return redirect("review:entry", assignment.entry_id)
            return redirect(_round_url(review_round))
    context = {
        "round": review_round,
        "assignment": assignment,
        "entry": assignment.entry,
        "scores": selectors.assignment_score_rows(assignment),
        "back_to_entry": back_to_entry,
    }
    return render(request, "review/assignment_remove.html", context)


MINE_VERSIONS = ("review", "proposals", "teams")
MINE_TIMEOUT = 86400


@permission_required(REVIEW, get_object=_round_lean, refused=mag_only)
def mine(request, year, obj):
    def build() -> str:
        page = selectors.my_assignments(user=request.user, review_round=obj, query=request.GET)
        return render_to_string("review/_mine_page.html", {"round": obj, "page": page})

    # The reader's own first page, cached for them per language under the versions of what it shows
    # (entries and assignments; kinds; issue areas); the other pages, by a cursor anyone may vary,
    # built each time.
    if "older" in request.GET or "newer" in request.GET:
        content = mark_safe(build())  # noqa: S308 - rendered from escaped templates
    else:
        key = f"review-mine:{obj.pk}:{request.user.pk}:{get_language()}"
        content = versioned_fragment(key, MINE_VERSIONS, build, timeout=MINE_TIMEOUT)
    return render(request, "review/mine.html", {"round": obj, "content": content})


@require_http_methods(["GET", "POST"])
@permission_required("review.score_assignment", get_object=_assignment, refused=reviewer_only)
def score(request, pk, obj):
    if request.method == "GET":
        # The reviewer's own form as they left it, cached for them alone (the key names the reader)
        # per language by the versions of all it shows: the entry, the phase, the criteria and
        # their scores; its kind and issue area.
        return _cached_page(
            request,
            f"review-score:{obj.pk}:{request.user.pk}",
            "review/score.html",
            lambda: _score_context(*_score_unbound(obj.pk)),
            names=SCORE_VERSIONS,
        )
    review_round = obj.entry.round
    form = _score_form(obj, request.POST)
    if form.is_valid():
        try:
            services.review_save(
                actor=request.user, assignment=obj, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("Your review of “%(title)s” is saved.") % {"title": obj.entry.shown_title}
            )
            return redirect("review:mine", review_round.cycle.year)
    return render(request, "review/score.html", _score_context(obj, form))


SCORE_VERSIONS = ("review", "proposals", "teams")


def _score_unbound(pk: int) -> tuple:
    assignment = selectors.assignment_get(pk=pk)
    return assignment, _score_form(assignment, None)


def _score_form(assignment, data) -> ReviewForm:
    review_round = selectors.with_criteria(assignment.entry.round)
    initial = {f"criterion_{k}": v for k, v in selectors.assignment_scores(assignment).items()}
    initial["comment"] = assignment.comment
    return ReviewForm(data, initial=initial, criteria=review_round.criteria_list)


def _score_context(assignment, form) -> dict:
    entry = assignment.entry
    return {
        "round": selectors.with_criteria(entry.round),
        "assignment": assignment,
        "entry": entry,
        "form": form,
    }


@permission_required(MANAGE, get_object=_round_lean, refused=secretariat_only)
def overview(request, year, obj):
    def build() -> dict:
        return {"round": obj, **selectors.overview(review_round=obj, query=request.GET)}

    return _cached_page(request, f"review-overview:{obj.cycle_id}", "review/overview.html", build)


# What a review entry's page shows: the entry, its decisions and its round's phase; its kind and
# issue area; who made each decision.
ENTRY_VERSIONS = ("review", "proposals", "teams", "people")


def _entry_context(request, entry, form=None) -> dict:
    imported = entry.source == EntrySource.IMPORTED
    if form is None:
        form = DecisionForm(
            imported=imported,
            initial={
                "time_zone": _decision_zone(request),
                "language": entry.language or settings.LANGUAGE_CODE,
            },
        )
    return {
        "round": entry.round,
        "entry": entry,
        "history": selectors.entry_decisions(entry=entry),
        **selectors.entry_reviews(entry=entry),
        "form": form,
        "imported": imported,
    }


def _decision_zone(request) -> str:
    """The zone the decision form offers for a condition's deadline: the reader's own."""
    return request.user.time_zone or "UTC"


def _entry_page(request, entry, form, status=200):
    return render(request, "review/entry.html", _entry_context(request, entry, form), status=status)


@permission_required(MANAGE, get_object=_entry_key, refused=secretariat_only)
def entry(request, pk, obj):
    """One proposal in review, its decisions and the form of the MAG's decision (the secretariat's):
    alike for the whole secretariat but for the zone its times are shown in and the one the form
    offers, so cached by these and the language."""
    zones = f"{timezone.get_current_timezone_name()}:{_decision_zone(request)}"
    return _cached_page(
        request,
        f"review-entry:{obj.pk}:{zones}",
        "review/entry.html",
        lambda: _entry_context(request, selectors.entry_get(pk=obj.pk)),
        names=ENTRY_VERSIONS,
    )


@require_POST
@permission_required(MANAGE, get_object=_entry, refused=secretariat_only)
def decide(request, pk, obj):
    form = DecisionForm(request.POST, imported=obj.source == EntrySource.IMPORTED)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = decisions.decision_make(
                actor=request.user,
                entry=obj,
                outcome=data["outcome"],
                reasons=data["reasons"],
                condition=data["condition"],
                deadline=data.get("deadline"),
                recommended_format=data["recommended_format"],
                language=data.get("language", ""),
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s”: %(outcome)s. The proposers are told by email.")
                % {"title": obj.shown_title, "outcome": decision.get_outcome_display()},
            )
            return redirect("review:entry", obj.pk)
    return _entry_page(request, obj, form)


@require_POST
@permission_required(MANAGE, get_object=_entry, refused=secretariat_only)
def fulfil(request, pk, obj):
    flash_outcome(
        request,
        lambda: decisions.condition_fulfil(actor=request.user, entry=obj),
        success=_("The condition of “%(title)s” is fulfilled; the proposers are told by email.")
        % {"title": obj.shown_title},
    )
    return redirect("review:entry", obj.pk)


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE, get_object=_round_lean, refused=secretariat_only)
def announce(request, year, obj):
    """The secretariat's message to the proposers of chosen issue areas and decisions: "Count the
    recipients" shows how many it would reach, "Send" sends it. Never an address on the page."""
    if request.method == "GET":
        # Alike for the whole secretariat but for the zone the times sent show in: cached by it,
        # the language and the versions of the announcements and the issue areas offered.
        return _cached_page(
            request,
            f"review-announce:{obj.cycle_id}:{timezone.get_current_timezone_name()}",
            "review/announce.html",
            lambda: _announce_context(obj, ProposerAnnouncementForm(), None),
            names=ANNOUNCE_VERSIONS,
        )
    form = ProposerAnnouncementForm(request.POST)
    count = None
    if form.is_valid():
        data = form.cleaned_data
        if "send" not in request.POST:
            count = len(
                decisions.announcement_recipients(
                    review_round=obj, areas=data["areas"], outcomes=data["outcomes"]
                )
            )
        else:
            try:
                sent = decisions.proposer_announcement_send(
                    actor=request.user,
                    cycle=obj.cycle,
                    subject=data["subject"],
                    body=data["body"],
                    areas=list(data["areas"]),
                    outcomes=data["outcomes"],
                )
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "“%(subject)s” is on its way to %(count)d proposer.",
                        "“%(subject)s” is on its way to %(count)d proposers.",
                        sent.recipient_count,
                    )
                    % {"subject": sent.subject, "count": sent.recipient_count},
                )
                return redirect("review:announce", obj.cycle.year)
    return render(request, "review/announce.html", _announce_context(obj, form, count))


ANNOUNCE_VERSIONS = ("review", "teams")


def _announce_context(review_round, form, count) -> dict:
    return {
        "round": review_round,
        "form": form,
        "count": count,
        "sent": selectors.proposer_announcements(review_round=review_round),
    }


EXPORT_HEADER_NAMED = (
    "id",
    "title",
    "kind",
    "issue_area",
    "format",
    "stakeholder_group",
    "region",
    "status",
    "recommended_format",
    "condition_deadline",
    "proposers",
    "organisation",
    "reviewers",
    "reviews",
    "mean_score",
)


def _masked(row: dict, text: str) -> str:
    """`text` of an export row with its proposers' names, organisation and email withheld (the
    anonymised phase), as `Entry.masked` does for an entry."""
    return anonymity.mask(
        text,
        anonymity.identifying(
            proposers=row["proposers"], organisation=row["organisation"], contact_email=row["contact_email"]
        ),
    )


@permission_required(EXPORT, get_object=_round_lean, refused=mag_only)
def export(request, year, obj):
    """Every entry with its mean score. In the anonymised phase no proposer's name or organisation;
    never a reviewer's email or name; a MAG member gets no score of a group they facilitate."""
    named = not obj.anonymised
    hidden_teams = (
        set() if has_perm(request.user, MANAGE, obj) else services.facilitated_team_ids(request.user)
    )
    header = [c for c in EXPORT_HEADER_NAMED if named or c not in ("proposers", "organisation")]
    filename = f"igfmag-{year}-workshop-reviews.csv"  # the round's cycle's year: found by it

    def rows():
        # The labels of the choices, each translated once for the whole text.
        formats = {value: str(label) for value, label in SessionFormat.choices}
        groups = {value: str(label) for value, label in StakeholderGroup.choices}
        regions = {value: str(label) for value, label in UNRegion.choices}
        statuses = {value: str(label) for value, label in EntryStatus.choices}
        for row in selectors.export_rows(review_round=obj):
            hidden = row["team_id"] is not None and row["team_id"] in hidden_teams
            deadline, recommended = row["decision__deadline"], row["decision__recommended_format"] or ""
            cells = [
                row["pk"],
                row["title"] if named else _masked(row, row["title"]),
                row["kind__name"] or "",
                row["issue_area__name"] or "",
                formats.get(row["format"], row["format"]),
                groups.get(row["stakeholder_group"], row["stakeholder_group"]),
                regions.get(row["region"], row["region"]),
                statuses.get(row["status"], row["status"]),
                formats.get(recommended, recommended),
                deadline.isoformat() if deadline else "",
            ]
            if named:
                cells += [row["proposers"], row["organisation"]]
            cells += [
                row["reviewers"],
                "" if hidden else row["reviews"],
                "" if hidden or row["mean"] is None else row["mean"],
            ]
            yield cells

    # The text is what the round's entries, their kinds and areas, the phase, the reader's language
    # and the groups whose scores the reader may not see make it: cached by all of these, so a MAG
    # member who facilitates a group never gets a text made for another reader.
    hidden_key = ",".join(str(pk) for pk in sorted(hidden_teams)) or "-"
    text = versioned_value(
        f"review-export:{obj.cycle_id}:{get_language()}:{'named' if named else 'anonymised'}:{hidden_key}",
        ROUND_VERSIONS,
        lambda: csv_text(header, rows()),
        timeout=ROUND_TIMEOUT,
    )
    return csv_text_response(filename, text)
