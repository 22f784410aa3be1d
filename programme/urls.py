from django.urls import path

from .views import releases

app_name = "programme"

# Each concept's URLs in its own block, in the order of docs/architecture.md's description.
urlpatterns = [
    # Building the draft: the secretariat's pages (views/build.py, views/resources.py)
    # The public programme, a session's page, personal schedule, exports (views/public.py, views/exports.py)
    # Releases, versions and approval (views/releases.py)
    path("releases/", releases.releases_page, name="releases"),
    path("versions/", releases.versions, name="versions"),
    path("versions/<int:number>/", releases.version, name="version"),
    path("versions/<int:number>/approve/", releases.release_approve, name="release_approve"),
    # Clashes (views/clashes.py)
]
