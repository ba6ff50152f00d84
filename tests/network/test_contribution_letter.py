"""The record of contribution (a letter of meetings attended) and the meeting pack PDFs."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceRecordFactory,
    FeedbackFactory,
    MeetingFactory,
    MinutesFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _meeting(title, month, day, year=2025):
    starts = datetime(year, month, day, 10, tzinfo=LONDON)
    return MeetingFactory(title=title, starts_at=starts, ends_at=starts + timedelta(hours=2))


def test_my_letter_lists_the_meetings_i_attended_that_year(member_client, member_person):
    AttendanceRecordFactory(
        person=member_person, meeting=_meeting("Autumn network", 10, 1), capacity="carer"
    )
    AttendanceRecordFactory(
        person=member_person, meeting=_meeting("Spring network", 3, 12), capacity="services"
    )
    AttendanceRecordFactory(
        person=member_person, meeting=_meeting("Sent apologies", 5, 1), status="apologies"
    )
    AttendanceRecordFactory(person=member_person, meeting=_meeting("Last year", 5, 1, 2024))
    AttendanceRecordFactory(meeting=_meeting("Someone else's", 6, 1))
    response = member_client.get(reverse("network:my-contribution-letter"), {"year": "2025"})
    text = _text(response)
    assert "Record of contribution, 2025" in text
    assert "Mo Member" in text
    assert "2 meetings in all" in text
    assert text.index("12 March 2025 Spring network Person who uses services") < text.index(
        "1 October 2025 Autumn network Carer"
    )
    for absent in ("Sent apologies", "Last year", "Someone else"):
        assert absent not in text


def test_a_year_without_meetings_is_a_message_not_an_empty_pdf(member_client):
    response = member_client.get(reverse("network:my-contribution-letter"), {"year": "2023"})
    assert response.status_code == 200
    assert "You attended no meetings in 2023" in response.content.decode()


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("", "Enter the year, like 2025"),
        ("twenty", "Enter the year as 4 numbers, like 2025"),
        ("1850", "Enter a year from 2000 to 2100"),
    ],
)
def test_a_bad_year_is_an_error_beside_the_field(member_client, year, message):
    response = member_client.get(reverse("network:my-contribution-letter"), {"year": year})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert f'value="{year}"' in html or not year


def test_a_login_without_a_person_record_is_told_so(board_client):
    response = board_client.get(reverse("network:my-contribution-letter"), {"year": "2025"})
    assert "We have no record of you" in response.content.decode()


def test_staff_download_a_persons_letter(staff_client, chair_client):
    person = PersonFactory(full_name="Cara Carer")
    AttendanceRecordFactory(
        person=person, meeting=_meeting("Spring network", 3, 12), capacity="carer"
    )
    url = reverse("network:person-contribution-letter", args=[person.pk])
    text = _text(staff_client.get(url, {"year": "2025"}))
    assert "Cara Carer took part" in text
    assert "12 March 2025 Spring network Carer" in text
    assert chair_client.get(url, {"year": "2025"}).status_code == 403
    assert (
        staff_client.get(reverse("network:person-contribution-letter", args=[999999])).status_code
        == 404
    )


def _pack_meeting():
    meeting = _meeting("Strategic meeting", 3, 12)
    item = AgendaItemFactory(meeting=meeting, title="Budget", outcome="Budget agreed.")
    FeedbackFactory(item=item)
    MinutesFactory(meeting=meeting, summary="Twelve people came.")
    AttendanceRecordFactory(meeting=meeting, person__full_name="Ada Carer", capacity="carer")
    AttendanceRecordFactory(meeting=meeting, person__full_name="Ben User", capacity="services")
    AttendanceRecordFactory(meeting=meeting, person__full_name="Cy Sorry", status="apologies")
    ActionFactory(meeting=meeting, description="Publish the budget", owner__full_name="Olu Owner")
    return meeting


def test_staff_pack_names_who_attended(staff_client):
    meeting = _pack_meeting()
    text = _text(staff_client.get(reverse("network:meeting-pack", args=[meeting.pk])))
    assert "Budget (to discuss)" in text
    assert "Ada Carer Carer" in text
    assert "Ben User Person who uses services" in text
    assert "Cy Sorry" not in text
    assert "Twelve people came." in text
    assert "Budget agreed." in text
    assert "Papers now go out two weeks before each meeting." in text
    assert "Publish the budget Olu Owner 1 April 2025 Open" in text


def test_board_pack_gives_counts_not_names(board_client):
    meeting = _pack_meeting()
    text = _text(board_client.get(reverse("network:meeting-pack", args=[meeting.pk])))
    assert "Ada Carer" not in text
    assert "Ben User" not in text
    assert "Person who uses services 1" in text
    assert "Carer 1" in text
    assert "Twelve people came." in text


def test_pack_of_draft_minutes_is_404_for_readers(board_client):
    meeting = MinutesFactory(status="draft").meeting
    assert board_client.get(reverse("network:meeting-pack", args=[meeting.pk])).status_code == 404
