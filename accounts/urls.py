from django.urls import path

from . import views

urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/call-hours/", views.call_hours_edit, name="call_hours_edit"),
    # --- A person's data, for them to take away (issue 17, point 5) ---
    path("profile/data/", views.data_export, name="data_export"),
    # --- end of a person's data ---
    # --- Closing an account (issue 17) ---
    path("profile/close/", views.account_close, name="account_close"),
    path("profile/closed/", views.account_closed, name="account_closed"),
    # --- end of closing an account ---
    # Before Django's own i18n/ URLs (igfmag/urls.py): the same address and name, with the profile.
    path("i18n/setlang/", views.language_set, name="set_language"),
    path("secretariat/role-claims/", views.role_claims_decide, name="role_claims_decide"),
    path("secretariat/roster-import/", views.roster_import, name="roster_import"),
    path("secretariat/audit-log/", views.audit_log, name="audit_log"),
]
