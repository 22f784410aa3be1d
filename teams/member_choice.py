"""Choosing one member of a group on a form: a text box, "Name or email", that the server reads
when the form comes back, instead of a list of every member (a group of thousands would make the
page as long as the group).

Without JavaScript the box works as it is: the server takes an exact address (any case), else the
one member called exactly that, else the one member whose name holds the text; several give back
their names to choose between, none says so. With JavaScript (static/js/suggest_box.js) the box
offers the names that match as one types, from `teams:member_suggest`. Only names go back to the
reader, never a piece of an address.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .selectors import MEMBER_MATCHES_MAX, member_by_email, members_called, members_named
from .widgets import SuggestInput


class AmbiguousMember(Exception):
    """More than one member matches: `names` are the first of them (at most MEMBER_MATCHES_MAX)."""

    def __init__(self, names: list[str]):
        super().__init__(names)
        self.names = names


def member_resolve(*, team_id: int, text: str):
    """The member of the group `text` names (see the module's note), None if nobody does; raises
    AmbiguousMember if several do."""
    text = text.strip()
    if "@" in text:
        person = member_by_email(team_id=team_id, email=text)
        if person is not None:
            return person
    named = members_named(team_id=team_id, text=text)
    if len(named) == 1:
        return named[0]
    # "Ana" names Ana even beside Ana María: the one called exactly that. Among the matches read, or,
    # past the first few (the one called so may not be among them), asked for.
    if len(named) <= MEMBER_MATCHES_MAX:
        exactly = [person for person in named if person.display_name.casefold() == text.casefold()]
    else:
        exactly = members_called(team_id=team_id, name=text)
    if len(exactly) == 1:
        return exactly[0]
    if named:
        raise AmbiguousMember([person.name for person in named[:MEMBER_MATCHES_MAX]])
    return None


class MemberField(forms.CharField):
    """A member of one group, named in a text box; cleans to the member's id (None when left empty
    and not required). `for_team(team)` before use."""

    widget = SuggestInput

    default_error_messages = {
        "ambiguous": _("Several members match “%(text)s”: %(names)s. Type more of the name, or the email."),
        "none": _("No member of this group matches “%(text)s”."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("help_text", _("A name, or an email address in full."))
        super().__init__(**kwargs)
        self.team_id = None

    def for_team(self, team) -> "MemberField":
        self.team_id = team.pk
        self.widget.attrs["data-suggest"] = reverse("teams:member_suggest", args=[team.cycle.year, team.slug])
        # An address is not suggested: typing one asks nothing.
        self.widget.attrs["data-suggest-skip"] = "@"
        return self

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "placeholder": _("Name or email")}

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            person = member_resolve(team_id=self.team_id, text=text)
        except AmbiguousMember as several:
            raise forms.ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={"text": text, "names": ", ".join(several.names)},
            ) from None
        if person is None:
            raise forms.ValidationError(self.error_messages["none"], code="none", params={"text": text})
        return person.pk

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        # The validators (length) are for the text, checked before; the value is now an id.
        pass
