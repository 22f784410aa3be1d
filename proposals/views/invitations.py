"""Invitations to speak: the editors' "Invite" page for one panelist, and the speaker's own page
behind a private link (no account needed)."""

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.feedback import flash, form_saved
from common.fragments import (
    CSRF_PLACEHOLDER,
    cached_many,
    render_blocks,
    versioned_value_until,
    with_csrf_token,
)
from common.permissions import permission_required
from common.release import release
from common.timezones import canonical_zone

from .. import invitations, selectors
from ..enums import InvitationState
from ..invitation_forms import AnswerForm, InviteForm, ZoneForm


def _proposal(request, pk, **kwargs):
    return selectors.proposal_get(pk=pk)


@require_http_methods(["GET", "POST"])
@permission_required("proposals.edit_proposal", get_object=_proposal)
def panelist_invite(request, pk, panelist_id, obj):
    proposal = obj
    panelist = selectors.panelist_get(proposal=proposal, pk=panelist_id)
    form = InviteForm(
        request.POST or None,
        initial={
            "reply_by": panelist.reply_by,
            # The inviter's language unless the speaker was invited in another before.
            "language": panelist.language or request.user.language or request.LANGUAGE_CODE,
        },
    )
    saved = form_saved(
        request,
        form,
        lambda data: invitations.panelist_invite(
            actor=request.user, panelist=panelist, reply_by=data["reply_by"], language=data["language"]
        ),
    )
    if saved:
        messages.success(request, _("The invitation to %(name)s is on its way.") % {"name": saved.name})
        return redirect("proposals:panel", pk=proposal.pk)
    return render(
        request, "proposals/panelist_invite.html", {"proposal": proposal, "panelist": panelist, "form": form}
    )


# The zone select changes only with a new build (its key names it): a day, then rendered again.
ZONE_FIELD_TIMEOUT = 86400


# The speaker's page shows their part and answer, the proposal and its kind ("proposals") and the
# group's name and year ("teams"); it also closes, without a version moving, when the session ends.
INVITATION_VERSIONS = ("proposals", "teams")
INVITATION_TIMEOUT = 86400


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The speaker's page: the session, their part, its time in the zone they pick (their last
    choice, else their browser's) with UTC beside; Confirm / Decline once; read-only once the
    session is over; once the invitation is withdrawn (the proposal withdrawn, or the speaker taken
    off the panel) it says so and nothing else. An unknown link is a 404 that tells nothing else."""
    if request.method == "POST":
        panelist = invitations.invitation_get(token=token)
        if invitations.invitation_withdrawn(token=token, panelist=panelist):
            # Nothing more about the session: it is no longer theirs to read.
            return render(request, "proposals/invitation_withdrawn.html")
        if panelist is None:
            return _unknown(request)
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                invitations.invitation_answer(
                    token=token,
                    confirm=form.cleaned_data["answer"] == "confirm",
                    zone=form.cleaned_data["zone"],
                )
            except ValidationError as error:
                flash(request, error)
            return redirect("proposals:invitation", token=token)
        zone = panelist.time_zone or timezone.get_current_timezone_name()
        return _render_page(request, _page(panelist, zone, zone_chosen=bool(panelist.time_zone)))
    asked = request.GET.get("zone") if "zone" in request.GET else None
    if asked is not None and canonical_zone(asked) != asked:
        # A zone typed into the address that the table does not know as written: built each time,
        # so that nobody fills the cache with junk keys.
        return _render_page(request, _page_for_link(request, token, asked))
    # The page as the link, the language, the zone asked or the browser's, shows it: cached under
    # the versions of what it shows and until the session ends (the link then closes). Its key names
    # the link by a digest; an unknown link stores nothing.
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    key = f"invitation-page:{digest}:{get_language()}:{timezone.get_current_timezone_name()}:{asked or ''}"
    page = versioned_value_until(
        key,
        INVITATION_VERSIONS,
        lambda: _page_for_link(request, token, asked),
        timeout=INVITATION_TIMEOUT,
        keep=lambda page: page["blocks"] is not None,
    )
    return _render_page(request, page)


def _page_for_link(request, token, asked) -> dict:
    """The page of the link `token` with the zone `asked` in its address (or None), for any reader."""
    panelist = invitations.invitation_get(token=token)
    if invitations.invitation_withdrawn(token=token, panelist=panelist):
        # Nothing more about the session: it is no longer theirs to read.
        withdrawn = render_blocks("proposals/invitation_withdrawn.html", {"csrf_token": CSRF_PLACEHOLDER})
        return {"blocks": withdrawn, "until": None}
    if panelist is None:
        return {"blocks": None, "until": None}
    zone_form = ZoneForm({"zone": asked}) if asked is not None else None
    zone = (
        zone_form.cleaned_data["zone"]
        if zone_form is not None and zone_form.is_valid()
        else panelist.time_zone or timezone.get_current_timezone_name()
    )
    return _page(panelist, zone, zone_chosen=bool(panelist.time_zone) or asked is not None)


def _page(panelist, zone: str, *, zone_chosen: bool) -> dict:
    """The page's blocks (the form's CSRF token a placeholder), and the moment the link closes
    without a version moving (the session's end), if it is still open."""
    proposal = panelist.proposal
    ends_at = invitations.session_end(proposal)
    closed = invitations.invitation_is_closed(panelist)
    context = {
        "panelist": panelist,
        "proposal": proposal,
        "team": proposal.team,
        "zone": zone,
        # Neither the speaker nor the address chose it: the browser's zone, asked for once (timezone.js).
        "zone_chosen": zone_chosen,
        "zone_field": _zone_field(zone),
        "ends_at": ends_at,
        "closed": closed,
        "states": InvitationState,
        "csrf_token": CSRF_PLACEHOLDER,
    }
    return {
        "blocks": render_blocks("proposals/invitation.html", context),
        "until": ends_at if ends_at is not None and not closed else None,
    }


def _render_page(request, page: dict):
    if page["blocks"] is None:
        return _unknown(request)
    blocks = {name: with_csrf_token(html, request) for name, html in page["blocks"].items()}
    return render(request, "_cached_blocks.html", blocks)


def _unknown(request):
    return render(request, "proposals/invitation_unknown.html", status=404)


def _zone_field(zone: str) -> SafeString:
    """The select of the zones with `zone` chosen: some 140,000 Python calls to render its ~450
    options, the same for every speaker who reads in that zone and language, so rendered once per
    build (its key names the release: a new zone table or translation is a new build) and kept in
    this process too. A zone the table does not know (none reaches here from a form) is rendered
    each time, so that nobody can fill the cache with junk keys."""

    def render() -> str:
        return str(ZoneForm(initial={"zone": zone})["zone"].as_field_group())

    if canonical_zone(zone) != zone:
        return mark_safe(render())  # noqa: S308 - a form field's escaped HTML
    key = f"igfmag:invitation-zone:{release()}:{get_language()}:{zone}"
    return mark_safe(cached_many({key: render}, timeout=ZONE_FIELD_TIMEOUT, local=True)[key])  # noqa: S308 - a form field's escaped HTML
