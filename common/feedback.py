"""How a service's ValidationError reaches the person: on the form, or as a message on the next page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def add_to_form(form, error: ValidationError) -> None:
    """Each message beside its field when the form has that field, else at the top of the form."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, field_messages in by_field.items():
        form.add_error(field if field in form.fields else None, field_messages)


def flash(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def flash_form_errors(request, form) -> None:
    """A form that a page answers with a redirect: each error as a message, after its field's label
    (the order and the colon's spacing are the language's: French writes « Heures : … »)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(
                request, _("%(field)s: %(error)s") % {"field": label, "error": error} if label else error
            )


def form_saved(request, form, save):
    """On a POST whose form is valid, what `save(form.cleaned_data)` returns; otherwise None, with the
    service's ValidationError (if it raised one) shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        add_to_form(form, error)
        return None


def flash_outcome(request, action, *, success: str) -> None:
    """Run `action` (a service call) for a page that answers with a redirect: `success` as a message
    on the next page, or the ValidationError the service raised."""
    try:
        action()
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(request, success)


def back_to(request, default: str) -> str:
    """Where a form sends the person after its POST: the page it names in `next` when that is a page
    of this site (a later page of a long list, where they were deciding), else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)
