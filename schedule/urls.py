from django.urls import path

from . import views

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
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/public.ics", views.public_feed, name="public_feed"),
    path("calendar/<str:token>.ics", views.private_feed, name="private_feed"),
]
