"""The forms of a proposal's pages: the proposal itself, a comment, an editor (proposals.views.proposals)."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import (
    COMMENT_MAX,
    DESCRIPTION_MAX,
    LocalDateTimeField,
    ZonedForm,
    local_wall_clock,
    text_field,
)
from common.timezones import TimeZoneChoiceField, plain_when
from teams.member_choice import MemberField
from teams.models import PolicyQuestion

from .enums import Modality, SessionFormat
from .models import PROPOSAL_TITLE_MAX, SESSION_MINUTES_MAX, SESSION_MINUTES_MIN, Proposal
from .selectors import policy_question_choices, proposal_deadlines, session_kinds


class KindChoiceField(forms.ModelChoiceField):
    """Each kind with the length a proposal of it gets when its own is left empty."""

    def label_from_instance(self, kind):
        return _("%(name)s (%(minutes)d minutes)") % {
            "name": kind.localized("name").text,
            "minutes": kind.default_minutes,
        }


class DeadlineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, milestone):
        return _("%(title)s, %(when)s") % {
            "title": milestone.localized("title").text,
            "when": plain_when(milestone.due_at),
        }


class ProposalForm(ZonedForm):
    """A new proposal, or changes to one (to a submitted one: a revision, its next version)."""

    kind = KindChoiceField(label=_("Kind of session"), queryset=session_kinds(offered_only=True))
    title = forms.CharField(label=_("Title"), max_length=PROPOSAL_TITLE_MAX)
    description = text_field(
        _("Description"),
        DESCRIPTION_MAX,
        rows=8,
        help_text=_("What the session is about and what it should achieve. Needed before submitting."),
    )
    policy_questions = forms.TypedMultipleChoiceField(
        label=_("Policy questions it takes up"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices, widget=forms.RadioSelect)
    modality = forms.ChoiceField(label=_("Held"), choices=Modality.choices, widget=forms.RadioSelect)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the session is held or interpreted in."),
    )
    minutes = forms.IntegerField(
        label=_("Length (minutes)"),
        min_value=SESSION_MINUTES_MIN,
        max_value=SESSION_MINUTES_MAX,
        required=False,
        help_text=_("Leave it empty for the usual length of its kind, given beside each kind above."),
    )
    due = DeadlineChoiceField(
        label=_("Due by"),
        queryset=None,
        required=False,
        empty_label=_("No deadline"),
        help_text=_("A deadline of the group's year, as the secretariat published it."),
    )
    starts_local = LocalDateTimeField(
        label=_("Proposed time"),
        required=False,
        help_text=_(
            "When the session would start, if you know: invited speakers see it in their own time zone."
        ),
    )
    # Not required: a form sent without it (a script, an old page) reads the time in UTC.
    time_zone = TimeZoneChoiceField(label=_("Proposed time is in"), required=False)

    def __init__(self, *args, team, proposal: Proposal | None = None, **kwargs):
        if proposal is not None:
            kwargs.setdefault("initial", self.initial_for(proposal))
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("time_zone", timezone.get_current_timezone_name())
        super().__init__(*args, **kwargs)
        chosen = [question.pk for question in proposal.policy_questions.all()] if proposal else []
        self.fields["policy_questions"].choices = policy_question_choices(team=team, chosen_ids=chosen)
        self.fields["due"].queryset = proposal_deadlines(team=team)
        if proposal is not None and not proposal.kind.is_active:
            # A kind no longer offered stays the proposal's own: its form keeps it.
            self.fields["kind"].queryset = session_kinds().filter(is_active=True) | session_kinds().filter(
                pk=proposal.kind_id
            )

    def question_groups(self) -> list[tuple[str, list[tuple[int, str, bool]]]]:
        """The policy questions by issue area, each ticked or not, for the form's fieldsets."""
        ticked = {str(value) for value in (self["policy_questions"].value() or [])}
        return [
            (area, [(pk, text, str(pk) in ticked) for pk, text in questions])
            for area, questions in self.fields["policy_questions"].choices
        ]

    @staticmethod
    def initial_for(proposal: Proposal) -> dict:
        return {
            "kind": proposal.kind_id,
            "title": proposal.title,
            "description": proposal.description,
            "policy_questions": [question.pk for question in proposal.policy_questions.all()],
            "format": proposal.format,
            "modality": proposal.modality,
            "languages": list(proposal.languages),
            "minutes": proposal.minutes,
            "due": proposal.due_id,
            "time_zone": timezone.get_current_timezone_name(),
            "starts_local": (
                local_wall_clock(proposal.starts_at, timezone.get_current_timezone_name())
                if proposal.starts_at
                else None
            ),
        }

    def clean_time_zone(self):
        return self.cleaned_data.get("time_zone") or "UTC"

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the proposal a title."))
        return title

    def proposal_fields(self) -> dict:
        """The cleaned form as the services take it (proposal_create, proposal_update)."""
        data = dict(self.cleaned_data)
        question_ids = data.pop("policy_questions")
        data.pop("time_zone", None)
        data["starts_at"] = data.pop("starts_local", None)
        # Kept in the order of the site's languages, whatever order the browser sent them in.
        data["languages"] = [code for code, _name in settings.LANGUAGES if code in data["languages"]]
        data["description"] = data["description"].strip()
        data["policy_questions"] = list(PolicyQuestion.objects.filter(pk__in=question_ids))
        return data


class CommentForm(forms.Form):
    body = text_field(_("Your comment"), COMMENT_MAX, required=True)


class EditorForm(forms.Form):
    member = MemberField(
        label=_("Add an editor"), help_text=_("A member of the group: a name, or an email in full.")
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_team(team)


class WithdrawForm(forms.Form):
    note = text_field(
        _("Why (optional)"),
        COMMENT_MAX,
        rows=2,
        help_text=_("Kept in the proposal's history."),
    )
