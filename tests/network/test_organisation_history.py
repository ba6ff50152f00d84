"""An organisation's audit trail: its details, memberships and representatives."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import services
from network.models import Constituency, Organisation
from tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def history_url(organisation: Organisation) -> str:
    return reverse("network:organisation-history", args=[organisation.pk])


@pytest.fixture
def organisation(staff_user) -> Organisation:
    organisation = services.create_organisation(
        by=staff_user,
        name="Carers Voice North",
        kind=Organisation.Kind.LOCAL,
        status="invited",
        status_since=date(2025, 1, 1),
    )
    services.update_organisation(
        organisation=organisation, by=staff_user, changes={"phone": "0191 496 0000"}
    )
    services.change_membership_status(
        organisation=organisation, status="active", on=date(2025, 3, 1), by=staff_user
    )
    services.add_representative(
        person=PersonFactory(full_name="Rita Representative"),
        organisation=organisation,
        by=staff_user,
        started_on=date(2025, 3, 2),
    )
    return organisation


def test_anonymous_visitors_are_sent_to_sign_in(client, organisation):
    response = client.get(history_url(organisation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_see_the_history(role, role_clients, organisation):
    assert role_clients[role].get(history_url(organisation)).status_code == 403


def test_a_members_own_organisations_history_is_staff_only_too(member_client, member_person):
    own = member_person.representations.get().organisation

    assert member_client.get(history_url(own)).status_code == 403


def test_an_unknown_organisation_is_not_found(staff_client):
    assert staff_client.get(reverse("network:organisation-history", args=[999])).status_code == 404


def test_staff_see_who_changed_the_details_memberships_and_representatives(
    staff_client, organisation
):
    response = staff_client.get(history_url(organisation))

    assert response.status_code == 200
    entries = response.context["entries"]
    assert {entry.who for entry in entries} == {"Sam Staff"}
    assert sorted(entry.what for entry in entries) == [
        "Changed membership: Invited from 1 January 2025",
        "Changed organisation: Carers Voice North",
        "Created membership: Active from 1 March 2025",
        "Created membership: Invited from 1 January 2025",
        "Created organisation: Carers Voice North",
        "Created representative: Rita Representative for Carers Voice North",
    ]
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">History of Carers Voice North</h1>' in html
    assert "from <del>(none)</del> to <ins>0191 496 0000</ins>" in html
    assert "15 June 2025, 12:00" in html  # UK time, spelled out
    assert "Started on:" in html
    assert "2 March 2025" in html


def test_constituency_changes_are_shown_by_name(staff_client, staff_user, organisation):
    carers = Constituency.objects.get(name="Carers")
    young_people = Constituency.objects.get(name="Young people")
    services.update_organisation(
        organisation=organisation, by=staff_user, changes={"constituencies": [young_people]}
    )
    services.update_organisation(
        organisation=organisation, by=staff_user, changes={"constituencies": [carers]}
    )

    html = staff_client.get(history_url(organisation)).content.decode()

    assert "Constituencies:" in html
    assert "added Carers, removed Young people" in html
    assert "added Young people" in html


def test_another_organisations_changes_are_left_out(staff_client, staff_user, organisation):
    services.create_organisation(by=staff_user, name="Someone Else", kind=Organisation.Kind.LOCAL)

    entries = staff_client.get(history_url(organisation)).context["entries"]

    assert not any("Someone Else" in entry.what for entry in entries)


def test_the_page_takes_the_same_queries_however_long_the_history(
    staff_client, staff_user, organisation
):
    url = history_url(organisation)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for number in range(3):
        services.update_organisation(
            organisation=organisation,
            by=staff_user,
            changes={
                "phone": f"0191 496 010{number}",
                "constituencies": Constituency.objects.all()[number : number + 2],
            },
        )
        services.add_representative(
            person=PersonFactory(), organisation=organisation, by=staff_user
        )

    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url)

    assert response.status_code == 200
    assert len(many) == len(few)
