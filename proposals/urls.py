from django.urls import path  # noqa: F401 - each part adds its paths below

from . import views  # noqa: F401
from .views import invitations, nominations, panel, proposals
from .views import kinds as kind_views

app_name = "proposals"

# Each part of the app keeps its own module of views (views/<part>.py) and its block here.
urlpatterns = [
    # Proposals of a group, and one proposal (views/proposals.py).
    path("groups/<int:year>/<slug:slug>/", proposals.group, name="group"),
    path("groups/<int:year>/<slug:slug>/new/", proposals.new, name="new"),
    path("<int:pk>/", proposals.detail, name="detail"),
    path("<int:pk>/edit/", proposals.edit, name="edit"),
    # Its steps, one view (proposals.STEPS names them).
    *(path(f"<int:pk>/{name}/", proposals.step, {"name": name}, name=name) for name in proposals.STEPS),
    path("<int:pk>/comments/", proposals.comment, name="comment"),
    path("<int:pk>/editors/", proposals.editors, name="editors"),
    # The panel planner (views/panel.py).
    path("<int:pk>/panel/", panel.panel, name="panel"),
    path("<int:pk>/panel/<int:panelist_id>/", panel.panelist_edit, name="panelist_edit"),
    path("<int:pk>/panel/<int:panelist_id>/remove/", panel.panelist_remove, name="panelist_remove"),
    # Invitations to speak (views/invitations.py).
    path("<int:pk>/panel/<int:panelist_id>/invite/", invitations.panelist_invite, name="panelist_invite"),
    path("invitation/<str:token>/", invitations.invitation, name="invitation"),
    # Nominations of a chair or a moderator (views/nominations.py).
    path("<int:pk>/nominations/", nominations.nominate, name="nominate"),
    path("<int:pk>/nominations/<int:nomination_id>/support/", nominations.support, name="nomination_support"),
    path(
        "<int:pk>/nominations/<int:nomination_id>/unsupport/",
        nominations.unsupport,
        name="nomination_unsupport",
    ),
    path("<int:pk>/nominations/<int:nomination_id>/appoint/", nominations.appoint, name="nomination_appoint"),
    path(
        "<int:pk>/nominations/<int:nomination_id>/withdraw/", nominations.withdraw, name="nomination_withdraw"
    ),
    # The secretariat's kinds of session (views/kinds.py).
    path("kinds/", kind_views.kinds, name="kinds"),
    path("kinds/<int:pk>/", kind_views.kind_edit, name="kind_edit"),
]
