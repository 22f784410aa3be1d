from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "igfmag administration"
admin.site.site_title = "igfmag"
# The admin's own sign-in form checks a password and nothing else: send it to allauth's, which
# asks for the second factor and counts failed attempts.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/role-claims/", views.role_claims_waiting, name="role_claims_waiting"),
    path("dashboard/volunteers/", views.volunteers_waiting, name="volunteers_waiting"),
    path("teams/", include("teams.urls")),
    path("registry/", include("registry.urls")),
    path("proposals/", include("proposals.urls")),
    path("review/", include("review.urls")),
    path("programme/", include("programme.urls")),
    path("", include("accounts.urls")),
    path("", include("schedule.urls")),
    path("", include("notifications.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# 404, 400 and 500 are Django's own views with the site's templates; 500.html renders without
# the request or the database.
handler403 = "igfmag.views.permission_denied"
