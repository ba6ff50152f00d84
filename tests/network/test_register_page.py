"""The attendance register page: one form for everyone, saved in one request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import AttendanceRecord
from tests.factories import InvitationFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _url(meeting):
    return reverse("network:meeting-register", args=[meeting.pk])


def _post_data(people, status="attended", capacity="carer", add=None):
    data = {
        "form-TOTAL_FORMS": str(len(people)),
        "form-INITIAL_FORMS": str(len(people)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "2000",
        "add-person": str(add.pk) if add else "",
        "add-capacity": "other" if add else "",
    }
    for index, person in enumerate(people):
        data[f"form-{index}-person"] = str(person.pk)
        data[f"form-{index}-status"] = status
        data[f"form-{index}-capacity"] = capacity
    return data


@pytest.mark.parametrize("name", ["chair", "core group", "board", "member"])
def test_only_staff_use_the_register(role_clients, name):
    meeting = MeetingFactory()
    assert role_clients[name].get(_url(meeting)).status_code == 403
    assert role_clients[name].post(_url(meeting), {}).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(_url(MeetingFactory()))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unknown_meeting_is_404(staff_client):
    assert staff_client.get(reverse("network:meeting-register", args=[999])).status_code == 404


def test_page_lists_invited_people_with_apologies_prefilled(staff_client):
    meeting = MeetingFactory()
    InvitationFactory(meeting=meeting, person__full_name="Ann Sorry", reply="apologies")
    InvitationFactory(
        meeting=meeting, person__full_name="Bo Came", person__lived_experience="carer"
    )
    response = staff_client.get(_url(meeting))
    assert response.status_code == 200
    lines = response.context["lines"]
    assert [
        (line.name, line.form.initial["status"], line.form.initial["capacity"]) for line in lines
    ] == [
        ("Ann Sorry", "apologies", "other"),
        ("Bo Came", "attended", "carer"),
    ]
    html = response.content.decode()
    assert 'value="apologies" class="govuk-radios__input" id="id_form-0-status_1" checked' in html


def _queries_to_post(staff_client, count):
    meeting = MeetingFactory()
    people = [InvitationFactory(meeting=meeting).person for _ in range(count)]
    extra = PersonFactory()
    data = _post_data(people, add=extra)
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.post(_url(meeting), data)
    assert response.status_code == 302
    assert AttendanceRecord.objects.filter(meeting=meeting).count() == count + 1
    return len(queries)


def test_saving_5_or_40_people_takes_the_same_number_of_queries(staff_client):
    assert _queries_to_post(staff_client, 5) == _queries_to_post(staff_client, 40)


def test_saving_records_every_row_and_the_person_added(staff_client, staff_user):
    meeting = MeetingFactory()
    ann = InvitationFactory(meeting=meeting, person__full_name="Ann").person
    walk_in = PersonFactory(full_name="Walk In")
    response = staff_client.post(_url(meeting), _post_data([ann], add=walk_in))
    assert response.status_code == 302
    assert response["Location"] == reverse("network:meeting-minutes", args=[meeting.pk])
    rows = AttendanceRecord.objects.order_by("person__full_name").values_list(
        "person__full_name", "status", "capacity", "recorded_by"
    )
    assert list(rows) == [
        ("Ann", "attended", "carer", staff_user.pk),
        ("Walk In", "attended", "other", staff_user.pk),
    ]


def test_bad_rows_show_errors_beside_them_and_keep_the_input(staff_client):
    meeting = MeetingFactory()
    ann = InvitationFactory(meeting=meeting, person__full_name="Ann").person
    bo = InvitationFactory(meeting=meeting, person__full_name="Bo").person
    data = _post_data([ann, bo])
    data["form-0-status"] = "asleep"
    data["form-1-capacity"] = "astronaut"
    data["add-person"] = str(PersonFactory().pk)
    data["add-capacity"] = ""
    response = staff_client.post(_url(meeting), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_form-0-status_0">Ann: Choose attended, apologies or absent</a>' in html
    assert '<a href="#id_form-1-capacity">Bo: Choose the capacity they came in</a>' in html
    assert html.count("Choose the capacity they came in") == 4  # Bo and the person added
    assert 'value="carer" selected' in html  # Ann's capacity kept
    assert AttendanceRecord.objects.count() == 0


def test_a_person_not_in_the_records_is_an_error_beside_the_row(staff_client):
    meeting = MeetingFactory()
    data = _post_data([PersonFactory()])
    data["form-0-person"] = "987654"
    response = staff_client.post(_url(meeting), data)
    assert response.status_code == 200
    assert "Choose someone who is in the network&#x27;s records" in response.content.decode()
    assert AttendanceRecord.objects.count() == 0


def test_missing_management_form_is_a_message_not_a_500(staff_client):
    response = staff_client.post(_url(MeetingFactory()), {"form-0-status": "attended"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
