"""The demo projects: three programmes, about twenty projects at every stage, a year of
activities at every level, impact, and the end-of-life care project of the seed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from network.models import Person
from projects.models import (
    Claim,
    ImpactRecord,
    InvolvementActivity,
    Programme,
    Project,
    Stage,
)
from projects.selectors import yearly_totals


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_projects", stdout=StringIO())


def test_three_programmes_and_about_twenty_projects_at_every_stage(demo):
    assert Programme.objects.count() == 3
    assert 18 <= Project.objects.count() <= 22
    assert set(Project.objects.values_list("stage", flat=True)) == set(Stage.values)


def test_a_year_of_activities_at_every_level_with_impact(demo):
    levels = set(InvolvementActivity.objects.values_list("level", flat=True))
    assert levels == {"informed", "consulted", "involved", "co-produced"}
    assert ImpactRecord.objects.count() >= 5


def test_the_end_of_life_care_project_is_recorded_fully(demo):
    project = Project.objects.get(title="End of life care at home: working together")
    activities = project.activities.order_by("held_on")
    assert [a.kind for a in activities] == ["advisory-group", "workshop", "advisory-group", "film"]
    advisory = [a for a in activities if a.kind == "advisory-group"]
    assert all(a.carers and a.people_who_use_services and a.other_participants for a in advisory)
    assert activities.get(kind="workshop").carers == 9
    assert activities.get(kind="film").people_who_use_services == 1
    assert project.impacts.count() == 3
    assert project.stage == "published"


def test_the_end_of_life_care_project_has_its_group_meetings_claims_and_commissions(demo):
    project = Project.objects.get(title="End of life care at home: working together")
    capacities = set(project.advisory_group.members.values_list("capacity", flat=True))
    assert {"carer", "services", "commissioner", "provider", "chair"} <= capacities
    meetings = list(project.advisory_group.meetings.order_by("starts_at"))
    assert [m.kind for m in meetings] == ["advisory-group", "advisory-group"]
    advisory = project.activities.filter(kind="advisory-group").order_by("held_on")
    assert [a.meeting for a in advisory] == meetings
    claims = Claim.objects.filter(activity__project=project)
    assert set(claims.values_list("status", flat=True)) == {
        "paid",
        "approved",
        "claimed",
        "declined",
    }
    assert set(claims.filter(status="declined").values_list("person__full_name", flat=True)) == {
        "Dennis Holloway"
    }
    film_adviser = Person.objects.get(full_name="Walter Brennan-Shaw")
    assert [t.is_above_threshold for t in yearly_totals(film_adviser)] == [True]
    assert project.commissions.count() == 2
    assert project.commissions.filter(person=film_adviser).exists()


def test_every_demo_project_entered_its_checkpoints_with_a_plan(demo):
    for project in Project.objects.exclude(stage__in=["proposal"]):
        for change in project.stage_changes.filter(to_stage__in=["scoping", "development"]):
            assert project.plans.filter(stage=change.to_stage).exists(), project


def test_running_it_twice_changes_nothing(demo):
    counts = (Project.objects.count(), InvolvementActivity.objects.count())
    call_command("seed_projects", stdout=StringIO())
    assert (Project.objects.count(), InvolvementActivity.objects.count()) == counts


def test_it_needs_the_network_demo_first(db):
    with pytest.raises(CommandError, match="Run seed_demo first"):
        call_command("seed_projects", stdout=StringIO())


def test_the_demo_member_sees_some_projects_and_staff_see_a_panel(demo, client):
    client.login(email="member@example.org", password="coprod-demo")
    response = client.get(reverse("projects:project-list"))
    assert response.status_code == 200
    assert 0 < response.context["listing"].count < Project.objects.count()


def test_scale_adds_projects(demo):
    before = Project.objects.count()
    call_command("seed_projects", scale=2, stdout=StringIO())
    assert Project.objects.count() == before + 19
