from functools import wraps

import rules
from django.contrib import auth
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rules.permissions import ObjectPermissionBackend


class Refused(PermissionDenied):
    """A refusal that says why and what to do: the 403 page (templates/403.html) shows the message
    and, when given, a link to the next step, such as the team page to join."""

    def __init__(self, message, *, next_url: str = "", next_label: str = ""):
        super().__init__(message)
        self.next_url, self.next_label = next_url, next_label


# The only permissions that can exist as rows (Django's default model permissions): only these can
# be granted otherwise than by the rules, through ModelBackend or the secretariat's backend.
_ROW_ACTIONS = ("add", "change", "delete", "view")


def has_perm(user, perm: str, obj=None) -> bool:
    """`user.has_perm(perm, obj)` without its queries where they cannot change the answer. Django's
    ModelBackend, first in AUTHENTICATION_BACKENDS (it signs people in), reads permission rows (two
    queries) before the rules are asked; the rules answer every permission a page checks. So: the
    rules first; and a permission no row can grant ("manage", "list", "update", ...) is then the
    rules' no, unless the person is a superuser, as in Django."""
    if rules.has_perm(perm, user, obj):
        return True
    if user.is_active and user.is_superuser:
        return True
    action = perm.partition(".")[2].split("_", 1)[0]
    if action not in _ROW_ACTIONS:
        return False
    # The other backends, as user.has_perm asks them, but not the rules' again (said no above).
    for backend in auth.get_backends():
        if isinstance(backend, ObjectPermissionBackend) or not hasattr(backend, "has_perm"):
            continue
        try:
            if backend.has_perm(user, perm, obj):
                return True
        except PermissionDenied:
            return False
    return False


def permission_required(perm, get_object=None, refused=None):
    """Anonymous visitors go to the sign-in page; signed-in people without `perm` get 403.

    `get_object(request, **kwargs)` returns the object the permission is about; the view then
    receives it as its `obj` argument, so it is looked up once. `refused(request, obj)` returns
    the `Refused` to raise, to tell the person why; without it the 403 page says it in general.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, **kwargs) if get_object else None
            if not has_perm(request.user, perm, obj):
                raise refused(request, obj) if refused else PermissionDenied
            if get_object:
                kwargs = {"obj": obj, **kwargs}
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
