"""The secretariat's list of the current year's clashes: every clash in words, by kind, with the
way to fix it; the counts of each kind. Cached whole per language, zone and page under the
versions of all it is computed from."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.fragments import render_blocks, versioned_value
from common.permissions import Refused, permission_required
from teams import selectors as team_selectors

from ..clashes import CLASH_TIMEOUT, CLASH_VERSIONS, ClashKind, clashes_for
from ..selectors.clashes import outside_version

BUILD = "programme.build_programmesession"
CLASHES_PER_PAGE = 50
# Past this, a page number is junk: the first page is shown.
PAGE_MAX = 10_000


def secretariat_only(request, obj):
    return Refused(_("Only the secretariat builds the programme and sees its clashes."))


def _page_number(request) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return number if 1 <= number <= PAGE_MAX else 1


def _context(cycle, number: int) -> dict:
    clashes = clashes_for(cycle)
    counts = dict.fromkeys(ClashKind, 0)
    for clash in clashes:
        counts[clash.kind] += 1
    page = Paginator(clashes, CLASHES_PER_PAGE).get_page(number)
    groups = []
    for clash in page.object_list:
        if not groups or groups[-1]["kind"] != clash.kind:
            groups.append({"kind": clash.kind, "label": clash.kind_label, "clashes": []})
        groups[-1]["clashes"].append(clash)
    return {
        "cycle": cycle,
        "total": len(clashes),
        "counts": [(kind, kind.label, count) for kind, count in counts.items()],
        "page": page,
        "groups": groups,
    }


@permission_required(BUILD, refused=secretariat_only)
def clash_list(request):
    cycle = team_selectors.current_cycle()
    if cycle is None:
        raise Http404(_("No IGF year is current."))
    number = _page_number(request)
    key = (
        f"programme-clash-list:{cycle.pk}:{outside_version()}:{timezone.get_current_timezone_name()}"
        f":{number}:{get_language()}"
    )

    def build() -> dict:
        context = _context(cycle, number)
        return {"number": context["page"].number, **render_blocks("programme/clashes/list.html", context)}

    blocks = versioned_value(
        key,
        CLASH_VERSIONS,
        build,
        timeout=CLASH_TIMEOUT,
        # A page past the last shows the last: kept under its own number only.
        keep=lambda value: value["number"] == number,
    )
    return render(request, "_cached_blocks.html", blocks)
