"""Choosing one issue area on a form: a list while there are few, else a text box, "Issue area", that
the server reads when the form comes back (hundreds of areas would make every page that offers them
as long as the list).

Whether a form shows the list or the box is decided each time the form is made, with one bounded
read: the first AREA_LIST_MAX + 1 areas it offers (those are the list's options when there are
not more). Either way, what comes back is read the same way (so a form made while there were 30
areas and sent back when there are 31 still works): the value the list sends (the area's slug,
which links such as ?area=<slug> carry too), else the one area called exactly that (its original
name, or its name in the reader's language, any case), else the one area whose name holds the text.
Several give back their names to choose between, none says so.

With JavaScript (static/js/suggest_box.js) the box offers the names that match as one types, from
`teams:area_suggest`. Issue areas are public: anyone may ask.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.localized import supported_language

from .models import IssueArea
from .widgets import SuggestInput

# More areas than this are chosen in the box, not from a list.
AREA_LIST_MAX = 30
# At most this many areas are named back (suggestions, or the names an ambiguous text matches).
AREA_MATCHES_MAX = 10
# An area's name is at most this long (IssueArea.name): a longer text names none, unread.
AREA_TEXT_MAX = 200


def _name_in_reader_language(lookup: str, text: str) -> Q:
    """Areas whose original name, or name in the active language, matches `text` by `lookup`."""
    language = supported_language(get_language())
    return Q(**{f"name__{lookup}": text}) | Q(**{f"translations__{language}__name__{lookup}": text})


def _names(areas) -> list[str]:
    """The areas' names in the reader's language, in their order."""
    return sorted((area.localized("name").text for area in areas), key=str.casefold)


def areas_called(*, areas: QuerySet, text: str) -> list[IssueArea]:
    """Among `areas`, those called `text`, whatever its case (two at most: enough to know whether
    it names one)."""
    return list(areas.filter(_name_in_reader_language("iexact", text)).defer("description")[:2])


def areas_named(*, areas: QuerySet, text: str, limit: int = AREA_MATCHES_MAX) -> list[IssueArea]:
    """Among `areas`, those whose name holds `text` (case-insensitive), by name: at most `limit` + 1,
    so that the caller knows there are more."""
    text = text.strip()
    if not text:
        return []
    found = areas.filter(_name_in_reader_language("icontains", text)).defer("description")
    return list(found.order_by("name", "pk")[: limit + 1])


def area_names_holding(*, text: str) -> list[str]:
    """The names, in the reader's language, of the issue areas whose name holds `text`: at most
    AREA_MATCHES_MAX + 1 (one more says there are more)."""
    return _names(areas_named(areas=IssueArea.objects.all(), text=text))


class AmbiguousArea(Exception):
    """More than one area matches: `names` are the first of them (at most AREA_MATCHES_MAX), `more`
    whether others match too."""

    def __init__(self, names: list[str], more: bool = False):
        super().__init__(names)
        self.names = names
        self.more = more


def area_resolve(*, areas: QuerySet, text: str, to_field: str = "slug") -> IssueArea | None:
    """The area among `areas` that `text` names (see the module's note), None if none does; raises
    AmbiguousArea if several do. At most three bounded queries."""
    text = text.strip()
    if not text or len(text) > AREA_TEXT_MAX or "\x00" in text:
        return None
    try:
        area = areas.filter(**{to_field: text}).defer("description").first()
    except (ValueError, TypeError, ValidationError):  # not a value of that column: a name, then
        area = None
    if area is not None:
        return area
    called = areas_called(areas=areas, text=text)
    if len(called) == 1:
        return called[0]
    if called:  # one's name is another's translation
        raise AmbiguousArea(_names(called))
    named = areas_named(areas=areas, text=text)
    if len(named) == 1:
        return named[0]
    if named:
        raise AmbiguousArea(_names(named[:AREA_MATCHES_MAX]), more=len(named) > AREA_MATCHES_MAX)
    return None


class AreaField(forms.ModelChoiceField):
    """An issue area, from a list or named in a box (see the module's note); cleans to the area
    (None when left empty and not required). `offer(areas)` in the form's __init__ before use."""

    default_error_messages = {
        "ambiguous": _("Several issue areas match “%(text)s”: %(names)s. Type more of the name."),
        "ambiguous_many": _(
            "Many issue areas match “%(text)s”, among them %(names)s. Type more of the name."
        ),
        "none": _("No issue area matches “%(text)s”."),
    }

    def __init__(self, *, box_help_text=None, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("queryset", IssueArea.objects.none())
        super().__init__(**kwargs)
        self.box_help_text = box_help_text or _(
            "Type part of its name: the issue areas that hold it are offered as you type."
        )
        self.in_box = False
        self._read = {}  # text → area or None, as cleaned: shown by name when the form is shown again

    def label_from_instance(self, area):
        return area.localized("name").text

    def offer(self, areas: QuerySet, *, box_areas: QuerySet | None = None) -> "AreaField":
        """Offer `areas`: as a list if there are at most AREA_LIST_MAX (read now, in one query), else
        in the box, which takes any of `box_areas` (by default `areas`): a form whose list offers
        only some areas may let the box take any, since the suggestions offer them all."""
        first = list(areas.defer("description")[: AREA_LIST_MAX + 1])
        if len(first) <= AREA_LIST_MAX:
            self.queryset = areas
            blank = [] if self.empty_label is None else [("", self.empty_label)]
            key = self.to_field_name or "pk"
            self.choices = blank + [(getattr(area, key), self.label_from_instance(area)) for area in first]
            return self
        self.in_box = True
        self.queryset = areas if box_areas is None else box_areas
        widget = SuggestInput({"data-suggest": reverse("teams:area_suggest")})
        widget.is_required = self.required
        widget.attrs.update(self.widget_attrs(widget))
        self.widget = widget
        self.help_text = self.box_help_text
        return self

    def to_python(self, value):
        if isinstance(value, IssueArea):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        text = str(value).strip()
        self._read[text] = None
        try:
            area = area_resolve(areas=self.queryset, text=text, to_field=self.to_field_name or "pk")
        except AmbiguousArea as several:
            code = "ambiguous_many" if several.more else "ambiguous"
            raise ValidationError(
                self.error_messages[code], code=code, params={"text": text, "names": ", ".join(several.names)}
            ) from None
        if area is None:
            shown = text if len(text) <= 100 else text[:100] + "…"
            raise ValidationError(self.error_messages["none"], code="none", params={"text": shown})
        self._read[text] = area
        return area

    def prepare_value(self, value):
        """In the box, the area's name in the reader's language: for an area, for the text it was
        read from (a slug from a link shows as the name), or for an initial value (a slug: one
        query); any other text as it was typed."""
        if not self.in_box:
            return super().prepare_value(value)
        if isinstance(value, IssueArea):
            return self.label_from_instance(value)
        if value in self.empty_values:
            return ""
        text = str(value).strip()
        if text in self._read:
            area = self._read[text]
        else:
            try:
                area = self.queryset.filter(**{self.to_field_name or "pk": text}).defer("description").first()
            except (ValueError, TypeError, ValidationError):
                area = None
        return self.label_from_instance(area) if area is not None else value
