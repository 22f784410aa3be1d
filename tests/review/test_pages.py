"""The review's pages for each role: the secretariat's round (criteria, anonymised switch, import
with its preview, proposals added, reviewers assigned), a reviewer's "My reviews" and score form,
the overview and the export; what each POST changed; and the anonymised phase leaking no name."""

import csv
import io
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from review import services
from review.models import Assignment, Criterion, Entry, ReviewRound, Score

from .conftest import HEADER, SECRET_EMAIL, SECRET_NAME, SECRET_ORG, csv_text, workshop_line

pytestmark = pytest.mark.django_db
YEAR = 2021


def url(name, *args):
    return reverse(f"review:{name}", args=[YEAR, *args])


def upload(text, name="workshops.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


@pytest.mark.parametrize(
    "role, status",
    [("secretariat", 200), ("reviewer", 403), ("facilitator", 403), ("community", 403), ("anonymous", 302)],
)
@pytest.mark.parametrize("name", ["round", "overview"])
def test_only_the_secretariat_runs_the_round(client, request, review_round, role, status, name):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(url(name)).status_code == status


@pytest.mark.parametrize(
    "role, status",
    [("secretariat", 200), ("reviewer", 200), ("facilitator", 200), ("community", 403), ("anonymous", 302)],
)
def test_the_mag_reaches_my_reviews_and_the_export(client, request, review_round, role, status):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(url("mine")).status_code == status
    assert client.get(url("export")).status_code == status


@pytest.mark.parametrize("role", ["secretariat", "reviewer", "community", "anonymous"])
def test_the_criteria_are_published(client, request, review_round, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    page = client.get(url("criteria")).content.decode()
    assert "Relevance" in page and "To the year" in page


def test_the_secretariat_adds_and_removes_a_criterion(client, secretariat, review_round):
    client.force_login(secretariat)
    response = client.post(url("criterion_add"), {"name": "Feasibility", "description": "", "max_score": "4"})
    assert response.status_code == 302
    criterion = Criterion.objects.get(name="Feasibility")
    assert criterion.max_score == 4
    page = client.post(url("criterion_add"), {"name": "Too high", "max_score": "11"}).content.decode()
    assert "less than or equal to 10" in page and not Criterion.objects.filter(name="Too high").exists()
    client.post(url("criterion_remove", criterion.pk))
    assert not Criterion.objects.filter(name="Feasibility").exists()


def test_the_switch_anonymises_the_phase(client, secretariat, review_round):
    client.force_login(secretariat)
    client.post(url("anonymise"), {"anonymised": "on"})
    assert ReviewRound.objects.get().anonymised
    client.post(url("anonymise"), {})
    assert not ReviewRound.objects.get().anonymised


def test_the_secretariat_edits_a_criterion(client, secretariat, review_round, imported, reviewer):
    relevance = Criterion.objects.get(name="Relevance")
    assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    services.review_save(actor=reviewer, assignment=assignment, scores={relevance.pk: 5}, comment="")
    client.force_login(secretariat)
    assert url("criterion_edit", relevance.pk) in client.get(url("round")).content.decode()
    form = client.get(url("criterion_edit", relevance.pk)).content.decode()
    assert 'value="Relevance"' in form and "To the year" in form
    page = client.post(
        url("criterion_edit", relevance.pk), {"name": "Relevance", "description": "", "max_score": "3"}
    ).content.decode()
    assert "Reviewers already gave scores up to 5" in page
    page = client.post(url("criterion_edit", relevance.pk), {"name": "", "max_score": "0"}).content.decode()
    assert "This field is required." in page and "greater than or equal to 1" in page
    assert Criterion.objects.get(pk=relevance.pk).max_score == 5
    response = client.post(
        url("criterion_edit", relevance.pk), {"name": "Fit", "description": "To 2021", "max_score": "8"}
    )
    assert response.status_code == 302
    assert Criterion.objects.filter(pk=relevance.pk, name="Fit", description="To 2021", max_score=8).exists()
    other = services.criterion_add(actor=secretariat, cycle=review_round.cycle, name="Elsewhere")
    Criterion.objects.filter(pk=other.pk).update(round=ReviewRound.objects.create(cycle=_other_cycle()))
    assert client.get(url("criterion_edit", other.pk)).status_code == 404


def _other_cycle():
    from tests.factories import CycleFactory

    return CycleFactory(year=2030, is_current=False)


def test_the_secretariat_removes_an_assignment_a_scored_one_after_confirming(
    client, secretariat, imported, reviewer, mag
):
    relevance = Criterion.objects.get(name="Relevance")
    unscored = services.assignment_add(actor=secretariat, entry=imported, reviewer=mag)
    scored = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    services.review_save(actor=reviewer, assignment=scored, scores={relevance.pk: 3}, comment="Sharp")
    client.force_login(secretariat)
    round_page = client.get(url("round")).content.decode()
    assert reverse("review:assignment_remove", args=[scored.pk]) in round_page
    response = client.post(reverse("review:assignment_remove", args=[unscored.pk]))
    assert response.status_code == 302 and response.url == url("round")
    assert not Assignment.objects.filter(pk=unscored.pk).exists()
    asked = client.post(reverse("review:assignment_remove", args=[scored.pk]))
    page = asked.content.decode()
    assert asked.status_code == 200 and "Rhea Viewer has already scored this proposal" in page
    assert "Relevance" in page and "3 of 5" in page and "Sharp" in page
    assert Assignment.objects.filter(pk=scored.pk).exists() and Score.objects.count() == 1
    response = client.post(
        reverse("review:assignment_remove", args=[scored.pk]), {"confirm": "1", "next": "entry"}
    )
    assert response.url == reverse("review:entry", args=[imported.pk])
    assert not Assignment.objects.exists() and not Score.objects.exists()
    assert client.get(reverse("review:assignment_remove", args=[scored.pk])).status_code == 404


def test_an_import_is_previewed_then_confirmed(client, secretariat, review_round):
    client.force_login(secretariat)
    preview = client.post(
        url("import"), {"file": upload(csv_text(workshop_line("One"), workshop_line("Two")))}
    )
    assert preview.status_code == 200 and "Import them all" in preview.content.decode()
    assert Entry.objects.count() == 0
    confirm = preview.context["confirm"]
    response = client.post(
        url("import"), {"text": confirm.initial["text"], "fingerprint": confirm.initial["fingerprint"]}
    )
    assert response.status_code == 302
    assert sorted(Entry.objects.values_list("title", flat=True)) == ["One", "Two"]


@pytest.mark.parametrize(
    "file, message",
    [
        (upload("title,é\n", encoding="latin-1"), "not UTF-8"),
        (upload(csv_text(*[workshop_line(f"W{i}") for i in range(401)])), "at most 400"),
        (upload("title,description\nA,B\n"), "missing: proposers"),
        (upload(csv_text(workshop_line(area="atlantis"))), "Line 2: unknown issue area “atlantis”"),
        (
            upload(csv_text(workshop_line() + ",Latin", header=HEADER + ",language")),
            "Line 2: unknown language “Latin”",
        ),
        (upload("x", name="workshops.xlsx"), ""),
    ],
)
def test_a_bad_file_is_answered_on_the_form_and_nothing_saved(
    client, secretariat, review_round, file, message
):
    client.force_login(secretariat)
    response = client.post(url("import"), {"file": file})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Import them all" not in response.content.decode()
    assert Entry.objects.count() == 0


def test_the_preview_shows_each_proposers_language(client, secretariat, review_round):
    client.force_login(secretariat)
    text = csv_text(workshop_line("One") + ",fr", workshop_line("Two") + ",", header=HEADER + ",language")
    preview = client.post(url("import"), {"file": upload(text)}).content.decode()
    assert "<td>French</td>" in preview and "<td>The site’s</td>" in preview
    confirm = client.post(url("import"), {"file": upload(text)}).context["confirm"]
    client.post(
        url("import"), {"text": confirm.initial["text"], "fingerprint": confirm.initial["fingerprint"]}
    )
    assert dict(Entry.objects.values_list("title", "language")) == {"One": "fr", "Two": ""}


def test_a_forged_confirmation_saves_nothing(client, secretariat, review_round):
    client.force_login(secretariat)
    client.post(url("import"), {"text": csv_text(workshop_line()), "fingerprint": "0" * 64})
    assert Entry.objects.count() == 0


def test_the_secretariat_adds_submitted_proposals(client, secretariat, review_round, team_entry):
    client.force_login(secretariat)
    client.post(url("add_proposals"))
    assert Entry.objects.count() == 1


def test_an_assignment_to_a_facilitator_of_the_group_is_refused_with_the_reason(
    client, secretariat, team_entry, facilitator, reviewer
):
    client.force_login(secretariat)
    response = client.post(url("assign"), {"entry": team_entry.pk, "reviewer": facilitator.pk}, follow=True)
    assert "facilitates the group that proposed" in response.content.decode()
    assert not Assignment.objects.exists()
    client.post(url("assign"), {"entry": team_entry.pk, "reviewer": reviewer.pk})
    assert Assignment.objects.get().reviewer == reviewer


def test_the_bulk_assignment_spreads_and_skips_conflicts(
    client, secretariat, team_entry, imported, facilitator, reviewer
):
    client.force_login(secretariat)
    client.post(url("spread"), {"reviewers": [facilitator.pk, reviewer.pk], "per_entry": "2"})
    pairs = set(Assignment.objects.values_list("entry__title", "reviewer__email"))
    assert pairs == {
        ("Team workshop", "reviewer@example.org"),
        ("Youth and data", "reviewer@example.org"),
        ("Youth and data", "facilitator@example.org"),
    }
    client.post(url("spread"), {"reviewers": [reviewer.pk], "per_entry": "99"})
    assert Assignment.objects.count() == 3


def _score_form(assignment, **values):
    criteria = Criterion.objects.order_by("position")
    data = {f"criterion_{c.pk}": str(values.get(c.name, 1)) for c in criteria}
    return {**data, "comment": values.get("comment", "Solid")}


def test_a_reviewer_scores_their_assignment_and_no_one_else_does(
    client, secretariat, imported, reviewer, mag
):
    assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    client.force_login(mag)
    assert (
        client.post(reverse("review:score", args=[assignment.pk]), _score_form(assignment)).status_code == 403
    )
    client.force_login(reviewer)
    assert "Youth and data" in client.get(url("mine")).content.decode()
    page = client.post(reverse("review:score", args=[assignment.pk]), _score_form(assignment, Diversity=4))
    assert page.status_code == 200 and "less than or equal to 3" in page.content.decode()
    assert not Score.objects.exists()
    response = client.post(
        reverse("review:score", args=[assignment.pk]), _score_form(assignment, Relevance=5)
    )
    assert response.status_code == 302
    assert sorted(Score.objects.values_list("value", flat=True)) == [1, 5]
    client.force_login(secretariat)
    overview = client.get(url("overview")).content.decode()
    assert "6.0" in overview


def test_the_overview_counts_by_kind_area_status_and_balance(client, secretariat, imported, team):
    client.force_login(secretariat)
    page = client.get(url("overview")).content.decode()
    for text in ("Main session", team.area.name, "In review", "Civil society", "African Group"):
        assert text in page


def _export(client):
    response = client.get(url("export"))
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_export_has_no_reviewer_email_and_a_reviewer_never_sees_their_group_scores(
    client, secretariat, team_entry, facilitator, reviewer
):
    assignment = services.assignment_add(actor=secretariat, entry=team_entry, reviewer=reviewer)
    relevance = Criterion.objects.get(name="Relevance")
    services.review_save(actor=reviewer, assignment=assignment, scores={relevance.pk: 4}, comment="")
    client.force_login(secretariat)
    rows = _export(client)
    assert rows[1][-1] == "4.0"
    assert "reviewer@example.org" not in str(rows) and "Rhea Viewer" not in str(rows)
    client.force_login(facilitator)
    rows = _export(client)
    assert rows[1][1] == "Team workshop" and rows[1][-2:] == ["", ""]


def test_the_anonymised_phase_leaks_no_name_on_any_page_or_export(client, secretariat, imported, reviewer):
    services.round_anonymise(actor=secretariat, cycle=imported.round.cycle, anonymised=True)
    assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    client.force_login(reviewer)
    pages = [
        client.get(url("mine")),
        client.get(reverse("review:score", args=[assignment.pk])),
        client.get(url("criteria")),
        client.get(url("export")),
        client.post(reverse("review:score", args=[assignment.pk]), _score_form(assignment), follow=True),
    ]
    for response in pages:
        text = response.content.decode()
        assert response.status_code == 200
        for secret in (SECRET_NAME, SECRET_ORG, SECRET_EMAIL):
            assert secret not in text
    assert "Youth and data" in pages[1].content.decode()
    # The secretariat's own pages and export keep the names out too, while the phase lasts.
    client.force_login(secretariat)
    for response in (client.get(url("round")), client.get(url("overview")), client.get(url("export"))):
        assert SECRET_NAME not in response.content.decode()


def test_the_anonymised_phase_masks_names_in_free_text_on_every_page_and_the_export(
    client, secretariat, review_round, reviewer, django_capture_on_commit_callbacks
):
    from .conftest import import_text

    cycle = review_round.cycle
    line = workshop_line(
        title="Quillfeather on youth and data",
        description=f"Led by {SECRET_NAME} of the {SECRET_ORG.upper()} ({SECRET_EMAIL}); ask Zenobia.",
    )
    [entry] = import_text(secretariat, cycle, csv_text(line))
    assignment = services.assignment_add(actor=secretariat, entry=entry, reviewer=reviewer)
    relevance = Criterion.objects.get(name="Relevance")
    services.review_save(
        actor=reviewer, assignment=assignment, scores={relevance.pk: 2}, comment="Zenobia knows the field."
    )
    services.round_anonymise(actor=secretariat, cycle=cycle, anonymised=True)
    secrets = ("Zenobia", "Quillfeather", "QUILLFEATHER", SECRET_EMAIL)
    client.force_login(reviewer)
    reviewer_pages = [client.get(url("mine")), client.get(reverse("review:score", args=[assignment.pk]))]
    client.force_login(secretariat)
    secretariat_pages = [
        client.get(url("round")),
        client.get(url("overview")),
        client.get(url("export")),
        client.get(reverse("review:entry", args=[entry.pk])),
        client.get(reverse("review:assignment_remove", args=[assignment.pk])),
        client.post(url("import"), {"file": upload(csv_text(line))}),
    ]
    # The reviewer's own comment stays in their form as they wrote it (else saving would lose it).
    reviewer_pages[1].content = reviewer_pages[1].content.replace(b"Zenobia knows the field.", b"")
    # The preview carries the secretariat's own file back to them, unseen, for the confirmation.
    preview = secretariat_pages[-1]
    preview.content = re.sub(rb'<input type="hidden" name="text"[^>]*>', b"", preview.content)
    for response in reviewer_pages + secretariat_pages:
        text = response.content.decode()
        assert response.status_code == 200, response
        assert "[withheld]" in text, response
        for secret in secrets:
            assert secret not in text, (response, secret)
    score_page = reviewer_pages[1].content.decode()
    assert "[withheld] on youth and data" in score_page
    assert "Led by [withheld] of the [withheld] ([withheld]); ask [withheld]." in score_page
    # Outside the phase the text is as written (at once: the cached pages' version moves).
    with django_capture_on_commit_callbacks(execute=True):
        services.round_anonymise(actor=secretariat, cycle=cycle, anonymised=False)
    client.force_login(reviewer)
    assert (
        f"Led by {SECRET_NAME}" in client.get(reverse("review:score", args=[assignment.pk])).content.decode()
    )


def test_names_show_outside_the_anonymised_phase(client, secretariat, imported, reviewer):
    assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    client.force_login(reviewer)
    assert SECRET_NAME in client.get(reverse("review:score", args=[assignment.pk])).content.decode()
    assert SECRET_NAME in client.get(url("export")).content.decode()


@pytest.mark.parametrize(
    "role, target",
    [("secretariat", "round"), ("reviewer", "mine"), ("community", "criteria"), ("anonymous", "criteria")],
)
def test_the_menu_link_leads_each_reader_to_their_page(client, request, review_round, role, target):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("review:home"))["Location"] == url(target)


# --- The MAG's decisions (issue 14, part 5) ---------------------------------------------------------


def _decide(client, entry, **fields):
    data = {"outcome": "accepted", "time_zone": "Europe/Paris", "reasons": "", "condition": "", **fields}
    return client.post(reverse("review:decide", args=[entry.pk]), data)


def test_the_secretariat_decides_on_condition_in_a_zone(client, secretariat, imported, now):
    from review.enums import EntryStatus
    from review.models import Decision

    client.force_login(secretariat)
    page = client.get(reverse("review:entry", args=[imported.pk]))
    assert page.status_code == 200 and SECRET_EMAIL not in page.content.decode()
    response = _decide(
        client,
        imported,
        outcome="conditional",
        condition="Add a speaker",
        deadline=(now + timedelta(days=7)).strftime("%Y-%m-%d 12:00"),
        language="fr",
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    imported.refresh_from_db()
    assert imported.status == EntryStatus.CONDITIONAL and imported.language == "fr"
    assert decision.deadline.astimezone(ZoneInfo("Europe/Paris")).hour == 12
    assert decision.decided_by == secretariat
    response = client.post(reverse("review:fulfil", args=[imported.pk]))
    imported.refresh_from_db()
    assert imported.status == EntryStatus.CONDITION_MET


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"outcome": "conditional", "condition": "Add a speaker", "deadline": "2001-01-01 10:00"}, "future"),
        (
            {"outcome": "conditional", "condition": "Add a speaker", "deadline": "100000000000-01-01 10:00"},
            "",
        ),
        ({"outcome": "conditional", "condition": "", "deadline": "PLUS7"}, "fulfil"),
        ({"outcome": "format_changed"}, "format"),
        ({"outcome": "condition_not_met"}, ""),
        ({"outcome": "accepted", "reasons": "x" * 2001}, "2,000"),
    ],
)
def test_bad_decisions_say_why_and_save_nothing(client, secretariat, imported, now, fields, message):
    from notifications.models import OutboxMessage
    from review.models import Decision

    if fields.get("deadline") == "PLUS7":
        fields["deadline"] = (now + timedelta(days=7)).strftime("%Y-%m-%d 12:00")
    client.force_login(secretariat)
    response = _decide(client, imported, **fields)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert message in response.content.decode()
    assert not Decision.objects.exists() and not OutboxMessage.objects.exists()


def test_the_overview_and_export_show_the_decision(client, secretariat, imported, now):
    from review import decisions

    decisions.decision_make(
        actor=secretariat, entry=imported, outcome="format_changed", recommended_format="roundtable"
    )
    client.force_login(secretariat)
    assert "Accepted in another format" in client.get(url("overview")).content.decode()
    rows = list(csv.DictReader(io.StringIO(client.get(url("export")).content.decode())))
    assert rows[0]["status"] == "Accepted in another format"
    assert rows[0]["recommended_format"]


# --- Writing to the proposers (issue 14, part 6) -----------------------------------------------------


def _announce(client, entry, **fields):
    data = {
        "areas": [entry.issue_area_id],
        "outcomes": ["in_review"],
        "subject": "Hello proposers",
        "body": "News.",
        **fields,
    }
    return client.post(url("announce"), data)


def test_the_secretariat_counts_then_sends_to_proposers_in_the_anonymised_phase(
    client, secretariat, imported, cycle
):
    from notifications.models import OutboxMessage
    from review.models import ProposerAnnouncement

    services.round_anonymise(actor=secretariat, cycle=cycle, anonymised=True)
    client.force_login(secretariat)
    assert client.get(url("announce")).status_code == 200
    counted = _announce(client, imported, count="")
    page = counted.content.decode()
    assert "This message would reach 1 proposer." in page
    assert SECRET_EMAIL not in page and SECRET_NAME not in page
    assert not ProposerAnnouncement.objects.exists() and not OutboxMessage.objects.exists()
    assert _announce(client, imported, send="").status_code == 302
    assert OutboxMessage.objects.filter(to_email=SECRET_EMAIL).count() == 1
    assert SECRET_EMAIL not in client.get(url("announce")).content.decode()


@pytest.mark.parametrize(
    "fields",
    [{"areas": []}, {"outcomes": []}, {"subject": ""}, {"body": "x" * 10_001}, {"outcomes": ["accepted"]}],
)
def test_bad_announcements_say_why_and_send_nothing(client, secretariat, imported, fields):
    from notifications.models import OutboxMessage
    from review.models import ProposerAnnouncement

    client.force_login(secretariat)
    response = _announce(client, imported, send="", **fields)
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert not ProposerAnnouncement.objects.exists() and not OutboxMessage.objects.exists()


def test_the_entry_page_shows_each_reviewers_scores_total_and_comment(
    client, secretariat, imported, reviewer, mag
):
    relevance, diversity = Criterion.objects.order_by("position")
    scored = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    services.assignment_add(actor=secretariat, entry=imported, reviewer=mag)
    services.review_save(
        actor=reviewer,
        assignment=scored,
        scores={relevance.pk: 4, diversity.pk: 2},
        comment="A clear plan for the floor.",
    )
    client.force_login(secretariat)
    page = client.get(reverse("review:entry", args=[imported.pk])).content.decode()
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page, re.S)
    cells = [re.sub(r"<[^>]+>", "|", row) for row in rows]
    assert len(rows) == 2
    assert "Rhea Viewer" in cells[0] and "|4|" in cells[0] and "|2|" in cells[0] and "|6|" in cells[0]
    assert "A clear plan for the floor." in cells[0]
    assert "To do" in cells[1] and "A clear plan" not in cells[1]
    assert "Relevance" in page and "0 to 5" in page and "0 to 8" in page
    assert f"{reverse('review:assignment_remove', args=[scored.pk])}?next=entry" in page
