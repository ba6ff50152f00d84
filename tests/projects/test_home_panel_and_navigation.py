"""Staff's "My projects" panel and the "Projects" link for everyone who may read projects."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from coprod.navigation import links_for
from coprod.permissions import Can
from projects.panels import home_panels
from projects.selectors import my_projects_needing_plans
from tests.factories import UserFactory
from tests.projects.factories import PlanFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def panels_for(user):
    request = RequestFactory().get("/")
    request.user = user
    request.can = Can.of(user)
    return home_panels(request)


def test_my_projects_lists_those_at_or_near_a_checkpoint_without_a_plan(staff_user):
    at_scoping = ProjectFactory(title="At scoping", lead=staff_user, stage="scoping")
    near = ProjectFactory(title="Proposal", lead=staff_user, stage="proposal")
    planned = ProjectFactory(title="Planned", lead=staff_user, stage="proposal")
    PlanFactory(project=planned, stage="scoping")
    ProjectFactory(title="Published", lead=staff_user, stage="published")
    ProjectFactory(title="Someone else's", stage="scoping")
    rows = my_projects_needing_plans(staff_user)
    assert [(row.project, row.stage, row.is_current) for row in rows] == [
        (at_scoping, "scoping", True),
        (at_scoping, "development", False),
        (near, "scoping", False),
    ]


def test_a_reason_waiting_for_acceptance_still_needs_attention(staff_user):
    project = ProjectFactory(lead=staff_user, stage="development")
    PlanFactory(project=project, stage="development")
    PlanFactory(
        project=project,
        stage="production",
        involves_carers=False,
        level="",
        not_appropriate_reason="Typesetting only.",
    )
    (row,) = my_projects_needing_plans(staff_user)
    assert (row.stage, row.has_reason_waiting) == ("production", True)


def test_staff_get_the_panel_and_others_do_not(staff_user, chair_user, board_user, member_user):
    ProjectFactory(title="Dying well at home", lead=staff_user, stage="scoping")
    (panel,) = panels_for(staff_user)
    assert panel.template == "projects/_home_my_projects.html"
    assert [row.project.title for row in panel.context["needing_plans"]] == [
        "Dying well at home",
        "Dying well at home",
    ]
    for user in (chair_user, board_user, member_user):
        assert panels_for(user) == []


def test_the_panel_renders_with_a_link_to_the_plan(staff_user):
    project = ProjectFactory(title="Dying well at home", lead=staff_user, stage="proposal")
    (panel,) = panels_for(staff_user)
    html = render_to_string(panel.template, {"panel": panel.context})
    assert reverse("projects:plan-write", args=[project.pk, "scoping"]) in html
    assert "write the involvement plan for scoping" in html


def test_the_projects_link_is_for_everyone_who_reads_projects(
    staff_user, chair_user, core_user, board_user, member_user
):
    for user in (staff_user, chair_user, core_user, board_user, member_user):
        assert "Projects" in [link.label for link in links_for(user)], user


def test_a_login_without_a_role_has_no_projects_link(db):
    assert "Projects" not in [link.label for link in links_for(UserFactory())]
