"""Nominations of a chair or a moderator on the proposal's page: nominate, support, take back one's
support, appoint, withdraw a nomination; each one POST and one service call (proposals.nominations)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.feedback import flash_outcome
from common.permissions import Refused, permission_required

from .. import nominations, selectors
from ..enums import PanelRole
from ..nomination_forms import NominationForm
from .proposals import _detail, _proposal, editors_only


def members_only(request, proposal):
    return Refused(
        _(
            "Only the group's members nominate a chair or a moderator and support a nomination, on a "
            "draft shared with the group or a submitted proposal."
        ),
        next_url=proposal.get_absolute_url(),
        next_label=_("Back to the proposal"),
    )


def _back(proposal):
    return redirect(proposal.get_absolute_url() + "#nominations")


@require_POST
@permission_required("proposals.nominate_proposal", get_object=_proposal, refused=members_only)
def nominate(request, pk, obj):
    form = NominationForm(request.POST, team=obj.team)
    if form.is_valid():
        nominee = selectors.member_get(team=obj.team, user_id=form.cleaned_data["nominee"])
        try:
            nominations.nomination_create(
                actor=request.user, proposal=obj, role=form.cleaned_data["role"], nominee=nominee
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is nominated; your support is counted.") % {"name": nominee.name},
            )
            return _back(obj)
    # The page again, with what was typed and what is wrong with it.
    return _detail(request, obj, nomination_form=form, status=400)


@require_POST
@permission_required("proposals.nominate_proposal", get_object=_proposal, refused=members_only)
def support(request, pk, nomination_id, obj):
    nomination = nominations.nomination_get(proposal=obj, pk=nomination_id)
    flash_outcome(
        request,
        lambda: nominations.nomination_support(actor=request.user, nomination=nomination),
        success=_("Your support is counted."),
    )
    return _back(obj)


@require_POST
@permission_required("proposals.nominate_proposal", get_object=_proposal, refused=members_only)
def unsupport(request, pk, nomination_id, obj):
    nomination = nominations.nomination_get(proposal=obj, pk=nomination_id)
    flash_outcome(
        request,
        lambda: nominations.nomination_unsupport(actor=request.user, nomination=nomination),
        success=_("Your support is withdrawn."),
    )
    return _back(obj)


@require_POST
@permission_required("proposals.edit_proposal", get_object=_proposal, refused=editors_only)
def appoint(request, pk, nomination_id, obj):
    nomination = nominations.nomination_get(proposal=obj, pk=nomination_id)
    if nomination.role == PanelRole.CHAIR:
        success = _("%(name)s is on the panel as its chair.")
    else:
        success = _("%(name)s is on the panel as its moderator.")
    flash_outcome(
        request,
        lambda: nominations.nomination_appoint(actor=request.user, nomination=nomination),
        success=success % {"name": nomination.nominee.name},
    )
    return _back(obj)


def _nomination(request, pk, nomination_id, **kwargs):
    return nominations.nomination_get(proposal=_proposal(request, pk), pk=nomination_id)


def nominator_only(request, nomination):
    return Refused(
        _("Only the member who made a nomination, and the group's facilitators, withdraw it."),
        next_url=nomination.proposal.get_absolute_url() + "#nominations",
        next_label=_("Back to the proposal"),
    )


@require_POST
@permission_required("proposals.withdraw_nomination", get_object=_nomination, refused=nominator_only)
def withdraw(request, pk, nomination_id, obj):
    nomination = obj
    flash_outcome(
        request,
        lambda: nominations.nomination_withdraw(actor=request.user, nomination=nomination),
        success=_("The nomination of %(name)s is withdrawn.") % {"name": nomination.nominee.name},
    )
    return _back(nomination.proposal)
