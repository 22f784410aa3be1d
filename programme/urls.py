from django.urls import path

from .views import build, clashes, exports, public, releases, resources

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
    path("", public.programme, name="public"),
    path("<int:pk>/", public.session, name="session"),
    path("<int:pk>/choose/", public.choose, name="choose"),
    path("<int:pk>/calendar.ics", exports.session_ics, name="session_ics"),
    path("mine/", public.mine, name="mine"),
    path("mine/feed/reset/", public.feed_reset, name="feed_reset"),
    path("feed/<str:token>.ics", exports.feed, name="feed"),
    path("programme.ics", exports.programme_ics, name="ics"),
    path("programme.json", exports.programme_json, name="json"),
    path("programme.csv", exports.programme_csv, name="csv"),
    # Releases, versions and approval (views/releases.py)
    path("releases/", releases.releases_page, name="releases"),
    path("versions/", releases.versions, name="versions"),
    path("versions/<int:number>/", releases.version, name="version"),
    path("versions/<int:number>/approve/", releases.release_approve, name="release_approve"),
    # Clashes (views/clashes.py)
    path("clashes/", clashes.clash_list, name="clashes"),
]
