from django.urls import path  # noqa: F401 - each part adds its paths below

from . import views  # noqa: F401
from .views import kinds as kind_views

app_name = "proposals"

# Each part of the app keeps its own module of views (views/<part>.py) and its block here.
urlpatterns = [
    # Proposals of a group, and one proposal (views/proposals.py).
    # The panel planner (views/panel.py).
    # The secretariat's kinds of session (views/kinds.py).
    path("kinds/", kind_views.kinds, name="kinds"),
    path("kinds/<int:pk>/", kind_views.kind_edit, name="kind_edit"),
]
