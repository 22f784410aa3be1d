"""Shared by the tests of the review of workshop proposals: a round with criteria, an imported
workshop, a submitted proposal of the team (whose facilitator may not review it)."""

import csv
import io

import pytest

from proposals import services as proposal_services
from proposals.models import SessionKind
from review import services
from review.csv_import import COLUMNS, fingerprint
from tests.factories import MagFactory

HEADER = ",".join(COLUMNS)
SECRET_NAME = "Zenobia Quillfeather"
SECRET_ORG = "Quillfeather Institute"
SECRET_EMAIL = "zenobia@quill.example"


def csv_text(*lines, header=HEADER):
    return "\n".join([header, *lines]) + "\n"


def workshop_line(title="Youth and data", area="trust-security-and-stability", kind="main", **changes):
    cells = {
        "title": title,
        "description": "A workshop.",
        "proposers": SECRET_NAME,
        "organisation": SECRET_ORG,
        "contact_email": SECRET_EMAIL,
        "issue_area": area,
        "kind": kind,
        "format": "roundtable",
        "stakeholder_group": "civil_society",
        "region": "african",
        **changes,
    }
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([cells[name] for name in COLUMNS])
    return out.getvalue()


def import_text(actor, cycle, text):
    return services.entries_import(
        actor=actor, cycle=cycle, text=text, expected_fingerprint=fingerprint(text)
    )


@pytest.fixture
def reviewer(db):
    return MagFactory(email="reviewer@example.org", display_name="Rhea Viewer")


@pytest.fixture
def review_round(cycle, secretariat, team):
    services.criterion_add(
        actor=secretariat, cycle=cycle, name="Relevance", description="To the year", max_score=5
    )
    services.criterion_add(actor=secretariat, cycle=cycle, name="Diversity", max_score=3)
    return services.round_for(cycle=cycle)


@pytest.fixture
def imported(review_round, secretariat, cycle):
    return import_text(secretariat, cycle, csv_text(workshop_line()))[0]


@pytest.fixture
def team_entry(review_round, secretariat, cycle, team, facilitator):
    proposal = proposal_services.proposal_create(
        actor=facilitator,
        team=team,
        kind=SessionKind.objects.get(slug="main"),
        title="Team workshop",
        description="Ours",
    )
    proposal_services.proposal_submit(actor=facilitator, proposal=proposal)
    services.entries_add_proposals(actor=secretariat, cycle=cycle)
    return review_round.entries.get(proposal=proposal)
