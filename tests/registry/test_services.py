"""registry/services.py: each change in one transaction with its audit row; bad input changes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from registry import services
from registry.enums import ActivityKind, CheckOutcome
from registry.models import ActivityCheck, IntersessionalActivity
from tests.factories import IntersessionalActivityFactory, IssueAreaFactory

pytestmark = pytest.mark.django_db


def _fields(now, **changes):
    return {
        "kind": ActivityKind.DYNAMIC_COALITION,
        "name": "Dynamic Coalition on Schools of Internet Governance",
        "slug": "",
        "description": "Schools of Internet governance around the world.",
        "website": "https://sig.example.org/",
        "contact_name": "The coordinators",
        "contact_email": "sig@lists.example.org",
        "contact_url": "",
        "last_active_on": now.date() - timedelta(days=3),
        **changes,
    }


def test_create_makes_the_address_from_the_name_sets_the_areas_and_audits(now, secretariat):
    areas = [IssueAreaFactory(), IssueAreaFactory()]
    activity = services.activity_create(actor=secretariat, areas=areas, **_fields(now))
    assert activity.slug == "dynamic-coalition-on-schools-of-internet-governance"
    assert set(activity.areas.all()) == set(areas)
    event = AuditEvent.objects.get(action="registry_entry_created")
    assert event.actor == secretariat and event.target == activity.name and event.details == {"kind": "dc"}


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"last_active_on": date(1999, 12, 31)}, "last_active_on", "Choose a date between"),
        ({"description": "x" * 5_001}, "description", "at most 5,000 characters"),
        ({"contact_email": "not an address"}, "contact_email", "valid email"),
        ({"slug": "new"}, "slug", "taken by a page of the registry"),
        ({"name": "—", "slug": ""}, "slug", "Give a short name for the address"),
        ({"kind": "nri"}, "kind", "not a valid choice"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(now, secretariat, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.activity_create(actor=secretariat, **_fields(now, **changes))
    assert message in " ".join(error.value.message_dict[field])
    assert not IntersessionalActivity.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_name_or_address_already_taken_is_refused(now, secretariat):
    IntersessionalActivityFactory(name="Dynamic Coalition on Schools of Internet Governance", slug="sig")
    with pytest.raises(ValidationError) as error:
        services.activity_create(actor=secretariat, **_fields(now, slug="other"))
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.activity_create(actor=secretariat, **_fields(now, name="Another", slug="sig"))
    assert "slug" in error.value.message_dict


def test_update_records_what_changed_and_nothing_when_nothing_did(now, secretariat):
    area = IssueAreaFactory()
    activity = IntersessionalActivityFactory(areas=[area])
    same = {
        name: getattr(activity, name)
        for name in ("kind", "name", "slug", "description", "contact_name", "contact_email", "last_active_on")
    }
    services.activity_update(actor=secretariat, activity=activity, areas=[area], **same)
    assert not AuditEvent.objects.exists()

    other = IssueAreaFactory()
    services.activity_update(
        actor=secretariat, activity=activity, areas=[other], **{**same, "name": "Renamed coalition"}
    )
    activity.refresh_from_db()
    assert activity.name == "Renamed coalition" and list(activity.areas.all()) == [other]
    event = AuditEvent.objects.get(action="registry_entry_changed")
    assert event.details == {"changed": ["name", "areas"]}


def test_an_update_refused_leaves_the_entry_as_it_was(now, secretariat):
    area = IssueAreaFactory()
    activity = IntersessionalActivityFactory(areas=[area], name="Kept")
    with pytest.raises(ValidationError):
        services.activity_update(
            actor=secretariat,
            activity=activity,
            areas=[],
            name="Changed",
            last_active_on=now.date() + timedelta(days=1),
        )
    activity.refresh_from_db()
    assert activity.name == "Kept" and list(activity.areas.all()) == [area]


def test_a_check_is_recorded_with_who_and_audited(now, secretariat):
    activity = IntersessionalActivityFactory(last_active_on=now.date() - timedelta(days=400))
    check = services.check_record(
        actor=secretariat,
        activity=activity,
        checked_on=now.date(),
        outcome=CheckOutcome.DOES_NOT_FULFIL,
        note="No report since 2025.",
    )
    assert (check.checked_by, check.outcome) == (secretariat, "does_not_fulfil")
    activity.refresh_from_db()
    assert activity.last_active_on == now.date() - timedelta(days=400)  # no later activity seen
    event = AuditEvent.objects.get(action="registry_check_recorded")
    assert event.details == {"outcome": "does_not_fulfil", "checked_on": now.date().isoformat()}


def test_a_check_that_saw_a_later_activity_moves_the_last_activity_forward_only(now, secretariat):
    activity = IntersessionalActivityFactory(last_active_on=now.date() - timedelta(days=400))
    services.check_record(
        actor=secretariat,
        activity=activity,
        checked_on=now.date(),
        outcome=CheckOutcome.FULFILS,
        last_active_on=now.date() - timedelta(days=5),
    )
    services.check_record(
        actor=secretariat,
        activity=activity,
        checked_on=now.date(),
        outcome=CheckOutcome.FULFILS,
        last_active_on=now.date() - timedelta(days=500),
    )
    activity.refresh_from_db()
    assert activity.last_active_on == now.date() - timedelta(days=5)
    assert ActivityCheck.objects.filter(activity=activity).count() == 2


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"checked_on_days": 1}, "checked_on"),
        ({"note": "x" * 5_001}, "note"),
        ({"last_active_days": 1}, "last_active_on"),
    ],
)
def test_a_bad_check_writes_nothing(now, secretariat, changes, field):
    activity = IntersessionalActivityFactory(last_active_on=now.date() - timedelta(days=400))
    arguments = {
        "checked_on": now.date() + timedelta(days=changes.pop("checked_on_days", 0)),
        "outcome": CheckOutcome.FULFILS,
        "note": "",
    }
    if "last_active_days" in changes:
        arguments["last_active_on"] = now.date() + timedelta(days=changes.pop("last_active_days"))
    arguments.update(changes)
    with pytest.raises(ValidationError) as error:
        services.check_record(actor=secretariat, activity=activity, **arguments)
    assert field in error.value.message_dict
    activity.refresh_from_db()
    assert activity.last_active_on == now.date() - timedelta(days=400)
    assert not ActivityCheck.objects.exists() and not AuditEvent.objects.exists()
