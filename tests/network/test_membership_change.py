"""Staff change an organisation's membership status; the periods answer "who was a member when"."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from network import selectors
from network.models import Membership, Organisation
from tests.dates import date_parts, shows_typed_date
from tests.factories import MemberOrganisationFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def change_url(organisation: Organisation) -> str:
    return reverse("network:membership-change", args=[organisation.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def organisation() -> Organisation:
    """Active since 1 January 2024."""
    return MemberOrganisationFactory(name="Carers Voice North")


def periods(organisation: Organisation) -> list[tuple[str, date, date | None]]:
    return list(
        organisation.memberships.order_by("started_on").values_list(
            "status", "started_on", "ended_on"
        )
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, organisation):
    response = client.get(change_url(organisation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_may_change_a_membership(role, role_clients, organisation):
    client = role_clients[role]

    assert client.get(change_url(organisation)).status_code == 403
    response = client.post(
        change_url(organisation), {"status": "lapsed", **date_parts("started_on", "2025-06-01")}
    )
    assert response.status_code == 403
    assert periods(organisation) == [("active", date(2024, 1, 1), None)]


def test_staff_see_the_current_status(staff_client, organisation):
    response = staff_client.get(change_url(organisation))

    assert response.status_code == 200
    assert "It is active since 1 January 2024." in response.content.decode()


def test_an_unknown_organisation_is_not_found(staff_client):
    assert staff_client.get(reverse("network:membership-change", args=[999])).status_code == 404


def test_staff_change_the_status_from_a_day(staff_client, staff_user, organisation):
    response = staff_client.post(
        change_url(organisation),
        {"status": "lapsed", **date_parts("started_on", "2025-06-01"), "note": "Did not renew"},
        follow=True,
    )

    assert response.redirect_chain == [(organisation.get_absolute_url(), 302)]
    assert "Carers Voice North is now lapsed from 1 June 2025." in messages_of(response)
    assert periods(organisation) == [
        ("active", date(2024, 1, 1), date(2025, 5, 31)),
        ("lapsed", date(2025, 6, 1), None),
    ]
    new = organisation.memberships.get(ended_on=None)
    assert new.note == "Did not renew"
    assert new.history.get().history_user == staff_user


def test_an_organisation_without_a_status_gets_its_first(staff_client):
    organisation = OrganisationFactory()

    response = staff_client.post(
        change_url(organisation), {"status": "invited", **date_parts("started_on", "2025-06-01")}
    )

    assert response.status_code == 302
    assert periods(organisation) == [("invited", date(2025, 6, 1), None)]


def test_a_day_before_the_current_period_is_a_field_error(staff_client, organisation):
    response = staff_client.post(
        change_url(organisation),
        {"status": "withdrawn", **date_parts("started_on", "2023-12-01"), "note": "Left"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "started_on": [
            "The new status must start on or after 1 January 2024, when the current one began."
        ]
    }
    html = response.content.decode()
    assert shows_typed_date(html, "started_on", "2023-12-01")
    assert 'value="Left"' in html
    assert periods(organisation) == [("active", date(2024, 1, 1), None)]


def test_choosing_the_current_status_is_explained(staff_client, organisation):
    response = staff_client.post(
        change_url(organisation), {"status": "active", **date_parts("started_on", "2025-06-01")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "status": ["The membership is already active. Choose a different status."]
    }


def test_missing_and_impossible_answers_are_explained(staff_client, organisation):
    response = staff_client.post(
        change_url(organisation), {**date_parts("started_on", "2025-02-30")}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"status", "started_on"}
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a real date" in html


# --- Membership on a past day ---------------------------------------------------------


def test_past_membership_is_read_from_the_periods(staff_client, organisation):
    staff_client.post(
        change_url(organisation), {"status": "lapsed", **date_parts("started_on", "2025-03-01")}
    )
    staff_client.post(
        change_url(organisation), {"status": "active", **date_parts("started_on", "2025-05-01")}
    )

    def active_on(day: date) -> bool:
        return organisation in selectors.active_organisations_on(day)

    assert active_on(date(2024, 6, 1))
    assert active_on(date(2025, 2, 28))
    assert not active_on(date(2025, 3, 1))
    assert not active_on(date(2025, 4, 30))
    assert active_on(date(2025, 5, 1))
    assert not active_on(date(2023, 12, 31))


def test_changes_in_a_year_list_who_joined_and_who_left(staff_client, organisation):
    newcomer = OrganisationFactory(name="Young Minds Together")
    staff_client.post(
        change_url(newcomer), {"status": "active", **date_parts("started_on", "2025-04-01")}
    )
    staff_client.post(
        change_url(organisation), {"status": "withdrawn", **date_parts("started_on", "2025-05-01")}
    )

    changes = selectors.membership_changes_in(2025)

    assert changes.joined == [newcomer]
    assert changes.left == [organisation]
    assert selectors.membership_changes_in(2024).joined == [organisation]
    assert selectors.network_size(date(2025, 6, 1)).active == 1
    assert (
        Membership.objects.filter(organisation=organisation, ended_on=date(2025, 4, 30)).count()
        == 1
    )
