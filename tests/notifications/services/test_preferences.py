import pytest
from django.urls import reverse

from notifications.models import NotificationPreferences
from tests.factories import UserFactory


@pytest.mark.django_db
def test_one_click_unsubscribe_turns_every_notice_off(client):
    prefs = NotificationPreferences.objects.create(user=UserFactory(), reminder_offsets=[14, 3, 1])
    url = reverse("notification_unsubscribe", args=[prefs.unsubscribe_token])

    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # what a mail client sends, no CSRF token

    assert response.status_code == 200
    prefs.refresh_from_db()
    assert (prefs.reminder_offsets, prefs.overdue_notices, prefs.change_notices, prefs.announcements) == (
        [],
        False,
        False,
        False,
    )
    assert client.get(reverse("notification_unsubscribe", args=["not-a-token"])).status_code == 404
