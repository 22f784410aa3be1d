import csv
import io

from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.forms.utils import ErrorDict
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.csv_upload import CsvConfirmForm, CsvUploadForm, choice_lookup
from common.forms import ClockInput
from common.timezones import TimeZoneChoiceField

from .enums import Role, StakeholderGroup, UNRegion
from .models import PROFILE_FIELDS, CallHours, User
from .selectors import role_claims_pending
from .services import ROSTER_MAX_ROWS, RosterRow


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, saying that the password may be left out (ACCOUNT_SIGNUP_FIELDS) and
    where the privacy page is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields["password1"]
        password.label = _("Password (optional)")
        password.help_text = format_html(
            "{} {}",
            _(
                "Leave it empty to sign in with a code we send to your email each time. "
                "A password, if you choose one:"
            ),
            password_validators_help_text_html(),
        )
        # Before anyone gives us anything: what the site keeps about them, why and for how long.
        self.fields["email"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("privacy"), _("What igfmag keeps about you, why and for how long")
        )


class ProfileForm(forms.ModelForm):
    time_zone = TimeZoneChoiceField(
        label=_("Time zone"),
        help_text=_("Every time in igfmag is shown in this zone, with UTC beside deadlines."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), required=False)
    claimed_role = forms.ChoiceField(
        label=_("Are you a MAG member?"),
        required=False,
        choices=[
            ("", _("No, I take part as a member of the community")),
            (Role.MAG, _("I am a current MAG member")),
            (Role.PAST_MAG, _("I am a past MAG member")),
        ],
        help_text=_("The secretariat confirms MAG membership before it shows."),
    )

    class Meta:
        model = User
        fields = list(PROFILE_FIELDS)

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


class CallHoursForm(forms.Form):
    """When one can take calls, in one's own zone: a tick per working day, with its hours if one
    wishes (both or neither), and times never to call before or after. "Clear" forgets them all."""

    never_before = forms.TimeField(
        label=_("Never before"),
        required=False,
        widget=ClockInput(),
    )
    never_after = forms.TimeField(label=_("Never after"), required=False, widget=ClockInput())

    def __init__(self, *args, hours: CallHours | None = None, **kwargs):
        if hours is not None and not args and "initial" not in kwargs:
            initial = {"never_before": hours.never_before, "never_after": hours.never_after}
            for day in WEEKDAYS:
                span = hours.span(day)
                initial[f"day_{day}"] = span is not None
                if span:
                    initial[f"from_{day}"], initial[f"to_{day}"] = span
            kwargs["initial"] = initial
        kwargs.setdefault("label_suffix", "")  # a day's name beside its tick, without a colon
        super().__init__(*args, **kwargs)
        for day, name in WEEKDAYS.items():
            self.fields[f"day_{day}"] = forms.BooleanField(label=name, required=False)
            # "To" alone is also the outbox's recipient ("Кому", "收件人"): these are the hours' ends.
            for part, label in (
                ("from", pgettext_lazy("call hours", "From")),
                ("to", pgettext_lazy("call hours", "To")),
            ):
                self.fields[f"{part}_{day}"] = forms.TimeField(
                    label=format_lazy("{} {}", name, label),
                    required=False,
                    widget=ClockInput(),
                )
        self.order_fields([*(f"{part}_{day}" for day in WEEKDAYS for part in ("day", "from", "to"))])

    def days(self):
        """(weekday, its name, its tick, from, to) for the template's table."""
        return [
            (day, name, self[f"day_{day}"], self[f"from_{day}"], self[f"to_{day}"])
            for day, name in WEEKDAYS.items()
        ]

    @property
    def clearing(self) -> bool:
        return "clear" in self.data

    def full_clean(self):
        """ "Clear" needs nothing else: whatever the other fields hold, it is valid."""
        if self.is_bound and self.clearing:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def clean(self):
        data = super().clean()
        days = {}
        for day in WEEKDAYS:
            start, end = data.get(f"from_{day}"), data.get(f"to_{day}")
            if (start is None) != (end is None):
                self.add_error(
                    f"to_{day}" if end is None else f"from_{day}",
                    _("Give both hours of the day, or neither."),
                )
            elif start is not None and start >= end:
                self.add_error(f"to_{day}", _("The day's hours must start before they end."))
            if data.get(f"day_{day}"):
                days[day] = (
                    [f"{start:%H:%M}", f"{end:%H:%M}"] if start is not None and end is not None else []
                )
            elif start is not None or end is not None:
                self.add_error(f"day_{day}", _("Tick the day to give its hours, or leave them empty."))
        if not days:
            raise ValidationError(
                _(
                    "Tick at least one working day, or clear your hours "
                    "to use the default night (22:00–07:00)."
                )
            )
        before, after = data.get("never_before"), data.get("never_after")
        if before is not None and after is not None and before >= after:
            self.add_error("never_after", _("“Never after” must be later than “never before”."))
        data["hours"] = {"days": days, "never_before": before, "never_after": after}
        return data


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.name} <{user.email}>"


class RoleClaimsDecisionForm(forms.Form):
    users = UserChoiceField(
        queryset=User.objects.none(),
        label=_("Role claims"),
        error_messages={"required": _("Tick at least one person.")},
    )
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = role_claims_pending()


ROSTER_COLUMNS = ("name", "email", "stakeholder_group", "region")
NAME_MAX = User._meta.get_field("display_name").max_length


def parse_roster(text: str) -> list[RosterRow]:
    """The rows of a roster CSV (columns name, email, stakeholder_group, region), checked one by
    one. Line ends may be LF, CRLF or CR alone (Excel's "CSV Macintosh"). Raises one error per
    problem, each naming its line, so that the secretariat fixes the file and imports it whole."""
    groups, regions = choice_lookup(StakeholderGroup.choices), choice_lookup(UNRegion.choices)
    # newline="": the csv module itself recognises \n, \r\n and \r, also inside quoted cells.
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, errors, seen = [], [], {}
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        if tuple(header) != ROSTER_COLUMNS:
            raise ValidationError(
                _("Line 1 must be the header: %(expected)s.") % {"expected": ",".join(ROSTER_COLUMNS)}
            )
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) + len(errors) >= ROSTER_MAX_ROWS:
                raise ValidationError(
                    _("A roster has at most %(max)s rows; this file has more.")
                    % {"max": number_format(ROSTER_MAX_ROWS, force_grouping=True)}
                )
            if len(cells) != len(ROSTER_COLUMNS):
                errors.append(
                    _("Line %(line)d: expected 4 columns, found %(n)d.") % {"line": line, "n": len(cells)}
                )
                continue
            name, email, group, region = (c.strip() for c in cells)
            email = email.lower()
            problems = []
            if not name:
                problems.append(_("the name is empty"))
            elif len(name) > NAME_MAX:
                problems.append(
                    _("the name has %(n)d characters; at most %(max)d, please")
                    % {"n": len(name), "max": NAME_MAX}
                )
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(email)s” is not an email address") % {"email": email})
            if email in seen:
                problems.append(
                    _("%(email)s is already on line %(other)d") % {"email": email, "other": seen[email]}
                )
            if group.lower() not in groups:
                problems.append(_("unknown stakeholder group “%(value)s”") % {"value": group})
            if region.lower() not in regions:
                problems.append(_("unknown UN regional group “%(value)s”") % {"value": region})
            if problems:
                errors.append(
                    _("Line %(line)d: %(problems)s.")
                    % {"line": line, "problems": "; ".join(str(p) for p in problems)}
                )
                continue
            seen[email] = line
            rows.append(
                RosterRow(
                    line=line,
                    name=name,
                    email=email,
                    stakeholder_group=groups[group.lower()],
                    un_region=regions[region.lower()],
                )
            )
    except csv.Error as error:
        raise ValidationError(
            _("Line %(line)d cannot be read as CSV (%(error)s).") % {"line": reader.line_num, "error": error}
        ) from None
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("The file has a header but no rows."))
    return rows


def _roster_file_help() -> str:
    return _(
        "Columns: name, email, stakeholder_group, region. UTF-8, at most %(size)s and %(rows)s rows."
    ) % {
        "size": filesizeformat(settings.ROSTER_IMPORT_MAX_BYTES),
        "rows": number_format(ROSTER_MAX_ROWS, force_grouping=True),
    }


# Made when the form is shown, in the reader's language and number format (not once, at import).
roster_file_help_lazy = lazy(_roster_file_help, str)


class RosterImportForm(CsvUploadForm):
    """Step one of the import: the uploaded file, read and checked; nothing is saved.
    `cleaned_data` holds the file's `text` (carried to the confirmation) and its `rows`."""

    file = forms.FileField(label=_("CSV file"), help_text=roster_file_help_lazy())

    def get_max_bytes(self) -> int:
        return settings.ROSTER_IMPORT_MAX_BYTES

    def clean(self):
        text = self.cleaned_data.get("file")
        if text is not None:
            self.cleaned_data["rows"] = parse_roster(text)
            self.cleaned_data["text"] = text
        return self.cleaned_data


class RosterConfirmForm(CsvConfirmForm):
    """Step two: the same text again (checked again) and the fingerprint of the preview it confirms."""

    def get_max_bytes(self) -> int:
        return settings.ROSTER_IMPORT_MAX_BYTES

    def clean(self):
        text = self.cleaned_data.get("text")
        if text is not None:
            self.cleaned_data["rows"] = parse_roster(text)
        return self.cleaned_data


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """allauth's "email me a sign-in code" form, whose rate limit says what it limits: allauth
    words it "Too many failed login attempts", which a person who failed nothing cannot act on."""

    def clean_email(self):
        try:
            return super().clean_email()
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                raise ValidationError(
                    _("Too many codes requested. Please wait a minute, then ask for a new code."),
                    code="too_many_codes_requested",
                ) from error
            raise


# --- Closing an account (issue 17) ---


class AccountCloseForm(forms.Form):
    """The confirmation of closing one's account: a tick, so that a slip of the mouse closes nothing."""

    understood = forms.BooleanField(
        label=_("I understand: my account is closed at once and cannot be opened again."),
        error_messages={"required": _("Tick the box to confirm that you want to close your account.")},
    )


# --- end of closing an account ---
