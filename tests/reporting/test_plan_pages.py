"""The plan of change's pages: who may use them, what they show, and what they change."""

from datetime import date

import pytest
from django.urls import reverse

from reporting.models import Milestone, Phase
from tests.factories import PersonFactory
from tests.reporting.factories import (
    MilestoneFactory,
    PhaseFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


@pytest.fixture
def plan() -> dict:
    """Two phases: one past with a done and a late milestone, one current with a due one."""
    first = PhaseFactory(title="Phase one", starts_on=date(2024, 11, 1), ends_on=date(2025, 4, 30))
    second = PhaseFactory(
        title="Phase two", starts_on=date(2025, 4, 1), ends_on=date(2025, 10, 31)
    )
    done = MilestoneFactory(
        phase=first,
        title="Recruit members",
        status=Milestone.Status.DONE,
        due_on=date(2025, 3, 1),
        owner__full_name="Marcus Tenby",
    )
    late = MilestoneFactory(
        phase=first,
        title="Recruit a service user trustee",
        status=Milestone.Status.IN_PROGRESS,
        due_on=date(2025, 4, 30),
        owner=None,
        owner_team="Governance team",
    )
    due = MilestoneFactory(phase=second, title="Hold the first meeting", due_on=date(2025, 9, 1))
    return {"first": first, "second": second, "done": done, "late": late, "due": due}


def test_the_plan_shows_each_phase_with_its_milestones_and_counts(staff_client, plan):
    response = staff_client.get(reverse("reporting:plan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 in all: 1 done, 1 due, 1 late" in html
    assert "Phase one" in html
    assert "Phase two" in html
    assert "Governance team" in html
    assert "Marcus Tenby" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    phases = response.context["phases"]
    assert [(p.phase.title, p.counts.done, p.counts.due, p.counts.late) for p in phases] == [
        ("Phase one", 1, 0, 1),
        ("Phase two", 0, 1, 0),
    ]
    assert [p.is_current for p in phases] == [False, True]


HUGE = "99999999999999999999"  # more than any database integer holds


def dates(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


# --- Who may see the plan -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("staff", 200), ("chair", 200), ("core group", 200), ("board", 200), ("member", 403)],
)
def test_the_plan_is_read_by_staff_chair_core_group_and_board(role_clients, plan, role, expected):
    assert role_clients[role].get(reverse("reporting:plan")).status_code == expected


def test_someone_signed_out_is_sent_to_sign_in(client, plan):
    url = reverse("reporting:phase-detail", args=[plan["first"].pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_only_staff_are_offered_changes(staff_client, board_client, plan):
    url = reverse("reporting:phase-detail", args=[plan["first"].pk])
    assert "Add a milestone" in staff_client.get(url).content.decode()
    board_page = board_client.get(url).content.decode()
    assert board_page.count("Recruit a service user trustee") == 1
    assert "Add a milestone" not in board_page
    assert "History of changes" not in board_page


def test_a_phase_that_does_not_exist_is_not_found(chair_client):
    assert chair_client.get(reverse("reporting:phase-detail", args=[999])).status_code == 404
    assert chair_client.get(reverse("reporting:phase-detail", args=[HUGE])).status_code == 404


def test_the_board_may_not_change_the_plan(board_client, plan):
    response = board_client.post(reverse("reporting:phase-add"), {"title": "Phase four"})
    assert response.status_code == 403
    assert not Phase.objects.filter(title="Phase four").exists()


# --- Query counts ---------------------------------------------------------------------------


def _add_milestones(phase: Phase, count: int) -> None:
    owner = PersonFactory()
    for number in range(count):
        MilestoneFactory(phase=phase, owner=owner, due_on=date(2025, 5, 1 + number % 28))


def test_the_plan_page_costs_the_same_with_3_or_30_milestones(
    staff_client, django_assert_num_queries
):
    phases = [PhaseFactory(title=f"Phase {n}") for n in range(3)]
    for phase in phases:
        _add_milestones(phase, 1)
    url = reverse("reporting:plan")
    with django_assert_num_queries(QUERIES_ON_PLAN):
        staff_client.get(url)
    for phase in phases:
        _add_milestones(phase, 9)
    with django_assert_num_queries(QUERIES_ON_PLAN):
        response = staff_client.get(url)
    assert response.context["counts"].total == 30


def test_a_phase_page_costs_the_same_with_3_or_30_milestones(
    chair_client, django_assert_num_queries
):
    phase = PhaseFactory()
    _add_milestones(phase, 3)
    url = reverse("reporting:phase-detail", args=[phase.pk])
    with django_assert_num_queries(QUERIES_ON_PHASE):
        chair_client.get(url)
    _add_milestones(phase, 27)
    with django_assert_num_queries(QUERIES_ON_PHASE):
        response = chair_client.get(url)
    assert len(response.context["milestones"]) == 30


# The session, the user, their roles; then the page's own reads.
QUERIES_ON_PLAN = 3 + 7
QUERIES_ON_PHASE = 3 + 4
