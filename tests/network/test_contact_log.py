"""The contact log: staff record contacts and follow-ups; no other role ever sees it."""

from datetime import date

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from network import selectors, services
from network.models import ContactRecord
from tests.dates import date_parts, shows_typed_date
from tests.factories import (
    ContactRecordFactory,
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    UserFactory,
)

NOT_STAFF = ["chair", "core group", "board", "member"]
TODAY = date(2025, 9, 1)
pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _org_add_url(organisation) -> str:
    return reverse("network:organisation-contact-add", args=[organisation.pk])


def _person_add_url(person) -> str:
    return reverse("network:person-contact-add", args=[person.pk])


def _done_url(record) -> str:
    return reverse("network:follow-up-done", args=[record.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The services ------------------------------------------------------------------------


def test_recording_a_contact_keeps_who_recorded_it_and_its_history(db):
    staff = UserFactory(roles=["staff"])
    representative = RepresentativeFactory()

    record = services.record_contact(
        by=staff,
        contacted_on=date(2025, 8, 30),
        method=ContactRecord.Method.VISIT,
        note="Visited their carers' group.",
        person=representative.person,
        organisation=representative.organisation,
        follow_up_on=date(2025, 9, 14),
    )

    record.refresh_from_db()
    assert record.recorded_by == staff
    assert (record.person, record.organisation) == (
        representative.person,
        representative.organisation,
    )
    assert record.history.get().history_user == staff


def test_a_contact_must_name_a_person_or_an_organisation(db):
    with pytest.raises(ValidationError) as caught:
        services.record_contact(
            by=UserFactory(), contacted_on=TODAY, method="phone", note="Who was it?"
        )

    assert caught.value.message_dict["person"] == [
        "Choose the person or the organisation the contact was with"
    ]
    assert not ContactRecord.objects.exists()


def test_the_database_refuses_a_contact_with_nobody(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRecord.objects.create(contacted_on=TODAY, method="phone", note="Nobody")


def test_the_database_refuses_a_follow_up_before_the_contact(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRecordFactory(contacted_on=date(2025, 8, 1), follow_up_on=date(2025, 7, 1))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"contacted_on": date(2025, 9, 2)},
            "contacted_on",
            "The date of the contact must be today or in the past",
        ),
        (
            {"contacted_on": date(2025, 8, 1), "follow_up_on": date(2025, 7, 31)},
            "follow_up_on",
            "The follow-up date must be on or after the contact, 1 August 2025",
        ),
        ({"note": ""}, "note", "This field cannot be blank."),
        ({"note": "x" * 1001}, "note", None),
        ({"method": "pigeon"}, "method", None),
    ],
)
def test_the_service_explains_a_bad_contact_beside_the_field(db, fields, field, message):
    values = {"contacted_on": TODAY, "method": "email", "note": "Sent the papers"}
    values.update(fields)

    with pytest.raises(ValidationError) as caught:
        services.record_contact(
            by=UserFactory(), organisation=MemberOrganisationFactory(), **values
        )

    assert field in caught.value.message_dict
    if message:
        assert caught.value.message_dict[field] == [message]


def test_completing_a_follow_up_dates_it_today_and_only_once(db):
    staff = UserFactory(roles=["staff"])
    record = ContactRecordFactory(follow_up_on=date(2025, 8, 20))

    services.complete_follow_up(record=record, by=staff)
    with time_machine.travel(date(2025, 9, 5), tick=False):
        again = services.complete_follow_up(record=record, by=staff)

    assert again.follow_up_done_on == TODAY
    record.refresh_from_db()
    assert record.follow_up_done_on == TODAY
    assert record.history.first().history_user == staff


def test_a_contact_without_a_follow_up_cannot_be_completed(db):
    record = ContactRecordFactory()

    with pytest.raises(ValidationError, match=r"This contact has no follow-up to mark as done\."):
        services.complete_follow_up(record=record, by=UserFactory())


# --- The selectors -----------------------------------------------------------------------


def test_the_log_is_newest_first_for_staff_and_empty_for_every_other_role(role_clients):
    organisation = MemberOrganisationFactory()
    old = ContactRecordFactory(organisation=organisation, contacted_on=date(2025, 1, 1))
    new = ContactRecordFactory(organisation=organisation, contacted_on=date(2025, 8, 1))
    ContactRecordFactory()  # another organisation's
    users = {role: client.get("/").wsgi_request.user for role, client in role_clients.items()}

    assert list(selectors.contact_log(users["staff"], organisation=organisation)) == [new, old]
    for role in [*NOT_STAFF, "anonymous"]:
        assert not selectors.contact_log(users[role], organisation=organisation).exists()
        assert selectors.contact_log_page(users[role], number=1, organisation=organisation) is None
        assert not selectors.follow_ups_due(users[role]).exists()


def test_the_log_pages_at_fifty(staff_user):
    person = PersonFactory()
    ContactRecordFactory.create_batch(51, organisation=None, person=person)

    first = selectors.contact_log_page(staff_user, number=1, person=person)
    second = selectors.contact_log_page(staff_user, number="2", person=person)

    assert len(first.object_list) == 50
    assert len(second.object_list) == 1


def test_follow_ups_due_are_those_on_or_before_today_and_not_done(staff_user):
    overdue = ContactRecordFactory(follow_up_on=date(2025, 8, 1))
    today = ContactRecordFactory(follow_up_on=TODAY)
    ContactRecordFactory(follow_up_on=date(2025, 9, 2))  # not yet due
    ContactRecordFactory(follow_up_on=date(2025, 8, 2), follow_up_done_on=date(2025, 8, 3))
    ContactRecordFactory()  # no follow-up

    assert list(selectors.follow_ups_due(staff_user)) == [overdue, today]


# --- Adding a contact --------------------------------------------------------------------


@pytest.mark.parametrize("page", ["organisation", "person", "done"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, page):
    record = ContactRecordFactory(person=PersonFactory(), follow_up_on=TODAY)
    url = {
        "organisation": _org_add_url(record.organisation),
        "person": _person_add_url(record.person),
        "done": _done_url(record),
    }[page]

    for response in (client.get(url), client.post(url, {"note": "x"})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", NOT_STAFF)
def test_no_other_role_may_add_or_complete_contacts(role_clients, role, member_person):
    client = role_clients[role]
    representative = member_person.representations.get()
    record = ContactRecordFactory(organisation=representative.organisation, follow_up_on=TODAY)
    data = {**date_parts("contacted_on", "2025-09-01"), "method": "phone", "note": "Hello"}

    for url in (_org_add_url(representative.organisation), _person_add_url(member_person)):
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert client.get(_done_url(record)).status_code == 403
    assert client.post(_done_url(record)).status_code == 403
    assert ContactRecord.objects.count() == 1
    record.refresh_from_db()
    assert record.follow_up_done_on is None


def test_staff_add_a_contact_with_an_organisation_and_its_representative(staff_client, staff_user):
    representative = RepresentativeFactory(
        person__full_name="Ria Rep", organisation__name="Carers Voice"
    )
    organisation = representative.organisation
    assert staff_client.get(_org_add_url(organisation)).status_code == 200

    response = staff_client.post(
        _org_add_url(organisation),
        {
            **date_parts("contacted_on", "2025-08-28"),
            "method": "meeting",
            "person": representative.person.pk,
            "note": "Agreed they will host the spring meeting.",
            **date_parts("follow_up_on", "2025-09-15"),
        },
    )

    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert _messages(response) == ["Contact with Carers Voice recorded."]
    record = ContactRecord.objects.get()
    assert (record.organisation, record.person, record.recorded_by) == (
        organisation,
        representative.person,
        staff_user,
    )
    assert (record.contacted_on, record.method, record.follow_up_on) == (
        date(2025, 8, 28),
        "meeting",
        date(2025, 9, 15),
    )
    html = staff_client.get(organisation.get_absolute_url()).content.decode()
    assert "Contact log" in html
    assert "Agreed they will host the spring meeting." in html
    assert "28 August 2025" in html
    assert "Due 15 September 2025" in html


def test_staff_add_a_contact_with_a_person_only(staff_client):
    person = PersonFactory(full_name="Pat Person")

    response = staff_client.post(
        _person_add_url(person),
        {
            **date_parts("contacted_on", "2025-09-01"),
            "method": "letter",
            "organisation": "",
            "note": "Wrote",
        },
    )

    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    record = ContactRecord.objects.get()
    assert (record.person, record.organisation, record.follow_up_on) == (person, None, None)
    html = staff_client.get(person.get_absolute_url()).content.decode()
    assert "Letter" in html
    assert "Wrote" in html


def test_a_person_can_be_chosen_only_from_the_organisations_representatives(staff_client):
    organisation = MemberOrganisationFactory()
    stranger = PersonFactory()

    response = staff_client.post(
        _org_add_url(organisation),
        {
            **date_parts("contacted_on", "2025-09-01"),
            "method": "phone",
            "person": stranger.pk,
            "note": "Hi",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["person"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_bad_input_is_explained_beside_the_fields_and_kept(staff_client):
    organisation = MemberOrganisationFactory()

    response = staff_client.post(
        _org_add_url(organisation),
        {
            **date_parts("contacted_on", "2025-08-20"),
            "method": "",
            "note": "",
            **date_parts("follow_up_on", "2025-08-19"),
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert response.context["form"].errors == {
        "method": ["Choose how the contact was made"],
        "note": ["Enter a short note about the contact"],
        "follow_up_on": ["The follow-up date must be on or after the contact, 20 August 2025"],
    }
    assert shows_typed_date(html, "contacted_on", "2025-08-20")
    assert shows_typed_date(html, "follow_up_on", "2025-08-19")
    assert not ContactRecord.objects.exists()


def test_a_future_contact_and_a_long_note_are_refused(staff_client):
    person = PersonFactory()

    response = staff_client.post(
        _person_add_url(person),
        {**date_parts("contacted_on", "2025-09-02"), "method": "phone", "note": "x" * 1001},
    )

    assert response.context["form"].errors == {
        "contacted_on": ["The date of the contact must be today or in the past"],
        "note": ["The note must be 1,000 characters or fewer"],
    }


def test_unknown_records_are_not_found(staff_client):
    assert (
        staff_client.get(reverse("network:organisation-contact-add", args=[999])).status_code
        == 404
    )
    assert staff_client.get(reverse("network:person-contact-add", args=[999])).status_code == 404
    assert staff_client.post(reverse("network:follow-up-done", args=[999])).status_code == 404


# --- Who sees the log -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_the_log_is_never_shown_to_other_roles(role_clients, role, member_person):
    organisation = member_person.representations.get().organisation
    ContactRecordFactory(organisation=organisation, note="Private note about them")
    client = role_clients[role]

    for url in (organisation.get_absolute_url(), member_person.get_absolute_url()):
        response = client.get(url, follow=True)
        html = response.content.decode()
        assert "Contact log" not in html, url
        assert "Private note about them" not in html, url
        assert response.context.get("contact_log") is None


def test_the_organisation_page_costs_the_same_with_many_contacts(
    staff_client, django_assert_max_num_queries
):
    organisation = MemberOrganisationFactory()
    ContactRecordFactory.create_batch(3, organisation=organisation, person=PersonFactory())
    with django_assert_max_num_queries(50) as captured:
        staff_client.get(organisation.get_absolute_url())
    baseline = len(captured)

    ContactRecordFactory.create_batch(
        30, organisation=organisation, person=PersonFactory(), follow_up_on=TODAY
    )

    with django_assert_max_num_queries(baseline):
        response = staff_client.get(organisation.get_absolute_url())
    assert len(response.context["contact_log"].object_list) == 33


def test_the_person_page_costs_the_same_with_many_contacts(
    staff_client, django_assert_max_num_queries
):
    person = PersonFactory()
    ContactRecordFactory.create_batch(2, person=person)
    with django_assert_max_num_queries(50) as captured:
        staff_client.get(person.get_absolute_url())
    baseline = len(captured)

    ContactRecordFactory.create_batch(20, person=person, follow_up_on=TODAY)

    with django_assert_max_num_queries(baseline):
        staff_client.get(person.get_absolute_url())


def test_the_second_page_of_the_log_shows_older_contacts(staff_client):
    person = PersonFactory()
    ContactRecordFactory.create_batch(50, person=person, organisation=None, note="Newer")
    ContactRecordFactory(
        person=person, organisation=None, contacted_on=date(2024, 1, 2), note="The oldest"
    )

    first = staff_client.get(person.get_absolute_url()).content.decode()
    second = staff_client.get(person.get_absolute_url() + "?contacts=2").content.decode()

    assert "The oldest" not in first
    assert "?contacts=2#contact-log" in first
    assert "The oldest" in second
    assert "(page 2 of 2)" in second


# --- Follow-ups --------------------------------------------------------------------------


def test_staff_mark_a_follow_up_done_and_return_to_the_page(staff_client, staff_user):
    person = PersonFactory(full_name="Pat Person")
    record = ContactRecordFactory(person=person, organisation=None, follow_up_on=TODAY)
    page = person.get_absolute_url()

    assert staff_client.get(_done_url(record)).status_code == 405
    response = staff_client.post(_done_url(record), {"next": page})

    assert response.status_code == 302
    assert response.url == page
    assert _messages(response) == ["Follow-up with Pat Person marked as done."]
    record.refresh_from_db()
    assert record.follow_up_done_on == TODAY
    assert record.history.first().history_user == staff_user
    assert "Done</strong> on 1 September 2025" in staff_client.get(page).content.decode()


def test_an_outside_address_to_return_to_is_ignored(staff_client):
    record = ContactRecordFactory(follow_up_on=TODAY, organisation__name="Carers Voice")

    response = staff_client.post(_done_url(record), {"next": "https://evil.example.com/"})

    assert response.url == record.organisation.get_absolute_url()


def test_a_contact_without_a_follow_up_is_not_found_to_complete(staff_client):
    record = ContactRecordFactory()

    assert staff_client.post(_done_url(record)).status_code == 404


def test_staff_home_lists_the_follow_ups_that_are_due(staff_client):
    due = ContactRecordFactory(
        follow_up_on=date(2025, 8, 25),
        organisation__name="Carers Voice",
        note="Send the membership pack",
    )
    ContactRecordFactory(follow_up_on=date(2025, 9, 20), note="Not yet due")
    ContactRecordFactory(
        follow_up_on=date(2025, 8, 1), follow_up_done_on=date(2025, 8, 1), note="Done already"
    )

    html = staff_client.get(reverse("reporting:home")).content.decode()

    assert "Follow-ups due" in html
    assert "1 follow-up due today or earlier" in html
    assert "25 August 2025" in html
    assert "Send the membership pack" in html
    assert "Not yet due" not in html
    assert "Done already" not in html
    assert _done_url(due) in html

    response = staff_client.post(_done_url(due), {"next": reverse("reporting:home")})
    assert response.url == reverse("reporting:home")
    home = staff_client.get(reverse("reporting:home")).content.decode()
    assert "No follow-ups are due." in home


@pytest.mark.parametrize("role", NOT_STAFF)
def test_other_roles_home_has_no_follow_ups(role_clients, role):
    ContactRecordFactory(follow_up_on=TODAY, note="Call them back")

    html = role_clients[role].get(reverse("reporting:home")).content.decode()

    assert "Follow-ups due" not in html
    assert "Call them back" not in html


def test_the_home_page_costs_the_same_with_many_follow_ups(
    staff_client, django_assert_max_num_queries
):
    ContactRecordFactory.create_batch(2, follow_up_on=TODAY)
    with django_assert_max_num_queries(60) as captured:
        staff_client.get(reverse("reporting:home"))
    baseline = len(captured)

    ContactRecordFactory.create_batch(25, follow_up_on=TODAY, person=PersonFactory())

    with django_assert_max_num_queries(baseline):
        html = staff_client.get(reverse("reporting:home")).content.decode()
    assert "27 follow-ups due today or earlier: the 20 oldest" in html


def test_staff_see_an_empty_log_with_the_way_to_add_a_contact(staff_client):
    person = PersonFactory(full_name="Pat Person")

    html = staff_client.get(person.get_absolute_url()).content.decode()

    assert '<h2 class="govuk-heading-m" id="contact-log-heading">Contact log</h2>' in html
    assert "No contacts have been recorded with Pat Person." in html
    assert f'href="{_person_add_url(person)}">Add a contact' in html
