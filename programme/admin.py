"""The programme in Django's admin: read only. Sessions, resources and bookings change through the
build and resources pages, whose services check overlaps, raise the sequence and write the audit log."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .models import ProgrammeRelease, ProgrammeSession, Resource, ResourceBooking


@admin.register(ProgrammeSession)
class ProgrammeSessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "cycle", "convener", "status", "starts_at", "minutes", "sequence"]
    list_filter = ["cycle", "convener", "status"]
    search_fields = ["title"]
    list_select_related = ["cycle"]


@admin.register(Resource)
class ResourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "capacity", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(ResourceBooking)
class ResourceBookingAdmin(ReadOnlyAdmin):
    list_display = ["resource", "starts_at", "ends_at", "session", "meeting"]
    list_select_related = ["resource", "session", "meeting"]


@admin.register(ProgrammeRelease)
class ProgrammeReleaseAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "number", "released_at", "approved_on"]
    list_select_related = ["cycle"]
