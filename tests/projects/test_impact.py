"""Impact: what changed, linked to activities of the same project."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects import services
from projects.models import ImpactRecord
from tests.projects.factories import ActivityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_impact_is_linked_to_the_activities_of_its_project(staff_user):
    activity = ActivityFactory()
    impact = services.record_impact(
        project=activity.project,
        by=staff_user,
        activities=[activity],
        kind="real-experience",
        description="The guide's case studies came from carers' own stories.",
    )
    assert list(impact.activities.all()) == [activity]
    assert {entry.history_user for entry in impact.history.all()} == {staff_user}


def test_activities_of_another_project_are_refused(staff_user):
    project = ProjectFactory()
    elsewhere = ActivityFactory()
    with pytest.raises(ValidationError) as caught:
        services.record_impact(
            project=project,
            by=staff_user,
            activities=[elsewhere],
            kind="decision",
            description="Changed.",
        )
    assert caught.value.message_dict == {"activities": ["Choose activities of this project only."]}
    assert not ImpactRecord.objects.exists()


def test_impact_needs_at_least_one_activity(staff_user):
    with pytest.raises(ValidationError, match="Choose the activities"):
        services.record_impact(
            project=ProjectFactory(), by=staff_user, activities=[], kind="other", description="x"
        )


def test_the_impact_form_records_impact(staff_client):
    activity = ActivityFactory()
    response = staff_client.post(
        reverse("projects:impact-add", args=[activity.project_id]),
        {
            "kind": "recommendation",
            "description": "Recommendation 3 was rewritten.",
            "evidence": "Draft 2",
            "activities": [activity.pk],
        },
    )
    assert response.status_code == 302
    impact = ImpactRecord.objects.get()
    assert impact.project == activity.project
    page = staff_client.get(activity.project.get_absolute_url()).content.decode()
    assert "Recommendation 3 was rewritten." in page


def test_the_impact_form_offers_only_the_projects_activities(staff_client):
    activity = ActivityFactory()
    elsewhere = ActivityFactory()
    response = staff_client.post(
        reverse("projects:impact-add", args=[activity.project_id]),
        {"kind": "other", "description": "Something", "activities": [elsewhere.pk]},
    )
    assert response.status_code == 200
    assert "activities" in response.context["form"].errors
    assert "Something" in response.content.decode()
    assert not ImpactRecord.objects.exists()


def test_a_project_without_activities_asks_for_one_first(staff_client):
    project = ProjectFactory()
    page = staff_client.get(reverse("projects:impact-add", args=[project.pk])).content.decode()
    assert "no activity has been logged for this project yet" in page
