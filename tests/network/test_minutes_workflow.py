"""Minutes: written by staff, circulated to those who came (once), approved, then read."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from network.models import AgendaItem, Minutes
from network.services.meeting_records import (
    approve_minutes,
    circulate_minutes,
    email_circulated_minutes,
    save_minutes,
)
from tests.factories import (
    AgendaItemFactory,
    AttendanceRecordFactory,
    FeedbackFactory,
    InvitationFactory,
    MeetingFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _minutes_url(meeting, name="meeting-minutes"):
    return reverse(f"network:{name}", args=[meeting.pk])


def test_save_minutes_writes_notes_and_outcomes():
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="Budget")
    staff = UserFactory()
    minutes = save_minutes(
        meeting=meeting, by=staff, summary="Good turnout.", outcomes={item.pk: "Agreed."}
    )
    item.refresh_from_db()
    assert (minutes.summary, minutes.status, minutes.written_by) == (
        "Good turnout.",
        "draft",
        staff,
    )
    assert item.outcome == "Agreed."
    assert item.history.latest("history_date").history_user == staff


def test_outcome_for_another_meetings_item_is_refused():
    meeting, other = MeetingFactory(), AgendaItemFactory()
    with pytest.raises(ValidationError):
        save_minutes(meeting=meeting, by=None, summary="", outcomes={other.pk: "Sneaky"})
    other.refresh_from_db()
    assert other.outcome == ""


def test_circulated_minutes_can_no_longer_change():
    minutes = save_minutes(meeting=MeetingFactory(), by=None, summary="x", outcomes={})
    circulate_minutes(minutes=minutes, by=None)
    with pytest.raises(ValidationError):
        save_minutes(meeting=minutes.meeting, by=None, summary="changed", outcomes={})


def test_circulating_emails_each_attendee_once_even_when_run_twice(
    mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title="Spring meeting")
    AgendaItemFactory(meeting=meeting, title="Budget", outcome="Agreed the budget.")
    ann = AttendanceRecordFactory(meeting=meeting, person__full_name="Ann", status="attended")
    bo = AttendanceRecordFactory(meeting=meeting, person__full_name="Bo", status="attended")
    AttendanceRecordFactory(meeting=meeting, status="apologies")
    AttendanceRecordFactory(meeting=meeting, status="absent")
    AttendanceRecordFactory(
        meeting=meeting, person__email="", person__phone="1", status="attended"
    )
    minutes = save_minutes(meeting=meeting, by=None, summary="Notes.", outcomes={})
    with django_capture_on_commit_callbacks(execute=True):
        assert circulate_minutes(minutes=minutes, by=None) is True
    with django_capture_on_commit_callbacks(execute=True):
        assert circulate_minutes(minutes=minutes, by=None) is False
    assert email_circulated_minutes(minutes_id=minutes.pk) == 0  # a repeated task
    assert sorted(m.to[0] for m in mailoutbox) == sorted([ann.person.email, bo.person.email])
    assert mailoutbox[0].subject == "Draft minutes of Spring meeting, 12 March 2025"
    assert "Agreed the budget." in mailoutbox[0].body
    assert "Agreed the budget." in mailoutbox[0].alternatives[0][0]
    minutes.refresh_from_db()
    assert minutes.status == "circulated"
    assert minutes.circulated_at is not None


@time_machine.travel(date(2025, 4, 10))
def test_approve_records_how_and_when():
    minutes = save_minutes(meeting=MeetingFactory(), by=None, summary="", outcomes={})
    chair = UserFactory()
    approve_minutes(minutes=minutes, by=chair, how="chair", on=date(2025, 4, 9))
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approved_how, minutes.approved_by) == (
        "approved",
        "chair",
        chair,
    )
    assert minutes.approved_at.date() == date(2025, 4, 9)
    with pytest.raises(ValidationError):
        approve_minutes(minutes=minutes, by=chair, how="chair", on=date(2025, 4, 9))


@time_machine.travel(date(2025, 4, 10))
def test_approval_in_the_future_is_refused():
    minutes = save_minutes(meeting=MeetingFactory(), by=None, summary="", outcomes={})
    with pytest.raises(ValidationError) as raised:
        approve_minutes(minutes=minutes, by=None, how="chair", on=date(2025, 4, 11))
    assert raised.value.message_dict == {"on": ["The date approved must be today or in the past"]}


# --- Pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["chair", "core group", "board", "member"])
def test_only_staff_write_minutes(role_clients, name):
    meeting = MeetingFactory()
    save_minutes(meeting=meeting, by=None, summary="", outcomes={})
    for view in ("minutes-edit", "minutes-circulate", "minutes-approve"):
        assert role_clients[name].get(_minutes_url(meeting, view)).status_code == 403
        assert role_clients[name].post(_minutes_url(meeting, view), {}).status_code == 403


def test_draft_minutes_are_hidden_until_approved(role_clients, member_person):
    meeting = MeetingFactory(invites_members=True)
    InvitationFactory(meeting=meeting, person=member_person)
    minutes = save_minutes(meeting=meeting, by=None, summary="Secret draft", outcomes={})
    url = _minutes_url(meeting)
    assert role_clients["staff"].get(url).status_code == 200
    for name in ("chair", "core group", "board", "member"):
        assert role_clients[name].get(url).status_code == 404
    approve_minutes(minutes=minutes, by=None, how="next-meeting", on=date(2025, 3, 20))
    for name in ("staff", "chair", "core group", "board", "member"):
        response = role_clients[name].get(url)
        assert response.status_code == 200
        assert "Secret draft" in response.content.decode()
    assert role_clients["anonymous"].get(url).status_code == 302


def test_member_reads_only_minutes_of_meetings_they_may_see(member_client, member_person):
    invited = MeetingFactory(invites_members=False, invites_board=True)
    InvitationFactory(meeting=invited, person=member_person)
    for_members = MeetingFactory(invites_members=True)
    not_for_them = MeetingFactory(invites_members=False, invites_board=True)
    for meeting in (invited, for_members, not_for_them):
        minutes = save_minutes(meeting=meeting, by=None, summary="", outcomes={})
        approve_minutes(minutes=minutes, by=None, how="chair", on=date(2025, 3, 20))
    assert member_client.get(_minutes_url(invited)).status_code == 200
    assert member_client.get(_minutes_url(for_members)).status_code == 200
    assert member_client.get(_minutes_url(not_for_them)).status_code == 404


def test_representative_of_a_lapsed_member_no_longer_sees_member_meetings(client):
    from tests.factories import RepresentativeFactory

    rep = RepresentativeFactory(organisation__membership__status="lapsed")
    user = UserFactory(roles=["member"])
    rep.person.user = user
    rep.person.save()
    meeting = MeetingFactory(invites_members=True)
    minutes = save_minutes(meeting=meeting, by=None, summary="", outcomes={})
    approve_minutes(minutes=minutes, by=None, how="chair", on=date(2025, 3, 20))
    client.force_login(user)
    assert client.get(_minutes_url(meeting)).status_code == 404


def test_minutes_page_shows_you_said_we_did_to_readers(board_client):
    meeting = MeetingFactory()
    FeedbackFactory(item=AgendaItemFactory(meeting=meeting, title="Papers"))
    minutes = save_minutes(meeting=meeting, by=None, summary="", outcomes={})
    approve_minutes(minutes=minutes, by=None, how="chair", on=date(2025, 3, 20))
    html = board_client.get(_minutes_url(meeting)).content.decode()
    assert "Papers came too late to read with support." in html
    assert "Papers now go out two weeks before each meeting." in html
    assert "Write the minutes" not in html


def test_staff_write_minutes_through_the_form(staff_client):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="Budget")
    AgendaItemFactory(meeting=meeting, title="Withdrawn", status=AgendaItem.Status.WITHDRAWN)
    form = staff_client.get(_minutes_url(meeting, "minutes-edit")).context["form"]
    assert list(form.fields) == ["summary", f"outcome_{item.pk}"]
    response = staff_client.post(
        _minutes_url(meeting, "minutes-edit"),
        {"summary": "Notes", f"outcome_{item.pk}": "Agreed"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (Minutes.objects.get(meeting=meeting).summary, item.outcome) == ("Notes", "Agreed")


def test_too_long_notes_are_an_error_beside_the_field(staff_client):
    meeting = MeetingFactory()
    response = staff_client.post(_minutes_url(meeting, "minutes-edit"), {"summary": "x" * 20_001})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Minutes.objects.exists()


def test_circulate_asks_to_confirm_then_emails(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    AttendanceRecordFactory(meeting=meeting)
    AttendanceRecordFactory(
        meeting=meeting, person=PersonFactory(full_name="Pat Post", email="", phone="1")
    )
    save_minutes(meeting=meeting, by=None, summary="", outcomes={})
    page = staff_client.get(_minutes_url(meeting, "minutes-circulate")).content.decode()
    assert "Circulate the draft minutes" in page
    assert "Pat Post" in page
    assert staff_client.post(_minutes_url(meeting, "minutes-circulate"), {}).status_code == 200
    assert Minutes.objects.get().status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            _minutes_url(meeting, "minutes-circulate"), {"confirm": "true"}
        )
    assert response.status_code == 302
    assert Minutes.objects.get().status == "circulated"
    assert len(mailoutbox) == 1


@time_machine.travel(date(2025, 4, 10))
def test_approve_asks_to_confirm_with_how_and_when(staff_client, staff_user):
    meeting = MeetingFactory()
    save_minutes(meeting=meeting, by=None, summary="", outcomes={})
    url = _minutes_url(meeting, "minutes-approve")
    answers = {"how": "next-meeting", "on_0": "9", "on_1": "4", "on_2": "2025"}
    page = staff_client.post(url, answers)
    assert page.status_code == 200
    assert "Approve the minutes of" in page.content.decode()
    assert Minutes.objects.get().status == "draft"
    assert staff_client.post(url, {**answers, "confirm": "true"}).status_code == 302
    minutes = Minutes.objects.get()
    assert (minutes.status, minutes.approved_how, minutes.approved_by) == (
        "approved",
        "next-meeting",
        staff_user,
    )


@time_machine.travel(date(2025, 4, 10))
def test_approve_with_bad_answers_shows_errors(staff_client):
    meeting = MeetingFactory()
    save_minutes(meeting=meeting, by=None, summary="", outcomes={})
    url = _minutes_url(meeting, "minutes-approve")
    response = staff_client.post(url, {"on_0": "31", "on_1": "2", "on_2": "2025"})
    html = response.content.decode()
    assert "Choose how the minutes were approved" in html
    assert "Enter a real date" in html
    response = staff_client.post(url, {"how": "chair", "on_0": "1", "on_1": "5", "on_2": "2025"})
    assert "The date approved must be today or in the past" in response.content.decode()
    assert Minutes.objects.get().status == "draft"
