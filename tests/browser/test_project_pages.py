"""Journey 4 in a real browser: a move refused for want of a plan, the plan written, an
advisory group meeting logged by keyboard alone, its impact recorded; axe-core on each page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from projects.models import Checkpoint, ImpactRecord, InvolvementActivity
from tests.browser.conftest import fill_date
from tests.factories import MemberOrganisationFactory
from tests.projects.factories import ActivityFactory, ProjectFactory

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit


@pytest.fixture
def project(demo_users: dict[str, User]):
    # The migration made the checkpoints; an earlier transactional test may have flushed them.
    for stage in ("scoping", "development", "production"):
        Checkpoint.objects.get_or_create(stage=stage)
    MemberOrganisationFactory(name="Older Carers Circle")
    return ProjectFactory(
        title="End of life care at home",
        programme__title="Integrated care",
        lead=demo_users["staff@example.org"],
        stage="scoping",
    )


def focus_next(page: Page, element_id: str) -> None:
    """Press Tab and check the focus reached the element: the keyboard order is the form's."""
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == element_id


def test_a_project_manager_meets_the_checkpoint_logs_by_keyboard_and_records_impact(
    page: Page,
    live_server: LiveServer,
    project,
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    sign_in(page, live_server, "staff@example.org")
    visit(page, url + reverse("projects:project-list"))
    page.get_by_role("link", name="End of life care at home").click()
    check_accessibility(page)

    # Moving into development without a plan: told why, and where to write one.
    page.get_by_label("Development").check()
    page.get_by_role("button", name="Move the project").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Write the involvement plan for development before the project moves into development."
    )
    check_accessibility(page)
    page.get_by_role("link", name="Write the involvement plan for development", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement plan for development")
    check_accessibility(page)
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    check_accessibility(page)
    page.get_by_label("People who use services").check()
    page.get_by_label("Carers", exact=True).check()
    page.get_by_label("Project advisory group meeting").check()
    page.get_by_label("Co-produced").check()
    page.get_by_label("Budget for payments to public contributors, in pounds").fill("1200")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("status")).to_contain_text("Involvement plan for development saved.")
    page.get_by_label("Development").check()
    page.get_by_role("button", name="Move the project").click()
    expect(page.get_by_role("status")).to_contain_text(
        "End of life care at home has moved to development."
    )

    # The log, by keyboard alone: each field in turn with Tab, then Enter.
    page.get_by_role("link", name="Log an activity").first.click()
    check_accessibility(page)
    # The date is typed as day, month and year into its three boxes.
    fill_date(page, "Date of the activity", "2025-03-04")
    page.locator("#id_project").focus()  # already chosen: came from the project page
    focus_next(page, "id_kind")
    page.keyboard.type("Project advisory")
    focus_next(page, "id_meeting")  # not a meeting organised on Coprod: left as it is
    focus_next(page, "id_level_1")
    page.keyboard.press("Space")  # informed
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.id") == "id_level_4"
    focus_next(page, "id_people_who_use_services")
    page.keyboard.type("3")
    focus_next(page, "id_carers")
    page.keyboard.type("4")
    focus_next(page, "id_other_participants")
    focus_next(page, "id_organisations_1")
    page.keyboard.press("Space")
    focus_next(page, "id_people")
    focus_next(page, "id_hours")
    page.keyboard.type("14")
    focus_next(page, "id_payments")
    page.keyboard.type("300")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        "Project advisory group meeting on 4 March 2025 logged for End of life care at home."
    )
    activity = InvolvementActivity.objects.get()
    assert (activity.level, activity.carers, activity.people_who_use_services) == (
        "co-produced",
        4,
        3,
    )
    assert [o.name for o in activity.organisations.all()] == ["Older Carers Circle"]
    check_accessibility(page)

    # The impact it had.
    page.get_by_role("button", name="Record impact").or_(
        page.get_by_role("link", name="Record impact")
    ).click()
    check_accessibility(page)
    page.get_by_label("A recommendation changed").check()
    page.get_by_label("What changed").fill("Recommendation 3 now starts from the carer's view.")
    page.get_by_label("Project advisory group meeting on 4 March 2025").check()
    page.get_by_role("button", name="Save the impact").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Recommendation 3 now starts from the carer's view."
    )
    assert ImpactRecord.objects.get().activities.get() == activity
    check_accessibility(page)


def test_readers_pages_pass_axe_and_show_no_names(
    page: Page,
    live_server: LiveServer,
    project,
    sign_in: SignIn,
    visit: Visit,
) -> None:
    ActivityFactory(project=project, people=[], organisations=[])
    url = live_server.url
    sign_in(page, live_server, "board@example.org")
    for path in (
        reverse("projects:project-list"),
        reverse("projects:programme-list"),
        reverse("projects:programme-detail", args=[project.programme_id]),
        project.get_absolute_url(),
    ):
        visit(page, url + path)
    expect(page.get_by_role("main")).to_contain_text(
        "The names of people who took part are not shown."
    )


def test_staff_pages_pass_axe(
    page: Page, live_server: LiveServer, project, sign_in: SignIn, visit: Visit
) -> None:
    ActivityFactory(project=project)
    url = live_server.url
    sign_in(page, live_server, "staff@example.org")
    for path in (
        reverse("projects:project-add"),
        reverse("projects:project-edit", args=[project.pk]),
        reverse("projects:project-move", args=[project.pk]),
        reverse("projects:checkpoint-edit"),
        reverse("projects:programme-add"),
        reverse("projects:programme-edit", args=[project.programme_id]),
        reverse("reporting:home"),
    ):
        visit(page, url + path)
