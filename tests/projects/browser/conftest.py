"""The browser tests' fixtures (tests/browser/conftest.py), for the projects' journeys."""

from tests.browser.conftest import (  # noqa: F401 - fixtures, found by name
    browser,
    browser_test_settings,
    check_accessibility,
    demo_users,
    page,
    sign_in,
    visit,
)
