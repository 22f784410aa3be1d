"""The secretariat's kinds of session: the list, with the proposals of each, and a form to add
one; a kind's own page to change it (its name in the other languages, its length, the floor's
share, whether it is offered, its place in the list)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.feedback import form_saved
from common.fragments import CSRF_PLACEHOLDER, request_csrf_token, versioned_fragment, with_csrf_token
from common.permissions import permission_required

from .. import selectors, services
from ..kind_forms import SessionKindForm

MANAGE_KINDS = "proposals.manage_kinds_proposal"


# The list (counts of proposals included) and the blank form: alike for the whole secretariat.
KINDS_TIMEOUT = 86400


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE_KINDS)
def kinds(request):
    def page(form, csrf_token) -> str:
        context = {"kinds": selectors.session_kinds_with_use(), "form": form, "csrf_token": csrf_token}
        return render_to_string("proposals/_kinds_page.html", context)

    if request.method == "POST":
        form = SessionKindForm(request.POST)
        saved = form_saved(
            request, form, lambda data: services.session_kind_save(actor=request.user, **form.kind_fields())
        )
        if saved:
            messages.success(
                request, _("“%(name)s” is added to the kinds of session.") % {"name": saved.name}
            )
            return redirect("proposals:kinds")
        # Sent back with what was typed and what is wrong with it: built anew.
        content = mark_safe(page(form, request_csrf_token(request)))  # noqa: S308 - rendered from escaped templates
    else:
        # Cached per language under the proposals' version, the reader's CSRF token put in after.
        html = versioned_fragment(
            f"proposals-kinds:{get_language()}",
            ("proposals",),
            lambda: page(SessionKindForm(), CSRF_PLACEHOLDER),
            timeout=KINDS_TIMEOUT,
        )
        content = with_csrf_token(html, request)
    return render(request, "proposals/kinds.html", {"content": content})


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
