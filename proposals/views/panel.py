"""The panel planner of a proposal: its people, the arithmetic in words, the form to add one more.
Those who read the proposal read the planner; its editors change it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.feedback import flash_outcome, form_saved
from common.fragments import CSRF_PLACEHOLDER, render_blocks, versioned_value, with_csrf_token
from common.permissions import has_perm, permission_required

from .. import invitations, selectors, services
from ..models import PANEL_SIZE_MAX
from ..panel import plan_for
from ..panel_forms import PanelistForm
from .proposals import proposal_for_page


def _proposal(request, pk, **kwargs):
    return selectors.proposal_get(pk=pk)


# The planner changes when its proposal, its kind or its panel does (their saves, invitations and
# answers included, bump "proposals"); a day at most, should nobody change it.
PANEL_VERSIONS = ("proposals",)
PANEL_TIMEOUT = 86400


def _panel_proposal(request, pk, **kwargs):
    # To show the planner, the proposal as its page reads it (cached with the reader's places);
    # to add a person, the little the service needs, afresh.
    if request.method == "GET":
        return proposal_for_page(request, pk)
    return selectors.panel_proposal_get(pk=pk)


def _page(request, proposal, *, can_edit):
    """The planner; as its editors or its readers see it (emails and buttons or none), alike for
    all of either, cached per proposal and language with each reader's CSRF token put in. (Its
    blank form is built only to render it anew.)"""
    blocks = versioned_value(
        f"proposal-panel:{proposal.pk}:{get_language()}:{'edit' if can_edit else 'read'}",
        PANEL_VERSIONS,
        lambda: render_blocks(
            "proposals/panel.html",
            {**_context(proposal, PanelistForm(), can_edit=can_edit), "csrf_token": CSRF_PLACEHOLDER},
        ),
        timeout=PANEL_TIMEOUT,
    )
    return render(
        request,
        "_cached_blocks.html",
        {name: with_csrf_token(html, request) for name, html in blocks.items()},
    )


def _context(proposal, form, *, can_edit) -> dict:
    panelists = selectors.panelists_of(proposal=proposal)
    return {
        "proposal": proposal,
        "panelists": panelists,
        "plan": plan_for(proposal, panelists),
        "can_edit": can_edit,
        # A full panel has no form, but a refused one is shown with its message.
        "form": form if can_edit and (form.errors or len(panelists) < PANEL_SIZE_MAX) else None,
        "panel_full": len(panelists) >= PANEL_SIZE_MAX,
        "panel_size_max": PANEL_SIZE_MAX,
    }


@require_http_methods(["GET", "POST"])
@permission_required("proposals.read_proposal", get_object=_panel_proposal)
def panel(request, pk, obj):
    """The planner; its POST adds a person (the proposal's editors only)."""
    proposal = obj
    can_edit = has_perm(request.user, "proposals.edit_proposal", proposal)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = PanelistForm(request.POST or None)
        saved = form_saved(
            request,
            form,
            lambda data: services.panelist_add(
                actor=request.user, proposal=proposal, **form.panelist_fields()
            ),
        )
        if saved:
            messages.success(request, _("%(name)s is on the panel.") % {"name": saved.name})
            return redirect("proposals:panel", pk=proposal.pk)
        if form.is_bound:  # sent back with its errors, built each time
            return render(request, "proposals/panel.html", _context(proposal, form, can_edit=can_edit))
    return _page(request, proposal, can_edit=can_edit)


@require_http_methods(["GET", "POST"])
@permission_required("proposals.edit_proposal", get_object=_proposal)
def panelist_edit(request, pk, panelist_id, obj):
    proposal = obj
    panelist = selectors.panelist_get(proposal=proposal, pk=panelist_id)
    form = PanelistForm(request.POST or None, initial=PanelistForm.initial_for(panelist))
    saved = form_saved(
        request,
        form,
        lambda data: services.panelist_update(
            actor=request.user, panelist=panelist, **form.panelist_fields()
        ),
    )
    if saved:
        messages.success(request, _("The changes to %(name)s are saved.") % {"name": saved.name})
        return redirect("proposals:panel", pk=proposal.pk)
    return render(
        request, "proposals/panel_edit.html", {"proposal": proposal, "panelist": panelist, "form": form}
    )


@require_POST
@permission_required("proposals.edit_proposal", get_object=_proposal)
def panelist_remove(request, pk, panelist_id, obj):
    proposal = obj
    panelist = selectors.panelist_get(proposal=proposal, pk=panelist_id)
    if panelist.invitation in invitations.STANDING:
        success = _("%(name)s is no longer on the panel; an email tells them their invitation is withdrawn.")
    else:
        success = _("%(name)s is no longer on the panel.")
    flash_outcome(
        request,
        lambda: services.panelist_remove(actor=request.user, panelist=panelist),
        success=success % {"name": panelist.name},
    )
    return redirect("proposals:panel", pk=proposal.pk)
