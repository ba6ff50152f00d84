"""The admin shows a record's past versions but never puts one back."""

import pytest
from django.urls import reverse

from network.models import Person
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, roles=["staff"]))
    return client


def test_a_past_version_cannot_be_reverted_to(admin_client):
    person = PersonFactory(full_name="Old Name")
    person.full_name = "New Name"
    person.save()
    old = person.history.earliest()
    url = reverse("admin:network_person_simple_history", args=[person.pk, old.history_id])

    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Revert" not in page.content.decode()
    response = admin_client.post(url, {"full_name": "Old Name", "preferred_channel": "email"})

    assert response.status_code == 405
    assert Person.objects.get(pk=person.pk).full_name == "New Name"
