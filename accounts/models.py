from datetime import time

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel, RulesModelBase, RulesModelMixin

from common.timezones import TimeZoneField, zone_info

from .enums import AuditAction, Gender, Role, StakeholderGroup, UNRegion
from .rules import is_secretariat

# What a person says about themselves on their profile (the secretariat sees it in the admin).
PROFILE_FIELDS = (
    "display_name",
    "organisation",
    "stakeholder_group",
    "un_region",
    "time_zone",
    "gender",
    "language",
)

# --- Closing an account (issue 17) ---
# A closed account keeps its row (answers, attendance and records still point at it, counted) but
# nothing of the person: this name, stored untranslated so that every page reads it without a
# query, shown translated by User.name; and an address of its own under a reserved domain that no
# mail can reach (RFC 2606), unique per row.
CLOSED_NAME = "Closed account"
CLOSED_DOMAIN = "closed.invalid"


def closed_address(pk: int) -> str:
    return f"closed-{pk}@{CLOSED_DOMAIN}"


# --- end of closing an account ---


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("role", Role.SECRETARIAT)
        fields["is_superuser"] = True
        return self.create_user(email, password, **fields)


class User(RulesModelMixin, AbstractBaseUser, PermissionsMixin, metaclass=RulesModelBase):
    """A person, identified by a verified email address (no username)."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=20, choices=StakeholderGroup.choices, blank=True
    )
    un_region = models.CharField(_("UN regional group"), max_length=20, choices=UNRegion.choices, blank=True)
    time_zone = TimeZoneField(_("time zone"), default="UTC")
    gender = models.CharField(
        _("gender"),
        max_length=20,
        choices=Gender.choices,
        blank=True,
        help_text=_("Optional. Used only for the teams' balance figures."),
    )
    language = models.CharField(_("preferred language"), max_length=10, blank=True)

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COMMUNITY)
    # A role the person says they hold and the secretariat has not yet confirmed.
    requested_role = models.CharField(_("requested role"), max_length=20, choices=Role.choices, blank=True)
    role_requested_at = models.DateTimeField(null=True, blank=True)

    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["display_name", "email"]
        indexes = [models.Index(fields=["requested_role"], name="user_requested_role_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requested_role__in=["", Role.PAST_MAG, Role.MAG]),
                name="user_requested_role_claimable",
            ),
        ]
        # Permissions about people, named "accounts.<key>_user".
        rules_permissions = {
            "review_role_claims": is_secretariat,
            "import_roster": is_secretariat,
        }

    def __str__(self):
        return self.name

    @property
    def name(self):
        if self.display_name == CLOSED_NAME:
            return gettext("Closed account")
        return self.display_name or self.email.split("@")[0]

    @property
    def is_closed(self) -> bool:
        """The person closed their account (accounts.services.account_close)."""
        return self.email.endswith("@" + CLOSED_DOMAIN)

    # Django admin and permission checks ask for is_staff; it follows the role, so that the
    # role is the one place that says who is secretariat.
    @property
    def is_staff(self):
        return self.is_active and (self.role == Role.SECRETARIAT or self.is_superuser)

    @property
    def is_secretariat(self):
        return self.is_staff

    @property
    def is_current_mag(self):
        return self.role == Role.MAG

    @property
    def zone(self):
        return zone_info(self.time_zone)

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name


class AuditEvent(RulesModel):
    """Who did what to what, and when. Written by the service that makes the change, in its transaction."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events_done"
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    # The person the change is about, when it is about a person (role claims, memberships).
    subject = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events_about"
    )
    # What the change touched, written out when it happened so that it reads well after deletions.
    target = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # "accounts.view_auditevent": the audit log page and the admin's list.
        rules_permissions = {"view": is_secretariat}

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target}"


# The weekdays as Python numbers them (Monday 0 … Sunday 6), for the hours one can take calls.
WEEKDAY_NUMBERS = range(7)


class CallHours(models.Model):
    """When a person can take calls, in their own zone (User.time_zone): the days they work and,
    for each, from when to when; and times they never want a call before or after, whatever the
    day. Only the person sees and edits it; fairness reads it (schedule/fairness.py). Someone with
    no row has the default: any day, not at night (22:00 to 07:00)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="call_hours")
    # Weekday number ("0" Monday … "6" Sunday) → [from, to] as "HH:MM", or [] for the whole day.
    # A weekday missing is a day off.
    days = models.JSONField(default=dict)
    never_before = models.TimeField(_("never before"), null=True, blank=True)
    never_after = models.TimeField(_("never after"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(never_before__isnull=True)
                | models.Q(never_after__isnull=True)
                | models.Q(never_before__lt=models.F("never_after")),
                name="callhours_never_before_lt_after",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {sorted(self.days)}"

    def working_days(self) -> list[int]:
        return sorted(int(day) for day in self.days)

    def span(self, weekday: int) -> tuple[time | None, time | None] | None:
        """(from, to) for that weekday, either None when not set; None for a day off."""
        value = self.days.get(str(weekday))
        if value is None:
            return None
        if not value:
            return None, None
        return time.fromisoformat(value[0]), time.fromisoformat(value[1])

    def clean(self):
        if not isinstance(self.days, dict) or not self.days:
            raise ValidationError({"days": _("Choose at least one working day.")})
        for key, value in self.days.items():
            if key not in {str(day) for day in WEEKDAY_NUMBERS}:
                raise ValidationError({"days": _("A working day must be Monday to Sunday.")})
            if value == []:
                continue
            try:
                start, end = (time.fromisoformat(part) for part in value)
            except (TypeError, ValueError):
                raise ValidationError({"days": _("Give both hours of a day as HH:MM, or neither.")}) from None
            if start >= end:
                raise ValidationError({"days": _("A day's hours must start before they end.")})
        if self.never_before and self.never_after and self.never_before >= self.never_after:
            raise ValidationError({"never_after": _("“Never after” must be later than “never before”.")})
