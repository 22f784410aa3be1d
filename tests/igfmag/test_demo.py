from datetime import timedelta

import pytest
from django.core.management import call_command

from accounts.enums import Role
from accounts.models import User
from schedule.models import AvailabilityPoll, Meeting, Milestone
from teams.models import IssueTeam, Membership


@pytest.mark.django_db
def test_demo_data_loads_twice_without_duplicates_and_has_a_login_per_role(now, capsys):
    call_command("demo_data")
    counts = (User.objects.count(), Membership.objects.count(), Milestone.objects.count(),
              AvailabilityPoll.objects.count(), Meeting.objects.count())
    call_command("demo_data")
    assert counts == (User.objects.count(), Membership.objects.count(), Milestone.objects.count(),
                      AvailabilityPoll.objects.count(), Meeting.objects.count())

    assert IssueTeam.objects.count() == 6
    roles = dict(User.objects.filter(email__in=["secretariat@example.org", "amina@example.org", "fatima@example.org",
                                                "grace@example.org"]).values_list("email", "role"))
    assert roles == {"secretariat@example.org": Role.SECRETARIAT, "amina@example.org": Role.MAG,
                     "fatima@example.org": Role.PAST_MAG, "grace@example.org": Role.COMMUNITY}
    assert User.objects.get(email="newcomer@example.org").requested_role == Role.MAG
    # The timeline lies ahead, its first 14-day reminder already due.
    first = Milestone.objects.order_by("due_at").first()
    assert now < first.due_at < now + timedelta(days=14)
    assert "secretariat@example.org" in capsys.readouterr().out
