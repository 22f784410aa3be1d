from django.urls import path

from . import poll_views, views

app_name = "schedule"
urlpatterns = [
    path("milestones/", views.timeline, name="timeline"),
    path("milestones/public/", views.public_timeline, name="public"),
    path("milestones/new/", views.milestone_create, name="create"),
    path("milestones/matrix/", views.matrix, name="matrix"),
    path("milestones/<int:pk>/", views.milestone_detail, name="detail"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="edit"),
    path("milestones/<int:pk>/publish/", views.milestone_publish, name="publish"),
    path("deliverables/<int:pk>/", views.deliverable_detail, name="deliverable"),
    path("deliverables/<int:pk>/accept/", views.deliverable_accept, name="deliverable_accept"),
    path("teams/<int:year>/<slug:slug>/polls/new/", poll_views.poll_create, name="poll_create"),
    path("polls/launch/", poll_views.polls_launch, name="polls_launch"),
    path("polls/<int:pk>/", poll_views.poll_detail, name="poll"),
    path("polls/<int:pk>/comment/", poll_views.poll_comment, name="poll_comment"),
    path("polls/<int:pk>/edit/", poll_views.poll_edit, name="poll_edit"),
    path("polls/<int:pk>/finalise/", poll_views.poll_finalise, name="poll_finalise"),
    path("polls/<int:pk>/guests/", poll_views.poll_guests, name="poll_guests"),
    path(
        "polls/<int:pk>/guests/<int:invitee_id>/withdraw/",
        poll_views.poll_guest_revoke,
        name="poll_guest_revoke",
    ),
    path("polls/answer/<str:token>/", poll_views.poll_guest, name="poll_guest"),
    path("meetings/<int:pk>/", poll_views.meeting_detail, name="meeting"),
    path("meetings/guest/<str:token>/", poll_views.meeting_guest, name="meeting_guest"),
    path("meetings/guest/<str:token>/invite.ics", poll_views.meeting_guest_ics, name="meeting_guest_ics"),
    path("meetings/<int:pk>/edit/", poll_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", poll_views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/invite.ics", poll_views.meeting_ics, name="meeting_ics"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/public.ics", views.public_feed, name="public_feed"),
    path("calendar/<str:token>.ics", views.private_feed, name="private_feed"),
]
