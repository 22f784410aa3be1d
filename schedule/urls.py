from django.urls import path

from .views import busy, exports, feeds, meetings, milestones, outside, papers, polls, records, series, years

app_name = "schedule"
urlpatterns = [
    path("milestones/", milestones.timeline, name="timeline"),
    path("milestones/public/", milestones.public_timeline, name="public"),
    path("milestones/new/", milestones.milestone_create, name="create"),
    path("milestones/matrix/", milestones.matrix, name="matrix"),
    path("milestones/<int:pk>/", milestones.milestone_detail, name="detail"),
    path("milestones/<int:pk>/edit/", milestones.milestone_edit, name="edit"),
    path("milestones/<int:pk>/publish/", milestones.milestone_publish, name="publish"),
    path("deliverables/<int:pk>/", milestones.deliverable_detail, name="deliverable"),
    path("deliverables/<int:pk>/accept/", milestones.deliverable_accept, name="deliverable_accept"),
    path("teams/<int:year>/<slug:slug>/polls/new/", polls.poll_create, name="poll_create"),
    path("polls/launch/", polls.polls_launch, name="polls_launch"),
    path("polls/<int:pk>/", polls.poll_detail, name="poll"),
    path("polls/<int:pk>/slots/<int:slot_id>/night/", polls.poll_slot_nights, name="poll_slot_nights"),
    path("polls/<int:pk>/comment/", polls.poll_comment, name="poll_comment"),
    path("polls/<int:pk>/edit/", polls.poll_edit, name="poll_edit"),
    path("polls/<int:pk>/duplicate/", polls.poll_duplicate, name="poll_duplicate"),
    path("polls/<int:pk>/finalise/", polls.poll_finalise, name="poll_finalise"),
    path("polls/<int:pk>/series/", series.poll_series, name="poll_series"),
    path("series/<int:pk>/", series.series_detail, name="series"),
    path("series/<int:pk>/cadence/", series.series_cadence, name="series_cadence"),
    path("polls/<int:pk>/guests/", polls.poll_guests, name="poll_guests"),
    path(
        "polls/<int:pk>/guests/<int:invitee_id>/withdraw/",
        polls.poll_guest_revoke,
        name="poll_guest_revoke",
    ),
    path("polls/answer/<str:token>/", polls.poll_guest, name="poll_guest"),
    # --- A guest asks to be forgotten (issue 17) ---
    path("polls/answer/<str:token>/forget/", polls.poll_guest_forget, name="poll_guest_forget"),
    path("polls/forgotten/", polls.guest_forgotten, name="guest_forgotten"),
    # --- end of a guest asking to be forgotten ---
    path("meetings/public/", meetings.public_meetings, name="public_meetings"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/guest/<str:token>/", meetings.meeting_guest, name="meeting_guest"),
    path("meetings/guest/<str:token>/invite.ics", meetings.meeting_guest_ics, name="meeting_guest_ics"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/invite.ics", meetings.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/answer/", meetings.meeting_answer, name="meeting_answer"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/answer/<str:token>/", meetings.meeting_answer_link, name="meeting_answer_link"),
    path("teams/<int:year>/<slug:slug>/quorum/", meetings.team_quorum, name="team_quorum"),
    path(
        "teams/<int:year>/<slug:slug>/attendance.csv", exports.team_attendance_csv, name="team_attendance_csv"
    ),
    path(
        "teams/<int:year>/<slug:slug>/action-items.csv",
        exports.team_action_items_csv,
        name="team_action_items_csv",
    ),
    path("secretariat/years/", years.years, name="years"),
    path("secretariat/years/new/", years.year_new, name="year_new"),
    path("secretariat/years/<int:year>/", years.year_draft, name="year_draft"),
    path("secretariat/years/<int:year>/switch/", years.year_switch, name="year_switch"),
    path("secretariat/<int:year>/attendance.csv", exports.year_attendance_csv, name="year_attendance_csv"),
    path(
        "secretariat/<int:year>/action-items.csv", exports.year_action_items_csv, name="year_action_items_csv"
    ),
    path("meetings/<int:pk>/record/", records.meeting_record, name="meeting_record"),
    path("meetings/<int:pk>/record/decisions/", records.decision_add, name="decision_add"),
    path("meetings/<int:pk>/record/actions/", records.action_item_add, name="action_item_add"),
    path("meetings/<int:pk>/record/parking-lot/", records.parking_lot_add, name="parking_lot_add"),
    path("meetings/<int:pk>/record/parking-lot/carry/", records.parking_lot_carry, name="parking_lot_carry"),
    path("meetings/<int:pk>/papers/", papers.paper_request, name="paper_request"),
    path("meetings/<int:pk>/papers/<int:paper_id>/provide/", papers.paper_provide, name="paper_provide"),
    path("meetings/<int:pk>/papers/<int:paper_id>/withdraw/", papers.paper_withdraw, name="paper_withdraw"),
    path("meetings/<int:pk>/papers/<int:paper_id>/file/", papers.paper_file, name="paper_file"),
    path("meetings/<int:pk>/input/", papers.input_add, name="input_add"),
    path("action-items/", records.action_items, name="action_items"),
    path("action-items/<int:pk>/status/", records.action_item_status, name="action_item_status"),
    path("outside-calendars/", outside.outside_calendars, name="outside_calendars"),
    path("outside-calendars/<int:pk>/", outside.outside_calendar, name="outside_calendar"),
    path("outside-calendars/<int:pk>/fetch/", outside.outside_calendar_fetch, name="outside_calendar_fetch"),
    path(
        "outside-calendars/<int:pk>/switch/", outside.outside_calendar_switch, name="outside_calendar_switch"
    ),
    path(
        "outside-calendars/<int:pk>/delete/", outside.outside_calendar_delete, name="outside_calendar_delete"
    ),
    path("profile/busy/", busy.busy_calendars, name="busy_calendars"),
    path("profile/busy/<int:pk>/fetch/", busy.busy_calendar_fetch, name="busy_calendar_fetch"),
    path("profile/busy/<int:pk>/remove/", busy.busy_calendar_remove, name="busy_calendar_remove"),
    path("calendar/", feeds.calendar_settings, name="calendar"),
    path("calendar/public.ics", feeds.public_feed, name="public_feed"),
    path("calendar/<str:token>.ics", feeds.private_feed, name="private_feed"),
]
