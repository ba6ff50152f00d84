"""Organisation pages in a real browser, for each role that may use them, checked by axe-core."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from network.models import Membership, Organisation
from tests.browser.conftest import fill_date
from tests.factories import (
    ConstituencyFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
)

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit

HEADINGS = (
    "name,kind,region,constituencies,email,phone,website,address,postcode,"
    "user_or_carer_led,status,status_since"
)


@pytest.fixture
def network(demo_users: dict[str, User]) -> dict[str, Organisation]:
    """Organisations with constituencies, history and a representative who signs in."""
    carers = ConstituencyFactory(name="Carers", slug="carers")
    young = ConstituencyFactory(name="Young people", slug="young-people")
    own = MemberOrganisationFactory(name="Mo's Carers Forum", kind=Organisation.Kind.LOCAL)
    own.constituencies.set([carers])
    RepresentativeFactory(
        organisation=own,
        person=PersonFactory(full_name="Mo Member", user=demo_users["member@example.org"]),
    )
    other = MemberOrganisationFactory(name="Young Voices", postcode="LS1 4AP")
    other.constituencies.set([young, carers])
    lapsed = OrganisationFactory(name="Quiet Group", kind=Organisation.Kind.EQUALITY)
    MembershipFactory(
        organisation=lapsed,
        status=Membership.Status.ACTIVE,
        started_on=date(2023, 1, 1),
        ended_on=date(2024, 12, 31),
    )
    MembershipFactory(
        organisation=lapsed, status=Membership.Status.LAPSED, started_on=date(2025, 1, 1)
    )
    return {"own": own, "other": other, "lapsed": lapsed}


def upload(page: Page, *rows: str) -> None:
    content = "\n".join([HEADINGS, *rows]).encode()
    page.get_by_label("CSV file").set_input_files(
        {"name": "organisations.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Check the file").click()


def test_staff_use_every_organisation_page(
    page: Page,
    live_server: LiveServer,
    network: dict[str, Organisation],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    sign_in(page, live_server, "staff@example.org")

    visit(page, url + reverse("network:organisation-list"))
    expect(page.get_by_role("link", name="Quiet Group")).to_be_visible()
    visit(page, url + reverse("network:organisation-list") + "?q=ls1&kind=user-controlled")
    expect(page.get_by_role("link", name="Young Voices")).to_be_visible()
    expect(page.get_by_role("link", name="Quiet Group")).to_have_count(0)

    # Adding: first with a name already taken, then put right.
    visit(page, url + reverse("network:organisation-add"))
    page.get_by_label("Name", exact=True).fill("YOUNG VOICES")
    page.get_by_label("Kind").select_option("local")
    page.get_by_label("Young people").check()
    page.get_by_role("button", name="Add the organisation").click()
    expect(page.get_by_text("is already in the network").first).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Name", exact=True).fill("Leeds Young Carers")
    page.get_by_role("button", name="Add the organisation").click()
    expect(page.get_by_role("heading", level=1, name="Leeds Young Carers")).to_be_visible()
    expect(page.get_by_text("Leeds Young Carers has been added.")).to_be_visible()
    check_accessibility(page)

    added = Organisation.objects.get(name="Leeds Young Carers")
    visit(page, url + reverse("network:organisation-edit", args=[added.pk]))
    page.get_by_label("Website").fill("not a website")
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check_accessibility(page)

    # A membership change dated before the current period is explained, not a crash.
    visit(page, url + reverse("network:membership-change", args=[network["lapsed"].pk]))
    page.get_by_label("Active").check()
    fill_date(page, "From", "2024-06-01")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text("must start on or after 1 January 2025").first).to_be_visible()
    check_accessibility(page)
    fill_date(page, "From", "2025-06-01")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text("Quiet Group is now active from 1 June 2025.")).to_be_visible()
    check_accessibility(page)

    visit(page, url + reverse("network:organisation-history", args=[network["lapsed"].pk]))
    expect(page.get_by_role("table")).to_be_visible()

    # Importing: a file with a bad row is refused; a corrected one is imported.
    visit(page, url + reverse("network:organisation-import"))
    upload(page, "Northern Carers,local,,Carers,,,,,,,Active,2025-04-01", "Odd,Huge,,,,,,,,,,")
    expect(page.get_by_role("heading", name="nothing has been imported")).to_be_visible()
    check_accessibility(page)
    upload(page, "Northern Carers,local,North East,Carers,,,,,,,Active,01/04/2025")
    check_accessibility(page)
    page.get_by_role("button", name="Import 1 organisation").click()
    expect(page.get_by_text("1 organisation added, 0 organisations updated")).to_be_visible()
    check_accessibility(page)

    export = page.request.get(url + reverse("network:organisation-export"))
    assert export.ok
    assert "Northern Carers" in export.text()


@pytest.mark.parametrize("email", ["chair@example.org", "core@example.org"])
def test_the_chair_and_core_group_read_the_list_and_an_organisation(
    page: Page,
    live_server: LiveServer,
    network: dict[str, Organisation],
    sign_in: SignIn,
    visit: Visit,
    email: str,
) -> None:
    sign_in(page, live_server, email)

    visit(page, live_server.url + reverse("network:organisation-list") + "?status=lapsed")
    visit(page, live_server.url + network["other"].get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="Young Voices")).to_be_visible()


def test_the_board_reads_the_names_of_members(
    page: Page,
    live_server: LiveServer,
    network: dict[str, Organisation],
    sign_in: SignIn,
    visit: Visit,
) -> None:
    sign_in(page, live_server, "board@example.org")

    visit(page, live_server.url + reverse("network:organisation-list"))
    expect(page.get_by_text("Young Voices")).to_be_visible()
    expect(page.get_by_text("Quiet Group")).to_have_count(0)


def test_a_member_keeps_their_own_organisation_up_to_date(
    page: Page,
    live_server: LiveServer,
    network: dict[str, Organisation],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    sign_in(page, live_server, "member@example.org")

    visit(page, live_server.url + reverse("network:organisation-list"))
    page.get_by_role("link", name="Mo's Carers Forum").click()
    check_accessibility(page)
    page.get_by_role("link", name="Edit details").click()
    check_accessibility(page)
    page.get_by_label("Contact phone").fill("0113 496 0000")
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_text("Details of Mo's Carers Forum saved.")).to_be_visible()
    expect(page.get_by_text("0113 496 0000")).to_be_visible()
    check_accessibility(page)
