"""Browser tests: headless Chromium drives the live server; axe-core checks every page reached.

Run them with `make browser-deps` once (Chromium from the system packages, axe-core from
npm), then `pytest -m browser`. Without those tools the tests skip, except in CI
(`COPROD_REQUIRE_ALL_TESTS=1`), where a missing tool fails them.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Response, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

if TYPE_CHECKING:
    from pytest_django.fixtures import SettingsWrapper
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

# Playwright's sync API keeps an event loop running in the test thread, so Django would
# refuse the ORM calls that fixtures and live_server's database flush make from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_TESTS = Path(__file__).resolve().parent
PROJECT_ROOT = BROWSER_TESTS.parents[1]
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("COPROD_CHROMIUM", "/usr/bin/chromium"))
# The network is closed: without these flags Chromium keeps calling home and floods the
# log with refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BLOCKING_IMPACTS = ("serious", "critical")
TARGETS_SHOWN = 3
SUMMARY_LINES = 4

DEMO_PASSWORD = "coprod-demo"  # noqa: S105 - the published demo password, not a secret
# email -> keyword arguments of coprod.testing.make_user
DEMO_USERS: dict[str, dict[str, Any]] = {
    "admin@example.org": {"roles": ["staff"], "superuser": True, "full_name": "Ada Admin"},
    "staff@example.org": {"roles": ["staff"], "full_name": "Sam Staff"},
    "chair@example.org": {"roles": ["chair", "board"], "full_name": "Chris Chair"},
    "core@example.org": {"roles": ["core group"], "full_name": "Cory Core"},
    "board@example.org": {"roles": ["board"], "full_name": "Bea Board"},
    "member@example.org": {"roles": ["member"], "full_name": "Mo Member"},
}

SignIn = Callable[..., Page]
CheckAccessibility = Callable[[Page], None]
Visit = Callable[[Page, str], Response]


def missing_browser_tool() -> str | None:
    """Why the browser tests cannot run here, or None when Chromium and axe-core are present."""
    if not CHROMIUM.is_file():
        return f"Chromium not found at {CHROMIUM} (set COPROD_CHROMIUM or run `make browser-deps`)"
    if not AXE_SCRIPT.is_file():
        return f"axe-core not found at {AXE_SCRIPT} (run `make browser-deps`, or `npm ci`)"
    return None


def tools_are_required() -> bool:
    return os.environ.get("COPROD_REQUIRE_ALL_TESTS") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items: touch only those under tests/browser.
    missing = missing_browser_tool()
    for item in items:
        if BROWSER_TESTS not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        # In CI the `browser` fixture fails instead, so a missing tool cannot pass unseen.
        if missing and not tools_are_required():
            item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    missing = missing_browser_tool()
    if missing:
        if tools_are_required():
            pytest.fail(f"COPROD_REQUIRE_ALL_TESTS=1 but {missing}", pytrace=False)
        pytest.skip(missing)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp lets axe-core be injected whatever Content-Security-Policy the app sends.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    yield new_page
    context.close()


@pytest.fixture(autouse=True)
def browser_test_settings(settings: SettingsWrapper) -> SettingsWrapper:
    """Settings every browser test starts from; a test may change them again."""
    # Two-factor set-up is tested on its own; elsewhere it would stop every staff sign-in.
    settings.COPROD_REQUIRE_STAFF_MFA = False
    # Many sign-ins from 127.0.0.1 within a minute must not trip allauth's rate limits.
    settings.ACCOUNT_RATE_LIMITS = False
    # Hashing demo passwords properly is slow and proves nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The live server serves static files from the app directories; without this, a run
    # with DEBUG off (as in CI) would need `collectstatic` for the manifest first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return settings


@pytest.fixture
def demo_users(transactional_db: None, browser_test_settings: SettingsWrapper) -> dict[str, User]:
    """One user per role, signed in with the demo password; keyed by email."""
    from coprod.testing import make_user

    return {
        email: make_user(email=email, password=DEMO_PASSWORD, **details)
        for email, details in DEMO_USERS.items()
    }


UNSTYLED = (
    "() => [...document.querySelectorAll('link[rel=stylesheet]')]"
    ".filter((link) => !link.sheet).map((link) => link.href)"
)
STYLE_WAIT_MS = 15_000


def wait_until_styled(page: Page) -> None:
    """Wait for the page's load event and its stylesheets: a busy machine may be slow."""
    page.wait_for_load_state("load")
    with contextlib.suppress(PlaywrightTimeoutError):  # the caller names what did not load
        page.wait_for_function(f"() => ({UNSTYLED})().length === 0", timeout=STYLE_WAIT_MS)


def run_axe(page: Page) -> None:
    """Fail the test on any serious or critical axe-core violation on the page as it is now."""
    # Colour contrast means nothing on an unstyled page: every stylesheet must have loaded.
    wait_until_styled(page)
    unstyled = page.evaluate(UNSTYLED)
    assert not unstyled, f"stylesheets did not load on {page.url}: {unstyled}"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if not violations:
        return
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {page.url}:"]
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        more = len(targets) - TARGETS_SHOWN
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        shown = ", ".join(targets[:TARGETS_SHOWN]) + (f" and {more} more" if more > 0 else "")
        lines.append(f"  on: {shown}")
        if violation["nodes"] and violation["nodes"][0].get("failureSummary"):
            summary = violation["nodes"][0]["failureSummary"].splitlines()[:SUMMARY_LINES]
            lines.extend(f"    {line.strip()}" for line in summary)
    pytest.fail("\n".join(lines), pytrace=False)


def go_to(page: Page, url: str) -> Response:
    """Open url, check it answered without error, then check its accessibility."""
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    assert response.status < 400, f"{url} answered {response.status}"
    run_axe(page)
    return response


def submit_sign_in(
    page: Page, live_server: LiveServer, email: str, password: str = DEMO_PASSWORD
) -> Page:
    """Sign in through the login form; the page reached afterwards is checked by axe-core."""
    go_to(page, f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in").click()
    response = navigation.value
    assert response is not None, "signing in did not load a page"
    assert response.status < 400, f"signing in answered {response.status} at {page.url}"
    run_axe(page)
    return page


@pytest.fixture
def check_accessibility() -> CheckAccessibility:
    """check_accessibility(page): fail on serious or critical axe-core violations."""
    return run_axe


@pytest.fixture
def visit() -> Visit:
    """visit(page, url): go to url, expect a status below 400, and check accessibility."""
    return go_to


@pytest.fixture
def sign_in() -> SignIn:
    """sign_in(page, live_server, email, password="coprod-demo"): use the login form."""
    return submit_sign_in


def date_input(page: Page, legend: str) -> Locator:
    """The GOV.UK date input (a fieldset of Day, Month and Year) whose legend starts so."""
    return page.get_by_role("group", name=re.compile(rf"^\s*{re.escape(legend)}"))


def fill_date(page: Page, legend: str, iso: str) -> None:
    """Type the date "YYYY-MM-DD" into the day, month and year boxes, as a person would."""
    year, month, day = iso.split("-")
    group = date_input(page, legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def expect_date(page: Page, legend: str, iso: str) -> None:
    """The day, month and year boxes keep the date "YYYY-MM-DD" as it was typed."""
    year, month, day = iso.split("-")
    group = date_input(page, legend)
    expect(group.get_by_label("Day")).to_have_value(day)
    expect(group.get_by_label("Month")).to_have_value(month)
    expect(group.get_by_label("Year")).to_have_value(year)
