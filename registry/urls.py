from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.activity_list, name="list"),
    # "new" is kept from the entries' addresses (services.RESERVED_SLUGS).
    path("new/", views.activity_create, name="create"),
    path("<slug:slug>/", views.activity_detail, name="detail"),
    path("<slug:slug>/edit/", views.activity_edit, name="edit"),
    path("<slug:slug>/check/", views.check_create, name="check"),
]
