"""The secretariat's kinds of session: the list, with the proposals of each, and a form to add
one; a kind's own page to change it (its name in the other languages, its length, the floor's
share, whether it is offered, its place in the list)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.feedback import form_saved
from common.permissions import permission_required

from .. import selectors, services
from ..kind_forms import SessionKindForm

MANAGE_KINDS = "proposals.manage_kinds_proposal"


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE_KINDS)
def kinds(request):
    form = SessionKindForm(request.POST or None)
    saved = form_saved(
        request, form, lambda data: services.session_kind_save(actor=request.user, **form.kind_fields())
    )
    if saved:
        messages.success(request, _("“%(name)s” is added to the kinds of session.") % {"name": saved.name})
        return redirect("proposals:kinds")
    context = {"kinds": selectors.session_kinds_with_use(), "form": form}
    return render(request, "proposals/kinds.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE_KINDS)
def kind_edit(request, pk):
    kind = selectors.session_kind_get(pk=pk)
    form = SessionKindForm(request.POST or None, kind=kind, with_translations=True)
    saved = form_saved(
        request,
        form,
        lambda data: services.session_kind_save(actor=request.user, kind=kind, **form.kind_fields()),
    )
    if saved:
        messages.success(request, _("“%(name)s” is saved.") % {"name": saved.name})
        return redirect("proposals:kinds")
    return render(request, "proposals/kinds_edit.html", {"form": form, "kind": kind})
