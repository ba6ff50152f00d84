"""Bulletins in a real browser: staff write, preview, check recipients and send; the chair
writes a draft; a member reads the archive; anyone with the link changes their choices.
axe-core on every page, 320 px wide, and the posted PDFs read with pypdf."""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from network.models import Bulletin, Person, PrintPack
from network.signed_links import PREFERENCES, token_for
from tests.factories import (
    DeliveryFactory,
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
)

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit

CONSENTED = {"consent_given_on": date(2024, 1, 1), "consent_method": "writing"}


@pytest.fixture
def audience(demo_users: dict[str, User], settings, tmp_path) -> dict[str, Person]:
    """An active member organisation's representatives: by email, post, large print,
    easy read by post, and one without consent."""
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    organisation = MemberOrganisationFactory(name="Voices Together")
    people = {}
    for name, channel, email in [
        ("Emma Email", "email", "emma@example.org"),
        ("Pat Post", "post", ""),
        ("Lou Large", "large-print", ""),
        ("Eve Easy", "easy-read", ""),
    ]:
        people[name] = PersonFactory(
            full_name=name,
            preferred_channel=channel,
            email=email,
            address=f"{name} House, Leeds",
            postcode="LS1 1AA",
            **CONSENTED,
        )
        RepresentativeFactory(person=people[name], organisation=organisation)
    RepresentativeFactory(
        person=PersonFactory(full_name="Nora Noconsent"), organisation=organisation
    )
    return people


def fits_320(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width}px wide at 320px"
    page.set_viewport_size({"width": 1280, "height": 900})


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_staff_write_preview_check_and_send_a_bulletin(
    page: Page,
    live_server: LiveServer,
    audience: dict[str, Person],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    sign_in(page, live_server, "staff@example.org")
    visit(page, url + reverse("network:bulletin-list"))
    fits_320(page)
    page.get_by_role("link", name="Write a bulletin").click()
    check_accessibility(page)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.locator("#div_id_title .govuk-error-message")).to_contain_text(
        "Enter the bulletin's title"
    )
    check_accessibility(page)
    page.get_by_label("Title").fill("Summer news")
    page.get_by_label("What the bulletin says").fill("## Meeting\n\nWe meet on **4 May**.")
    page.get_by_label("Members of chosen kinds or constituencies").check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("#div_id_kinds .govuk-error-message")).to_contain_text(
        "Choose at least one organisation kind or constituency"
    )
    expect(page.get_by_label("Title")).to_have_value("Summer news")
    page.get_by_label("All active members").check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summer news")
    check_accessibility(page)
    fits_320(page)

    page.get_by_role("link", name="Easy-read version").click()
    check_accessibility(page)
    page.get_by_role("button", name="Add the point").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a short sentence")
    page.get_by_label("Short sentence").fill("We meet on 4 May.")
    page.get_by_label("A calendar").check()
    page.get_by_role("button", name="Add the point").click()
    expect(page.get_by_role("status")).to_contain_text("Point added")
    check_accessibility(page)
    fits_320(page)
    page.get_by_role("link", name="Back to the bulletin").click()

    page.get_by_role("link", name="Preview").click()
    expect(page.locator("#plain-text")).to_contain_text("We meet on **4 May**.")
    check_accessibility(page)
    fits_320(page)
    page.go_back()
    page.get_by_role("link", name="Recipients").click()
    expect(page.locator("#by-email")).to_contain_text("Emma Email")
    expect(page.locator("#by-post")).to_contain_text("Lou Large")
    expect(page.locator("#left-out")).to_contain_text("No consent to be contacted")
    check_accessibility(page)
    fits_320(page)
    page.go_back()
    page.get_by_role("link", name="Send").click()
    check_accessibility(page)
    page.get_by_role("button", name="Yes, send the bulletin").click()
    expect(page.get_by_role("status")).to_contain_text("is being sent")
    expect(page.locator("#count-sent")).to_have_text("1")
    expect(page.locator("#count-post")).to_have_text("3")
    check_accessibility(page)
    fits_320(page)
    bulletin = Bulletin.objects.get(title="Summer news")
    assert bulletin.status == Bulletin.Status.SENT

    texts = {}
    for pack in PrintPack.objects.filter(bulletin=bulletin):
        response = page.request.get(url + reverse("network:print-pack-download", args=[pack.pk]))
        assert response.status == 200
        texts[pack.format] = pdf_text(response.body())
    assert "We meet on 4 May." in texts["standard"]
    assert "We meet on 4 May." in texts["large-print"]
    assert "We meet on 4 May." in texts["easy-read"]

    page.get_by_role("link", name="Every delivery").click()
    expect(page.get_by_role("main")).to_contain_text("Emma Email")
    check_accessibility(page)
    fits_320(page)


def test_the_chair_writes_a_draft_but_cannot_send(
    page: Page, live_server: LiveServer, demo_users: dict[str, User], sign_in: SignIn, visit: Visit
) -> None:
    sign_in(page, live_server, "chair@example.org")
    visit(page, live_server.url + reverse("network:bulletin-add"))
    page.get_by_label("Title").fill("Chair's note")
    page.get_by_label("What the bulletin says").fill("Thank you all.")
    page.get_by_label("The Board").check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chair's note")
    expect(page.get_by_role("link", name="Send")).to_have_count(0)


def test_a_member_reads_what_was_sent_to_them_and_changes_their_choice(
    page: Page,
    live_server: LiveServer,
    demo_users: dict[str, User],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    person = PersonFactory(
        full_name="Mo Member", user=demo_users["member@example.org"], email="", **CONSENTED
    )
    DeliveryFactory(person=person, bulletin__title="Sent to Mo")
    DeliveryFactory(bulletin__title="Sent to someone else")
    sign_in(page, live_server, "member@example.org")
    visit(page, live_server.url + reverse("network:bulletin-list"))
    expect(page.get_by_role("main")).to_contain_text("Sent to Mo")
    expect(page.get_by_role("main")).not_to_contain_text("Sent to someone else")
    page.get_by_role("link", name="Sent to Mo").click()
    check_accessibility(page)
    fits_320(page)

    page.context.clear_cookies()
    visit(
        page,
        live_server.url + reverse("network:preferences", args=[token_for(person, PREFERENCES)]),
    )
    fits_320(page)
    page.get_by_label("Printed, by post").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("alert")).to_contain_text("We do not have your postal address")
    check_accessibility(page)
    page.get_by_label("Do not send me bulletins").check()
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("status")).to_contain_text("You will not be sent bulletins.")
    person.refresh_from_db()
    assert person.unsubscribed_at is not None
