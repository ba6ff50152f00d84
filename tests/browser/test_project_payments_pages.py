"""Payments to public contributors in a real browser: a claim entered (empty and bad values
first), approved by a second member of staff after a confirmation page and paid; a member
reads their own payments at 320 px; axe-core on each page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from network.models import Person
from projects.models import Claim
from tests.browser.conftest import fill_date
from tests.browser.test_design_system import NARROW, WIDEST, expect_errors_beside_fields
from tests.factories import PersonFactory
from tests.projects.factories import ActivityFactory, ClaimFactory, ProjectFactory

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit


@pytest.fixture
def activity(demo_users: dict[str, User]):
    project = ProjectFactory(
        title="End of life care at home",
        programme__title="Integrated care",
        lead=demo_users["staff@example.org"],
    )
    PersonFactory(full_name="Grace Okafor")
    return ActivityFactory(project=project, kind="advisory-group", held_on=date(2025, 5, 6))


def test_a_claim_is_entered_approved_by_a_second_member_of_staff_and_paid(
    page: Page,
    live_server: LiveServer,
    activity,
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    sign_in(page, live_server, "staff@example.org")
    visit(page, url + activity.project.get_absolute_url())
    page.get_by_role("link", name="Enter a claim for the project advisory group meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a claim")
    check_accessibility(page)

    page.get_by_role("button", name="Save the claim").click()
    expect_errors_beside_fields(page, "Choose the person who is claiming.")
    check_accessibility(page)

    page.get_by_label("Who is claiming").select_option(label="Grace Okafor")
    page.get_by_label("By the hour").check()
    page.get_by_label("Hours or sessions").fill("three")
    page.get_by_label("Rate per hour or session, in pounds").fill("-2")
    page.get_by_label("Travel costs, in pounds").fill("18.40")
    page.get_by_role("button", name="Save the claim").click()
    expect_errors_beside_fields(
        page,
        "Enter the hours or sessions as a number, like 3 or 2.5.",
        "The rate must be £0 or more.",
    )
    expect(page.get_by_label("Travel costs, in pounds")).to_have_value("18.40")
    check_accessibility(page)

    page.get_by_label("Hours or sessions").fill("3")
    page.get_by_label("Rate per hour or session, in pounds").fill("25")
    page.get_by_role("button", name="Save the claim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Claim by Grace Okafor")
    expect(page.get_by_role("main")).to_contain_text(
        "You entered this claim, so a second member of staff must approve it."
    )
    check_accessibility(page)
    claim_url = page.url

    # The second member of staff approves after a confirmation page, then records payment.
    page.context.clear_cookies()
    sign_in(page, live_server, "admin@example.org")
    visit(page, claim_url)
    page.get_by_role("link", name="Approve the claim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve £93.40 for Grace Okafor?")
    check_accessibility(page)
    page.get_by_role("button", name="Yes, approve the claim").click()
    expect(page.get_by_role("status")).to_contain_text("approved for payment")
    page.get_by_role("link", name="Record the payment").click()
    check_accessibility(page)
    fill_date(page, "Date paid", "2099-01-01")
    page.get_by_role("button", name="Mark as paid").click()
    expect_errors_beside_fields(page, "The date paid must be today or in the past.")
    check_accessibility(page)
    fill_date(page, "Date paid", timezone.localdate().isoformat())
    page.get_by_role("button", name="Mark as paid").click()
    expect(page.get_by_role("status")).to_contain_text("marked as paid")
    claim = Claim.objects.get()
    assert (claim.status, claim.total) == ("paid", Decimal("93.40"))


def test_a_member_reads_their_own_payments_at_320_pixels(
    page: Page,
    live_server: LiveServer,
    demo_users: dict[str, User],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    member = Person.objects.create(full_name="Mo Member", user=demo_users["member@example.org"])
    ClaimFactory(person=member, activity=ActivityFactory(held_on=date(2025, 6, 3)))
    ClaimFactory(person=PersonFactory(full_name="Someone Else"))
    page.set_viewport_size(NARROW)
    sign_in(page, live_server, "member@example.org")
    visit(page, live_server.url + reverse("projects:claim-list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your payments")
    expect(page.get_by_role("main")).not_to_contain_text("Someone Else")
    assert page.evaluate(WIDEST) == []
    page.get_by_role("link", name="Your totals and record of involvement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your payments and record of involvement"
    )
    expect(page.get_by_role("main")).to_contain_text("£87.50")
    assert page.evaluate(WIDEST) == []
    check_accessibility(page)


def test_staff_pages_for_payments_reflow_at_320_pixels(
    page: Page,
    live_server: LiveServer,
    activity,
    sign_in: SignIn,
    visit: Visit,
) -> None:
    claim = ClaimFactory(activity=activity)
    page.set_viewport_size(NARROW)
    sign_in(page, live_server, "staff@example.org")
    for url in (
        reverse("projects:claim-list"),
        claim.get_absolute_url(),
        reverse("projects:contributor-detail", args=[claim.person_id]),
        reverse("projects:payment-settings"),
        reverse("projects:claim-add", args=[activity.pk]),
    ):
        visit(page, live_server.url + url)
        assert page.evaluate(WIDEST) == [], url
    # The threshold's form, submitted empty: the message beside the field, at 320 px too.
    visit(page, live_server.url + reverse("projects:payment-settings"))
    page.get_by_role("textbox").fill("")
    page.get_by_role("button", name="Save the settings").click()
    expect_errors_beside_fields(page, "Enter the amount, or 0 for no warning.")
    assert page.evaluate(WIDEST) == []
