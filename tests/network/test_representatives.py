"""Which organisations a person represents: staff add and end representations."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from network.models import Representative
from tests.dates import date_parts, shows_typed_date
from tests.factories import (
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    UserFactory,
)

NOT_STAFF = ["chair", "core group", "board", "member"]


def _add_url(person) -> str:
    return reverse("network:representative-add", args=[person.pk])


def _end_url(representative: Representative) -> str:
    return reverse("network:representative-end", args=[representative.pk])


def _groups(user) -> list[str]:
    return list(user.groups.values_list("name", flat=True))


@pytest.mark.parametrize("page", ["add", "end"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, page):
    representative = RepresentativeFactory()
    url = _add_url(representative.person) if page == "add" else _end_url(representative)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", NOT_STAFF)
def test_roles_other_than_staff_may_not_change_representations(role_clients, role):
    representative = RepresentativeFactory()
    organisation = MemberOrganisationFactory()
    client = role_clients[role]

    assert client.get(_add_url(representative.person)).status_code == 403
    assert (
        client.post(
            _add_url(representative.person),
            {"organisation": organisation.pk, **date_parts("started_on", "2025-01-01")},
        ).status_code
        == 403
    )
    assert client.get(_end_url(representative)).status_code == 403
    assert (
        client.post(_end_url(representative), {**date_parts("ended_on", "2025-01-01")}).status_code
        == 403
    )
    representative.refresh_from_db()
    assert representative.ended_on is None
    assert representative.person.representations.count() == 1


def test_staff_add_an_organisation_and_the_login_becomes_a_members(staff_client):
    user = UserFactory()
    person = PersonFactory(user=user, email=user.email, full_name="Ria Rep")
    organisation = MemberOrganisationFactory(name="Carers Voice")
    assert staff_client.get(_add_url(person)).status_code == 200

    response = staff_client.post(
        _add_url(person),
        {"organisation": organisation.pk, **date_parts("started_on", "2025-03-03")},
    )

    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Ria Rep represents Carers Voice from 3 March 2025."
    ]
    representation = person.representations.get()
    assert representation.organisation == organisation
    assert representation.started_on == date(2025, 3, 3)
    assert _groups(user) == ["member"]


def test_an_organisation_already_represented_is_a_clear_error(staff_client):
    representative = RepresentativeFactory(person__full_name="Ria Rep")
    organisation = representative.organisation

    response = staff_client.post(
        _add_url(representative.person),
        {"organisation": organisation.pk, **date_parts("started_on", "2025-03-03")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        f"Ria Rep already represents {organisation}. Choose another organisation."
    ]
    assert shows_typed_date(response.content.decode(), "started_on", "2025-03-03")


def test_missing_organisation_and_bad_date_are_explained_and_input_kept(staff_client):
    person = PersonFactory()

    response = staff_client.post(
        _add_url(person), {"organisation": "", **date_parts("started_on", "25-13-3")}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["organisation"] == ["Choose the organisation they represent"]
    assert errors["started_on"] == [
        "The year must be between 1900 and 2100, written with 4 numbers, like 2026"
    ]
    assert shows_typed_date(response.content.decode(), "started_on", "25-13-3")
    assert not person.representations.exists()


def test_staff_end_a_representation_and_the_member_role_goes(staff_client):
    user = UserFactory(roles=["member"])
    representative = RepresentativeFactory(
        person__user=user, person__full_name="Ria Rep", organisation__name="Carers Voice"
    )
    assert staff_client.get(_end_url(representative)).status_code == 200

    response = staff_client.post(
        _end_url(representative), {**date_parts("ended_on", "2025-06-30"), "confirm": "true"}
    )

    assert response.status_code == 302
    assert response.url == representative.person.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Ria Rep represents Carers Voice until 30 June 2025."
    ]
    representative.refresh_from_db()
    assert representative.ended_on == date(2025, 6, 30)
    assert _groups(user) == []


def test_the_member_role_stays_while_another_representation_is_open(staff_client):
    user = UserFactory(roles=["member"])
    representative = RepresentativeFactory(person__user=user)
    RepresentativeFactory(person=representative.person)

    staff_client.post(
        _end_url(representative), {**date_parts("ended_on", "2025-06-30"), "confirm": "true"}
    )

    assert _groups(user) == ["member"]


def test_an_end_before_the_start_is_explained_and_the_input_kept(staff_client):
    representative = RepresentativeFactory(started_on=date(2024, 1, 1))

    response = staff_client.post(
        _end_url(representative), {**date_parts("ended_on", "2023-12-31")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"] == [
        "The end date cannot be before the start date, 1 January 2024. "
        "Enter that date or a later one."
    ]
    assert shows_typed_date(response.content.decode(), "ended_on", "2023-12-31")
    representative.refresh_from_db()
    assert representative.ended_on is None


def test_an_ended_representation_cannot_be_ended_again(staff_client):
    representative = RepresentativeFactory(ended_on=date(2024, 6, 30))

    assert staff_client.get(_end_url(representative)).status_code == 404
