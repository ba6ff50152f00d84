"""Withdrawing consent to be contacted: its own confirmed action, for staff and for the person."""

from datetime import date

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from network import services
from network.models import Person
from tests.dates import date_parts, shows_typed_date
from tests.factories import PersonFactory

NOT_STAFF = ["chair", "core group", "board", "member"]
TODAY = date(2025, 9, 1)
MINE = reverse("network:my-consent-withdraw")
pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def consenting(db) -> Person:
    return PersonFactory(
        full_name="Pat Person",
        consent_given_on=date(2025, 3, 3),
        consent_method=Person.ConsentMethod.EMAIL,
    )


def _url(person: Person) -> str:
    return reverse("network:person-consent-withdraw", args=[person.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The service ----------------------------------------------------------------------------


def test_withdrawing_records_the_day_and_who_recorded_it(consenting, staff_user):
    services.withdraw_consent(person=consenting, by=staff_user, on=date(2025, 8, 1))

    consenting.refresh_from_db()
    assert consenting.consent_withdrawn_on == date(2025, 8, 1)
    assert not consenting.has_consent
    assert consenting.history.first().history_user == staff_user


def test_withdrawing_defaults_to_today_even_if_other_details_are_incomplete(db):
    person = PersonFactory(email="", preferred_channel=Person.Channel.EMAIL)

    services.withdraw_consent(person=person, by=None)

    person.refresh_from_db()
    assert person.consent_withdrawn_on == TODAY


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (date(2025, 3, 2), "Consent cannot be withdrawn before it was given (3 March 2025)."),
        (date(2025, 9, 2), "The date consent was withdrawn must be today or in the past"),
    ],
)
def test_impossible_dates_are_refused(consenting, on, message):
    with pytest.raises(ValidationError) as caught:
        services.withdraw_consent(person=consenting, by=None, on=on)

    assert caught.value.message_dict["withdrawn_on"][0].startswith(message)
    consenting.refresh_from_db()
    assert consenting.consent_withdrawn_on is None


def test_consent_cannot_be_withdrawn_twice(consenting):
    services.withdraw_consent(person=consenting, by=None, on=date(2025, 8, 1))

    with pytest.raises(ValidationError, match=r"Consent was already withdrawn on 1 August 2025\."):
        services.withdraw_consent(person=consenting, by=None)


# --- Staff, on the person's page ----------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, consenting):
    for url in (_url(consenting), MINE):
        for response in (client.get(url), client.post(url, {"confirm": "true"})):
            assert response.status_code == 302
            assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", NOT_STAFF)
def test_other_roles_may_not_withdraw_someone_elses_consent(role_clients, role, consenting):
    client = role_clients[role]

    assert client.get(_url(consenting)).status_code == 403
    response = client.post(
        _url(consenting), {**date_parts("withdrawn_on", "2025-08-01"), "confirm": "true"}
    )
    assert response.status_code == 403
    consenting.refresh_from_db()
    assert consenting.consent_withdrawn_on is None


def test_staff_withdraw_consent_through_a_confirmation(staff_client, consenting):
    page = staff_client.get(consenting.get_absolute_url()).content.decode()
    assert f'href="{_url(consenting)}">Withdraw consent' in page
    assert staff_client.get(_url(consenting)).status_code == 200

    confirm = staff_client.post(_url(consenting), {**date_parts("withdrawn_on", "2025-08-01")})

    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Record that Pat Person withdrew consent to be contacted on 1 August 2025?" in html
    assert "We will stop contacting Pat Person about the network" in html
    for name, value in {
        "withdrawn_on_0": "1",
        "withdrawn_on_1": "8",
        "withdrawn_on_2": "2025",
    }.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in html
    assert "Yes, withdraw consent</button>" in html
    consenting.refresh_from_db()
    assert consenting.consent_withdrawn_on is None

    done = staff_client.post(
        _url(consenting), {**date_parts("withdrawn_on", "2025-08-01"), "confirm": "true"}
    )

    assert done.status_code == 302
    assert done.url == consenting.get_absolute_url()
    assert _messages(done) == [
        "Pat Person withdrew consent to be contacted on 1 August 2025. "
        "We will not contact them about the network."
    ]
    consenting.refresh_from_db()
    assert consenting.consent_withdrawn_on == date(2025, 8, 1)
    page = staff_client.get(consenting.get_absolute_url()).content.decode()
    assert "Do not contact: consent was withdrawn on 1 August 2025" in page
    assert "Withdrawn on 1 August 2025" in page
    assert _url(consenting) not in page


def test_a_bad_date_is_explained_beside_the_field_and_kept(staff_client, consenting):
    response = staff_client.post(_url(consenting), {**date_parts("withdrawn_on", "2025-03-02")})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "withdrawn_on": [
            "Consent cannot be withdrawn before it was given (3 March 2025). "
            "Enter a date on or after that."
        ]
    }
    html = response.content.decode()
    assert "There is a problem" in html
    assert shows_typed_date(html, "withdrawn_on", "2025-03-02")


def test_a_tampered_confirmation_is_checked_again(staff_client, consenting):
    response = staff_client.post(
        _url(consenting), {**date_parts("withdrawn_on", "2025-09-02"), "confirm": "true"}
    )

    assert response.context["form"].errors == {
        "withdrawn_on": ["The date consent was withdrawn must be today or in the past"]
    }
    consenting.refresh_from_db()
    assert consenting.consent_withdrawn_on is None


def test_consent_already_withdrawn_is_not_found_to_withdraw(staff_client):
    person = PersonFactory(consent_withdrawn_on=date(2025, 8, 1))

    assert staff_client.get(_url(person)).status_code == 404


def test_staff_record_consent_given_again_after_a_withdrawal(staff_client):
    person = PersonFactory(
        full_name="Pat Person",
        email="pat@example.org",
        consent_given_on=date(2025, 3, 3),
        consent_method=Person.ConsentMethod.EMAIL,
        consent_withdrawn_on=date(2025, 5, 1),
    )
    edit = reverse("network:person-edit", args=[person.pk])
    assert "Consent was withdrawn on 1 May 2025." in staff_client.get(edit).content.decode()

    response = staff_client.post(
        edit,
        {
            "full_name": "Pat Person",
            "email": "pat@example.org",
            "preferred_channel": Person.Channel.EMAIL,
            **date_parts("consent_given_on", "2025-08-20"),
            "consent_method": Person.ConsentMethod.WRITING,
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.consent_given_on, person.consent_withdrawn_on) == (date(2025, 8, 20), None)
    assert person.has_consent


# --- The person themselves, on My details ----------------------------------------------------


def test_a_member_withdraws_their_own_consent_after_confirming(member_client, member_person):
    member_person.consent_given_on = date(2025, 3, 3)
    member_person.consent_method = Person.ConsentMethod.ONLINE
    member_person.save()
    home = member_client.get(reverse("reporting:home")).content.decode()
    assert "We contact you by email." in home

    page = member_client.get(MINE)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Withdraw your consent to be contacted?" in html
    assert "Yes, withdraw my consent</button>" in html
    assert f'href="{reverse("network:my-details")}">No, go back</a>' in html
    assert member_client.post(MINE).status_code == 200  # no confirmation: asked again
    member_person.refresh_from_db()
    assert member_person.consent_withdrawn_on is None

    response = member_client.post(MINE, {"confirm": "true"})

    assert response.status_code == 302
    assert response.url == reverse("network:my-details")
    assert _messages(response) == [
        "You withdrew your consent to be contacted on 1 September 2025. "
        "We will not contact you about the network any more."
    ]
    member_person.refresh_from_db()
    assert member_person.consent_withdrawn_on == TODAY
    assert member_person.history.first().history_user == member_person.user
    details = member_client.get(reverse("network:my-details")).content.decode()
    assert "We do not contact you: you withdrew your consent on 1 September 2025." in details
    assert "We contact you by" not in details
    assert MINE not in details
    home = member_client.get(reverse("reporting:home")).content.decode()
    assert "We contact you by" not in home
    assert "You withdrew your consent to be contacted on 1 September 2025" in home


def test_consent_already_withdrawn_sends_the_person_back_with_the_date(
    member_client, member_person
):
    member_person.consent_withdrawn_on = date(2025, 8, 1)
    member_person.save()

    response = member_client.post(MINE, {"confirm": "true"})

    assert response.url == reverse("network:my-details")
    assert _messages(response) == ["You withdrew your consent to be contacted on 1 August 2025."]


@pytest.mark.parametrize("role", ["staff", "chair", "core group", "board"])
def test_a_sign_in_without_a_record_goes_to_my_details(role_clients, role):
    for response in (role_clients[role].get(MINE), role_clients[role].post(MINE, {"confirm": 1})):
        assert response.status_code == 302
        assert response.url == reverse("network:my-details")


def test_my_details_offers_the_action_and_says_how_we_contact(member_client, member_person):
    member_person.consent_given_on = date(2025, 3, 3)
    member_person.consent_method = Person.ConsentMethod.ONLINE
    member_person.preferred_channel = Person.Channel.TELEPHONE
    member_person.save()

    html = member_client.get(reverse("network:my-details")).content.decode()

    assert escape("We contact you by telephone.") in html
    assert f'href="{MINE}">Withdraw your consent to be contacted</a>' in html
