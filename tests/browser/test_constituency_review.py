"""A member changes their organisation's constituencies; staff review it from home."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from playwright.sync_api import Page, expect

from network.models import Organisation
from tests.factories import ConstituencyFactory, MemberOrganisationFactory, PersonFactory

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit


def test_staff_review_a_members_change_and_read_it_in_the_history(
    page: Page,
    live_server: LiveServer,
    demo_users: dict[str, User],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    carers = ConstituencyFactory(name="Carers", slug="carers")
    ConstituencyFactory(name="Young people", slug="young-people")
    own = MemberOrganisationFactory(name="Mo's Carers Forum", kind=Organisation.Kind.LOCAL)
    own.constituencies.set([carers])
    own.representatives.create(
        person=PersonFactory(full_name="Mo Member", user=demo_users["member@example.org"])
    )

    sign_in(page, live_server, "member@example.org")
    visit(page, url + reverse("network:organisation-edit", args=[own.pk]))
    page.get_by_label("Young people").check()
    page.get_by_role("button", name="Save the details").click()
    expect(page.get_by_text("Details of Mo's Carers Forum saved.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "staff@example.org")
    visit(page, url + reverse("reporting:home"))
    panel = page.get_by_role("region", name="Constituency changes to review")
    expect(panel).to_contain_text("Constituencies: added Young people")
    expect(panel).to_contain_text("Mo Member")
    check_accessibility(page)
    panel.get_by_role("button", name="Mark as reviewed").click()
    expect(
        page.get_by_text("The change to Mo's Carers Forum's constituencies is marked as reviewed.")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Constituency changes to review")).to_have_count(0)

    visit(page, url + reverse("network:organisation-history", args=[own.pk]))
    history = page.get_by_role("table")
    expect(history).to_contain_text("Changed organisation: Mo's Carers Forum")
    expect(history).to_contain_text("Constituencies: added Young people")
    check_accessibility(page)
