"""The meeting pages: who sees which meeting, adding and changing one, cancelling and
publishing it, replies, the print list, the printed agenda, the year and the home panel."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from network.models import Invitation, Meeting, Person, RoleTerm
from network.selectors.meetings import meetings_visible_to
from tests.factories import (
    AgendaItemFactory,
    InvitationFactory,
    MeetingFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2025, 3, 1, 9, tzinfo=LONDON)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

GOOD = {
    "title": "Spring strategic meeting",
    "kind": "strategic",
    "on_0": "12",
    "on_1": "3",
    "on_2": "2025",
    "starts_at": "10:30",
    "ends_at": "15:30",
    "place": "Community Hall, Leeds",
    "online_link": "",
    "arrangements": ["has_step_free_access", "has_hearing_loop"],
    "invites": ["invites_members", "invites_board"],
    "capacity": "40",
    "registration_closes_on_0": "5",
    "registration_closes_on_1": "3",
    "registration_closes_on_2": "2025",
}


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# --- Who sees what ----------------------------------------------------------------------


def test_board_see_strategic_and_invited_meetings_members_only_invited(board_user, member_person):
    strategic = MeetingFactory(kind="strategic", invites_members=False, invites_board=False)
    workshop = MeetingFactory(kind="workshop", invites_members=True, invites_board=False)
    core = MeetingFactory(
        kind="core-group", invites_members=False, invites_board=False, invites_core_group=True
    )
    invited = MeetingFactory(
        kind="other", invites_members=False, invites_board=False, invites_staff=True
    )
    InvitationFactory(meeting=invited, person=member_person)

    assert set(meetings_visible_to(board_user)) == {strategic}
    assert set(meetings_visible_to(member_person.user)) == {workshop, invited}
    assert core not in meetings_visible_to(member_person.user)


def test_a_board_term_makes_board_invitations_visible(board_user):
    RoleTermFactory(person=PersonFactory(user=board_user), role=RoleTerm.Role.BOARD)
    products = MeetingFactory(kind="products", invites_members=False, invites_board=True)
    assert list(meetings_visible_to(board_user)) == [products]


def test_a_member_of_a_lapsed_organisation_is_no_longer_in_the_audience(member_person):
    meeting = MeetingFactory(kind="workshop", invites_members=True, invites_board=False)
    representation = member_person.representations.get()
    representation.ended_on = date(2025, 2, 1)
    representation.save()
    assert meeting not in meetings_visible_to(member_person.user)


def test_a_meeting_not_visible_is_404(member_client):
    meeting = MeetingFactory(
        kind="core-group", invites_members=False, invites_board=False, invites_core_group=True
    )
    assert member_client.get(meeting.get_absolute_url()).status_code == 404


# --- Adding, changing, cancelling -------------------------------------------------------


def test_staff_add_a_meeting(staff_client):
    response = staff_client.post(reverse("network:meeting-add"), GOOD)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert meeting.starts_at == datetime(2025, 3, 12, 10, 30, tzinfo=LONDON)
    assert meeting.ends_at == datetime(2025, 3, 12, 15, 30, tzinfo=LONDON)
    assert (meeting.has_step_free_access, meeting.has_hearing_loop) == (True, True)
    assert meeting.has_bsl_interpreter is False
    assert (meeting.invites_members, meeting.invites_board, meeting.invites_staff) == (
        True,
        True,
        False,
    )
    assert (meeting.capacity, meeting.registration_closes_on) == (40, date(2025, 3, 5))
    assert meeting.agenda_status == Meeting.AgendaStatus.DRAFT


def test_bad_values_are_shown_beside_their_fields_and_kept(staff_client):
    bad = {
        **GOOD,
        "starts_at": "half ten",
        "ends_at": "09:00",
        "capacity": "0",
        "registration_closes_on_0": "31",
        "registration_closes_on_1": "2",
    }
    response = staff_client.post(reverse("network:meeting-add"), bad)
    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {
        "starts_at": ["Enter the time the meeting starts as hours and minutes, like 10:30"],
        "capacity": ["Enter at least 1 place, or leave it empty if places are not limited"],
        "registration_closes_on": ["Enter a real date"],
    }
    assert 'value="half ten"' in response.content.decode()
    assert Meeting.objects.count() == 0


def test_the_meetings_own_rules_land_beside_the_fields(staff_client):
    bad = {
        **GOOD,
        "ends_at": "09:00",
        "place": "",
        "invites": [],
        "registration_closes_on_0": "13",
    }
    response = staff_client.post(reverse("network:meeting-add"), bad)
    assert response.context["form"].errors == {
        "ends_at": ["The meeting must end after it starts"],
        "place": ["Enter the place, or an online link, or both"],
        "registration_closes_on": ["Registration must close on or before the day of the meeting"],
        "invites": ["Choose who is invited"],
    }
    assert "There is a problem" in response.content.decode()


def test_staff_move_a_meeting_and_invitees_are_told(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title="Spring strategic meeting", capacity=40)
    InvitationFactory(
        meeting=meeting,
        person__email="ann@example.org",
        email_status=Invitation.EmailStatus.SENT,
        notified_sequence=0,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("network:meeting-edit", args=[meeting.pk]),
            {
                **GOOD,
                "starts_at": "11:00",
                "registration_closes_on_0": "",
                "registration_closes_on_1": "",
                "registration_closes_on_2": "",
            },
            follow=True,
        )
    meeting.refresh_from_db()
    assert meeting.starts_at == datetime(2025, 3, 12, 11, tzinfo=LONDON)
    assert meeting.calendar_sequence == 1
    assert "Everyone emailed the invitation is being sent the new details." in (
        response.content.decode()
    )
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]


def test_the_edit_form_starts_from_the_meeting(staff_client):
    meeting = MeetingFactory(title="Spring", has_hearing_loop=True)
    form = staff_client.get(reverse("network:meeting-edit", args=[meeting.pk])).context["form"]
    assert form["starts_at"].value() == "10:30"
    assert form["ends_at"].value() == "15:30"
    assert form["on"].value() == date(2025, 3, 12)
    assert form["arrangements"].value() == ["has_step_free_access", "has_hearing_loop"]
    assert form["invites"].value() == ["invites_members", "invites_board"]


def test_cancelling_asks_for_a_reason_then_confirmation(staff_client):
    meeting = MeetingFactory()
    url = reverse("network:meeting-cancel", args=[meeting.pk])

    empty = staff_client.post(url, {})
    assert empty.context["form"].errors == {"reason": ["Enter why the meeting is cancelled"]}

    confirm = staff_client.post(url, {"reason": "The venue flooded."})
    assert confirm.status_code == 200
    assert "You cannot undo this." in confirm.content.decode()
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None

    done = staff_client.post(url, {"reason": "The venue flooded.", "confirm": "true"})
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert meeting.cancellation_reason == "The venue flooded."


# --- Publishing -------------------------------------------------------------------------


def test_publishing_a_draft_agenda_is_refused_with_the_reason(staff_client):
    meeting = MeetingFactory()
    url = reverse("network:meeting-publish", args=[meeting.pk])
    for response in (staff_client.get(url), staff_client.post(url, {"confirm": "true"})):
        assert response.status_code == 200
        assert "The agenda must be signed off before it is published." in (
            response.content.decode()
        )
    assert Invitation.objects.count() == 0


def test_publishing_lists_who_is_invited_and_left_out_then_invites(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    RepresentativeFactory(person__email="ann@example.org")
    RepresentativeFactory(
        person__preferred_channel=Person.Channel.POST,
        person__address="1 A Rd",
        person__postcode="LS1 1AA",
    )
    RepresentativeFactory(
        person__full_name="Wyn Withdrawn",
        person__consent_given_on=date(2024, 1, 1),
        person__consent_method="email",
        person__consent_withdrawn_on=date(2025, 1, 2),
    )
    meeting = MeetingFactory(agenda_status=Meeting.AgendaStatus.SIGNED_OFF)
    url = reverse("network:meeting-publish", args=[meeting.pk])

    page = staff_client.get(url)
    assert (page.context["invitee_count"], page.context["by_email"], page.context["by_post"]) == (
        2,
        1,
        1,
    )
    assert "Withdrew consent to be contacted on 2 January 2025" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"confirm": "true"})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]
    assert Invitation.objects.count() == 2


def test_the_print_list_shows_addresses_and_problems(staff_client):
    meeting = MeetingFactory(agenda_status=Meeting.AgendaStatus.PUBLISHED)
    InvitationFactory(
        meeting=meeting,
        email_status="by-post",
        person__full_name="Pat Post",
        person__address="2 Low Road, Leeds",
        person__postcode="LS2 2BB",
        person__preferred_channel=Person.Channel.LARGE_PRINT,
    )
    InvitationFactory(meeting=meeting, email_status="by-post", person__full_name="Nia Noaddress")
    InvitationFactory(
        meeting=meeting,
        email_status="failed",
        person__full_name="Fay Failed",
        email_error="No email address on record: reach this person another way.",
    )
    InvitationFactory(meeting=meeting, email_status="sent", person__full_name="Sue Sent")
    response = staff_client.get(reverse("network:meeting-print-list", args=[meeting.pk]))
    context = response.context
    assert [i.person.full_name for i in context["to_post"]] == ["Pat Post"]
    assert [i.person.full_name for i in context["no_address"]] == ["Nia Noaddress"]
    assert [i.person.full_name for i in context["not_emailed"]] == ["Fay Failed"]
    html = response.content.decode()
    assert "2 Low Road, Leeds" in html
    assert "Large print by post" in html
    assert "Sue Sent" not in html


# --- Replies ----------------------------------------------------------------------------


def test_a_member_replies_with_access_needs(member_client, member_person):
    invitation = InvitationFactory(meeting=MeetingFactory(capacity=10), person=member_person)
    url = reverse("network:meeting-reply", args=[invitation.meeting_id])
    response = member_client.post(url, {"reply": "attending", "access_needs": "A quiet room"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.reply, invitation.access_needs) == ("attending", "A quiet room")
    page = member_client.get(invitation.meeting.get_absolute_url()).content.decode()
    assert "You are coming: you have a place." in page
    assert "9 of 10 left" in page


def test_a_reply_after_closing_is_refused_beside_the_field_and_kept(member_client, member_person):
    meeting = MeetingFactory(registration_closes_on=date(2025, 2, 28))
    InvitationFactory(meeting=meeting, person=member_person)
    url = reverse("network:meeting-reply", args=[meeting.pk])
    response = member_client.post(url, {"reply": "attending", "access_needs": "Hearing loop"})
    assert response.context["form"].errors == {
        "reply": ["Registration closed on 28 February 2025. You can still send apologies."]
    }
    assert "Hearing loop" in response.content.decode()


def test_an_empty_reply_is_refused(member_client, member_person):
    invitation = InvitationFactory(person=member_person)
    response = member_client.post(reverse("network:meeting-reply", args=[invitation.meeting_id]))
    assert response.context["form"].errors == {
        "reply": ["Choose whether you will come to the meeting"]
    }


def test_staff_see_the_counts_and_access_needs(staff_client):
    meeting = MeetingFactory(capacity=1)
    InvitationFactory(meeting=meeting, reply="attending", access_needs="BSL interpreter")
    InvitationFactory(meeting=meeting, reply="waiting", replied_at=NOW)
    InvitationFactory(meeting=meeting, reply="apologies")
    InvitationFactory(meeting=meeting)
    InvitationFactory(meeting=meeting)
    response = staff_client.get(reverse("network:meeting-replies", args=[meeting.pk]))
    registration = response.context["registration"]
    assert (
        registration.attending,
        registration.waiting,
        registration.apologies,
        registration.no_reply,
    ) == (1, 1, 1, 2)
    assert "BSL interpreter" in response.content.decode()


# --- Lists, the year, query counts --------------------------------------------------------


def test_the_list_filters_by_year_kind_and_upcoming(staff_client):
    past = MeetingFactory(
        title="Past",
        starts_at=datetime(2024, 5, 1, 10, tzinfo=LONDON),
        ends_at=datetime(2024, 5, 1, 12, tzinfo=LONDON),
    )
    soon = MeetingFactory(
        title="Soon",
        kind="workshop",
        starts_at=datetime(2025, 3, 10, 10, tzinfo=LONDON),
        ends_at=datetime(2025, 3, 10, 12, tzinfo=LONDON),
    )
    later = MeetingFactory(
        title="Later",
        starts_at=datetime(2025, 9, 1, 10, tzinfo=LONDON),
        ends_at=datetime(2025, 9, 1, 12, tzinfo=LONDON),
    )
    url = reverse("network:meeting-list")
    assert staff_client.get(url).context["meetings"] == [later, soon, past]
    assert staff_client.get(url, {"when": "upcoming"}).context["meetings"] == [soon, later]
    assert staff_client.get(url, {"year": "2024"}).context["meetings"] == [past]
    assert staff_client.get(url, {"kind": "workshop"}).context["meetings"] == [soon]
    bad = staff_client.get(url, {"year": "twenty"})
    assert bad.context["form"].errors == {"year": ["Enter the year as 4 numbers, like 2026"]}


def test_the_list_costs_the_same_with_more_meetings(staff_client):
    url = reverse("network:meeting-list")
    MeetingFactory.create_batch(2)
    before = queries_for(staff_client, url)
    MeetingFactory.create_batch(20)
    assert queries_for(staff_client, url) == before


def test_the_meeting_page_costs_the_same_with_more_invitations(member_client, member_person):
    meeting = MeetingFactory(capacity=30)
    InvitationFactory(meeting=meeting, person=member_person, reply="waiting", replied_at=NOW)
    InvitationFactory.create_batch(2, meeting=meeting, reply="attending")
    before = queries_for(member_client, meeting.get_absolute_url())
    InvitationFactory.create_batch(25, meeting=meeting, reply="waiting", replied_at=NOW)
    assert queries_for(member_client, meeting.get_absolute_url()) == before


def test_the_year_warns_when_a_full_network_meeting_is_missing(chair_client):
    MeetingFactory(title="Strategic", kind="strategic")
    MeetingFactory(kind="products", cancelled_at=NOW, cancellation_reason="Snow")
    response = chair_client.get(reverse("network:meeting-year", args=[2025]))
    html = response.content.decode()
    assert response.context["full_network"].missing == ["Products and programmes network meeting"]
    assert "2025 does not have a products and programmes network meeting." in html

    MeetingFactory(kind="products")
    response = chair_client.get(reverse("network:meeting-year", args=[2025]))
    assert response.context["full_network"].missing == []
    assert "does not have" not in response.content.decode()


# --- The printed agenda, the calendar file, the home panel --------------------------------


def test_the_agenda_pdf_has_the_items_in_order_and_a_large_print_version(
    member_client, member_person
):
    meeting = MeetingFactory(
        title="Spring strategic meeting", agenda_status=Meeting.AgendaStatus.PUBLISHED
    )
    InvitationFactory(meeting=meeting, person=member_person)
    AgendaItemFactory(meeting=meeting, title="Welcome and introductions", position=1)
    AgendaItemFactory(
        meeting=meeting, title="The business plan", position=2, presenter="Chris Chair"
    )
    AgendaItemFactory(meeting=meeting, title="Withdrawn idea", status="withdrawn", position=3)
    url = reverse("network:meeting-agenda-pdf", args=[meeting.pk])

    standard = member_client.get(url)
    large = member_client.get(url, {"large": "1"})

    assert standard["Content-Type"] == "application/pdf"
    text = pdf_text(standard.content)
    assert "Spring strategic meeting" in text
    assert text.index("Welcome and introductions") < text.index("The business plan")
    assert "Chris Chair" in text
    assert "Withdrawn idea" not in text
    assert "Welcome and introductions" in pdf_text(large.content)
    assert (
        large["Content-Disposition"] == f'inline; filename="agenda-{meeting.pk}-large-print.pdf"'
    )


def test_a_draft_agenda_pdf_is_404_for_a_member(member_client, member_person):
    meeting = MeetingFactory()
    InvitationFactory(meeting=meeting, person=member_person)
    response = member_client.get(reverse("network:meeting-agenda-pdf", args=[meeting.pk]))
    assert response.status_code == 404


def test_the_calendar_file_downloads(member_client, member_person):
    meeting = MeetingFactory()
    InvitationFactory(meeting=meeting, person=member_person)
    response = member_client.get(reverse("network:meeting-calendar", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    assert f"UID:meeting-{meeting.pk}@coprod" in response.content.decode()


def test_the_home_panel_shows_the_next_three_visible_meetings(member_client, member_person):
    for day in (20, 5, 25, 15):
        MeetingFactory(
            title=f"Workshop on the {day}th",
            kind="workshop",
            starts_at=datetime(2025, 3, day, 10, tzinfo=LONDON),
            ends_at=datetime(2025, 3, day, 12, tzinfo=LONDON),
        )
    MeetingFactory(
        title="Core group",
        kind="core-group",
        invites_members=False,
        invites_board=False,
        invites_core_group=True,
        starts_at=datetime(2025, 3, 2, 10, tzinfo=LONDON),
        ends_at=datetime(2025, 3, 2, 12, tzinfo=LONDON),
    )
    html = member_client.get(reverse("reporting:home")).content.decode()
    assert "Upcoming meetings" in html
    assert html.index("Workshop on the 5th") < html.index("Workshop on the 15th")
    assert html.index("Workshop on the 15th") < html.index("Workshop on the 20th")
    assert "Workshop on the 25th" not in html
    assert "Core group" not in html


def test_large_print_draws_the_large_print_edition(staff_client, monkeypatch):
    meeting = MeetingFactory()
    drawn = []

    def fake_render(template: str, context: dict) -> bytes:
        drawn.append(render_to_string(template, context))
        return b"%PDF-1.7"

    monkeypatch.setattr("network.views.meetings.render_pdf", fake_render)
    url = reverse("network:meeting-agenda-pdf", args=[meeting.pk])
    staff_client.get(url)
    staff_client.get(url, {"large": "1"})
    assert ['<body class="large-print">' in html for html in drawn] == [False, True]
    assert "(draft agenda, not yet published)" in drawn[0]


def test_the_replies_page_costs_the_same_with_more_invitations(staff_client):
    meeting = MeetingFactory()
    InvitationFactory.create_batch(2, meeting=meeting, access_needs="Step-free access")
    url = reverse("network:meeting-replies", args=[meeting.pk])
    before = queries_for(staff_client, url)
    InvitationFactory.create_batch(20, meeting=meeting, reply="waiting", replied_at=NOW)
    assert queries_for(staff_client, url) == before
