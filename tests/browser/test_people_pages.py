"""People, representatives, role terms, invitations and My details, in a real browser."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from network.models import AccessNeed, Person, RoleTerm
from tests.browser.conftest import expect_date, fill_date
from tests.factories import (
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
)

if TYPE_CHECKING:
    from django.core.mail import EmailMessage
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit

NEW_PASSWORD = "a-long-passphrase-for-ria-42"  # noqa: S105 - a test password, not a secret


@pytest.fixture
def people(demo_users: dict[str, User]) -> dict[str, Person]:
    """A chair, a member representative with a login, and an organisation to represent."""
    # Transactional tests flush the access needs the migration made: make them again.
    for name in ["BSL interpreter", "Hearing loop", "Step-free access"]:
        AccessNeed.objects.get_or_create(name=name)
    MemberOrganisationFactory(name="Carers Together")
    chair = RoleTermFactory(person__full_name="Charlie Chair", role=RoleTerm.Role.CHAIR).person
    member_user = demo_users["member@example.org"]
    member = PersonFactory(
        full_name="Mo Member",
        email=member_user.email,
        user=member_user,
        consent_given_on=date(2025, 3, 3),
        consent_method=Person.ConsentMethod.EMAIL,
        lived_experience=Person.LivedExperience.CARER,
    )
    RepresentativeFactory(person=member, organisation__name="Voices North")
    return {"chair": chair, "member": member}


def test_staff_use_every_people_page(
    page: Page,
    live_server: LiveServer,
    people: dict[str, Person],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
    mailoutbox: list[EmailMessage],
) -> None:
    url = live_server.url
    main = page.get_by_role("main")
    sign_in(page, live_server, "staff@example.org")

    visit(page, f"{url}/network/people/")
    expect(main).to_contain_text("Charlie Chair")
    expect(main).to_contain_text("Voices North")
    page.get_by_label("Current role").select_option(label="Chair of the network")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    check_accessibility(page)

    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Email").fill("ria@example.org")
    fill_date(page, "Date consent to be contacted was given", "2025-03-03")
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose how consent was given")
    expect(page.get_by_label("Email")).to_have_value("ria@example.org")
    check_accessibility(page)
    page.get_by_label("Full name").fill("Ria Rep")
    page.get_by_label("How consent was given").select_option(label="In writing")
    page.get_by_label("Step-free access").check()
    page.get_by_label("Lived experience").select_option(label="Carer")
    page.get_by_role("button", name="Add person").click()
    expect(page.locator("h1")).to_contain_text("Ria Rep")
    expect(main).to_contain_text("Ria Rep added.")
    check_accessibility(page)

    page.get_by_role("link", name="Add an organisation they represent").click()
    check_accessibility(page)
    page.get_by_label("Organisation").select_option(label="Carers Together")
    page.get_by_role("button", name="Add organisation").click()
    expect(main).to_contain_text("Ria Rep represents Carers Together")

    page.get_by_role("link", name="Start a role term").click()
    page.get_by_label("Role").select_option(label="Chair of the network")
    fill_date(page, "Term starts on", "2025-03-03")
    page.get_by_role("button", name="Start term").click()
    expect(page.get_by_role("alert")).to_contain_text("Charlie Chair is chair until")
    check_accessibility(page)
    page.get_by_label("Role").select_option(label="Core group member")
    page.get_by_role("button", name="Start term").click()
    expect(main).to_contain_text("term as Core group member starts on 3 March 2025")

    fill_date(page, "End date for Core group member", "2020-01-01")
    page.get_by_role("button", name="End term Core group member").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be before the start date")
    expect_date(page, "End date", "2020-01-01")
    check_accessibility(page)
    fill_date(page, "End date", "2025-06-30")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_contain_text(
        "End Ria Rep's term as Core group member on 30 June 2025?"
    )
    check_accessibility(page)
    page.get_by_role("button", name="Yes, end the term").click()
    expect(main).to_contain_text("ends on 30 June 2025")

    page.get_by_role("button", name="Invite to sign in").click()
    expect(main).to_contain_text("Invitation sent to Ria Rep at ria@example.org.")
    expect(main).to_contain_text("Invited; has not chosen a password yet")
    check_accessibility(page)
    person = Person.objects.get(email="ria@example.org")

    visit(page, f"{url}/network/representatives/{person.representations.get().pk}/end/")
    visit(page, f"{url}/network/people/{person.pk}/edit/")
    expect(page.get_by_label("Lived experience")).to_have_value("carer")
    visit(page, f"{url}/network/people/{person.pk}/history/")
    expect(main).to_contain_text("Created role term: Ria Rep: Core group member")

    # The invited person follows the link, chooses a password and updates their needs.
    assert [message.to for message in mailoutbox] == [["ria@example.org"]]
    link = re.search(r"https?://\S+", str(mailoutbox[0].body))
    assert link is not None
    page.get_by_role("button", name="Sign out").click()
    visit(page, url + urlsplit(link.group()).path)
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name=re.compile("password", re.IGNORECASE)).click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "ria@example.org", password=NEW_PASSWORD)
    visit(page, f"{url}/network/me/")
    page.get_by_label("Hearing loop").check()
    page.get_by_role("button", name="Save my details").click()
    expect(main).to_contain_text("Your details have been saved.")
    assert {need.name for need in person.access_needs.all()} == {
        "Step-free access",
        "Hearing loop",
    }


def test_a_member_keeps_their_own_details_up_to_date(
    page: Page,
    live_server: LiveServer,
    people: dict[str, Person],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    main = page.get_by_role("main")
    sign_in(page, live_server, "member@example.org")

    visit(page, f"{url}/network/me/")
    expect(main).to_contain_text("Voices North")
    expect(main).to_contain_text("Given on 3 March 2025 (by email)")
    expect(page.get_by_label("Lived experience")).to_have_value("carer")
    # maxlength stops a browser typing too much; the server must still say what is wrong.
    page.get_by_label("Phone").evaluate("field => field.removeAttribute('maxlength')")
    page.get_by_label("Phone").fill("0" * 40)
    page.get_by_role("button", name="Save my details").click()
    too_long = "Ensure this value has at most 30 characters (it has 40)."
    expect(page.get_by_role("alert").get_by_role("link", name=too_long)).to_have_attribute(
        "href", "#id_phone"
    )
    expect(page.locator("#div_id_phone .govuk-error-message")).to_contain_text(too_long)
    check_accessibility(page)
    page.get_by_label("Phone").fill("0161 496 0555")
    page.get_by_label("BSL interpreter").check()
    page.get_by_role("button", name="Save my details").click()
    expect(main).to_contain_text("Your details have been saved.")
    page.get_by_role("link", name="Withdraw your consent to be contacted").click()
    expect(page.locator("h1")).to_contain_text("Withdraw your consent to be contacted?")
    check_accessibility(page)
    page.get_by_role("button", name="Yes, withdraw my consent").click()
    expect(main).to_contain_text("You withdrew your consent to be contacted on")
    expect(main).to_contain_text("Withdrawn on")
    check_accessibility(page)

    response = page.goto(f"{url}/network/people/")
    assert response is not None
    assert response.status == 403


@pytest.mark.parametrize("email", ["chair@example.org", "core@example.org", "board@example.org"])
def test_a_sign_in_without_a_record_is_told_who_to_ask(
    page: Page,
    live_server: LiveServer,
    people: dict[str, Person],
    sign_in: SignIn,
    visit: Visit,
    email: str,
) -> None:
    sign_in(page, live_server, email)

    visit(page, f"{live_server.url}/network/me/")

    expect(page.get_by_role("main")).to_contain_text("ask the co-production team")
    expect(page.get_by_role("main")).not_to_contain_text("Mo Member")
