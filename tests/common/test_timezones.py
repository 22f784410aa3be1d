"""Every name the tz database knows is accepted, in any letter case, links included, and stored in
its canonical spelling; anything else is refused with a message where the person is."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from common.timezones import canonical_zone, zone_choices
from schedule.models import AvailabilityPoll, Milestone
from schedule.services import milestones, polls
from tests.factories import UserFactory

NOW = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)

# (what someone typed or a browser sent, what is stored and shown)
NAMES = [
    (
        "Africa/Dakar",
        "Africa/Dakar",
    ),  # the demo's amina@example.org; a link to Africa/Abidjan, Senegal's own name
    ("europe/warsaw", "Europe/Warsaw"),  # lower case
    ("US/Eastern", "America/New_York"),  # a link
    ("Asia/Calcutta", "Asia/Kolkata"),  # a link (Chromium still reports it)
    ("asia/katmandu", "Asia/Kathmandu"),  # a link, in lower case
    ("Etc/UTC", "UTC"),
    ("utc", "UTC"),
]
BOGUS = "Mars/Olympus_Mons"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("typed, stored", NAMES)
def test_known_names_have_one_canonical_spelling(typed, stored):
    assert canonical_zone(typed) == stored
    assert canonical_zone(stored) == stored


def test_every_name_the_tz_database_knows_is_accepted_and_offered_in_the_list():
    offered = {value for value, _label in zone_choices()}
    names = zoneinfo.available_timezones() - {"localtime"}  # "localtime" is the machine's setting, not a name
    assert len(names) > 550
    for name in names:
        canonical = canonical_zone(name)
        assert canonical in offered, name
        assert canonical_zone(name.lower()) == canonical_zone(name.upper()) == canonical, name
        zoneinfo.ZoneInfo(canonical)  # loads
    assert canonical_zone(BOGUS) is None and canonical_zone("") is None


@pytest.mark.django_db
@pytest.mark.parametrize("typed, stored", NAMES)
def test_user_full_clean_accepts_the_name_and_stores_it_canonical(typed, stored):
    user = UserFactory(time_zone="UTC")
    user.time_zone = typed
    user.full_clean()
    user.save()
    user.refresh_from_db()
    assert user.time_zone == stored
    assert user.zone == zoneinfo.ZoneInfo(stored)


@pytest.mark.django_db
def test_a_bogus_zone_is_refused_with_a_message():
    user = UserFactory(time_zone="UTC")
    user.time_zone = BOGUS
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert error.value.message_dict["time_zone"] == [f"“{BOGUS}” is not a time zone we know."]


@pytest.mark.django_db
@pytest.mark.parametrize("typed, stored", NAMES)
def test_milestones_and_polls_take_any_known_name(secretariat, team, facilitator, typed, stored):
    milestone = milestones.milestone_create(
        actor=secretariat,
        cycle=team.cycle,
        teams=[],
        title="Report",
        kind="deadline",
        due_at=NOW + timedelta(days=20),
        entered_time_zone=typed,
    )
    assert Milestone.objects.get(pk=milestone.pk).entered_time_zone == stored

    poll = polls.poll_create(
        actor=facilitator,
        team=team,
        title="First call",
        slots=[NOW + timedelta(days=3)],
        deadline=NOW + timedelta(days=2),
        entered_time_zone=typed,
        guests=["guest@example.org"],
    )
    assert AvailabilityPoll.objects.get(pk=poll.pk).entered_time_zone == stored
    guest = poll.invitees.get(user__isnull=True)
    polls.vote_submit(invitee=guest, answers={poll.slots.get().pk: "yes"}, guest_time_zone=typed)
    guest.refresh_from_db()
    assert guest.guest_time_zone == stored


@pytest.mark.django_db
def test_services_refuse_a_bogus_zone_and_save_nothing(secretariat, team, facilitator):
    with pytest.raises(ValidationError, match="is not a time zone we know"):
        milestones.milestone_create(
            actor=secretariat,
            cycle=team.cycle,
            teams=[],
            title="Report",
            kind="deadline",
            due_at=NOW + timedelta(days=20),
            entered_time_zone=BOGUS,
        )
    with pytest.raises(ValidationError, match="is not a time zone we know"):
        polls.poll_create(
            actor=facilitator,
            team=team,
            title="First call",
            slots=[NOW + timedelta(days=3)],
            deadline=NOW + timedelta(days=2),
            entered_time_zone=BOGUS,
        )
    assert not Milestone.objects.exists() and not AvailabilityPoll.objects.exists()


PROFILE = {
    "display_name": "Amina",
    "organisation": "Example",
    "stakeholder_group": "civil_society",
    "un_region": "african",
    "gender": "",
    "language": "en",
    "claimed_role": "",
}


@pytest.mark.django_db
@pytest.mark.parametrize("typed, stored", NAMES)
def test_the_profile_form_takes_any_known_name(client, community, typed, stored):
    client.force_login(community)
    response = client.post(reverse("profile_edit"), {**PROFILE, "time_zone": typed})
    assert response.status_code == 302
    assert User.objects.get(pk=community.pk).time_zone == stored
    # The profile page preselects the stored zone in its list.
    assert f'<option value="{stored}" selected>' in client.get(reverse("profile_edit")).content.decode()


@pytest.mark.django_db
def test_the_profile_form_refuses_a_bogus_zone(client, community):
    client.force_login(community)
    page = client.post(reverse("profile_edit"), {**PROFILE, "time_zone": BOGUS}).content.decode()
    assert f"“{BOGUS}” is not a time zone we know." in page
    assert User.objects.get(pk=community.pk).time_zone == "UTC"


@pytest.mark.django_db
def test_the_poll_form_reads_slots_in_a_zone_typed_in_lower_case(client, team, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("schedule:poll_create", kwargs={"year": team.cycle.year, "slug": team.slug}),
        {
            "title": "First call",
            "duration_minutes": "60",
            "time_zone": "asia/calcutta",
            "deadline_local": "2027-05-12T12:00",
            "slots": "2027-05-14 13:30",
            "dates": "",
            "times": "",
            "guests": "",
        },
    )
    assert response.status_code == 302
    poll = AvailabilityPoll.objects.get()
    assert poll.entered_time_zone == "Asia/Kolkata"
    assert poll.slots.get().start == datetime(2027, 5, 14, 8, 0, tzinfo=UTC)  # 13:30 IST
