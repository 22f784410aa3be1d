from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin
from common.localized import translation_field_names, translations_model_form

from .models import Cycle, FacilitatorRole, IssueArea, IssueTeam, Membership, PolicyQuestion


# The name, description and policy questions the secretariat writes for everyone, with a version
# in each other language (collapsed): saved with the original, in the same form and transaction.
class PolicyQuestionInline(admin.StackedInline):
    model = PolicyQuestion
    form = translations_model_form(PolicyQuestion)
    extra = 1
    fieldsets = [
        (None, {"fields": ["text", "position", "original_language"]}),
        (
            _("In other languages"),
            {"classes": ["collapse"], "fields": translation_field_names(PolicyQuestion)},
        ),
    ]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["year", "name", "is_current"]


@admin.register(IssueArea)
class IssueAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PolicyQuestionInline]
    form = translations_model_form(IssueArea)
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "original_language"]}),
        (_("In other languages"), {"classes": ["collapse"], "fields": translation_field_names(IssueArea)}),
    ]


@admin.register(IssueTeam)
class IssueTeamAdmin(admin.ModelAdmin):
    """Groups of every kind (IssueTeam is any MAG group); a group's own name and description may be
    written in each language, as an area's."""

    list_display = ["__str__", "kind", "area", "cycle", "slug"]
    list_filter = ["cycle", "kind"]
    list_select_related = ["area", "cycle"]
    form = translations_model_form(IssueTeam)
    fieldsets = [
        (None, {"fields": ["cycle", "kind", "area", "title", "slug", "description", "original_language"]}),
        (_("In other languages"), {"classes": ["collapse"], "fields": translation_field_names(IssueTeam)}),
    ]


# Read-only: deleting a membership here would skip what leaving does (audit row, withdrawn poll
# invitations and meeting attendance); a person leaves from the team page.
@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "team", "capacity", "joined_at"]
    list_filter = ["team__cycle", "capacity"]
    search_fields = ["user__email", "user__display_name"]


@admin.register(FacilitatorRole)
class FacilitatorRoleAdmin(ReadOnlyAdmin):
    list_display = ["user", "team", "kind", "status", "volunteered_at", "decided_at"]
    list_filter = ["status", "kind", "team__cycle"]
