"""The public programme's filters, sent with GET (the page works without JavaScript)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from proposals.enums import Modality

from ..enums import Convener
from ..selectors.public import Filters

HELD_CHOICES = [
    ("", _("Onsite or online")),
    (Modality.ONSITE.value, _("Onsite (and hybrid)")),
    (Modality.ONLINE.value, _("Online (and hybrid)")),
]


class ProgrammeFilterForm(forms.Form):
    """Kind, issue area, convener, onsite/online and day. Only the choices offered are taken: a
    value that is not one of them is refused with a message and that filter left out."""

    kind = forms.ChoiceField(label=_("Kind of session"), required=False)
    area = forms.ChoiceField(label=_("Issue area"), required=False)
    convener = forms.ChoiceField(
        label=_("Convened by"), required=False, choices=[("", _("Anyone")), *Convener.choices]
    )
    held = forms.ChoiceField(label=_("Held"), required=False, choices=HELD_CHOICES)
    day = forms.ChoiceField(label=_("Day"), required=False)

    def __init__(self, *args, kinds, areas, days, **kwargs):
        super().__init__(*args, **kwargs)
        self._kinds = {kind.slug: kind for kind in kinds}
        self._areas = {area.slug: area for area in areas}
        self.fields["kind"].choices = [
            ("", _("All kinds")),
            *((k.slug, k.localized("name").text) for k in kinds),
        ]
        self.fields["area"].choices = [
            ("", _("All issue areas")),
            *((a.slug, a.localized("name").text) for a in areas),
        ]
        self.fields["day"].choices = [
            ("", _("Today, else the first day")),
            *((d.isoformat(), date_format(d, "DATE_FORMAT")) for d in days),
        ]

    def filters(self) -> Filters:
        """The valid filters (an invalid one is left out; the form says why)."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name, "") for name in self.fields}
        day = data["day"]
        return Filters(
            kind=self._kinds.get(data["kind"]),
            area=self._areas.get(data["area"]),
            convener=data["convener"],
            held=data["held"],
            day=date.fromisoformat(day) if day else None,
        )
