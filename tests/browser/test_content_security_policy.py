"""The Content-Security-Policy blocks nothing our own pages need (no inline script or style).

The other browser tests bypass the policy so axe-core can be injected; this one keeps it and
listens for the browser's `securitypolicyviolation` events on the busiest kinds of page.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, Page

from network.models import Meeting
from tests.browser.conftest import DEMO_PASSWORD

LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def strict_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    context.add_init_script(LISTEN)
    page = context.new_page()
    yield page
    context.close()


def meeting_pages() -> list[str]:
    """The last strategic meeting held, with everything written after it, page by page."""
    held = Meeting.objects.filter(kind="strategic", starts_at__lt=timezone.now())
    pk = held.latest("starts_at").pk
    return [
        f"/network/meetings/{pk}/",
        f"/network/meetings/{pk}/agenda/",
        f"/network/meetings/{pk}/agenda/versions/",
        f"/network/meetings/{pk}/register/",
        f"/network/meetings/{pk}/minutes/",
        f"/network/meetings/{pk}/replies/",
    ]


def violations(page: Page) -> list[str]:
    page.wait_for_load_state("load")
    return page.evaluate("() => window.__violations")


def test_pages_work_under_the_policy(strict_page: Page, live_server, demo_users):
    # Demo data, so pages show what they can: tables, tags, the plan's server-drawn chart.
    for command in ("seed_demo", "seed_projects", "seed_plan"):
        call_command(command, stdout=StringIO())
    page = strict_page
    page.goto(f"{live_server.url}/accounts/login/")
    assert violations(page) == []
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert violations(page) == []
    # GOV.UK Frontend's script runs (it marks the body) and finds nothing blocked.
    assert "govuk-frontend-supported" in (page.get_attribute("body", "class") or "")
    for path in (
        "/network/organisations/",
        "/network/organisations/add/",
        "/network/people/",
        "/projects/",
        "/projects/claims/",
        "/projects/commissions/",
        "/network/meetings/",
        "/network/actions/",
        "/plan/",
        "/plan/charter/",
        "/admin/",
        "/admin/network/organisation/add/",
        *meeting_pages(),
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 200, path
        assert violations(page) == [], path
    # A form sent empty shows its error summary (moved into focus by script) unblocked.
    page.goto(f"{live_server.url}/network/organisations/add/")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the organisation").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert violations(page) == []
