"""After a meeting, in a browser: the register for 35 by keyboard, minutes, "you said, we did"."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from network.models import AttendanceRecord, Feedback, Minutes
from tests.factories import AgendaItemFactory, InvitationFactory, MeetingFactory, PersonFactory

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def meeting(demo_users: dict[str, User]):
    meeting = MeetingFactory(title="Spring network meeting")
    for number in range(35):
        InvitationFactory(
            meeting=meeting,
            person__full_name=f"Person {number:02d}",
            reply="apologies" if number == 3 else "attending",
        )
    PersonFactory(full_name="Wren Walk-in")
    AgendaItemFactory(meeting=meeting, title="Travel expenses", position=1)
    AgendaItemFactory(meeting=meeting, title="Easy-read papers", position=2)
    return meeting


def test_staff_fill_the_register_write_minutes_and_feedback(
    page: Page,
    live_server: LiveServer,
    meeting,
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    sign_in(page, live_server, "staff@example.org")
    visit(page, url + reverse("network:meeting-register", args=[meeting.pk]))
    expect(page.get_by_role("table")).to_contain_text("Register: 35 people")
    expect(page.get_by_role("radio", name="Apologies for Person 03")).to_be_checked()

    # By keyboard: Person 10 was absent (two steps right from "Attended"), Person 20 came
    # as a carer (chosen in the capacity list by typing its first letter).
    page.get_by_role("radio", name="Attended for Person 10").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="Absent for Person 10")).to_be_checked()
    page.get_by_role("radio", name="Attended for Person 20").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Capacity of Person 20")).to_be_focused()
    page.keyboard.press("c")
    expect(page.get_by_label("Capacity of Person 20")).to_have_value("carer")
    page.get_by_role("button", name="Save the register").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Minutes of Spring network meeting"
    )
    check_accessibility(page)
    assert AttendanceRecord.objects.filter(meeting=meeting).count() == 35
    assert AttendanceRecord.objects.get(person__full_name="Person 10").status == "absent"
    assert AttendanceRecord.objects.get(person__full_name="Person 03").status == "apologies"
    assert AttendanceRecord.objects.get(person__full_name="Person 20").capacity == "carer"

    # Someone added without a capacity: the error is beside the field, the rows are kept.
    visit(page, url + reverse("network:meeting-register", args=[meeting.pk]))
    page.get_by_label("Add someone who came").select_option(label="Wren Walk-in")
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the capacity they came in")
    expect(page.get_by_role("radio", name="Absent for Person 10")).to_be_checked()
    check_accessibility(page)

    # Minutes
    page.get_by_role("link", name="Back to the minutes").click()
    page.get_by_role("link", name="Write the minutes").click()
    page.get_by_label("General notes").fill("Thirty-two people came.")
    page.get_by_label("Decision or outcome: Travel expenses").fill("Bus fares paid on the day.")
    page.get_by_role("button", name="Save the draft minutes").click()
    expect(page.get_by_role("main")).to_contain_text("Bus fares paid on the day.")
    assert Minutes.objects.get(meeting=meeting).summary == "Thirty-two people came."

    # "You said, we did" for two items; first an empty form shows its errors
    for title, said, did in [
        ("Travel expenses", "Fares put people off.", "We pay fares on the day."),
        ("Easy-read papers", "Papers are hard to read.", "Easy-read versions for each paper."),
    ]:
        page.get_by_role("link", name="Record “you said, we did” for an item").click()
        if title == "Travel expenses":
            page.get_by_role("button", name="Save").click()
            expect(page.get_by_role("alert")).to_contain_text("Enter what members said")
            check_accessibility(page)
        page.get_by_label("Agenda item").select_option(label=title)
        page.get_by_label("What members said").fill(said)
        page.get_by_label("What we did").fill(did)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("main")).to_contain_text(did)
    assert Feedback.objects.filter(item__meeting=meeting).count() == 2
    check_accessibility(page)


def test_record_pages_fit_a_narrow_screen(
    page: Page, live_server: LiveServer, meeting, sign_in: SignIn, visit: Visit
) -> None:
    sign_in(page, live_server, "staff@example.org")
    page.set_viewport_size(NARROW)
    too_wide = []
    for name in (
        "meeting-register",
        "meeting-minutes",
        "minutes-edit",
        "action-add",
        "feedback-add",
    ):
        path = reverse(f"network:{name}", args=[meeting.pk])
        visit(page, live_server.url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            too_wide.append(f"{path} is {width} px wide")
    visit(page, live_server.url + reverse("network:action-list"))
    assert too_wide == []
