from django.urls import path

from .views import clashes

app_name = "programme"

# Each concept's URLs in its own block, in the order of docs/architecture.md's description.
urlpatterns = [
    # Building the draft: the secretariat's pages (views/build.py, views/resources.py)
    # The public programme, a session's page, personal schedule, exports (views/public.py, views/exports.py)
    # Releases, versions and approval (views/releases.py)
    # Clashes (views/clashes.py)
    path("clashes/", clashes.clash_list, name="clashes"),
]
