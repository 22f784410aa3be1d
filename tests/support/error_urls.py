"""The site's URLs plus two that fail, to see the 400 and 500 pages as a visitor would."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from igfmag.urls import handler403  # noqa: F401 (handler403 is read from here)
from igfmag.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("a bug in a view")


def refuses_input(request):
    raise SuspiciousOperation("a malformed request")


urlpatterns = [*site_urlpatterns, path("fails/", fails), path("malformed/", refuses_input)]
