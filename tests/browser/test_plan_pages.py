"""The plan of change in a real browser: staff change it, the Board reads it; forms sent
empty and with bad values show their errors beside the fields; every page passes axe-core
and none is wider than a 320 px screen."""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from reporting.models import CharterVersion, Phase
from tests.browser.conftest import fill_date

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def plan(demo_users: dict[str, User]) -> None:
    call_command("seed_plan", stdout=StringIO())


def error_beside(page: Page, field_id: str) -> str:
    """The error message GOV.UK puts beside a field (in its form group)."""
    group = page.locator(f".govuk-form-group:has(#{field_id})")
    return group.locator(".govuk-error-message").first.inner_text()


def test_staff_change_the_plan_and_are_told_what_to_fix(
    page: Page,
    live_server: LiveServer,
    plan: None,
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    sign_in(page, live_server, "staff@example.org")
    visit(page, url + reverse("reporting:plan"))
    expect(page.get_by_role("heading", level=3, name="Phase three")).to_be_visible()
    expect(page.get_by_role("img", name="Milestones by status in each phase")).to_be_visible()

    # A phase: empty, then ending before it starts, then right.
    page.get_by_role("link", name="Add a phase").click()
    page.get_by_role("button", name="Save the phase").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert "Enter the phase's title" in error_beside(page, "id_title")
    check_accessibility(page)
    page.get_by_label("Title").fill("Phase four")
    fill_date(page, "Start date", "2027-05-01")
    fill_date(page, "End date", "2027-04-01")
    page.get_by_role("button", name="Save the phase").click()
    assert "on or after the start date" in error_beside(page, "id_ends_on_0")
    expect(page.get_by_label("Title")).to_have_value("Phase four")
    fill_date(page, "End date", "2027-10-31")
    page.get_by_role("button", name="Save the phase").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phase four")
    check_accessibility(page)

    # A milestone: no owner, a bad link, then right.
    page.get_by_role("link", name="Add a milestone").click()
    page.get_by_label("What must be achieved").fill("Publish the first annual report")
    fill_date(page, "Due date", "2027-06-30")
    page.get_by_label("Link to evidence (optional)").fill("not a web address")
    page.get_by_role("button", name="Save the milestone").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert "Choose the person who owns this, or name a team." in error_beside(page, "id_owner")
    assert "Enter a web address" in error_beside(page, "id_evidence_link")
    check_accessibility(page)
    page.get_by_label("Or the team that owns it (optional)").fill("Co-production team")
    page.get_by_label("Link to evidence (optional)").fill("")
    page.get_by_role("button", name="Save the milestone").click()
    expect(page.get_by_role("status")).to_contain_text("Milestone added")
    expect(page.get_by_role("main")).to_contain_text("Publish the first annual report")
    assert Phase.objects.get(title="Phase four").milestones.count() == 1

    # Deleting asks first.
    page.get_by_role("link", name="Delete the phase").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Phase four”?")
    check_accessibility(page)
    page.get_by_role("button", name="Yes, delete the phase").click()
    expect(page.get_by_role("status")).to_contain_text("“Phase four” deleted.")

    # The charter: a new draft, a principle sent empty, an approval dated in the future.
    visit(page, url + reverse("reporting:charter"))
    page.get_by_role("link", name="Start a new version").click()
    check_accessibility(page)
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statement of values: version 3")
    page.get_by_role("link", name="Add a principle").click()
    page.get_by_label("Place in the list").fill("")
    page.get_by_role("button", name="Save the principle").click()
    assert "Enter the principle's title" in error_beside(page, "id_title")
    assert "Enter a number from 1 to 7" in error_beside(page, "id_position")
    check_accessibility(page)
    page.get_by_label("Title").fill("Accessible meetings")
    page.get_by_label("What it means").fill("Every meeting meets the access needs people tell us.")
    page.get_by_label("Place in the list").fill("1")
    page.get_by_role("button", name="Save the principle").click()
    page.get_by_role("link", name="Record the Board's approval").click()
    fill_date(page, "Date the Board approved it", "2099-01-01")
    page.get_by_role("button", name="Record the approval").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    check_accessibility(page)
    assert CharterVersion.objects.get(number=3).approved_on is None

    # A policy finished without its date; training with an impossible number of staff.
    visit(page, url + reverse("reporting:policy-add"))
    page.get_by_label("Name of the policy or procedure").fill("Volunteering")
    page.get_by_label("Owner").fill("Human resources")
    page.get_by_label("Changed", exact=True).check()
    page.get_by_role("button", name="Save the policy").click()
    assert "Enter the date the review finished." in error_beside(page, "id_reviewed_on_0")
    assert "Describe what changed" in error_beside(page, "id_changes")
    check_accessibility(page)
    visit(page, url + reverse("reporting:training-add"))
    page.get_by_label("Number of staff attending").fill("-4")
    page.get_by_role("button", name="Save the session").click()
    assert "Enter a whole number from 0 to 10000" in error_beside(page, "id_staff_attending")
    assert "Enter the session's title" in error_beside(page, "id_title")
    check_accessibility(page)
    visit(page, url + reverse("reporting:champion-list"))
    visit(page, url + reverse("reporting:phase-history", args=[Phase.objects.first().pk]))


def test_the_board_reads_the_plan_and_compares_versions_of_the_charter(
    page: Page,
    live_server: LiveServer,
    plan: None,
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    sign_in(page, live_server, "board@example.org")
    visit(page, url + reverse("reporting:plan"))
    expect(page.get_by_role("link", name="Add a phase")).to_have_count(0)
    page.get_by_role("link", name="Phase two").click()
    check_accessibility(page)
    expect(page.get_by_role("link", name="Add a milestone")).to_have_count(0)
    visit(page, url + reverse("reporting:charter"))
    page.get_by_label("Earlier version").select_option(label="Version 1")
    page.get_by_label("Later version").select_option(label="Version 2")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What changed from version 1 to version 2"
    )
    expect(page.get_by_role("main")).to_contain_text("Seldom-heard voices")
    check_accessibility(page)
    page.get_by_role("button", name="Compare").click()  # the same choices, kept
    page.get_by_label("Later version").select_option(label="Version 1")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a different version")
    check_accessibility(page)
    for name in ("reporting:policy-list", "reporting:champion-list", "reporting:training-list"):
        visit(page, url + reverse(name))


def test_no_plan_page_is_wider_than_a_narrow_screen(
    page: Page, live_server: LiveServer, plan: None, sign_in: SignIn, visit: Visit
) -> None:
    sign_in(page, live_server, "staff@example.org")
    phase = Phase.objects.get(title="Phase two")
    paths = [
        reverse("reporting:plan"),
        reverse("reporting:phase-detail", args=[phase.pk]),
        reverse("reporting:milestone-add", args=[phase.pk]),
        reverse("reporting:charter"),
        reverse("reporting:charter-version", args=[CharterVersion.objects.get(number=2).pk]),
        reverse("reporting:policy-list"),
        reverse("reporting:policy-add"),
        reverse("reporting:champion-list"),
        reverse("reporting:training-list"),
        reverse("reporting:training-add"),
    ]
    page.set_viewport_size(NARROW)
    too_wide = []
    for path in paths:
        visit(page, live_server.url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            too_wide.append(f"{path} is {width} px wide")
    assert too_wide == []
