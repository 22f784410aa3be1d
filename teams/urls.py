from django.urls import path

from . import views

app_name = "teams"
urlpatterns = [
    path("", views.team_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("areas/suggest/", views.area_suggest, name="area_suggest"),
    path("<int:year>/", views.team_list, name="cycle"),
    path("<int:year>/<slug:slug>/", views.team_detail, name="detail"),
    path("<int:year>/<slug:slug>/join/", views.team_join, name="join"),
    path("<int:year>/<slug:slug>/leave/", views.team_leave, name="leave"),
    path("<int:year>/<slug:slug>/carry-over/", views.carry_over, name="carry_over"),
    path("<int:year>/<slug:slug>/volunteer/", views.facilitator_volunteer, name="volunteer"),
    path("<int:year>/<slug:slug>/members/suggest/", views.member_suggest, name="member_suggest"),
    path("<int:year>/<slug:slug>/roster.csv", views.roster_csv, name="roster_csv"),
    path("facilitators/<int:role_id>/withdraw/", views.facilitator_withdraw, name="withdraw"),
    path("facilitators/<int:role_id>/handover/", views.facilitator_handover, name="handover"),
    path("facilitators/decide/", views.facilitators_decide, name="facilitators_decide"),
]
