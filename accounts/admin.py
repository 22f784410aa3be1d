from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .enums import AuditAction
from .models import PROFILE_FIELDS, AuditEvent, User
from .services import audit_record, role_change_validate, user_set_role


class UserAdminForm(forms.ModelForm):
    # The person saving the form; UserAdmin.get_form sets it.
    actor = None

    class Meta:
        model = User
        fields = "__all__"  # noqa: DJ007 — the admin's fieldsets choose what shows

    def clean_role(self):
        # The service's own check, asked early so that a refusal shows beside the field;
        # user_set_role checks again when it saves.
        role = self.cleaned_data["role"]
        if self.instance.pk:
            role_change_validate(actor=self.actor, user=self.instance, role=role)
        return role


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    list_display = [
        "email",
        "display_name",
        "role",
        "requested_role",
        "stakeholder_group",
        "un_region",
        "is_active",
    ]
    list_filter = ["role", "requested_role", "stakeholder_group", "un_region", "is_active"]
    search_fields = ["email", "display_name", "organisation"]
    fields = [
        "email",
        *PROFILE_FIELDS,
        "role",
        "requested_role",
        "is_active",
        "date_joined",
        "last_login",
    ]
    readonly_fields = ["requested_role", "date_joined", "last_login"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request, obj, form, change):
        # Role changes go through the service so that the audit log records them.
        new_role = obj.role
        if change and "role" in form.changed_data:
            obj.role = form.initial["role"]
        super().save_model(request, obj, form, change)
        if change and "role" in form.changed_data:
            user_set_role(actor=request.user, user=obj, role=new_role)
        other = [f for f in form.changed_data if f != "role"]
        if change and other:
            audit_record(
                actor=request.user,
                action=AuditAction.PROFILE_UPDATED,
                subject=obj,
                target=obj.email,
                fields=other,
                via="admin",
            )


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "subject", "target"]
    list_filter = ["action"]
    search_fields = ["target", "actor__email", "subject__email"]


# allauth's admin shows and edits an authenticator's data: the TOTP secret and the recovery
# codes' seed, which would let one secretariat member produce another's (or anyone's) codes.
# The secretariat may see who has which and remove one (a lost phone), never read the secret.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin):
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
