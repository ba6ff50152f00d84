"""Terms in the network's roles: staff start and end them, and the login's access follows."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from network.models import RoleTerm
from tests.dates import date_parts, shows_typed_date
from tests.factories import PersonFactory, RepresentativeFactory, RoleTermFactory, UserFactory

NOT_STAFF = ["chair", "core group", "board", "member"]


def _add_url(person) -> str:
    return reverse("network:role-term-add", args=[person.pk])


def _end_url(term: RoleTerm) -> str:
    return reverse("network:role-term-end", args=[term.pk])


def _groups(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


@pytest.mark.parametrize("page", ["add", "end"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, page):
    term = RoleTermFactory()
    url = _add_url(term.person) if page == "add" else _end_url(term)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", NOT_STAFF)
def test_roles_other_than_staff_may_not_change_terms(role_clients, role):
    term = RoleTermFactory()
    client = role_clients[role]

    assert client.get(_add_url(term.person)).status_code == 403
    assert (
        client.post(
            _add_url(term.person),
            {"role": RoleTerm.Role.BOARD, **date_parts("started_on", "2025-01-01")},
        ).status_code
        == 403
    )
    assert client.get(_end_url(term)).status_code == 403
    assert client.post(_end_url(term), {**date_parts("ended_on", "2025-01-01")}).status_code == 403
    term.refresh_from_db()
    assert term.ended_on is None
    assert term.person.role_terms.count() == 1


def test_starting_a_term_gives_the_login_the_roles_access(staff_client):
    user = UserFactory(roles=["member"])
    person = PersonFactory(user=user, email=user.email, full_name="Ria Rep")
    RepresentativeFactory(person=person)  # what makes them a member
    assert staff_client.get(_add_url(person)).status_code == 200

    response = staff_client.post(
        _add_url(person),
        {
            "role": RoleTerm.Role.CORE_GROUP,
            **date_parts("started_on", "2025-03-03"),
            "note": "Chosen in March",
        },
    )

    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Ria Rep's term as Core group member starts on 3 March 2025."
    ]
    term = person.role_terms.get()
    assert (term.role, term.started_on, term.note) == (
        "core group",
        date(2025, 3, 3),
        "Chosen in March",
    )
    assert _groups(user) == ["core group", "member"]


def test_ending_a_term_takes_the_roles_access_away(staff_client):
    user = UserFactory(roles=["board", "member"])
    term = RoleTermFactory(
        person__user=user, person__full_name="Ria Rep", role=RoleTerm.Role.BOARD
    )
    RepresentativeFactory(person=term.person)
    assert staff_client.get(_end_url(term)).status_code == 200

    response = staff_client.post(
        _end_url(term), {**date_parts("ended_on", "2025-06-30"), "confirm": "true"}
    )

    assert response.status_code == 302
    assert response.url == term.person.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Ria Rep's term as Board member (trustee) ends on 30 June 2025."
    ]
    term.refresh_from_db()
    assert term.ended_on == date(2025, 6, 30)
    assert _groups(user) == ["member"]


def test_a_second_chair_is_refused_until_the_current_term_ends(staff_client):
    RoleTermFactory(role=RoleTerm.Role.CHAIR, person__full_name="Chris Chair")
    person = PersonFactory()

    response = staff_client.post(
        _add_url(person), {"role": RoleTerm.Role.CHAIR, **date_parts("started_on", "2025-03-03")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["role"] == [
        "Chris Chair is chair until their term is ended; end that term first."
    ]
    assert shows_typed_date(response.content.decode(), "started_on", "2025-03-03")
    assert not person.role_terms.exists()


def test_a_new_chair_may_start_once_the_last_term_has_ended(staff_client):
    RoleTermFactory(role=RoleTerm.Role.CHAIR, ended_on=date(2025, 3, 2))
    person = PersonFactory()

    response = staff_client.post(
        _add_url(person), {"role": RoleTerm.Role.CHAIR, **date_parts("started_on", "2025-03-03")}
    )

    assert response.status_code == 302
    assert person.role_terms.get().role == RoleTerm.Role.CHAIR


def test_a_second_open_term_in_the_same_role_is_refused(staff_client):
    term = RoleTermFactory(role=RoleTerm.Role.BOARD, person__full_name="Ria Rep")

    response = staff_client.post(
        _add_url(term.person),
        {"role": RoleTerm.Role.BOARD, **date_parts("started_on", "2025-03-03")},
    )

    assert response.context["form"].errors["role"] == [
        "Ria Rep already has an open term as Board member (trustee). End it before starting "
        "another."
    ]


def test_missing_role_and_date_are_explained(staff_client):
    person = PersonFactory()

    response = staff_client.post(
        _add_url(person), {"role": "", **date_parts("started_on", ""), "note": "Kept"}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"role", "started_on"}
    assert 'value="Kept"' in response.content.decode()


def test_an_end_before_the_start_is_explained_and_the_input_kept(staff_client):
    term = RoleTermFactory(started_on=date(2024, 1, 1))

    response = staff_client.post(_end_url(term), {**date_parts("ended_on", "2023-12-31")})

    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"] == [
        "The end date cannot be before the start date, 1 January 2024. "
        "Enter that date or a later one."
    ]
    assert shows_typed_date(response.content.decode(), "ended_on", "2023-12-31")
    term.refresh_from_db()
    assert term.ended_on is None


def test_an_ended_term_cannot_be_ended_again(staff_client):
    term = RoleTermFactory(ended_on=date(2024, 6, 30))

    assert staff_client.get(_end_url(term)).status_code == 404
