from django.urls import path

from .views import build, resources

app_name = "programme"

# Each concept's URLs in its own block, in the order of docs/architecture.md's description.
urlpatterns = [
    # Building the draft: the secretariat's pages (views/build.py, views/resources.py)
    path("build/", build.build, name="build"),
    path("build/add-entry/", build.add_entry, name="build_add_entry"),
    path("build/add-item/", build.add_item, name="build_add_item"),
    path("build/<int:pk>/", build.session_edit, name="session_edit"),
    path("build/<int:pk>/cancel/", build.session_cancel, name="session_cancel"),
    path("build/<int:pk>/book/", build.session_book, name="session_book"),
    path("build/bookings/<int:pk>/release/", build.booking_release, name="booking_release"),
    path("resources/", resources.resource_list, name="resources"),
    path("resources/<int:pk>/", resources.resource_detail, name="resource"),
    path("resources/<int:pk>/book/", resources.resource_book_meeting, name="resource_book_meeting"),
    # The public programme, a session's page, personal schedule, exports (views/public.py, views/exports.py)
    # Releases, versions and approval (views/releases.py)
    # Clashes (views/clashes.py)
]
