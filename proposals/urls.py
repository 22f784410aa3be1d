from django.urls import path  # noqa: F401 - each part adds its paths below

from . import views  # noqa: F401
from .views import panel

app_name = "proposals"

# Each part of the app keeps its own module of views (views/<part>.py) and its block here.
urlpatterns = [
    # Proposals of a group, and one proposal (views/proposals.py).
    # The panel planner (views/panel.py).
    path("<int:pk>/panel/", panel.panel, name="panel"),
    path("<int:pk>/panel/<int:panelist_id>/", panel.panelist_edit, name="panelist_edit"),
    path("<int:pk>/panel/<int:panelist_id>/remove/", panel.panelist_remove, name="panelist_remove"),
    # The secretariat's kinds of session (views/kinds.py).
]
