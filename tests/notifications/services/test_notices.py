import pytest

from notifications.chores import chore_run
from notifications.emails import RenderedEmail
from notifications.enums import Chore, LedgerStatus, MailKind
from notifications.models import ChoreError, NotificationLedger, OutboxMessage
from notifications.services.notices import Notice, notices_record

EMAIL = RenderedEmail(subject="[IGF MAG] Hello", text="Plain text\n", html="")


def _notice(key, to_email="someone@example.org", render=lambda _prefs, _address: EMAIL):
    return Notice(key=key, kind=MailKind.ANNOUNCEMENT, user=None, to_email=to_email, render=render)


@pytest.mark.django_db
def test_a_ledger_key_queues_only_the_first_time():
    assert len(notices_record([_notice("announcement:1:someone@example.org")])) == 1
    assert notices_record([_notice("announcement:1:someone@example.org")]) == []
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_an_email_that_cannot_be_rendered_is_recorded_for_the_secretariat_and_the_others_go():
    def broken(_prefs, _address):
        raise ValueError("a template error")

    with chore_run(Chore.ANNOUNCEMENTS) as run:
        ids = notices_record(
            [_notice("a:1", "one@example.org"), _notice("a:2", "two@example.org", broken)], run=run
        )

    assert list(OutboxMessage.objects.values_list("to_email", flat=True)) == ["one@example.org"]
    assert len(ids) == 1
    # Its ledger row went with it: a later run tries again.
    assert list(NotificationLedger.objects.values_list("key", "status")) == [("a:1", LedgerStatus.QUEUED)]
    (error,) = ChoreError.objects.all()
    assert "a:2" in error.item and "a template error" in error.message


@pytest.mark.django_db
def test_without_a_run_a_rendering_error_rolls_the_chunk_back():
    def broken(_prefs, _address):
        raise ValueError("a template error")

    with pytest.raises(ValueError):
        notices_record([_notice("a:1", "one@example.org"), _notice("a:2", "two@example.org", broken)])
    assert not NotificationLedger.objects.exists() and not OutboxMessage.objects.exists()
