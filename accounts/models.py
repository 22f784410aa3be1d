from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
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
        return self.display_name or self.email.split("@")[0]

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
