from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .models import ActivityCheck, IntersessionalActivity


# Read-only: entries and checks change through the registry's own pages (registry/services.py),
# which check the rules and write the audit log.
@admin.register(IntersessionalActivity)
class IntersessionalActivityAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "last_active_on"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(ActivityCheck)
class ActivityCheckAdmin(ReadOnlyAdmin):
    list_display = ["activity", "checked_on", "outcome", "checked_by"]
    list_filter = ["outcome"]
