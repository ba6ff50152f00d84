"""Involvement plans: a reason why not counts only once a second member of staff accepts it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from projects import services
from projects.models import InvolvementPlan
from tests.factories import UserFactory
from tests.projects.factories import PlanFactory, ProjectFactory

pytestmark = pytest.mark.django_db

REASON = {
    "involves_carers": False,
    "level": "",
    "not_appropriate_reason": "This stage is a literature search only.",
}


@pytest.fixture
def author(db):
    return UserFactory(roles=["staff"], full_name="Pamela Holmes")


@pytest.fixture
def second(db):
    return UserFactory(roles=["staff"], full_name="Michael Turner")


def test_the_author_cannot_accept_their_own_reason(author):
    plan = PlanFactory(written_by=author, **REASON)
    with pytest.raises(ValidationError) as caught:
        services.accept_plan(plan=plan, by=author)
    assert caught.value.messages == [
        "You wrote this reason, so a second member of staff must accept it."
    ]
    plan.refresh_from_db()
    assert plan.accepted_by is None
    assert not plan.is_in_force


def test_the_database_refuses_an_acceptance_by_the_author_too(author):
    plan = PlanFactory(written_by=author, **REASON)
    plan.accepted_by = author
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()


def test_a_second_member_of_staff_accepts_the_reason(author, second):
    plan = PlanFactory(written_by=author, **REASON)
    services.accept_plan(plan=plan, by=second)
    plan.refresh_from_db()
    assert plan.accepted_by == second
    assert plan.accepted_at is not None
    assert plan.is_in_force


def test_a_plan_that_involves_people_needs_no_acceptance(author, second):
    plan = PlanFactory(written_by=author)
    assert plan.is_in_force
    with pytest.raises(ValidationError, match="needs no acceptance"):
        services.accept_plan(plan=plan, by=second)


def test_rewriting_a_plan_takes_away_its_acceptance(author, second):
    project = ProjectFactory()
    plan = services.write_plan(project=project, stage="scoping", by=author, **REASON)
    services.accept_plan(plan=plan, by=second)
    rewritten = services.write_plan(
        project=project,
        stage="scoping",
        by=author,
        **{**REASON, "not_appropriate_reason": "Something else entirely."},
    )
    assert rewritten.pk == plan.pk
    assert rewritten.accepted_by is None
    assert InvolvementPlan.objects.count() == 1


def test_a_plan_says_how_or_why_not_never_neither(author):
    with pytest.raises(ValidationError):
        services.write_plan(
            project=ProjectFactory(),
            stage="scoping",
            by=author,
            involves_carers=False,
            level="",
        )


# --- Pages ----------------------------------------------------------------------------


def test_the_plan_form_saves_a_plan(staff_client, staff_user):
    project = ProjectFactory(stage="scoping")
    response = staff_client.post(
        reverse("projects:plan-write", args=[project.pk, "development"]),
        {
            "who": ["people-who-use-services", "carers"],
            "activity_kinds": ["advisory-group", "workshop"],
            "approach": "A project advisory group meeting twice.",
            "level": "co-produced",
            "payment_budget": "1200",
        },
    )
    assert response.status_code == 302
    plan = InvolvementPlan.objects.get(project=project, stage="development")
    assert plan.involves_people_who_use_services
    assert plan.involves_carers
    assert not plan.involves_member_organisations
    assert plan.activity_kinds == ["advisory-group", "workshop"]
    assert str(plan.payment_budget) == "1200.00"
    assert plan.written_by == staff_user


def test_an_empty_plan_form_says_what_to_do_beside_the_fields(staff_client):
    project = ProjectFactory(stage="scoping")
    response = staff_client.post(
        reverse("projects:plan-write", args=[project.pk, "development"]), {"approach": "Kept"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["who"] == [
        "Select who will be involved, or give a reason why involvement is not appropriate."
    ]
    assert form.errors["level"] == ["Select the level of involvement."]
    assert "Kept" in response.content.decode()
    assert not InvolvementPlan.objects.exists()


def test_a_plan_and_a_reason_together_are_refused(staff_client):
    project = ProjectFactory()
    response = staff_client.post(
        reverse("projects:plan-write", args=[project.pk, "scoping"]),
        {"who": ["carers"], "level": "informed", "not_appropriate_reason": "No."},
    )
    assert response.context["form"].errors["not_appropriate_reason"] == [
        "Either plan how people will be involved or give a reason why not, not both."
    ]


def test_an_unknown_stage_is_not_found(staff_client):
    project = ProjectFactory()
    response = staff_client.get(reverse("projects:plan-write", args=[project.pk, "sideways"]))
    assert response.status_code == 404


def test_the_acceptance_page_tells_the_author_to_ask_someone_else(staff_client, staff_user):
    plan = PlanFactory(written_by=staff_user, **REASON)
    url = reverse("projects:plan-accept", args=[plan.pk])
    page = staff_client.get(url).content.decode()
    assert "You wrote this reason, so a second member of staff must accept it." in page
    assert "Accept the reason</button>" not in page
    response = staff_client.post(url)
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.accepted_by is None


def test_a_second_member_of_staff_accepts_on_the_page(staff_client, staff_user, author):
    plan = PlanFactory(written_by=author, **REASON)
    response = staff_client.post(reverse("projects:plan-accept", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.accepted_by == staff_user


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_write_or_accept_plans(role_clients, role, author):
    plan = PlanFactory(written_by=author, **REASON)
    client = role_clients[role]
    for url in (
        reverse("projects:plan-accept", args=[plan.pk]),
        reverse("projects:plan-write", args=[plan.project_id, "development"]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    plan.refresh_from_db()
    assert plan.accepted_by is None
