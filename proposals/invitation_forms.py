"""The forms of invitations to speak: the editor's invitation, the speaker's zone and answer."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.timezones import TimeZoneChoiceField


class InviteForm(forms.Form):
    reply_by = forms.DateField(
        label=_("Reply by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("One reminder goes three days before, to those who have not answered."),
    )
    language = forms.ChoiceField(label=_("Language of the emails"), choices=settings.LANGUAGES)


class ZoneForm(forms.Form):
    """The zone the speaker reads the session's time in (a GET form, and sent with the answer)."""

    zone = TimeZoneChoiceField(label=_("Show times in"))


class AnswerForm(ZoneForm):
    answer = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])
