import pytest
from django.urls import reverse

from tests.programme.public_helpers import programme_session, release


@pytest.mark.django_db
def test_smoke(client, now, cycle, team, mag, django_capture_on_commit_callbacks):
    s = programme_session(cycle, areas=[team.area])
    assert client.get(reverse("programme:public")).status_code == 200
    assert client.get(reverse("programme:session", args=[s.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        release(cycle)
    page = client.get(reverse("programme:public")).content.decode()
    assert "Youth and the Internet" in page, page
    page = client.get(reverse("programme:session", args=[s.pk])).content.decode()
    assert "Youth and the Internet" in page
    assert client.get(reverse("programme:ics")).status_code == 200
    assert client.get(reverse("programme:json")).status_code == 200
    assert client.get(reverse("programme:session_ics", args=[s.pk])).status_code == 200
    client.force_login(mag)
    assert client.post(reverse("programme:choose", args=[s.pk])).status_code == 302
    page = client.get(reverse("programme:mine")).content.decode()
    assert "Youth and the Internet" in page
