"""Pages of a group's session proposals and of one proposal: the group's list, the proposal's form,
the proposal with its history, comments and editors, and its steps (share with the group, submit,
withdraw, take back to draft), each step one POST and one service call."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import flash_form_errors, flash_outcome, form_saved
from common.fragments import (
    CSRF_PLACEHOLDER,
    VersionedBatch,
    render_blocks,
    versioned_value_until,
    with_csrf_token,
)
from common.localized import language_name
from common.permissions import Refused, has_perm, permission_required
from teams import selectors as team_selectors
from teams.places import PLACES_VERSIONS, places_key, places_of

from .. import selectors, services
from ..enums import ProposalStatus
from ..forms import CommentForm, EditorForm, ProposalForm, WithdrawForm
from ..models import NominationSupport
from ..nomination_forms import NominationForm
from ..nominations import nominations_of


def _team(request, year, slug, **kwargs):
    return team_selectors.team_get(year=year, slug=slug)


def _proposal(request, pk, **kwargs):
    return selectors.proposal_get(pk=pk)


# What a proposal's page and its planner read of it (selectors.proposal_get: its group and year,
# kind, deadline, policy questions, author and editors' ids), and so what their cached parts show.
PROPOSAL_VERSIONS = ("proposals", "teams", "milestones", "people")
PROPOSAL_TIMEOUT = 86400


def proposal_for_page(request, pk, *, also=(), **kwargs):
    """The proposal, for a page that only shows it (a GET): from the cache, read in ONE round trip
    with the reader's places (the permission asks them) and the entries under `also` (the page
    then takes them from `request.proposal_batch`), under the versions of all it holds. A POST
    reads it afresh from the database (`_proposal`): its service decides on it. An unknown number
    is a 404 and stores nothing."""
    if request.method != "GET":
        return _proposal(request, pk)
    key = f"proposal:{pk}"
    batch = VersionedBatch(
        tuple(dict.fromkeys((*PLACES_VERSIONS, *PROPOSAL_VERSIONS))), (places_key(request.user), key, *also)
    )
    places_of(request.user, batch=batch)
    request.proposal_batch = batch
    return batch.value(
        key, PROPOSAL_VERSIONS, lambda: selectors.proposal_get(pk=int(pk)), timeout=PROPOSAL_TIMEOUT
    )


def _supports_key(request, pk) -> str:
    return f"proposal-supports:{pk}:{request.user.pk}"


def _proposal_with_supports(request, pk, **kwargs):
    # The proposal's page also reads, in the same round trip, which nominations the reader supports.
    return proposal_for_page(request, pk, also=(_supports_key(request, pk),))


def _group_url(team) -> str:
    return reverse("proposals:group", args=[team.cycle.year, team.slug])


def group_only(request, team):
    """Why a group's proposals are closed, and the way in: joining the group."""
    return Refused(
        _("Only the members of the group “%(team)s” and the secretariat see its session proposals.")
        % {"team": team.name.text},
        next_url=team.get_absolute_url(),
        next_label=_("Join the group"),
    )


def leads_only(request, team):
    return Refused(
        _(
            "Only the facilitators of the group “%(team)s” and the secretariat start a session "
            "proposal for it."
        )
        % {"team": team.name.text},
        next_url=_group_url(team),
        next_label=_("Back to the group's proposals"),
    )


def not_a_reader(request, proposal):
    if proposal.status == ProposalStatus.DRAFT:
        message = _(
            "This proposal is a draft: its group's facilitators and editors read it, and the group's "
            "members once it is shared with them."
        )
    else:
        message = _(
            "Only the members of the group “%(team)s”, the MAG and the secretariat read its "
            "session proposals."
        ) % {"team": proposal.team.name.text}
    return Refused(message, next_url=proposal.team.get_absolute_url(), next_label=_("Go to the group"))


def editors_only(request, proposal):
    return Refused(
        _("Only the group's facilitators and the proposal's editors change it."),
        next_url=proposal.get_absolute_url(),
        next_label=_("Back to the proposal"),
    )


def commenters_only(request, proposal):
    return Refused(
        _(
            "Only the group's members and the secretariat comment on a proposal, once it is "
            "shared with the group."
        ),
        next_url=proposal.get_absolute_url(),
        next_label=_("Back to the proposal"),
    )


def group_leads_only(request, proposal):
    return Refused(
        _("Only the group's facilitators and the secretariat choose a proposal's editors."),
        next_url=proposal.get_absolute_url(),
        next_label=_("Back to the proposal"),
    )


# The group's lists change with its proposals, its name and its milestones' due dates.
GROUP_VERSIONS = ("proposals", "teams", "milestones")
GROUP_TIMEOUT = 86400


@permission_required("proposals.list_proposal", get_object=_team, refused=group_only)
def group(request, year, slug, obj):
    # The facilitators and the secretariat draft proposals and read every draft.
    user = request.user
    may_draft = has_perm(user, "proposals.draft_proposal", obj)

    def build(reader) -> dict:
        proposals = selectors.group_proposals(team=obj, user=reader, sees_drafts=may_draft)
        context = {
            "team": obj,
            "proposals": proposals,
            "withdrawn": selectors.withdrawn_proposals(team=obj, query=request.GET),
            "can_draft": may_draft,
            "limit": services.PROPOSALS_PER_GROUP,
        }
        return {
            "html": render_to_string("proposals/_group_page.html", context),
            "until": selectors.next_late(proposals),
            "editors": [] if may_draft or reader else selectors.unshared_draft_editors(team=obj),
        }

    # Alike for all who see the group the same way: those who read every draft, and the members
    # who edit no unshared draft of it (they see the submitted and the shared ones; the list says
    # who does). Cached per language and zone (due dates), under the versions of what it shows and
    # until a draft shown falls late. Built for each request: for a member who edits an unshared
    # draft, and the older pages of withdrawn proposals (a cursor anyone may vary).
    if "older" in request.GET or "newer" in request.GET:
        shown = build(user)
    else:
        zone = timezone.get_current_timezone_name()
        key = f"proposals-list:{obj.pk}:{int(may_draft)}:{get_language()}:{zone}"
        shown = versioned_value_until(key, GROUP_VERSIONS, lambda: build(None), timeout=GROUP_TIMEOUT)
        if user.pk in shown["editors"]:
            shown = build(user)
    context = {"team": obj, "content": mark_safe(shown["html"])}  # noqa: S308 - rendered from escaped templates
    return render(request, "proposals/group.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("proposals.draft_proposal", get_object=_team, refused=leads_only)
def new(request, year, slug, obj):
    form = ProposalForm(request.POST or None, team=obj)
    proposal = form_saved(
        request,
        form,
        lambda data: services.proposal_create(actor=request.user, team=obj, **form.proposal_fields()),
    )
    if proposal:
        messages.success(
            request, _("The proposal is drafted. Share it with the group for comments, or submit it.")
        )
        return redirect(proposal)
    return render(request, "proposals/proposal_form.html", {"form": form, "team": obj, "proposal": None})


@require_http_methods(["GET", "POST"])
@permission_required("proposals.edit_proposal", get_object=_proposal, refused=editors_only)
def edit(request, pk, obj):
    if obj.status == ProposalStatus.WITHDRAWN:
        messages.error(request, _("This proposal was withdrawn: take it back to draft to change it."))
        return redirect(obj)
    version = obj.version
    form = ProposalForm(request.POST or None, team=obj.team, proposal=obj)
    saved = form_saved(
        request,
        form,
        lambda data: services.proposal_update(actor=request.user, proposal=obj, **form.proposal_fields()),
    )
    if saved:
        if saved.version != version:
            messages.success(
                request,
                _("Revised: version %(version)d is now the one submitted.") % {"version": saved.version},
            )
        else:
            messages.success(request, _("The proposal is saved."))
        return redirect(saved)
    return render(request, "proposals/proposal_form.html", {"form": form, "team": obj.team, "proposal": obj})


def _detail(request, proposal, *, comment_form=None, nomination_form=None, status=200):
    """The proposal's page. Alike for all who see it the same way (what they may do with it: edit,
    comment, choose editors, nominate), so cached per way of seeing, language and zone (the history's
    and comments' times), under the versions of all it shows and until a draft falls late; each
    reader's CSRF token and own support buttons put in. Built for each request: a form sent back
    with its errors, and the older pages of comments (a cursor anyone may vary)."""
    user = request.user
    can_edit = has_perm(user, "proposals.edit_proposal", proposal)
    seeing = {
        "can_edit": can_edit,
        "can_comment": has_perm(user, "proposals.comment_proposal", proposal),
        "can_choose_editors": has_perm(user, "proposals.choose_editors_proposal", proposal),
        "can_nominate": has_perm(user, "proposals.nominate_proposal", proposal),
    }
    if comment_form or nomination_form or "older" in request.GET or "newer" in request.GET:
        context = _detail_context(
            proposal,
            seeing,
            user=user,
            query=request.GET,
            comment_form=comment_form,
            nomination_form=nomination_form,
        )
        return render(request, "proposals/detail.html", context, status=status)
    zone = timezone.get_current_timezone_name()
    way = "".join(str(int(allowed)) for allowed in seeing.values())
    key = f"proposal-page:{proposal.pk}:{way}:{get_language()}:{zone}"
    page = versioned_value_until(
        key, PROPOSAL_VERSIONS, lambda: _detail_page(proposal, seeing), timeout=PROPOSAL_TIMEOUT
    )
    content = page["blocks"]["content"]
    if page["buttons"]:
        # The cached page offers "Support" under each open nomination: the reader's own buttons
        # (their support withdrawn, their own nomination withdrawn).
        supported = _supported(request, proposal)
        for pk, variants in page["buttons"].items():
            mine = (pk in supported, page["nominators"][pk] == request.user.pk)
            if mine != (False, False):
                content = content.replace(variants[False, False], variants[mine])
    blocks = {**page["blocks"], "content": content}
    return render(
        request,
        "_cached_blocks.html",
        {name: with_csrf_token(html, request) for name, html in blocks.items()},
    )


# A reader's supports on one proposal, kept for a while after their visit (a new "proposals"
# version, which every support and nomination makes, makes it unreachable anyway).
SUPPORTS_TIMEOUT = 3600


def _supported(request, proposal) -> frozenset[int]:
    """The nominations of `proposal` the reader supports: cached per reader under the proposals'
    version, read with the proposal (`_proposal_with_supports`) when the page came that way."""

    def read() -> frozenset[int]:
        return frozenset(
            NominationSupport.objects.filter(
                nomination__proposal_id=proposal.pk, user_id=request.user.pk
            ).values_list("nomination_id", flat=True)
        )

    batch = getattr(request, "proposal_batch", None)
    if batch is None:
        return read()
    return batch.value(_supports_key(request, proposal.pk), ("proposals",), read, timeout=SUPPORTS_TIMEOUT)


def _detail_page(proposal, seeing) -> dict:
    """The proposal's page as `seeing` sees it, for the cache: its blocks; each open nomination's
    buttons by whether the reader supports it and made it (`{nomination id: {(supported, own):
    html}}`), the page holding the first, and who made each (`nominators`); the moment it goes
    stale without a version changing (the draft falling late)."""
    context = {
        **_detail_context(proposal, seeing, user=AnonymousUser(), query={}),
        "csrf_token": CSRF_PLACEHOLDER,
    }
    buttons, nominators = {}, {}
    if seeing["can_nominate"]:
        for _role, rows in context["nominations"]:
            for row in rows:
                if not row.nomination.appointed_at:
                    nominators[row.nomination.pk] = row.nomination.nominated_by_id
                    buttons[row.nomination.pk] = {
                        (supported, own): render_to_string(
                            "proposals/_nomination_support.html",
                            {
                                "row": replace(row, supported=supported),
                                "own": own,
                                "can_choose_editors": seeing["can_choose_editors"],
                                "proposal": proposal,
                                "csrf_token": CSRF_PLACEHOLDER,
                            },
                        )
                        for supported in (False, True)
                        for own in (False, True)
                    }
    return {
        "blocks": render_blocks("proposals/detail.html", context),
        "buttons": buttons,
        "nominators": nominators,
        "until": selectors.next_late([proposal]),
    }


def _detail_context(proposal, seeing, *, user, query, comment_form=None, nomination_form=None) -> dict:
    can_edit, can_comment, can_nominate = seeing["can_edit"], seeing["can_comment"], seeing["can_nominate"]
    return {
        "proposal": proposal,
        "team": proposal.team,
        "history": selectors.proposal_history(proposal=proposal),
        "comments": selectors.proposal_comments(proposal=proposal, query=query),
        "editors": selectors.proposal_editors(proposal=proposal),
        "panel": selectors.panel_summary(proposal=proposal),
        "can_edit": can_edit,
        "can_comment": can_comment,
        "can_choose_editors": seeing["can_choose_editors"],
        "comment_form": comment_form or (CommentForm() if can_comment else None),
        "withdraw_form": WithdrawForm() if can_edit else None,
        "late": proposal.is_late(),
        # The supporters' names are the group's business: its members and the proposal's editors.
        "nominations": nominations_of(proposal=proposal, user=user, with_names=can_nominate or can_edit),
        "can_nominate": can_nominate,
        "can_appoint": can_edit and proposal.status != ProposalStatus.WITHDRAWN,
        "nomination_form": nomination_form or (NominationForm(team=proposal.team) if can_nominate else None),
        "language_names": [language_name(code) for code in proposal.languages],
    }


@permission_required("proposals.read_proposal", get_object=_proposal_with_supports, refused=not_a_reader)
def detail(request, pk, obj):
    return _detail(request, obj)


@dataclass(frozen=True)
class Step:
    """One step of a proposal's state, as its button sends it: the service call, `form` the fields
    it takes (the withdrawal's note), what it says when done, and (`already`) what it says, doing
    nothing, when the step was taken already (pressed twice, or in two tabs)."""

    run: Callable  # (actor, proposal, cleaned data) -> Proposal
    success: str
    form: type | None = None
    already: Callable | None = None  # (proposal) -> whether the step was taken already
    already_said: str = ""


STEPS = {
    "share": Step(
        run=lambda actor, proposal, data: services.proposal_share(actor=actor, proposal=proposal),
        success=gettext_lazy("The draft is shared with the group: its members may read it and comment."),
    ),
    "submit": Step(
        run=lambda actor, proposal, data: services.proposal_submit(actor=actor, proposal=proposal),
        success=gettext_lazy("The proposal is submitted to the MAG."),
        already=lambda proposal: proposal.status == ProposalStatus.SUBMITTED,
        already_said=gettext_lazy("This proposal is already submitted."),
    ),
    "withdraw": Step(
        run=lambda actor, proposal, data: services.proposal_withdraw(
            actor=actor, proposal=proposal, note=data["note"]
        ),
        success=gettext_lazy(
            "The proposal is withdrawn. It stays in the group's list; take it back to draft to use it again."
        ),
        form=WithdrawForm,
    ),
    "reopen": Step(
        run=lambda actor, proposal, data: services.proposal_reopen(actor=actor, proposal=proposal),
        success=gettext_lazy("The proposal is a draft again."),
    ),
}


@require_POST
@permission_required("proposals.edit_proposal", get_object=_proposal, refused=editors_only)
def step(request, pk, obj, name):
    """Share, submit, withdraw or take back to draft (`name`, from the address): one POST, one
    service call, then the proposal's page with what happened or why not."""
    taken = STEPS[name]
    if taken.already is not None and taken.already(obj):
        messages.info(request, taken.already_said)
        return redirect(obj)
    data = {}
    if taken.form is not None:
        form = taken.form(request.POST)
        if not form.is_valid():
            flash_form_errors(request, form)
            return redirect(obj)
        data = form.cleaned_data
    flash_outcome(request, lambda: taken.run(request.user, obj, data), success=str(taken.success))
    return redirect(obj)


@require_POST
@permission_required("proposals.comment_proposal", get_object=_proposal, refused=commenters_only)
def comment(request, pk, obj):
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_comment(actor=request.user, proposal=obj, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect(obj.get_absolute_url() + "#comments")
    # The page again, with what was typed and what is wrong with it.
    return _detail(request, obj, comment_form=form, status=400)


@require_http_methods(["GET", "POST"])
@permission_required("proposals.choose_editors_proposal", get_object=_proposal, refused=group_leads_only)
def editors(request, pk, obj):
    current = selectors.proposal_editors(proposal=obj)
    form = EditorForm(team=obj.team)
    if request.method == "POST":
        if "remove" in request.POST:
            kept = [person for person in current if str(person.pk) != request.POST["remove"]]
            if len(kept) == len(current):
                messages.error(request, _("This person is not an editor of the proposal."))
                return redirect("proposals:editors", pk=obj.pk)
            removed = next(person for person in current if person not in kept)
            flash_outcome(
                request,
                lambda: services.proposal_editors_set(actor=request.user, proposal=obj, editors=kept),
                success=_("%(name)s no longer edits the proposal.") % {"name": removed.name},
            )
            return redirect("proposals:editors", pk=obj.pk)
        form = EditorForm(request.POST, team=obj.team)
        if form.is_valid():
            person = selectors.member_get(team=obj.team, user_id=form.cleaned_data["member"])
            if person in current:
                messages.info(request, _("%(name)s already edits the proposal.") % {"name": person.name})
                return redirect("proposals:editors", pk=obj.pk)
            try:
                services.proposal_editors_set(actor=request.user, proposal=obj, editors=[*current, person])
            except ValidationError as error:
                form.add_error("member", error)
            else:
                messages.success(request, _("%(name)s may now edit the proposal.") % {"name": person.name})
                return redirect("proposals:editors", pk=obj.pk)
    return render(
        request,
        "proposals/editors.html",
        {"proposal": obj, "team": obj.team, "editors": current, "form": form},
    )
