"""The list, a project's page and a programme's page cost the same queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MemberOrganisationFactory, PersonFactory
from tests.projects.factories import (
    ActivityFactory,
    ImpactFactory,
    PlanFactory,
    ProgrammeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def add_projects(programme, count: int, organisation) -> None:
    for _ in range(count):
        project = ProjectFactory(programme=programme, stage="scoping")
        PlanFactory(project=project, stage="scoping")
        activity = ActivityFactory(
            project=project, organisations=[organisation], people=[PersonFactory()]
        )
        ImpactFactory(project=project, activities=[activity])


def add_activities(project, count: int, organisation) -> None:
    for _ in range(count):
        activity = ActivityFactory(
            project=project, organisations=[organisation], people=[PersonFactory()]
        )
        ImpactFactory(project=project, activities=[activity])


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["staff", "board", "member"])
def test_the_project_list_and_programme_page_do_not_grow(role_clients, role, member_person):
    client = role_clients[role]
    organisation = member_person.representations.get().organisation
    programme = ProgrammeFactory()
    add_projects(programme, 2, organisation)
    urls = [
        reverse("projects:project-list"),
        reverse("projects:project-list") + "?sort=-level&has_involvement=yes",
        reverse("projects:programme-list"),
        reverse("projects:programme-detail", args=[programme.pk]),
    ]
    before = [queries(client, url) for url in urls]
    add_projects(programme, 8, organisation)
    add_projects(ProgrammeFactory(), 3, MemberOrganisationFactory())
    assert [queries(client, url) for url in urls] == before


@pytest.mark.parametrize("role", ["staff", "chair", "member"])
def test_a_project_page_does_not_grow_with_its_activities(role_clients, role, member_person):
    client = role_clients[role]
    organisation = member_person.representations.get().organisation
    project = ProjectFactory(stage="scoping")
    PlanFactory(project=project, stage="scoping")
    add_activities(project, 2, organisation)
    before = queries(client, project.get_absolute_url())
    add_activities(project, 10, MemberOrganisationFactory())
    PlanFactory(project=project, stage="development")
    assert queries(client, project.get_absolute_url()) == before
