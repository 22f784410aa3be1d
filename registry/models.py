"""The intersessional registry: each Dynamic Coalition, Best Practice Forum and Policy Network, the
issue areas it works on, when it was last active, and the secretariat's checks of its obligations.

Everything here is public except a check's note and who made it (the secretariat's). Contacts are
the ones a body publishes itself (a mailing list, a contact page): no one's personal address."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from common.forms import DATE_WINDOW_START, DESCRIPTION_MAX, NOTE_MAX, MaxCharsValidator
from common.localized import Localized

from .enums import ActivityKind, ActivityStatus, CheckOutcome
from .rules import keeps_registry


def today() -> date:
    """The registry's "today": the date in UTC (a body's activity is counted in whole days)."""
    return timezone.now().date()


def validate_past_day(value: date) -> None:
    """A day that has happened: from the start of the site's date window to today (UTC)."""
    if value is None:
        return
    first, last = DATE_WINDOW_START.date(), today()
    if not first <= value <= last:
        raise ValidationError(
            _("Choose a date between %(first)s and today (%(last)s)."),
            code="date_window",
            params={"first": date_format(first, "j F Y"), "last": date_format(last, "j F Y")},
        )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February, and that year is not a leap year
        return day.replace(year=day.year - years, day=28)


def status_cutoffs(on: date) -> tuple[date, date]:
    """The one rule of a body's status on day `on`: last active on or after the first date returned
    (a year before), it is active; before it but on or after the second (two years before), quiet;
    before that, inactive. The model (`status_on`) and the list's filter (`with_status`) both use it."""
    return _years_before(on, 1), _years_before(on, 2)


class ActivityQuerySet(models.QuerySet):
    def with_status(self, status: str, on: date | None = None):
        year_ago, two_years_ago = status_cutoffs(on or today())
        if status == ActivityStatus.ACTIVE:
            return self.filter(last_active_on__gte=year_ago)
        if status == ActivityStatus.QUIET:
            return self.filter(last_active_on__lt=year_ago, last_active_on__gte=two_years_ago)
        if status == ActivityStatus.INACTIVE:
            return self.filter(last_active_on__lt=two_years_ago)
        return self


class IntersessionalActivity(Localized, RulesModel):
    """A Dynamic Coalition, Best Practice Forum or Policy Network. Its name and description may be
    written in each language (`localized`)."""

    localized_fields = ("name", "description")

    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxCharsValidator(DESCRIPTION_MAX)]
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    # Public contact only: what the body publishes itself. No one's personal address.
    contact_name = models.CharField(
        _("contact (as the body publishes it)"),
        max_length=200,
        blank=True,
        help_text=_("For example “The coalition's coordinators”. No personal names or addresses."),
    )
    contact_email = models.EmailField(
        _("public mailing list or contact address"),
        max_length=254,
        blank=True,
        help_text=_("An address the body publishes for everyone, such as its mailing list."),
    )
    contact_url = models.URLField(_("contact page"), max_length=300, blank=True)
    areas = models.ManyToManyField(
        "teams.IssueArea", blank=True, related_name="intersessional_activities", verbose_name=_("issue areas")
    )
    last_active_on = models.DateField(_("last active on"), validators=[validate_past_day])
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("intersessional activity")
        verbose_name_plural = _("intersessional activities")
        indexes = [models.Index(fields=["kind", "last_active_on"], name="activity_kind_active_idx")]
        # Permissions, named "registry.<key>_intersessionalactivity". Reading needs none: the
        # registry is public.
        rules_permissions = {
            "manage": keeps_registry,  # add and change entries
            "check": keeps_registry,  # record a check of its obligations
            "read_checks": keeps_registry,  # the checks' notes and who made them
        }

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:detail", kwargs={"slug": self.slug})

    def status_on(self, on: date | None = None) -> str:
        """Active, quiet (no activity for over a year) or inactive (over two years), on `on`
        (today, UTC, by default): `status_cutoffs` is the rule."""
        year_ago, two_years_ago = status_cutoffs(on or today())
        if self.last_active_on >= year_ago:
            return ActivityStatus.ACTIVE
        if self.last_active_on >= two_years_ago:
            return ActivityStatus.QUIET
        return ActivityStatus.INACTIVE

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return ActivityStatus(self.status).label

    @property
    def latest_outcome_display(self) -> str:
        """The latest check's outcome, on an entry read with it (registry.selectors); else ""."""
        value = getattr(self, "latest_outcome", None)
        return CheckOutcome(value).label if value else ""


class ActivityCheck(models.Model):
    """One check by the secretariat of whether a body fulfils its obligations. The public sees the
    latest outcome and its date; the note and who checked are the secretariat's."""

    activity = models.ForeignKey(IntersessionalActivity, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("checked on"), validators=[validate_past_day])
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=CheckOutcome.choices)
    note = models.TextField(_("note"), blank=True, validators=[MaxCharsValidator(NOTE_MAX)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_on", "-id"]
        indexes = [models.Index(fields=["activity", "-checked_on", "-id"], name="check_activity_newest_idx")]

    def __str__(self):
        return f"{self.activity} {self.checked_on}: {self.get_outcome_display()}"
