from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .models import Cycle, FacilitatorRole, IssueArea, IssueTeam, Membership, PolicyQuestion


class PolicyQuestionInline(admin.TabularInline):
    model = PolicyQuestion
    extra = 1


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["year", "name", "is_current"]


@admin.register(IssueArea)
class IssueAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PolicyQuestionInline]


@admin.register(IssueTeam)
class IssueTeamAdmin(admin.ModelAdmin):
    list_display = ["area", "cycle"]
    list_filter = ["cycle"]


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
