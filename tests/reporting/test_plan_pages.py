"""The plan of change's pages: who may use them, what they show, and what they change."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.models import Champion, CharterVersion, Milestone, Phase, Policy, TrainingSession
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


# --- Phases and milestones: changes -----------------------------------------------------------


def test_staff_add_a_phase(staff_client):
    data = {"title": "Phase four", **dates("starts_on", date(2025, 5, 1))}
    data |= dates("ends_on", date(2025, 12, 1))
    response = staff_client.post(reverse("reporting:phase-add"), data)
    phase = Phase.objects.get(title="Phase four")
    assert response.status_code == 302
    assert response.url == phase.get_absolute_url()
    assert (phase.starts_on, phase.ends_on) == (date(2025, 5, 1), date(2025, 12, 1))


def test_a_phase_that_ends_before_it_starts_is_refused_beside_the_end_date(staff_client):
    data = {"title": "Phase four", **dates("starts_on", date(2025, 5, 1))}
    data |= dates("ends_on", date(2025, 4, 1))
    response = staff_client.post(reverse("reporting:phase-add"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"ends_on": ["The end date must be on or after the start date."]}
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="Phase four"' in html  # the input is kept
    assert not Phase.objects.exists()


def test_an_empty_phase_form_says_what_to_enter(staff_client):
    response = staff_client.post(reverse("reporting:phase-add"), {})
    assert response.context["form"].errors == {
        "title": ["Enter the phase's title"],
        "starts_on": ["Enter the date the phase starts"],
        "ends_on": ["Enter the date the phase ends"],
    }


def test_staff_change_a_phase(staff_client, plan):
    phase = plan["second"]
    data = {"title": "Phase two, extended", "description": "Longer."}
    data |= dates("starts_on", phase.starts_on) | dates("ends_on", date(2025, 12, 31))
    response = staff_client.post(reverse("reporting:phase-edit", args=[phase.pk]), data)
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.title, phase.ends_on) == ("Phase two, extended", date(2025, 12, 31))


def test_deleting_a_phase_asks_first_and_says_what_goes_with_it(staff_client, plan):
    url = reverse("reporting:phase-delete", args=[plan["first"].pk])
    page = staff_client.get(url)
    assert page.templates[0].name == "includes/confirm_page.html"
    assert "Its 2 milestones are deleted with it." in page.content.decode()
    assert staff_client.post(url, {}).status_code == 200  # not confirmed: asked again
    assert Phase.objects.filter(pk=plan["first"].pk).exists()
    response = staff_client.post(url, {"confirm": "true"})
    assert response.url == reverse("reporting:plan")
    assert list(Phase.objects.all()) == [plan["second"]]
    assert list(Milestone.objects.all()) == [plan["due"]]


def test_staff_add_a_milestone_owned_by_a_person(staff_client, plan):
    owner = RoleTermFactory(role="staff", person__full_name="Paula Hendry").person
    data = {
        "title": "Review commissioning procedures",
        "owner": owner.pk,
        "status": "in-progress",
        "evidence": "Draft circulated.",
        "evidence_link": "https://intranet.example.org/commissioning",
        **dates("due_on", date(2025, 8, 1)),
    }
    url = reverse("reporting:milestone-add", args=[plan["second"].pk])
    response = staff_client.post(url, data)
    assert response.status_code == 302
    milestone = plan["second"].milestones.get(title="Review commissioning procedures")
    assert (milestone.owner, milestone.owner_team, milestone.status) == (owner, "", "in-progress")
    assert milestone.evidence_link == "https://intranet.example.org/commissioning"


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({}, {"owner": ["Choose the person who owns this, or name a team."]}),
        (
            {"owner_team": "HR", "owner": "OWNER"},
            {"owner_team": ["Choose a person or name a team, not both."]},
        ),
        (
            {"owner_team": "HR", "evidence_link": "javascript:alert(1)"},
            {
                "evidence_link": [
                    "Enter a web address in the correct format, like "
                    "https://www.example.org/report"
                ]
            },
        ),
        (
            {"owner": HUGE},
            {"owner": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"owner_team": "HR", "status": "late"},
            {"status": ["Select a valid choice. late is not one of the available choices."]},
        ),
        ({"owner_team": "HR", "due_on_1": "13"}, {"due_on": ["Enter a real date"]}),
        (
            {"owner_team": "x" * 201},
            {"owner_team": ["Ensure this value has at most 200 characters (it has 201)."]},
        ),
    ],
)
def test_a_bad_milestone_is_refused_beside_its_field_and_kept(staff_client, plan, changes, errors):
    owner = RoleTermFactory(role="staff").person
    data = {"title": "Hold the second meeting", "status": "not-started"}
    data |= dates("due_on", date(2025, 11, 1))
    data |= {key: owner.pk if value == "OWNER" else value for key, value in changes.items()}
    url = reverse("reporting:milestone-add", args=[plan["second"].pk])
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert "Hold the second meeting" in response.content.decode()
    assert not Milestone.objects.filter(title="Hold the second meeting").exists()


def test_staff_mark_a_milestone_done(staff_client, plan):
    milestone = plan["late"]
    data = {
        "title": milestone.title,
        "owner_team": milestone.owner_team,
        "status": "done",
        "evidence": "Appointed in March.",
        **dates("due_on", milestone.due_on),
    }
    response = staff_client.post(reverse("reporting:milestone-edit", args=[milestone.pk]), data)
    assert response.url == plan["first"].get_absolute_url()
    milestone.refresh_from_db()
    assert (milestone.status, milestone.evidence) == ("done", "Appointed in March.")


def test_a_milestone_keeps_an_owner_who_no_longer_holds_a_role(staff_client, plan):
    page = staff_client.get(reverse("reporting:milestone-edit", args=[plan["done"].pk]))
    owners = list(page.context["form"].fields["owner"].queryset)
    assert owners == [plan["done"].owner]


def test_deleting_a_milestone_asks_first(staff_client, plan):
    url = reverse("reporting:milestone-delete", args=[plan["due"].pk])
    assert "Yes, delete the milestone" in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"confirm": "true"})
    assert response.url == plan["second"].get_absolute_url()
    assert not Milestone.objects.filter(pk=plan["due"].pk).exists()


def test_the_phase_page_marks_late_milestones_in_words(chair_client, plan):
    response = chair_client.get(reverse("reporting:phase-detail", args=[plan["first"].pk]))
    rows = {m.title: m.is_late for m in response.context["milestones"]}
    assert rows == {"Recruit members": False, "Recruit a service user trustee": True}
    html = response.content.decode()
    assert html.count('<strong class="govuk-tag govuk-tag--red">Late</strong>') == 1
    assert "On 15 June 2025: 1 done, 0 due, 1 late" in html


def test_staff_read_the_history_of_a_phase_and_others_may_not(staff_client, chair_client, plan):
    url = reverse("reporting:phase-history", args=[plan["first"].pk])
    assert staff_client.get(url).status_code == 200
    assert chair_client.get(url).status_code == 403


# --- The charter ----------------------------------------------------------------------------


@pytest.fixture
def charter() -> dict:
    first = CharterVersionFactory(number=1, approved_on=date(2012, 2, 15))
    partners = PrincipleFactory(version=first, position=1, title="Equal partners")
    PrincipleFactory(version=first, position=2, title="Plain language")
    second = CharterVersionFactory(number=2, approved_on=date(2013, 3, 20))
    PrincipleFactory(version=second, key=partners.key, position=1, title="Equal partners")
    PrincipleFactory(version=second, position=2, title="Paying people fairly")
    return {"first": first, "second": second}


def test_the_charter_page_shows_the_version_in_force_and_every_version(board_client, charter):
    response = board_client.get(reverse("reporting:charter"))
    assert response.context["current"] == charter["second"]
    assert [v.number for v in response.context["listing"].rows] == [2, 1]
    html = response.content.decode()
    assert "Version 2, approved by the Board on 20 March 2013" in html
    assert "Start a new version" not in html


def test_staff_draft_change_and_approve_a_new_version(staff_client, charter):
    response = staff_client.post(reverse("reporting:charter-version-add"))
    draft = CharterVersion.objects.get(number=3)
    assert response.url == draft.get_absolute_url()
    assert draft.principles.count() == 2
    add = reverse("reporting:principle-add", args=[draft.pk])
    assert staff_client.post(add, {"title": "", "text": "", "position": "9"}).context[
        "form"
    ].errors == {
        "title": ["Enter the principle's title"],
        "text": ["Enter what the principle means"],
        "position": ["Enter a number from 1 to 3"],
    }
    staff_client.post(add, {"title": "Plain words", "text": "Easy read too.", "position": "1"})
    assert list(draft.principles.order_by("position").values_list("title", flat=True)) == [
        "Plain words",
        "Equal partners",
        "Paying people fairly",
    ]
    approve = reverse("reporting:charter-version-approve", args=[draft.pk])
    bad = staff_client.post(approve, dates("approved_on", date(2025, 7, 1)))
    assert bad.context["form"].errors == {
        "approved_on": ["The date the Board approved it must be today or in the past."]
    }
    response = staff_client.post(approve, dates("approved_on", date(2025, 6, 10)))
    assert response.url == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.approved_on == date(2025, 6, 10)
    assert staff_client.get(approve).status_code == 404  # approved: fixed for good


def test_comparing_two_versions_shows_what_was_added_removed_and_kept(chair_client, charter):
    url = reverse("reporting:charter-compare")
    response = chair_client.get(url, {"old": charter["first"].pk, "new": charter["second"].pk})
    comparison = response.context["comparison"]
    assert [p.title for p in comparison.added] == ["Paying people fairly"]
    assert [p.title for p in comparison.removed] == ["Plain language"]
    assert [p.title for p in comparison.unchanged] == ["Equal partners"]
    html = response.content.decode()
    assert "What changed from version 1 to version 2" in html


def test_comparing_a_version_with_itself_or_backwards_is_refused(chair_client, charter):
    url = reverse("reporting:charter-compare")
    same = chair_client.get(url, {"old": charter["first"].pk, "new": charter["first"].pk})
    assert same.context["form"].errors == {
        "new": ["Choose a different version from the earlier one"]
    }
    backwards = chair_client.get(url, {"old": charter["second"].pk, "new": charter["first"].pk})
    assert backwards.context["form"].errors == {"new": ["Choose a version later than version 2"]}
    huge = chair_client.get(url, {"old": HUGE, "new": charter["first"].pk})
    assert huge.context["form"].errors == {"old": ["Choose a version from the list"]}


def test_a_draft_cannot_be_compared_by_those_who_may_not_see_it(chair_client, charter):
    draft = CharterVersionFactory(number=3, approved_on=None)
    url = reverse("reporting:charter-compare")
    response = chair_client.get(url, {"old": charter["first"].pk, "new": draft.pk})
    assert response.context["form"].errors == {"new": ["Choose a version from the list"]}


# --- Policies, champions and training --------------------------------------------------------


def test_staff_record_a_policy_review_and_errors_sit_beside_the_fields(staff_client):
    url = reverse("reporting:policy-add")
    data = {"name": "Recruitment and selection", "owner": "Human resources", "status": "changed"}
    response = staff_client.post(url, data)
    assert response.context["form"].errors == {
        "reviewed_on": ["Enter the date the review finished."],
        "changes": ["Describe what changed to support co-production."],
    }
    assert 'value="Recruitment and selection"' in response.content.decode()
    data |= {"changes": "Service users sit on interview panels."}
    data |= dates("reviewed_on", date(2025, 5, 1))
    response = staff_client.post(url, data)
    policy = Policy.objects.get()
    assert response.url == policy.get_absolute_url()
    assert (policy.status, policy.reviewed_on) == ("changed", date(2025, 5, 1))


def test_the_policy_list_counts_each_status(board_client):
    PolicyFactory(name="Complaints", status="under-review")
    PolicyFactory(name="Expenses", status="no-change", reviewed_on=date(2025, 2, 1))
    response = board_client.get(reverse("reporting:policy-list"))
    assert response.context["status_counts"] == {
        "Not started": 0,
        "Under review": 1,
        "Changed": 0,
        "No change needed": 1,
    }
    assert [p.name for p in response.context["policies"]] == ["Complaints", "Expenses"]


def test_a_second_policy_of_the_same_name_is_refused(staff_client):
    PolicyFactory(name="Expenses")
    response = staff_client.post(
        reverse("reporting:policy-add"),
        {"name": "Expenses", "owner": "Finance", "status": "not-started"},
    )
    assert response.context["form"].errors == {
        "name": ["A policy with this name is already in the review"]
    }


def test_staff_add_and_remove_a_champion(staff_client):
    person = RoleTermFactory(role="staff", person__full_name="Paula Hendry").person
    url = reverse("reporting:champion-add")
    data = {"person": person.pk, "team": "Research", **dates("started_on", date(2025, 2, 3))}
    assert staff_client.post(url, data).url == reverse("reporting:champion-list")
    champion = person.champion
    assert (champion.team, champion.started_on) == ("Research", date(2025, 2, 3))
    again = staff_client.post(url, data)
    assert again.context["form"].errors == {
        "person": ["Select a valid choice. That choice is not one of the available choices."]
    }
    delete = reverse("reporting:champion-delete", args=[champion.pk])
    assert (
        "Remove Paula Hendry as a co-production champion?"
        in staff_client.get(delete).content.decode()
    )
    staff_client.post(delete, {"confirm": "true"})
    assert not Champion.objects.exists()


def test_a_champion_changes_team_but_not_person(staff_client):
    champion = ChampionFactory(team="Digital")
    other = RoleTermFactory(role="staff").person
    url = reverse("reporting:champion-edit", args=[champion.pk])
    data = {"person": other.pk, "team": "Research", **dates("started_on", champion.started_on)}
    assert staff_client.post(url, data).status_code == 302
    champion.refresh_from_db()
    assert (champion.person_id, champion.team) != (other.pk, "Digital")
    assert champion.team == "Research"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", "Enter the number of staff who attended"),
        ("-1", "Enter a whole number from 0 to 10000"),
        ("10001", "Enter a whole number from 0 to 10000"),
        (HUGE, "Enter a whole number from 0 to 10000"),
        ("twelve", "Enter a whole number from 0 to 10000"),
    ],
)
def test_a_bad_number_of_staff_is_refused_beside_the_field(staff_client, value, error):
    data = {"title": "Sharing power", "run_by": "Carers Together", "staff_attending": value}
    data |= dates("held_on", date(2025, 5, 20))
    response = staff_client.post(reverse("reporting:training-add"), data)
    assert response.context["form"].errors == {"staff_attending": [error]}
    assert not TrainingSession.objects.exists()


def test_staff_record_a_training_session_and_the_list_adds_up(staff_client):
    TrainingSessionFactory(staff_attending=10)
    data = {
        "title": "Sharing power",
        "run_by": "Carers Together",
        "staff_attending": "14",
        "is_co_delivered": "on",
        **dates("held_on", date(2025, 5, 20)),
    }
    assert staff_client.post(reverse("reporting:training-add"), data).status_code == 302
    figures = staff_client.get(reverse("reporting:training-list")).context["figures"]
    assert (figures.sessions, figures.staff_attending, figures.co_delivered) == (2, 24, 1)


@pytest.mark.parametrize(
    "url_name", ["reporting:policy-list", "reporting:champion-list", "reporting:training-list"]
)
def test_lists_cost_the_same_with_more_rows(staff_client, url_name):
    def make(count: int) -> None:
        for _ in range(count):
            PolicyFactory()
            ChampionFactory()
            TrainingSessionFactory()

    make(2)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(reverse(url_name))
    make(20)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(reverse(url_name))
    assert len(many) == len(few)
