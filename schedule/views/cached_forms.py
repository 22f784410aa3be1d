"""The meeting pages whose blank form is alike for all who run the meeting (the record, a paper
request): the permission check reads the meeting, the reader's places and the cached page in one
cache round trip, and leaves the page on the request for the view."""

from collections.abc import Callable

from ..selectors import meetings as meeting_selectors


def meeting_with_team(request, pk, **kwargs):
    return meeting_selectors.meeting_with_team_get(pk=pk)


def meeting_and_cached_form(*, attribute: str, versions: tuple[str, ...], key_of: Callable) -> Callable:
    """A `get_object` for permission_required: for a GET, the meeting read with the reader's places
    (the check asks them) and the cached blank page under `key_of(request, pk)` and `versions`, kept
    on the request as `request.<attribute> = (batch, key)`; for a POST, the meeting as saved (its
    services change it)."""

    def get(request, pk, **kwargs):
        if request.method != "GET":
            return meeting_with_team(request, pk)
        key = key_of(request, pk)
        meeting, batch = meeting_selectors.meeting_page_and_batch(
            pk=pk, user=request.user, names=versions, keys=(key,)
        )
        setattr(request, attribute, (batch, key))
        return meeting

    return get
