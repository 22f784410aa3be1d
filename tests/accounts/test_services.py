"""accounts/services.py."""

import pytest
from django.core.exceptions import ValidationError

from accounts.enums import Role
from accounts.models import User
from accounts.services import RosterRow, mag_roster_import


def test_the_service_checks_rows_itself(secretariat):
    row = RosterRow(line=2, name="A", email="a@example.org", stakeholder_group="government", un_region="weog")
    with pytest.raises(ValidationError):
        mag_roster_import(
            actor=secretariat, rows=[row, RosterRow(3, "B", "b@example.org", "martians", "weog")]
        )
    with pytest.raises(ValidationError):
        mag_roster_import(actor=secretariat, rows=[row] * 2)
    assert not User.objects.filter(role=Role.MAG).exists()
