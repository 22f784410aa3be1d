from django.urls import path

from . import views

urlpatterns = [
    path("notifications/preferences/", views.preferences, name="notification_preferences"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="notification_unsubscribe"),
    path("email/stop/<str:token>/", views.guest_stop, name="guest_stop"),
    path("secretariat/outbox/", views.outbox, name="outbox"),
    path("secretariat/outbox/<int:pk>/", views.outbox_message, name="outbox_message"),
    path("secretariat/outbox/retry/", views.outbox_retry, name="outbox_retry"),
    path("secretariat/outbox/retry-period/", views.outbox_retry_period, name="outbox_retry_period"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/new/", views.announcement_create, name="announcement_create"),
    path("teams/<int:year>/<slug:slug>/subscribe/", views.team_subscribe, name="team_subscribe"),
    path("subscriptions/<str:token>/confirm/", views.subscription_confirm, name="subscription_confirm"),
    path(
        "subscriptions/<str:token>/unsubscribe/",
        views.subscription_unsubscribe,
        name="subscription_unsubscribe",
    ),
]
