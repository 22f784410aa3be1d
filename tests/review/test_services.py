"""The review's services: the import all or nothing, proposals added once, assignments refused to a
group's facilitator, an even spread, scores bounded by their criterion."""

import pytest
from django.core.exceptions import ValidationError

from review import services
from review.csv_import import IMPORT_MAX_ROWS, parse_entries
from review.models import Assignment, Criterion, Entry, Score
from tests.factories import MagFactory

from .conftest import HEADER, csv_text, import_text, workshop_line

pytestmark = pytest.mark.django_db


def test_a_csv_imports_every_row(review_round, secretariat, cycle, team):
    created = import_text(
        secretariat, cycle, csv_text(workshop_line("One"), workshop_line("Two", area=team.area.name))
    )
    assert [e.title for e in created] == ["One", "Two"]
    entry = Entry.objects.get(title="Two")
    assert entry.issue_area == team.area and entry.kind.slug == "main" and entry.region == "african"


@pytest.mark.parametrize(
    "text, message",
    [
        (csv_text(workshop_line(), header="title,description"), "missing: proposers"),
        (csv_text(workshop_line(area="nowhere")), "Line 2: unknown issue area “nowhere”"),
        (csv_text(workshop_line(kind="nope")), "unknown kind of session “nope”"),
        (csv_text(workshop_line(contact_email="not-mail")), "is not an email address"),
        (csv_text(workshop_line(title="")), "the title is empty"),
    ],
)
def test_a_bad_csv_saves_nothing(review_round, secretariat, cycle, text, message):
    with pytest.raises(ValidationError) as error:
        import_text(secretariat, cycle, text)
    assert any(message in m for m in error.value.messages)
    assert Entry.objects.count() == 0


def test_every_bad_line_is_named(team):
    with pytest.raises(ValidationError) as error:
        parse_entries(csv_text(workshop_line(), workshop_line(area="x"), workshop_line(region="mars")))
    assert len(error.value.messages) == 2
    assert error.value.messages[0].startswith("Line 3") and error.value.messages[1].startswith("Line 4")


def test_too_many_rows_are_refused(team):
    with pytest.raises(ValidationError, match="at most"):
        parse_entries(csv_text(*[workshop_line(f"W{i}") for i in range(IMPORT_MAX_ROWS + 1)]))


@pytest.mark.parametrize(
    "given, stored", [("fr", "fr"), ("French", "fr"), ("español", "es"), ("ZH", "zh-hans"), ("", "")]
)
def test_the_optional_language_column_names_a_site_language(review_round, secretariat, cycle, given, stored):
    header = HEADER + ",language"
    [entry] = import_text(secretariat, cycle, csv_text(workshop_line() + f",{given}", header=header))
    assert entry.language == stored


def test_a_file_without_the_language_column_keeps_the_sites(imported):
    assert imported.language == ""


def test_an_unknown_language_is_a_problem_of_its_line(review_round, secretariat, cycle):
    text = csv_text(workshop_line(), workshop_line("Two") + ",klingon", header=HEADER + ",language")
    with pytest.raises(ValidationError) as error:
        import_text(secretariat, cycle, text)
    assert error.value.messages == [
        "Line 3: unknown language “klingon” (one of: ar, zh-hans, en, fr, ru, es)."
    ]
    assert Entry.objects.count() == 0


def test_an_import_of_another_file_than_previewed_is_refused(review_round, secretariat, cycle):
    with pytest.raises(ValidationError, match="changed since its preview"):
        services.entries_import(
            actor=secretariat, cycle=cycle, text=csv_text(workshop_line()), expected_fingerprint="x"
        )
    assert Entry.objects.count() == 0


def test_submitted_proposals_are_added_once(team_entry, secretariat, cycle, team):
    assert team_entry.team == team and team_entry.source == "proposal"
    assert services.entries_add_proposals(actor=secretariat, cycle=cycle) == 0
    assert Entry.objects.count() == 1


def test_a_facilitator_is_never_the_reviewer_of_their_group(team_entry, secretariat, facilitator):
    with pytest.raises(ValidationError, match="facilitates the group that proposed “Team workshop”"):
        services.assignment_add(actor=secretariat, entry=team_entry, reviewer=facilitator)
    assert not Assignment.objects.exists()


def test_only_a_current_mag_member_reviews(imported, secretariat, community):
    with pytest.raises(ValidationError, match="not a current MAG member"):
        services.assignment_add(actor=secretariat, entry=imported, reviewer=community)


def test_a_reviewer_is_assigned_once(imported, secretariat, reviewer):
    services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    with pytest.raises(ValidationError, match="already reviews"):
        services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)


def test_the_spread_is_even_and_skips_conflicts(review_round, secretariat, cycle, team_entry, facilitator):
    import_text(secretariat, cycle, csv_text(*[workshop_line(f"W{i}") for i in range(5)]))
    reviewers = [facilitator, *MagFactory.create_batch(3)]
    result = services.assignments_spread(actor=secretariat, cycle=cycle, reviewers=reviewers, per_entry=2)
    assert result.created == 12 and result.short == 0
    assert not Assignment.objects.filter(entry=team_entry, reviewer=facilitator).exists()
    loads = sorted(Assignment.objects.filter(reviewer__in=reviewers).values_list("reviewer", flat=True))
    counts = [loads.count(r.pk) for r in reviewers]
    assert max(counts) - min(counts) <= 1
    again = services.assignments_spread(actor=secretariat, cycle=cycle, reviewers=reviewers, per_entry=2)
    assert again.created == 0


def test_scores_are_bounded_by_their_criterion(imported, secretariat, reviewer):
    assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    relevance, diversity = Criterion.objects.order_by("position")
    with pytest.raises(ValidationError):
        services.review_save(actor=reviewer, assignment=assignment, scores={diversity.pk: 4}, comment="")
    assert not Score.objects.exists()
    services.review_save(
        actor=reviewer, assignment=assignment, scores={relevance.pk: 5, diversity.pk: 2}, comment="Good"
    )
    services.review_save(
        actor=reviewer, assignment=assignment, scores={relevance.pk: 4, diversity.pk: 2}, comment="Fine"
    )
    assert sorted(Score.objects.values_list("value", flat=True)) == [2, 4]
    assignment.refresh_from_db()
    assert assignment.comment == "Fine" and assignment.scored_at is not None


def test_a_criterion_with_scores_stays(imported, secretariat, reviewer):
    assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    relevance = Criterion.objects.get(name="Relevance")
    services.review_save(actor=reviewer, assignment=assignment, scores={relevance.pk: 3}, comment="")
    with pytest.raises(ValidationError, match="has scores already"):
        services.criterion_remove(actor=secretariat, criterion=relevance)


def test_criteria_are_bounded(cycle, secretariat):
    for i in range(10):
        services.criterion_add(actor=secretariat, cycle=cycle, name=f"C{i}")
    with pytest.raises(ValidationError, match="at most 10"):
        services.criterion_add(actor=secretariat, cycle=cycle, name="C11")


def test_a_criterion_is_edited_within_its_bounds(imported, secretariat, reviewer):
    assignment = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    relevance, diversity = Criterion.objects.order_by("position")
    services.review_save(actor=reviewer, assignment=assignment, scores={relevance.pk: 4}, comment="")
    services.criterion_edit(
        actor=secretariat, criterion=relevance, name="Relevance to 2021", description="Now", max_score=4
    )
    relevance.refresh_from_db()
    assert (relevance.name, relevance.description, relevance.max_score) == ("Relevance to 2021", "Now", 4)
    with pytest.raises(ValidationError) as error:
        services.criterion_edit(actor=secretariat, criterion=relevance, name="Relevance", max_score=3)
    assert error.value.message_dict["max_score"] == [
        "Reviewers already gave scores up to 4 against “Relevance to 2021”: its highest score can be "
        "4 or more, or they change their scores first."
    ]
    with pytest.raises(ValidationError, match="already a criterion of that name"):
        services.criterion_edit(actor=secretariat, criterion=relevance, name="diversity", max_score=5)
    relevance.refresh_from_db()
    assert (relevance.name, relevance.max_score) == ("Relevance to 2021", 4)
    assert list(Score.objects.values_list("value", flat=True)) == [4]
    # A criterion without scores goes down freely.
    services.criterion_edit(actor=secretariat, criterion=diversity, name="Diversity", max_score=1)
    assert Criterion.objects.get(pk=diversity.pk).max_score == 1


def test_an_assignment_is_removed_with_its_scores_once_confirmed(imported, secretariat, reviewer, mag):
    relevance = Criterion.objects.get(name="Relevance")
    unscored = services.assignment_add(actor=secretariat, entry=imported, reviewer=mag)
    scored = services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)
    services.review_save(actor=reviewer, assignment=scored, scores={relevance.pk: 3}, comment="Good")
    services.assignment_remove(actor=secretariat, assignment=unscored)
    with pytest.raises(ValidationError, match="Rhea Viewer has already scored “Youth and data”"):
        services.assignment_remove(actor=secretariat, assignment=scored)
    assert list(Assignment.objects.values_list("pk", flat=True)) == [scored.pk]
    assert Score.objects.count() == 1
    services.assignment_remove(actor=secretariat, assignment=scored, confirmed=True)
    assert not Assignment.objects.exists() and not Score.objects.exists()
    services.assignment_remove(actor=secretariat, assignment=scored, confirmed=True)  # gone: no change
    # The reviewer may be assigned again, afresh.
    services.assignment_add(actor=secretariat, entry=imported, reviewer=reviewer)


def test_the_mask_takes_whole_names_their_words_and_organisations_never_parts_of_words():
    from review import anonymity

    strings = anonymity.identifying(
        proposers="Ana de la Cruz and Li Wei; Bo", organisation="Rights Lab", contact_email="ana@lab.example"
    )
    text = "Ana de la Cruz (ana@lab.example) of rights lab, with Wei and Li; annual Cruzado; Bo said."
    assert anonymity.mask(text, strings) == (
        "[withheld] ([withheld]) of [withheld], with [withheld] and Li; annual Cruzado; [withheld] said."
    )
