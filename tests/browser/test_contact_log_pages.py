"""The contact log, its follow-ups on the home page, and a staff term ended with a warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from playwright.sync_api import Page, expect

from network.models import ContactRecord, RoleTerm
from tests.browser.conftest import fill_date
from tests.factories import RepresentativeFactory, RoleTermFactory

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit


def test_staff_log_a_contact_and_complete_its_follow_up_from_home(
    page: Page,
    live_server: LiveServer,
    demo_users: dict[str, User],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    main = page.get_by_role("main")
    representative = RepresentativeFactory(
        person__full_name="Ria Rep", organisation__name="Carers Voice"
    )
    today = timezone.localdate()
    sign_in(page, live_server, "staff@example.org")

    visit(page, url + representative.organisation.get_absolute_url())
    expect(main).to_contain_text("No contacts have been recorded with Carers Voice.")
    page.get_by_role("link", name="Add a contact with Carers Voice").click()
    page.get_by_role("button", name="Save the contact").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose how the contact was made")
    check_accessibility(page)
    page.get_by_label("Phone call").check()
    page.get_by_label("Person spoken to").select_option(label="Ria Rep")
    page.get_by_label("Note").fill("Asked them to host the spring meeting.")
    fill_date(page, "Follow up on", today.isoformat())
    page.get_by_role("button", name="Save the contact").click()
    expect(main).to_contain_text("Contact with Carers Voice recorded.")
    expect(main).to_contain_text("Asked them to host the spring meeting.")
    check_accessibility(page)

    visit(page, url + "/")
    expect(main).to_contain_text("1 follow-up due today or earlier")
    check_accessibility(page)
    page.get_by_role("button", name="Mark follow-up done").click()
    expect(main).to_contain_text("Follow-up with Ria Rep, Carers Voice marked as done.")
    expect(main).to_contain_text("No follow-ups are due.")
    assert ContactRecord.objects.get().follow_up_done_on == today


def test_ending_a_superusers_staff_term_warns_about_admin_rights(
    page: Page,
    live_server: LiveServer,
    demo_users: dict[str, User],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    admin = next(user for user in demo_users.values() if user.is_superuser)
    term = RoleTermFactory(
        role=RoleTerm.Role.STAFF, person__full_name="Ada Admin", person__user=admin
    )
    sign_in(page, live_server, "staff@example.org")

    visit(page, live_server.url + term.person.get_absolute_url())
    page.get_by_role("button", name="End term Staff").click()
    expect(page.locator("h1")).to_contain_text("End Ada Admin's term as Staff on")
    expect(page.get_by_role("main")).to_contain_text("administrator rights (superuser)")
    check_accessibility(page)
    page.get_by_role("button", name="Yes, end the term").click()
    expect(page.get_by_role("main")).to_contain_text("untick “Superuser status”")
