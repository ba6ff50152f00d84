"""A preferred way to be contacted must be one we can carry out: the detail it needs is there."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from network import services
from network.models import Person
from tests.factories import PersonFactory

POSTAL = [Person.Channel.POST, Person.Channel.LARGE_PRINT, Person.Channel.EASY_READ]
ADDRESS = "Add a postal address, or choose another way to be contacted"
POSTCODE = "Add a postcode, or choose another way to be contacted"
PHONE = "Add a phone number, or choose another way to be contacted"
EMAIL = "Add an email address, or choose another way to be contacted"


# --- The rule, on the model and through the services ------------------------------------


@pytest.mark.parametrize("channel", POSTAL)
def test_post_needs_an_address_and_a_postcode(db, channel):
    with pytest.raises(ValidationError) as caught:
        services.create_person(
            by=None, full_name="Pat Post", preferred_channel=channel, email="pat@example.org"
        )

    assert caught.value.message_dict == {"address": [ADDRESS], "postcode": [POSTCODE]}
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("channel", "missing", "message"),
    [
        (Person.Channel.TELEPHONE, "phone", PHONE),
        (Person.Channel.EMAIL, "email", EMAIL),
        (Person.Channel.POST, "postcode", POSTCODE),
    ],
)
def test_changing_to_a_way_without_its_detail_is_refused(db, channel, missing, message):
    person = PersonFactory(
        email="pat@example.org", phone="0113 496 0000", address="1 Road", postcode="LS1 1AA"
    )

    with pytest.raises(ValidationError) as caught:
        services.update_person(
            person=person, by=None, changes={"preferred_channel": channel, missing: ""}
        )

    assert caught.value.message_dict == {missing: [message]}
    person.refresh_from_db()
    assert person.preferred_channel == Person.Channel.EMAIL


@pytest.mark.parametrize(
    ("channel", "details"),
    [
        (Person.Channel.EMAIL, {"email": "pat@example.org"}),
        (Person.Channel.TELEPHONE, {"phone": "0113 496 0000"}),
        (Person.Channel.EASY_READ, {"address": "1 Road", "postcode": "LS1 1AA"}),
    ],
)
def test_a_way_with_its_details_is_saved(db, channel, details):
    person = services.create_person(
        by=None, full_name="Pat", preferred_channel=channel, **{"email": "", **details}
    )

    assert Person.objects.get().preferred_channel == channel
    assert person.missing_contact_details() == {}


# --- On the staff person form ---------------------------------------------------------


def _staff_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "full_name": "Ada Lovelace",
        "email": "ada@example.org",
        "phone": "",
        "address": "",
        "postcode": "",
        "preferred_channel": Person.Channel.LARGE_PRINT,
        "access_needs_other": "Breaks every hour",
    }
    data.update(overrides)
    return data


def test_staff_form_shows_the_missing_address_beside_its_fields(staff_client):
    response = staff_client.post(reverse("network:person-add"), _staff_data())

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"address": [ADDRESS], "postcode": [POSTCODE]}
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="ada@example.org"' in html
    assert "Breaks every hour" in html
    assert '<option value="large-print" selected>' in html
    assert not Person.objects.exists()


def test_staff_editing_to_telephone_without_a_number_is_refused(staff_client):
    person = PersonFactory(email="ada@example.org", full_name="Ada Lovelace", phone="")

    response = staff_client.post(
        reverse("network:person-edit", args=[person.pk]),
        _staff_data(preferred_channel=Person.Channel.TELEPHONE),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"phone": [PHONE]}
    person.refresh_from_db()
    assert person.preferred_channel == Person.Channel.EMAIL


def test_staff_removing_the_email_someone_is_emailed_at_is_refused(staff_client):
    person = PersonFactory(email="ada@example.org", full_name="Ada Lovelace")

    response = staff_client.post(
        reverse("network:person-edit", args=[person.pk]),
        _staff_data(email="", preferred_channel=Person.Channel.EMAIL),
    )

    assert response.context["form"].errors == {"email": [EMAIL]}


# --- On My details --------------------------------------------------------------------


def _my_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "pronouns": "they/them",
        "phone": "0161 496 0555",
        "address": "",
        "postcode": "",
        "preferred_channel": Person.Channel.EASY_READ,
        "access_needs_other": "A quiet room to rest",
    }
    data.update(overrides)
    return data


def test_my_details_shows_the_missing_address_beside_its_fields(member_client, member_person):
    response = member_client.post(reverse("network:my-details"), _my_data(postcode="LS1 1AA"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"address": [ADDRESS]}
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="LS1 1AA"' in html
    assert "A quiet room to rest" in html
    member_person.refresh_from_db()
    assert member_person.preferred_channel == Person.Channel.EMAIL


def test_my_details_puts_a_missing_email_beside_the_choice(member_client, member_person):
    member_person.email = ""
    member_person.preferred_channel = Person.Channel.TELEPHONE
    member_person.save()

    response = member_client.post(
        reverse("network:my-details"), _my_data(preferred_channel=Person.Channel.EMAIL)
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "preferred_channel": [
            "We do not have your email address. Choose another way to be contacted, "
            "or ask the co-production team to add your email address"
        ]
    }
    assert 'value="0161 496 0555"' in response.content.decode()
    member_person.refresh_from_db()
    assert member_person.preferred_channel == Person.Channel.TELEPHONE


def test_my_details_saves_a_way_that_can_be_carried_out(member_client, member_person):
    response = member_client.post(
        reverse("network:my-details"),
        _my_data(address="2 New Road", postcode="LS1 1AA"),
    )

    assert response.status_code == 302
    member_person.refresh_from_db()
    assert member_person.preferred_channel == Person.Channel.EASY_READ
