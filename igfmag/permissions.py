from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def permission_required(perm, get_object=None):
    """Anonymous visitors go to the sign-in page; signed-in people without `perm` get 403.

    `get_object(request, **kwargs)` returns the object the permission is about; the view then
    receives it as its `obj` argument, so it is looked up once.
    """
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.has_perm(perm, obj):
                raise PermissionDenied
            if get_object:
                kwargs = {"obj": obj, **kwargs}
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
