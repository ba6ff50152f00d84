"""A name another organisation already has: staff may edit that one, a member may not."""

import pytest
from django.urls import reverse

from network.models import Organisation, Region
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

STAFF_MESSAGE = (
    "An organisation called “Deaf Voices Network” is already in the network. "
    "Use a different name, or edit that organisation instead."
)
MEMBER_MESSAGE = (
    "Another organisation in the network already has this name. "
    "Choose a different name, or ask the co-production team."
)


def details(name: str) -> dict:
    return {
        "name": name,
        "kind": Organisation.Kind.LOCAL,
        "is_user_or_carer_led": "on",
        "region": Region.LONDON,
    }


def test_staff_are_told_they_may_edit_the_other_organisation(staff_client, member_person):
    OrganisationFactory(name="Deaf Voices Network")
    own = member_person.representations.get().organisation
    url = reverse("network:organisation-edit", args=[own.pk])

    response = staff_client.post(url, details("Deaf Voices Network"))

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [STAFF_MESSAGE]
    assert STAFF_MESSAGE in response.content.decode()


def test_a_member_is_not_told_to_edit_an_organisation_they_cannot(member_client, member_person):
    OrganisationFactory(name="Deaf Voices Network")
    own = member_person.representations.get().organisation
    url = reverse("network:organisation-edit", args=[own.pk])

    response = member_client.post(url, details("deaf voices network"))

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [MEMBER_MESSAGE]
    html = response.content.decode()
    assert MEMBER_MESSAGE in html
    assert "edit that organisation instead" not in html
    assert 'value="deaf voices network"' in html
    own.refresh_from_db()
    assert own.name != "deaf voices network"
