from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:year>/", views.round_page, name="round"),
    path("<int:year>/criteria/", views.criteria, name="criteria"),
    path("<int:year>/criteria/add/", views.criterion_add, name="criterion_add"),
    path("<int:year>/criteria/<int:criterion_id>/edit/", views.criterion_edit, name="criterion_edit"),
    path("<int:year>/criteria/<int:criterion_id>/remove/", views.criterion_remove, name="criterion_remove"),
    path("<int:year>/anonymise/", views.anonymise, name="anonymise"),
    path("<int:year>/import/", views.import_entries, name="import"),
    path("<int:year>/add-proposals/", views.add_proposals, name="add_proposals"),
    path("<int:year>/assign/", views.assign, name="assign"),
    path("<int:year>/spread/", views.spread, name="spread"),
    path("<int:year>/mine/", views.mine, name="mine"),
    path("<int:year>/overview/", views.overview, name="overview"),
    path("<int:year>/export.csv", views.export, name="export"),
    path("<int:year>/announce/", views.announce, name="announce"),
    path("assignments/<int:pk>/", views.score, name="score"),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("entries/<int:pk>/", views.entry, name="entry"),
    path("entries/<int:pk>/decide/", views.decide, name="decide"),
    path("entries/<int:pk>/fulfil/", views.fulfil, name="fulfil"),
]
