"""Meetings in a real browser: staff add one (bad values first), a member replies with their
access needs; axe-core checks every page, and the pages reflow at 320 px."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from network.models import Invitation, Meeting
from tests.browser.conftest import fill_date
from tests.factories import (
    AgendaItemFactory,
    InvitationFactory,
    MeetingFactory,
    PersonFactory,
    RepresentativeFactory,
)

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit

NARROW = {"width": 320, "height": 640}


def fits_narrow_screen(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{page.url} is {width} px wide at 320 px"


@pytest.fixture
def invited_meeting(demo_users: dict[str, User]) -> Meeting:
    """A published strategic meeting next month, with places, that the member is invited to."""
    starts = timezone.localtime() + timedelta(days=30)
    starts = starts.replace(hour=10, minute=30, second=0, microsecond=0)
    meeting = MeetingFactory(
        title="Autumn strategic meeting",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        capacity=30,
        agenda_status=Meeting.AgendaStatus.PUBLISHED,
        has_hearing_loop=True,
    )
    AgendaItemFactory(meeting=meeting, title="Welcome", position=1)
    member = PersonFactory(full_name="Mo Member", user=demo_users["member@example.org"])
    RepresentativeFactory(person=member)
    InvitationFactory(meeting=meeting, person=member)
    return meeting


def test_staff_add_a_meeting_with_bad_values_then_good_ones(
    page: Page,
    live_server: LiveServer,
    demo_users: dict[str, User],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    sign_in(page, live_server, "staff@example.org")
    visit(page, live_server.url + reverse("network:meeting-list"))
    page.get_by_role("link", name="Add a meeting").click()
    check_accessibility(page)

    page.get_by_role("button", name="Add the meeting").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter the meeting's title")
    expect(summary).to_contain_text("Enter the date of the meeting")
    expect(page.locator("#div_id_starts_at .govuk-error-message")).to_contain_text(
        "Enter the time the meeting starts"
    )
    check_accessibility(page)

    page.get_by_label("Title").fill("Spring strategic meeting")
    page.get_by_label("Strategic network meeting").check()
    next_year = timezone.localdate().year + 1
    fill_date(page, "Date", f"{next_year}-03-12")
    page.get_by_label("Start time").fill("half ten")
    page.get_by_label("End time").fill("09:00")
    page.get_by_label("Member organisation representatives").check()
    page.get_by_role("button", name="Add the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the time the meeting starts as hours and minutes, like 10:30"
    )
    expect(page.get_by_label("Title")).to_have_value("Spring strategic meeting")
    expect(page.get_by_label("Start time")).to_have_value("half ten")
    check_accessibility(page)

    page.get_by_label("Start time").fill("10:30")
    page.get_by_role("button", name="Add the meeting").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The meeting must end after it starts")
    expect(summary).to_contain_text("Enter the place, or an online link, or both")
    expect(page.locator("#div_id_ends_at .govuk-error-message")).to_contain_text(
        "The meeting must end after it starts"
    )

    page.get_by_label("Place (optional)").fill("Community Hall, Leeds")
    page.get_by_label("End time").fill("15:30")
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Add the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring strategic meeting")
    expect(page.get_by_role("main")).to_contain_text("10:30 to 15:30")
    expect(page.get_by_role("main")).to_contain_text("Step-free access")
    check_accessibility(page)
    meeting = Meeting.objects.get()
    assert (meeting.title, meeting.invites_members) == ("Spring strategic meeting", True)

    page.set_viewport_size(NARROW)
    for url in (
        meeting.get_absolute_url(),
        reverse("network:meeting-edit", args=[meeting.pk]),
        reverse("network:meeting-list"),
        reverse("network:meeting-year", args=[next_year]),
        reverse("network:meeting-replies", args=[meeting.pk]),
        reverse("network:meeting-print-list", args=[meeting.pk]),
        reverse("network:meeting-cancel", args=[meeting.pk]),
    ):
        visit(page, live_server.url + url)
        fits_narrow_screen(page)


def test_a_member_replies_with_access_needs(
    page: Page,
    live_server: LiveServer,
    invited_meeting: Meeting,
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    sign_in(page, live_server, "member@example.org")
    expect(page.get_by_role("main")).to_contain_text("Autumn strategic meeting")
    visit(page, live_server.url + invited_meeting.get_absolute_url())
    expect(page.get_by_role("main")).to_contain_text("You have not replied yet.")
    expect(page.get_by_role("main")).to_contain_text("Hearing loop")

    # By keyboard: focus the reply button and press Enter.
    page.get_by_role("link", name="Reply").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/reply/")
    check_accessibility(page)

    page.get_by_role("button", name="Send your reply").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose whether you will come to the meeting"
    )
    check_accessibility(page)

    page.get_by_label("Yes, I will come").check()
    page.get_by_label("Access needs for this meeting").fill("A quiet room to take breaks")
    page.get_by_role("button", name="Send your reply").click()
    expect(page.get_by_role("main")).to_contain_text("Thank you: you have a place at the meeting.")
    expect(page.get_by_role("main")).to_contain_text("You are coming: you have a place.")
    expect(page.get_by_role("main")).to_contain_text("29 of 30 left")
    check_accessibility(page)
    invitation = Invitation.objects.get()
    assert (invitation.reply, invitation.access_needs) == (
        "attending",
        "A quiet room to take breaks",
    )

    page.set_viewport_size(NARROW)
    for url in (
        invited_meeting.get_absolute_url(),
        reverse("network:meeting-reply", args=[invited_meeting.pk]),
        reverse("network:meeting-list"),
    ):
        visit(page, live_server.url + url)
        fits_narrow_screen(page)
