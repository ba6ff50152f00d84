"""Adding, changing and viewing a person's record: staff only, with clear messages."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from network.models import AccessNeed, Person, RoleTerm
from tests.dates import date_parts
from tests.factories import (
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
    UserFactory,
)

NOT_STAFF = ["chair", "core group", "board", "member"]
ADD_URL = reverse("network:person-add")


def _form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "full_name": "Ada Lovelace",
        "pronouns": "she/her",
        "email": "ada@example.org",
        "phone": "020 7946 0123",
        "address": "1 Engine Street\nLondon",
        "postcode": "N1 1AA",
        "preferred_channel": Person.Channel.EASY_READ,
        "access_needs": [AccessNeed.objects.get(name="Step-free access").pk],
        "access_needs_other": "Breaks every hour",
        **date_parts("consent_given_on", "2025-03-03"),
        "consent_method": Person.ConsentMethod.WRITING,
        "lived_experience": Person.LivedExperience.CARER,
    }
    data.update(overrides)
    return data


def _edit_url(person: Person) -> str:
    return reverse("network:person-edit", args=[person.pk])


def _detail_url(person: Person) -> str:
    return reverse("network:person-detail", args=[person.pk])


# --- Who may use the pages -------------------------------------------------------------


@pytest.mark.parametrize("page", ["add", "edit", "detail"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, page):
    person = PersonFactory()
    url = {"add": ADD_URL, "edit": _edit_url(person), "detail": _detail_url(person)}[page]

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", NOT_STAFF)
@pytest.mark.parametrize("page", ["add", "edit"])
def test_roles_other_than_staff_may_not_add_or_change_people(role_clients, role, page):
    person = PersonFactory()
    url = ADD_URL if page == "add" else _edit_url(person)

    assert role_clients[role].get(url).status_code == 403
    assert role_clients[role].post(url, _form_data()).status_code == 403
    assert not Person.objects.filter(email="ada@example.org").exists()


@pytest.mark.parametrize("role", NOT_STAFF)
def test_other_peoples_records_are_not_found_for_other_roles(role_clients, role):
    person = PersonFactory(full_name="Hidden Person")

    response = role_clients[role].get(_detail_url(person))

    assert response.status_code == 404


def test_a_member_opening_their_own_record_goes_to_my_details(member_client, member_person):
    response = member_client.get(_detail_url(member_person))

    assert response.status_code == 302
    assert response.url == reverse("network:my-details")


# --- Adding ----------------------------------------------------------------------------


def test_staff_add_a_person_with_every_detail(staff_client):
    response = staff_client.get(ADD_URL)
    assert response.status_code == 200
    assert "Sensitive information" in response.content.decode()

    response = staff_client.post(ADD_URL, _form_data(), follow=True)

    person = Person.objects.get(email="ada@example.org")
    assert response.redirect_chain[-1][0] == _detail_url(person)
    assert "Ada Lovelace added." in response.content.decode()
    assert person.preferred_channel == Person.Channel.EASY_READ
    assert person.consent_given_on == date(2025, 3, 3)
    assert person.lived_experience == Person.LivedExperience.CARER
    assert [need.name for need in person.access_needs.all()] == ["Step-free access"]
    assert person.history.first().history_user.email == "staff@example.org"


def test_lived_experience_may_be_left_not_recorded(staff_client):
    staff_client.post(ADD_URL, _form_data(lived_experience=""))

    assert Person.objects.get(email="ada@example.org").lived_experience == ""


def test_missing_name_is_explained_and_the_input_is_kept(staff_client):
    response = staff_client.post(ADD_URL, _form_data(full_name=""))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the person&#x27;s full name" in html
    assert 'value="ada@example.org"' in html
    assert "Breaks every hour" in html
    assert not Person.objects.exists()


def test_an_email_already_used_in_any_case_is_a_clear_field_error(staff_client):
    PersonFactory(full_name="Ada Original", email="ada@example.org")

    response = staff_client.post(ADD_URL, _form_data(email="ADA@Example.org"))

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Ada Original already has this email address. Check you are not adding the same "
        "person twice, or use a different address."
    ]
    assert Person.objects.count() == 1


def test_a_consent_date_needs_how_consent_was_given(staff_client):
    response = staff_client.post(ADD_URL, _form_data(consent_method=""))

    assert response.context["form"].errors["consent_method"] == [
        "Choose how consent was given, or clear the date consent was given."
    ]


def test_how_consent_was_given_needs_a_date(staff_client):
    response = staff_client.post(ADD_URL, _form_data(**date_parts("consent_given_on", "")))

    assert (
        "Enter the date consent was given"
        in response.context["form"].errors["consent_given_on"][0]
    )


# --- Changing --------------------------------------------------------------------------


def test_staff_change_a_persons_details(staff_client):
    person = PersonFactory(email="ada@example.org")

    response = staff_client.post(
        _edit_url(person), _form_data(phone="0161 496 0000", access_needs=[]), follow=True
    )

    assert response.redirect_chain == [(_detail_url(person), 302)]
    assert "Details of Ada Lovelace saved." in response.content.decode()
    person.refresh_from_db()
    assert person.phone == "0161 496 0000"
    assert person.lived_experience == Person.LivedExperience.CARER
    assert not person.access_needs.exists()


def test_a_person_keeps_their_own_email_when_changed(staff_client):
    person = PersonFactory(email="ada@example.org")

    response = staff_client.post(_edit_url(person), _form_data(email="Ada@Example.org"))

    assert response.status_code == 302


def test_changing_to_another_persons_email_is_refused(staff_client):
    PersonFactory(full_name="Grace Hopper", email="grace@example.org")
    person = PersonFactory(email="ada@example.org")

    response = staff_client.post(
        _edit_url(person), _form_data(full_name="", email="grace@example.org")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Grace Hopper already has this email address" in html
    assert (
        f'<h1 class="govuk-heading-l">Change the details of {escape(person.full_name)}</h1>'
        in html
    )
    person.refresh_from_db()
    assert person.email == "ada@example.org"


def test_the_edit_form_shows_the_current_values(staff_client):
    person = PersonFactory(phone="0161 496 0999", lived_experience=Person.LivedExperience.BOTH)

    html = staff_client.get(_edit_url(person)).content.decode()

    assert 'value="0161 496 0999"' in html
    assert '<option value="both" selected>' in html


# --- The record ------------------------------------------------------------------------


def test_staff_see_the_whole_record(staff_client):
    person = PersonFactory(
        full_name="Ada Lovelace",
        phone="020 7946 0123",
        access_needs_other="Breaks every hour",
        lived_experience=Person.LivedExperience.CARER,
        consent_given_on=date(2025, 3, 3),
        consent_method=Person.ConsentMethod.TELEPHONE,
    )
    person.access_needs.set([AccessNeed.objects.get(name="Hearing loop")])
    RepresentativeFactory(person=person, organisation__name="Carers Voice")
    RepresentativeFactory(
        person=person, organisation__name="Former Forum", ended_on=date(2024, 6, 30)
    )
    RoleTermFactory(person=person, role=RoleTerm.Role.BOARD, note="Elected at the AGM")

    response = staff_client.get(_detail_url(person))

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "020 7946 0123",
        "Hearing loop",
        "Breaks every hour",
        "Carer",
        "Given on 3 March 2025 (by telephone)",
        "Carers Voice",
        "Former Forum",
        "30 June 2024",
        "Board member (trustee)",
        "Elected at the AGM",
        "No sign-in yet",
        "Invite to sign in",
    ]:
        assert text in html
    assert html.count("End <span") == 1  # only the current representation can be ended
    assert html.count("End term <span") == 1


def test_the_record_shows_the_sign_in_and_its_roles(staff_client):
    user = UserFactory(roles=["member", "core group"])
    person = PersonFactory(user=user, email=user.email)
    RepresentativeFactory(person=person)
    RoleTermFactory(person=person, role="core group")

    html = staff_client.get(_detail_url(person)).content.decode()

    assert f"Can sign in as {user.email}" in html
    assert "Core group member, Member organisation representative" in html
    assert "Invite to sign in" not in html


def test_a_person_without_email_cannot_be_invited_and_is_told_why(staff_client):
    person = PersonFactory(email="")

    html = staff_client.get(_detail_url(person)).content.decode()

    assert "Invite to sign in" not in html
    assert "add their email address" in html
