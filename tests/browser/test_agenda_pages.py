"""Agenda co-design in a real browser: the chair proposes, staff arrange by keyboard alone,
the chair compares two versions and signs off; axe on every page; each page at 320 px."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from network.models import Meeting
from network.services.agenda import Placement, arrange_agenda
from tests.browser.test_design_system import NARROW, WIDEST, expect_errors_beside_fields
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PersonFactory,
    RepresentativeFactory,
)

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit

TABS_AT_MOST = 80


@pytest.fixture
def meeting(demo_users: dict[str, User], settings, tmp_path) -> Meeting:
    """A strategic meeting whose draft has Welcome (20 min) then Business plan (30 min)."""
    settings.MEDIA_ROOT = tmp_path
    staff = demo_users["staff@example.org"]
    meeting = MeetingFactory(title="Spring strategic meeting", members_may_suggest=True)
    items = [
        AgendaItemFactory(meeting=meeting, title="Welcome", minutes_needed=20, position=1),
        AgendaItemFactory(meeting=meeting, title="Business plan", minutes_needed=30, position=2),
    ]
    arrange_agenda(
        meeting=meeting,
        placements=[
            Placement(item=i, status=i.status, position=i.position, minutes_needed=20, section="")
            for i in items
        ],
        by=staff,
        note="First draft",
    )
    return meeting


def fits_320(page: Page) -> None:
    page.set_viewport_size(NARROW)
    assert page.evaluate(WIDEST) == [], page.url
    page.set_viewport_size({"width": 1280, "height": 900})


def tab_to(page: Page, name: str) -> None:
    """Press Tab until the focused element's words are `name`, as a keyboard user would."""
    for _ in range(TABS_AT_MOST):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.textContent.replace(/\\s+/g, ' ')")
        if focused.strip() == name:
            return
    pytest.fail(f"{TABS_AT_MOST} presses of Tab did not reach “{name}”")


def test_chair_proposes_staff_arrange_by_keyboard_chair_compares_and_signs_off(
    page: Page,
    live_server: LiveServer,
    meeting: Meeting,
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    agenda_url = url + reverse("network:agenda", args=[meeting.pk])

    # The chair proposes an item: first with nothing filled in, then properly.
    sign_in(page, live_server, "chair@example.org")
    visit(page, url + reverse("network:agenda-item-propose", args=[meeting.pk]))
    fits_320(page)
    page.get_by_label("Minutes needed").fill("600")
    page.get_by_role("button", name="Propose the item").click()
    expect_errors_beside_fields(
        page,
        "Enter the item's title",
        "Choose what the item is for",
        "Enter the minutes needed, a whole number from 1 to 480",
    )
    check_accessibility(page)
    page.get_by_label("Title").fill("Carers' week")
    page.get_by_label("To discuss").check()
    page.get_by_label("Minutes needed").fill("15")
    page.get_by_label("Papers (optional)").set_input_files(
        files=[{"name": "plan.txt", "mimeType": "text/plain", "buffer": b"The plan"}]
    )
    page.get_by_role("button", name="Propose the item").click()
    expect(page.get_by_role("status")).to_contain_text("“Carers' week” has been proposed.")
    expect(page.get_by_role("main")).to_contain_text("Proposals not yet placed")
    check_accessibility(page)
    fits_320(page)
    page.get_by_role("button", name="Sign out").click()

    # Staff put the proposal on the agenda, then move Welcome down by keyboard alone.
    sign_in(page, live_server, "staff@example.org")
    visit(page, url + reverse("network:agenda-arrange", args=[meeting.pk]))
    fits_320(page)
    proposal = page.get_by_role("group", name="Carers' week")
    proposal.get_by_label("Status").select_option("on-agenda")
    proposal.get_by_label("Minutes").fill("0")
    page.get_by_role("button", name="Save this arrangement").click()
    expect_errors_beside_fields(page, "Enter the minutes needed, a whole number from 1 to 480")
    check_accessibility(page)
    proposal = page.get_by_role("group", name="Carers' week")
    proposal.get_by_label("Minutes").fill("15")
    page.get_by_label("What changed").fill("Carers' week in")
    page.get_by_role("button", name="Save this arrangement").click()
    expect(page.get_by_role("status")).to_contain_text("Arrangement saved as version 2.")
    check_accessibility(page)

    tab_to(page, "Move down “Welcome”")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("“Welcome” moved down.")
    headings = page.locator("fieldset h3").all_inner_texts()
    assert [h.strip() for h in headings[:3]] == [
        "1. Business plan",
        "2. Welcome",
        "3. Carers' week",
    ]
    check_accessibility(page)
    page.get_by_role("button", name="Sign out").click()

    # The chair compares version 1 with version 3, then signs version 3 off.
    sign_in(page, live_server, "chair@example.org")
    visit(page, url + reverse("network:agenda-versions", args=[meeting.pk]))
    fits_320(page)
    page.get_by_label("Compare version").select_option("1")
    page.get_by_label("with version").select_option("3")
    page.get_by_role("button", name="Compare").click()
    check_accessibility(page)
    changes = page.get_by_role("table", name="What changed, item by item")
    expect(changes.get_by_role("row", name="Welcome")).to_contain_text("Moved from 1 to 2")
    expect(changes.get_by_role("row", name="Carers' week")).to_contain_text("Added at 3")
    fits_320(page)

    visit(page, url + reverse("network:agenda-sign-off", args=[meeting.pk]))
    fits_320(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Sign off version 3 of the agenda?"
    )
    page.get_by_role("button", name="Yes, sign off version 3").click()
    expect(page.get_by_role("status")).to_contain_text("Version 3 of the agenda is signed off.")
    expect(page.get_by_role("main")).to_contain_text("Signed off")
    assert page.url == agenda_url
    check_accessibility(page)
    meeting.refresh_from_db()
    assert (meeting.agenda_status, meeting.signed_off_version.number) == ("signed-off", 3)


def test_a_member_suggests_an_item_and_sees_a_wrong_file_beside_the_field(
    page: Page,
    live_server: LiveServer,
    meeting: Meeting,
    demo_users: dict[str, User],
    sign_in: SignIn,
    visit: Visit,
) -> None:
    user = demo_users["member@example.org"]
    RepresentativeFactory(person=PersonFactory(full_name="Mo Member", email=user.email, user=user))
    sign_in(page, live_server, "member@example.org")
    visit(page, live_server.url + reverse("network:agenda-item-propose", args=[meeting.pk]))
    fits_320(page)
    page.get_by_label("Title").fill("Transport costs")
    page.get_by_label("To decide").check()
    page.get_by_label("Papers (optional)").set_input_files(
        files=[{"name": "costs.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a pdf"}]
    )
    page.get_by_role("button", name="Send your suggestion").click()
    expect_errors_beside_fields(page, "costs.pdf: the file's contents are not a .pdf file.")
    expect(page.get_by_label("Title")).to_have_value("Transport costs")
    page.get_by_label("Papers (optional)").set_input_files(
        files=[{"name": "costs.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 ok"}]
    )
    page.get_by_role("button", name="Send your suggestion").click()
    expect(page.get_by_role("status")).to_contain_text("has been sent to the chair and staff")
    fits_320(page)
    assert meeting.agenda_items.get(title="Transport costs").is_member_suggestion
