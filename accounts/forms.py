import csv
import io

from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from igfmag.timezones import zone_choices

from .enums import Role, StakeholderGroup, UNRegion
from .models import User
from .selectors import role_claims_pending
from .services import RosterRow


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=zone_choices,
        help_text=_("Every time in igfmag is shown in this zone, with UTC beside deadlines."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), required=False)
    claimed_role = forms.ChoiceField(
        label=_("Are you a MAG member?"), required=False,
        choices=[("", _("No, I take part as a member of the community")),
                 (Role.MAG, _("I am a current MAG member")),
                 (Role.PAST_MAG, _("I am a past MAG member"))],
        help_text=_("The secretariat confirms MAG membership before it shows."),
    )

    class Meta:
        model = User
        fields = ["display_name", "organisation", "stakeholder_group", "un_region", "time_zone", "gender",
                  "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["display_name"].error_messages["required"] = _("Please give the name others will see.")
        self.fields["language"].choices = [("", _("As my browser says"))] + [
            (code, name) for code, name in settings.LANGUAGES
        ]
        self.fields["claimed_role"].initial = self.instance.requested_role
        if self.instance.role in (Role.MAG, Role.SECRETARIAT):
            del self.fields["claimed_role"]


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.name} <{user.email}>"


class RoleClaimsDecisionForm(forms.Form):
    users = UserChoiceField(queryset=User.objects.none(), label=_("Role claims"),
                            error_messages={"required": _("Tick at least one person.")})
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = role_claims_pending()


ROSTER_COLUMNS = ("name", "email", "stakeholder_group", "region")


def _choice_lookup(choices):
    """Accept a choice's code or its English label, in any case: 'civil_society' or 'Civil society'."""
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


class RosterImportForm(forms.Form):
    """A CSV of the MAG (columns name, email, stakeholder_group, region), checked row by row.

    `clean()` leaves `cleaned_data["rows"]` only when every row is valid; otherwise one error per
    problem, each naming its line, so that the secretariat fixes the file and imports it whole.
    """

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: name, email, stakeholder_group, region. UTF-8, at most %(size)s.")
        % {"size": filesizeformat(settings.ROSTER_IMPORT_MAX_BYTES)},
    )

    groups = _choice_lookup(StakeholderGroup.choices)
    regions = _choice_lookup(UNRegion.choices)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ROSTER_IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is %(size)s; the limit is %(limit)s.") % {
                "size": filesizeformat(upload.size), "limit": filesizeformat(settings.ROSTER_IMPORT_MAX_BYTES)})
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError(_("Please upload a .csv file (save the spreadsheet as CSV, UTF-8)."))
        raw = upload.read()
        if b"\x00" in raw:
            raise ValidationError(_("This is not a text CSV file."))
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text; save it as \"CSV UTF-8\".")) from None

    def clean(self):
        text = self.cleaned_data.get("file")
        if text is None:
            return self.cleaned_data
        reader = csv.reader(io.StringIO(text))
        header = [h.strip().lower() for h in next(reader, [])]
        if tuple(header) != ROSTER_COLUMNS:
            raise ValidationError(_("Line 1 must be the header: %(expected)s.") % {"expected": ",".join(ROSTER_COLUMNS)})
        rows, errors, seen = [], [], {}
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(ROSTER_COLUMNS):
                errors.append(_("Line %(line)d: expected 4 columns, found %(n)d.") % {"line": line, "n": len(cells)})
                continue
            name, email, group, region = (c.strip() for c in cells)
            email = email.lower()
            problems = []
            if not name:
                problems.append(_("the name is empty"))
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(email)s” is not an email address") % {"email": email})
            if email in seen:
                problems.append(_("%(email)s is already on line %(other)d") % {"email": email, "other": seen[email]})
            if group.lower() not in self.groups:
                problems.append(_("unknown stakeholder group “%(value)s”") % {"value": group})
            if region.lower() not in self.regions:
                problems.append(_("unknown UN regional group “%(value)s”") % {"value": region})
            if problems:
                errors.append(_("Line %(line)d: %(problems)s.") % {"line": line, "problems": "; ".join(str(p) for p in problems)})
                continue
            seen[email] = line
            rows.append(RosterRow(line=line, name=name[:120], email=email, stakeholder_group=self.groups[group.lower()],
                                  un_region=self.regions[region.lower()]))
        if errors:
            raise ValidationError(errors)
        if not rows:
            raise ValidationError(_("The file has a header but no rows."))
        self.cleaned_data["rows"] = rows
        return self.cleaned_data


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """allauth's "email me a sign-in code" form, whose rate limit says what it limits: allauth
    words it "Too many failed login attempts", which a person who failed nothing cannot act on."""

    def clean_email(self):
        try:
            return super().clean_email()
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                raise ValidationError(_("Too many codes requested. Please wait a minute, then ask for a new code."),
                                      code="too_many_codes_requested") from error
            raise
