"""The checkpoint rule lives in move_project: a checkpoint stage is entered only with a plan."""

import pytest
from django.core.exceptions import ValidationError

from projects import services
from projects.models import Checkpoint, Project, StageChange
from tests.factories import UserFactory
from tests.projects.factories import PlanFactory, ProgrammeFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(roles=["staff"], full_name="Nadia Hussain")


def test_the_default_checkpoints_are_scoping_development_and_production():
    assert set(Checkpoint.objects.values_list("stage", flat=True)) == {
        "scoping",
        "development",
        "production",
    }


def test_a_new_project_starts_as_a_proposal_with_its_first_history_entry(staff):
    project = services.create_project(
        by=staff,
        title="Dying well at home",
        programme=ProgrammeFactory(),
        lead=staff,
        started_on="2025-01-06",
    )
    assert project.stage == "proposal"
    change = StageChange.objects.get(project=project)
    assert (change.from_stage, change.to_stage, change.changed_by) == ("", "proposal", staff)


def test_update_project_refuses_to_change_the_stage(staff):
    project = ProjectFactory()
    with pytest.raises(ValueError, match="move_project"):
        services.update_project(project=project, by=staff, changes={"stage": "published"})


def test_moving_into_a_checkpoint_without_a_plan_is_refused_naming_the_stage(staff):
    project = ProjectFactory(stage="scoping")
    with pytest.raises(ValidationError) as caught:
        services.move_project(project=project, to_stage="development", by=staff)
    assert caught.value.code == "plan_missing"
    assert caught.value.messages == [
        "Write the involvement plan for development before the project moves into development."
    ]
    project.refresh_from_db()
    assert project.stage == "scoping"
    assert not StageChange.objects.filter(project=project).exists()


def test_a_plan_for_the_stage_lets_the_project_move_and_the_move_is_recorded(staff):
    project = ProjectFactory(stage="scoping")
    PlanFactory(project=project, stage="development")
    services.move_project(project=project, to_stage="development", by=staff, note="Scope agreed")
    project.refresh_from_db()
    assert project.stage == "development"
    change = StageChange.objects.get(project=project)
    assert (change.from_stage, change.to_stage, change.changed_by, change.note) == (
        "scoping",
        "development",
        staff,
        "Scope agreed",
    )
    assert project.history.first().history_user == staff


def test_a_plan_for_another_stage_does_not_count(staff):
    project = ProjectFactory(stage="scoping")
    PlanFactory(project=project, stage="scoping")
    with pytest.raises(ValidationError, match="development"):
        services.move_project(project=project, to_stage="development", by=staff)


def test_a_reason_not_yet_accepted_does_not_count(staff):
    project = ProjectFactory(stage="development")
    PlanFactory(
        project=project,
        stage="production",
        involves_carers=False,
        level="",
        not_appropriate_reason="Production is typesetting only.",
    )
    with pytest.raises(ValidationError) as caught:
        services.move_project(project=project, to_stage="production", by=staff)
    assert caught.value.code == "plan_not_accepted"
    assert "accepted by a second member of staff" in caught.value.messages[0]


def test_an_accepted_reason_lets_the_project_move(staff):
    project = ProjectFactory(stage="development")
    plan = PlanFactory(
        project=project,
        stage="production",
        involves_carers=False,
        level="",
        not_appropriate_reason="Production is typesetting only.",
    )
    services.accept_plan(plan=plan, by=staff)
    services.move_project(project=project, to_stage="production", by=staff)
    assert Project.objects.get(pk=project.pk).stage == "production"


def test_stages_that_are_not_checkpoints_need_no_plan(staff):
    project = ProjectFactory(stage="production")
    services.move_project(project=project, to_stage="published", by=staff)
    services.move_project(project=project, to_stage="closed", by=staff)
    assert list(
        StageChange.objects.filter(project=project).values_list("to_stage", flat=True)
    ) == ["closed", "published"]


def test_staff_choose_the_checkpoints(staff):
    services.set_checkpoints(stages=["published"], by=staff)
    project = ProjectFactory(stage="proposal")
    services.move_project(project=project, to_stage="scoping", by=staff)
    project.stage = "production"
    project.save()
    with pytest.raises(ValidationError, match="published"):
        services.move_project(project=project, to_stage="published", by=staff)


def test_moving_to_the_current_stage_is_refused(staff):
    project = ProjectFactory(stage="proposal")
    with pytest.raises(ValidationError) as caught:
        services.move_project(project=project, to_stage="proposal", by=staff)
    assert caught.value.message_dict == {
        "to_stage": ["The project is already at proposal. Choose another."]
    }
