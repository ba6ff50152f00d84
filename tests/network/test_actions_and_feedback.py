"""Actions from meetings (added, closed, listed across meetings) and "you said, we did"."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from network.models import Action, Feedback
from network.selectors.meeting_records import feedback_since
from network.services.meeting_records import (
    add_action,
    approve_minutes,
    close_action,
    record_feedback,
    save_minutes,
)
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    FeedbackFactory,
    MeetingFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_add_action_refuses_another_meetings_item():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as raised:
        add_action(
            meeting=meeting,
            by=None,
            description="Book a room",
            owner=PersonFactory(),
            due_on=date(2025, 5, 1),
            item=AgendaItemFactory(),
        )
    assert raised.value.message_dict == {"item": ["Choose an item on this meeting's agenda"]}


@time_machine.travel(date(2025, 4, 10))
def test_close_action_done_today_or_dropped():
    done, dropped = ActionFactory(), ActionFactory()
    close_action(action=done, by=None, status="done")
    close_action(action=dropped, by=None, status="dropped")
    assert (done.status, done.completed_on) == ("done", date(2025, 4, 10))
    assert (dropped.status, dropped.completed_on) == ("dropped", None)
    with pytest.raises(ValidationError):
        close_action(action=done, by=None, status="dropped")


def test_staff_add_an_action_from_the_minutes(staff_client, staff_user):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    owner = PersonFactory(full_name="Olu Owner")
    response = staff_client.post(
        reverse("network:action-add", args=[meeting.pk]),
        {
            "description": "Send the papers",
            "owner": owner.pk,
            "due_on_0": "1",
            "due_on_1": "5",
            "due_on_2": "2025",
            "item": item.pk,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.description, action.owner, action.due_on, action.item, action.created_by) == (
        "Send the papers",
        owner,
        date(2025, 5, 1),
        item,
        staff_user,
    )


def test_action_form_errors_are_beside_the_fields(staff_client):
    meeting = MeetingFactory()
    response = staff_client.post(
        reverse("network:action-add", args=[meeting.pk]),
        {"description": "", "owner": "99999999999999999999999", "due_on_0": "31", "due_on_1": "2"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter what needs to be done" in html
    assert "Choose someone who is in the network&#x27;s records" in html
    assert "The date must include a year" in html
    assert not Action.objects.exists()


def test_close_action_from_the_list(staff_client):
    action = ActionFactory()
    response = staff_client.post(
        reverse("network:action-close", args=[action.pk]), {"status": "done", "next": "list"}
    )
    assert response["Location"] == reverse("network:action-list")
    action.refresh_from_db()
    assert action.status == "done"


@time_machine.travel(date(2025, 4, 10))
def test_action_list_filters_and_marks_overdue_in_words(staff_client):
    ActionFactory(description="Late one", due_on=date(2025, 4, 1))
    ActionFactory(description="Coming up", due_on=date(2025, 5, 1))
    ActionFactory(description="Finished", status="done", due_on=date(2025, 3, 1))
    url = reverse("network:action-list")

    def shown(show):
        rows = staff_client.get(url, {"show": show}).context["listing"].rows
        return [action.description for action in rows]

    assert shown("") == ["Finished", "Late one", "Coming up"]
    assert shown("open") == ["Late one", "Coming up"]
    assert shown("overdue") == ["Late one"]
    assert shown("done") == ["Finished"]
    html = staff_client.get(url, {"show": "overdue"}).content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html


def test_action_list_queries_do_not_grow_with_rows(staff_client, django_assert_num_queries):
    url = reverse("network:action-list")
    ActionFactory.create_batch(3)
    staff_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    ActionFactory.create_batch(40)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(url)
    assert len(few) == len(many)


@pytest.mark.parametrize(
    ("name", "status"), [("chair", 200), ("core group", 200), ("board", 403), ("member", 403)]
)
def test_who_reads_the_action_list(role_clients, name, status):
    assert role_clients[name].get(reverse("network:action-list")).status_code == status


def test_readers_cannot_close_actions(chair_client):
    action = ActionFactory()
    response = chair_client.post(
        reverse("network:action-close", args=[action.pk]), {"status": "done"}
    )
    assert response.status_code == 403


def test_record_feedback_and_read_it_since_a_day():
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="Travel")
    staff = UserFactory()
    with time_machine.travel(date(2025, 4, 2)):
        feedback = record_feedback(item=item, by=staff, you_said=" Pay bus fares ", we_did="Done")
    assert (feedback.you_said, feedback.recorded_by) == ("Pay bus fares", staff)
    FeedbackFactory(recorded_on=date(2025, 1, 1))  # its minutes are not approved
    assert list(feedback_since(date(2025, 4, 1))) == []  # minutes not approved yet
    minutes = save_minutes(meeting=meeting, by=None, summary="", outcomes={})
    approve_minutes(minutes=minutes, by=None, how="chair", on=date(2025, 3, 20))
    assert list(feedback_since(date(2025, 4, 1))) == [feedback]
    assert list(feedback_since(date(2025, 4, 3))) == []


def test_staff_record_feedback_through_the_form(staff_client):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    url = reverse("network:feedback-add", args=[meeting.pk])
    empty = staff_client.post(url, {})
    html = empty.content.decode()
    assert "Choose the agenda item members gave their views on" in html
    assert "Enter what members said" in html
    other = AgendaItemFactory()
    wrong = staff_client.post(url, {"item": other.pk, "you_said": "a", "we_did": "b"})
    assert "Choose an item on this meeting&#x27;s agenda" in wrong.content.decode()
    done = staff_client.post(url, {"item": item.pk, "you_said": "a", "we_did": "b"})
    assert done.status_code == 302
    assert Feedback.objects.get().item == item


@pytest.mark.parametrize("name", ["chair", "core group", "board", "member"])
def test_only_staff_record_actions_and_feedback(role_clients, name):
    meeting = MeetingFactory()
    for view in ("action-add", "feedback-add"):
        url = reverse(f"network:{view}", args=[meeting.pk])
        assert role_clients[name].get(url).status_code == 403
        assert role_clients[name].post(url, {}).status_code == 403


def test_overdue_is_only_for_open_actions_past_their_day():
    today = date(2025, 4, 10)
    assert ActionFactory.build(due_on=today - timedelta(days=1)).is_overdue_on(today)
