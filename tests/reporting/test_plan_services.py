"""The plan of change's services and selectors, called directly."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reporting import selectors, services
from reporting.models import Milestone, Phase, Policy, Principle
from tests.factories import PersonFactory, RoleTermFactory
from tests.reporting.factories import (
    ChampionFactory,
    CharterVersionFactory,
    MilestoneFactory,
    PhaseFactory,
    PolicyFactory,
    PrincipleFactory,
    TrainingSessionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


# --- Milestone counts -----------------------------------------------------------------------


def test_milestones_are_counted_done_due_and_late_in_one_query(django_assert_num_queries):
    phase = PhaseFactory()
    MilestoneFactory(phase=phase, status=Milestone.Status.DONE, due_on=date(2025, 1, 1))
    MilestoneFactory(phase=phase, status=Milestone.Status.DONE, due_on=date(2025, 9, 1))
    MilestoneFactory(phase=phase, status=Milestone.Status.IN_PROGRESS, due_on=date(2025, 6, 14))
    MilestoneFactory(phase=phase, status=Milestone.Status.NOT_STARTED, due_on=date(2025, 6, 15))
    MilestoneFactory(status=Milestone.Status.NOT_STARTED, due_on=date(2025, 7, 1))
    with django_assert_num_queries(1):
        counts = selectors.milestone_counts(date(2025, 6, 15))
    assert (counts.done, counts.due, counts.late, counts.total) == (2, 2, 1, 5)
    # A day later, the one due on the 15th is late too; the phase's own counts leave the other.
    later = selectors.milestone_counts(date(2025, 6, 16), phase=phase)
    assert (later.done, later.due, later.late) == (2, 0, 2)


def test_a_plan_with_no_milestones_counts_nothing():
    counts = selectors.milestone_counts(date(2025, 6, 15))
    assert (counts.done, counts.due, counts.late) == (0, 0, 0)


def test_the_chart_of_the_plan_has_one_row_per_phase():
    first = PhaseFactory(title="Phase one", starts_on=date(2024, 11, 1))
    PhaseFactory(title="Phase two", starts_on=date(2025, 4, 1))
    MilestoneFactory(phase=first, status=Milestone.Status.DONE)
    MilestoneFactory(phase=first, due_on=date(2025, 1, 1))
    chart = selectors.milestones_by_phase_chart(selectors.plan_phases(date(2025, 6, 15)))
    assert [(row.label, row.values) for row in chart.rows] == [
        ("Phase one", (1, 0, 1)),
        ("Phase two", (0, 0, 0)),
    ]


# --- Phases and milestones -------------------------------------------------------------------


def test_a_phase_cannot_end_before_it_starts(staff_user):
    with pytest.raises(ValidationError) as error:
        services.create_phase(
            by=staff_user, title="Phase one", starts_on=date(2025, 4, 1), ends_on=date(2025, 3, 1)
        )
    assert error.value.message_dict["ends_on"] == [
        "The end date must be on or after the start date."
    ]


def test_a_phase_and_its_milestones_are_recorded_with_their_author(staff_user):
    phase = services.create_phase(
        by=staff_user, title="Phase one", starts_on=date(2025, 4, 1), ends_on=date(2025, 9, 1)
    )
    milestone = services.add_milestone(
        phase=phase,
        by=staff_user,
        title="Recruit members",
        owner_team="Co-production team",
        due_on=date(2025, 5, 1),
    )
    assert milestone.status == Milestone.Status.NOT_STARTED
    assert phase.history.get().history_user == staff_user
    assert milestone.history.get().history_user == staff_user


def test_a_milestone_is_owned_by_a_person_or_a_team_not_both_nor_neither(staff_user):
    phase = PhaseFactory()
    with pytest.raises(ValidationError) as neither:
        services.add_milestone(phase=phase, by=staff_user, title="X", due_on=date(2025, 5, 1))
    assert neither.value.message_dict == {
        "owner": ["Choose the person who owns this, or name a team."]
    }
    with pytest.raises(ValidationError) as both:
        services.add_milestone(
            phase=phase,
            by=staff_user,
            title="X",
            owner=PersonFactory(),
            owner_team="HR",
            due_on=date(2025, 5, 1),
        )
    assert both.value.message_dict == {"owner_team": ["Choose a person or name a team, not both."]}
    assert not Milestone.objects.exists()


def test_a_milestone_is_late_only_when_not_done_after_its_due_date():
    milestone = MilestoneFactory(due_on=date(2025, 6, 1), status=Milestone.Status.IN_PROGRESS)
    assert not milestone.is_late_on(date(2025, 6, 1))
    assert milestone.is_late_on(date(2025, 6, 2))
    milestone.status = Milestone.Status.DONE
    assert not milestone.is_late_on(date(2025, 6, 2))


def test_deleting_a_phase_deletes_its_milestones_and_keeps_their_history(staff_user):
    milestone = MilestoneFactory()
    other = MilestoneFactory()
    phase_id = milestone.phase_id
    services.delete_phase(phase=milestone.phase, by=staff_user)
    assert list(Milestone.objects.all()) == [other]
    assert not Phase.objects.filter(pk=phase_id).exists()
    for history in (Phase.history.filter(id=phase_id), Milestone.history.filter(id=milestone.pk)):
        assert history.get(history_type="-").history_user == staff_user


def test_the_history_of_a_phase_includes_its_milestones(staff_user):
    milestone = MilestoneFactory(title="Recruit members")
    services.update_milestone(
        milestone=milestone, by=staff_user, changes={"status": Milestone.Status.DONE}
    )
    newest = selectors.phase_history(milestone.phase)[0]
    assert (newest.who, newest.what) == ("Sam Staff", "Changed milestone: Recruit members")
    assert [(c.field, c.old, c.new) for c in newest.changes] == [("Status", "Not started", "Done")]


# --- The charter ---------------------------------------------------------------------------


def test_a_new_version_starts_as_a_draft_with_the_latest_principles(staff_user):
    first = CharterVersionFactory(number=1)
    PrincipleFactory(version=first, position=1, title="Equal partners")
    PrincipleFactory(version=first, position=2, title="Plain language")
    draft = services.start_charter_version(by=staff_user)
    assert (draft.number, draft.approved_on) == (2, None)
    copies = list(draft.principles.order_by("position"))
    assert [(p.position, p.title) for p in copies] == [
        (1, "Equal partners"),
        (2, "Plain language"),
    ]
    assert [p.key for p in copies] == [p.key for p in first.principles.order_by("position")]


def test_only_one_draft_at_a_time(staff_user):
    CharterVersionFactory(number=1, approved_on=None)
    with pytest.raises(ValidationError, match="Version 1 is still a draft"):
        services.start_charter_version(by=staff_user)


def test_the_first_version_starts_empty(staff_user):
    version = services.start_charter_version(by=staff_user)
    assert version.number == 1
    assert not version.principles.exists()


def test_principles_keep_their_places_one_to_n(staff_user):
    draft = CharterVersionFactory(number=1, approved_on=None)
    a = services.add_principle(version=draft, by=staff_user, title="A", text="a")
    b = services.add_principle(version=draft, by=staff_user, title="B", text="b")
    c = services.add_principle(version=draft, by=staff_user, title="C", text="c", position=1)

    def order() -> list[tuple[int, str]]:
        return list(draft.principles.order_by("position").values_list("position", "title"))

    assert order() == [(1, "C"), (2, "A"), (3, "B")]
    services.update_principle(principle=b, by=staff_user, title="B", text="b", position=1)
    assert order() == [(1, "B"), (2, "C"), (3, "A")]
    services.delete_principle(principle=Principle.objects.get(pk=c.pk), by=staff_user)
    assert order() == [(1, "B"), (2, "A")]
    assert a.pk in draft.principles.values_list("pk", flat=True)


def test_an_approved_version_cannot_change(staff_user):
    approved = PrincipleFactory(version=CharterVersionFactory(number=1)).version
    message = "Version 1 was approved by the Board, so it cannot be changed."
    with pytest.raises(ValidationError, match=message):
        services.add_principle(version=approved, by=staff_user, title="New", text="x")
    with pytest.raises(ValidationError, match=message):
        services.delete_principle(principle=approved.principles.get(), by=staff_user)
    with pytest.raises(ValidationError, match=message):
        services.delete_charter_version(version=approved, by=staff_user)
    with pytest.raises(ValidationError, match=message):
        services.approve_charter_version(
            version=approved, approved_on=date(2025, 6, 1), by=staff_user
        )


def test_approval_needs_principles_and_a_date_not_in_the_future_nor_before_the_last(staff_user):
    CharterVersionFactory(number=1, approved_on=date(2025, 3, 1))
    draft = CharterVersionFactory(number=2, approved_on=None)
    with pytest.raises(ValidationError, match="Add at least one principle"):
        services.approve_charter_version(
            version=draft, approved_on=date(2025, 6, 1), by=staff_user
        )
    PrincipleFactory(version=draft)
    with pytest.raises(ValidationError) as future:
        services.approve_charter_version(
            version=draft, approved_on=date(2025, 6, 16), by=staff_user
        )
    assert future.value.message_dict["approved_on"] == [
        "The date the Board approved it must be today or in the past."
    ]
    with pytest.raises(ValidationError) as earlier:
        services.approve_charter_version(
            version=draft, approved_on=date(2025, 2, 1), by=staff_user
        )
    assert earlier.value.message_dict["approved_on"] == [
        "The Board approved the previous version on 1 March 2025: enter that date or a later one."
    ]
    services.approve_charter_version(version=draft, approved_on=date(2025, 6, 15), by=staff_user)
    draft.refresh_from_db()
    assert draft.approved_on == date(2025, 6, 15)
    assert selectors.current_charter() == draft


def test_comparing_versions_finds_added_removed_changed_and_unchanged_principles(staff_user):
    first = CharterVersionFactory(number=1)
    kept = PrincipleFactory(version=first, position=1, title="Equal partners", text="Same.")
    PrincipleFactory(version=first, position=2, title="Plain language", text="Old words.")
    PrincipleFactory(version=first, position=3, title="Dropped", text="Gone.")
    draft = services.start_charter_version(by=staff_user)
    reworded = draft.principles.get(title="Plain language")
    services.update_principle(
        principle=reworded, by=staff_user, title="Plain language", text="New words."
    )
    services.delete_principle(principle=draft.principles.get(title="Dropped"), by=staff_user)
    services.add_principle(version=draft, by=staff_user, title="Pay people", text="Fairly.")
    comparison = selectors.compare_charter_versions(first, draft)
    assert [p.title for p in comparison.added] == ["Pay people"]
    assert [p.title for p in comparison.removed] == ["Dropped"]
    assert [
        (c.old.text, c.new.text, c.title_changed, c.text_changed, c.moved)
        for c in comparison.changed
    ] == [("Old words.", "New words.", False, True, False)]
    assert [p.key for p in comparison.unchanged] == [kept.key]
    assert comparison.has_differences


def test_a_renamed_principle_is_changed_not_removed_and_added(staff_user):
    first = CharterVersionFactory(number=1)
    PrincipleFactory(version=first, position=1, title="Partners")
    draft = services.start_charter_version(by=staff_user)
    services.update_principle(
        principle=draft.principles.get(), by=staff_user, title="Equal partners", text="x"
    )
    comparison = selectors.compare_charter_versions(first, draft)
    assert (comparison.added, comparison.removed) == ([], [])
    assert [(c.old.title, c.new.title) for c in comparison.changed] == [
        ("Partners", "Equal partners")
    ]


def test_drafts_are_seen_only_by_those_who_edit_the_plan(staff_user, chair_user):
    approved = CharterVersionFactory(number=1)
    draft = CharterVersionFactory(number=2, approved_on=None)
    assert set(selectors.charter_versions_visible_to(staff_user)) == {approved, draft}
    assert list(selectors.charter_versions_visible_to(chair_user)) == [approved]


# --- Policies, champions and training ------------------------------------------------------


def test_a_finished_review_needs_its_date_and_a_change_needs_saying(staff_user):
    with pytest.raises(ValidationError) as error:
        services.add_policy(by=staff_user, name="Recruitment", owner="HR", status="changed")
    assert error.value.message_dict == {
        "reviewed_on": ["Enter the date the review finished."],
        "changes": ["Describe what changed to support co-production."],
    }
    policy = services.add_policy(
        by=staff_user,
        name="Recruitment",
        owner="HR",
        status="no-change",
        reviewed_on=date(2025, 5, 1),
    )
    assert policy.get_status_display() == "No change needed"


def test_policies_are_counted_by_status_every_status_named(django_assert_num_queries):
    PolicyFactory(status=Policy.Status.UNDER_REVIEW)
    PolicyFactory(status=Policy.Status.UNDER_REVIEW)
    PolicyFactory(status=Policy.Status.CHANGED, changes="x", reviewed_on=date(2025, 1, 1))
    with django_assert_num_queries(1):
        counts = selectors.policy_status_counts()
    assert counts == {"Not started": 0, "Under review": 2, "Changed": 1, "No change needed": 0}


def test_champions_are_chosen_from_staff_who_are_not_champions_yet(staff_user):
    staff = RoleTermFactory(role="staff", person__full_name="Paula Hendry").person
    already = RoleTermFactory(role="staff", person__full_name="Nadia Hussain").person
    RoleTermFactory(role="core group", person__full_name="Cora Core")
    RoleTermFactory(role="staff", person__full_name="Left Already", ended_on=date(2025, 1, 1))
    champion = ChampionFactory(person=already)
    assert list(selectors.champion_choices()) == [staff]
    assert list(selectors.champion_choices(champion)) == [already, staff]
    added = services.add_champion(
        person=staff, team="Research", started_on=date(2025, 5, 1), by=staff_user
    )
    with pytest.raises(ValidationError, match="already exists"):
        services.add_champion(
            person=staff, team="Digital", started_on=date(2025, 5, 1), by=staff_user
        )
    services.remove_champion(champion=added, by=staff_user)
    assert list(selectors.champion_choices()) == [staff]


def test_training_figures_add_up_in_one_query(staff_user, django_assert_num_queries):
    TrainingSessionFactory(staff_attending=12, is_co_delivered=True)
    TrainingSessionFactory(staff_attending=30)
    services.record_training_session(
        by=staff_user,
        held_on=date(2025, 5, 20),
        title="Sharing power",
        run_by="Carers Together",
        staff_attending=8,
        is_co_delivered=True,
    )
    with django_assert_num_queries(1):
        figures = selectors.training_figures()
    assert (figures.sessions, figures.staff_attending, figures.co_delivered) == (3, 50, 2)


def test_a_training_session_cannot_count_more_staff_than_plausible(staff_user):
    with pytest.raises(ValidationError) as error:
        services.record_training_session(
            by=staff_user, held_on=date(2025, 5, 20), title="T", run_by="R", staff_attending=10_001
        )
    assert error.value.message_dict == {"staff_attending": ["Enter a number from 0 to 10000."]}
