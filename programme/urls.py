from django.urls import path

from .views import clashes, exports, public, releases

app_name = "programme"

# Each concept's URLs in its own block, in the order of docs/architecture.md's description.
urlpatterns = [
    # Building the draft: the secretariat's pages (views/build.py, views/resources.py)
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
