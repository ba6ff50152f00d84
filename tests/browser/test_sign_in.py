"""Signing in, in a real browser: every role reaches an accessible home page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from pytest_django.fixtures import SettingsWrapper
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit


@pytest.mark.parametrize(
    ("email", "sees_admin_link"),
    [
        pytest.param("admin@example.org", True, id="admin"),
        pytest.param("staff@example.org", False, id="staff"),
        pytest.param("chair@example.org", False, id="chair"),
        pytest.param("core@example.org", False, id="core"),
        pytest.param("board@example.org", False, id="board"),
        pytest.param("member@example.org", False, id="member"),
    ],
)
def test_each_role_signs_in_to_an_accessible_home_page(
    page: Page,
    live_server: LiveServer,
    demo_users: dict[str, User],
    sign_in: SignIn,
    email: str,
    sees_admin_link: bool,
) -> None:
    sign_in(page, live_server, email)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    sign_out = page.get_by_role("button", name="Sign out").or_(
        page.get_by_role("link", name="Sign out")
    )
    expect(sign_out).to_be_visible()
    expect(page.get_by_role("link", name="Admin", exact=True)).to_have_count(
        1 if sees_admin_link else 0
    )


def test_first_tab_reaches_skip_link_that_moves_focus_to_main_content(
    page: Page, live_server: LiveServer, visit: Visit
) -> None:
    visit(page, f"{live_server.url}/accounts/login/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/#content")


def test_staff_without_two_factor_are_sent_to_set_up_an_authenticator(
    page: Page,
    live_server: LiveServer,
    demo_users: dict[str, User],
    sign_in: SignIn,
    check_accessibility: CheckAccessibility,
    settings: SettingsWrapper,
) -> None:
    settings.COPROD_REQUIRE_STAFF_MFA = True

    sign_in(page, live_server, "staff@example.org")

    # allauth asks for the password again before adding an authenticator, unless
    # MFA_REAUTHENTICATION_REQUIRED is off: confirm it and carry on to the set-up page.
    if "/accounts/reauthenticate/" in page.url:
        page.get_by_label("Password").fill("coprod-demo")
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()
        check_accessibility(page)
    assert "/accounts/2fa/totp/activate" in page.url
    expect(page.locator("h1")).to_be_visible()


def test_wrong_password_shows_an_error_and_keeps_the_email(
    page: Page, live_server: LiveServer, demo_users: dict[str, User], sign_in: SignIn
) -> None:
    sign_in(page, live_server, "member@example.org", password="not-the-password")

    expect(page.get_by_role("main")).to_contain_text("not correct")
    expect(page.get_by_label("Email")).to_have_value("member@example.org")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
