"""The demo plan of change: the seed's timetable, moved on to now, in mixed states."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from reporting import selectors
from reporting.models import Champion, CharterVersion, Milestone, Phase, Policy, TrainingSession

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-12-04 12:00", tick=False)]

SUMMARY = (
    "Plan of change: 3 phases, 12 milestones, 2 charter versions, 6 policies, "
    "3 champions, 4 training sessions.\n"
)


def seed() -> str:
    out = StringIO()
    call_command("seed_plan", stdout=out)
    return out.getvalue()


def test_the_seed_has_three_phases_with_milestones_done_due_and_late():
    assert seed() == SUMMARY
    phases = list(Phase.objects.order_by("starts_on"))
    assert [(p.title, p.starts_on, p.ends_on) for p in phases] == [
        ("Phase one", date(2025, 11, 1), date(2026, 3, 31)),
        ("Phase two", date(2026, 4, 1), date(2026, 9, 30)),
        ("Phase three", date(2026, 10, 1), date(2027, 4, 30)),
    ]
    counts = selectors.milestone_counts(date(2026, 12, 4))
    assert (counts.done, counts.due, counts.late) == (5, 3, 4)
    assert Milestone.objects.exclude(owner=None).count() == 5
    assert Milestone.objects.filter(owner=None).exclude(owner_team="").count() == 7


def test_the_seed_has_a_charter_in_two_approved_versions_that_differ():
    seed()
    first, second = CharterVersion.objects.order_by("number")
    assert first.approved_on < second.approved_on <= date(2026, 12, 4)
    assert selectors.current_charter() == second
    comparison = selectors.compare_charter_versions(first, second)
    assert [p.title for p in comparison.added] == ["You said, we did", "Seldom-heard voices"]
    assert [p.title for p in comparison.removed] == ["Feedback"]
    assert [c.new.title for c in comparison.changed] == ["Paid for their time"]


def test_the_seed_has_policies_in_every_state_champions_and_training():
    seed()
    assert selectors.policy_status_counts() == {
        "Not started": 1,
        "Under review": 1,
        "Changed": 3,
        "No change needed": 1,
    }
    assert sorted(Champion.objects.values_list("team", flat=True)) == [
        "Digital",
        "Practice development",
        "Research",
    ]
    figures = selectors.training_figures()
    assert (figures.sessions, figures.staff_attending, figures.co_delivered) == (4, 99, 2)


def test_the_seed_is_safe_to_run_again():
    seed()
    assert seed() == SUMMARY
    assert Policy.objects.count() == 6
    assert TrainingSession.objects.count() == 4


@pytest.mark.time_machine("2027-01-10 12:00", tick=False)
def test_the_seed_never_dates_an_approval_in_the_future():
    seed()
    dates = list(CharterVersion.objects.order_by("number").values_list("approved_on", flat=True))
    assert dates == [date(2026, 11, 11), date(2026, 12, 11)]
