"""A member's change to their organisation's constituencies waits for staff to review it."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import services
from network.models import Constituency, ConstituencyChange, Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]

HOME = reverse("reporting:home")


@pytest.fixture
def carers() -> Constituency:
    return Constituency.objects.get(name="Carers")


@pytest.fixture
def young_people() -> Constituency:
    return Constituency.objects.get(name="Young people")


@pytest.fixture
def own_organisation(member_person, young_people) -> Organisation:
    organisation = member_person.representations.get().organisation
    organisation.name = "Carers Voice North"
    organisation.save()
    organisation.constituencies.set([young_people])
    return organisation


def _edit_form(organisation: Organisation, constituencies: list[Constituency]) -> dict:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "is_user_or_carer_led": "on",
        "region": organisation.region,
        "constituencies": [c.pk for c in constituencies],
        "email": organisation.email,
    }


def _review_url(change: ConstituencyChange) -> str:
    return reverse("network:constituency-change-review", args=[change.pk])


def test_a_members_change_is_recorded_once_with_before_and_after(
    member_client, member_user, own_organisation, carers, young_people
):
    response = member_client.post(
        reverse("network:organisation-edit", args=[own_organisation.pk]),
        _edit_form(own_organisation, [carers]),
    )

    assert response.status_code == 302
    change = ConstituencyChange.objects.get()
    assert change.organisation == own_organisation
    assert change.changed_by == member_user
    assert list(change.before.all()) == [young_people]
    assert list(change.after.all()) == [carers]
    assert change.reviewed_at is None


def test_each_change_by_a_member_is_recorded_once(
    member_user, own_organisation, carers, young_people
):
    for constituencies in ([carers], [carers, young_people]):
        services.update_organisation(
            organisation=own_organisation,
            by=member_user,
            changes={"constituencies": constituencies},
        )

    assert ConstituencyChange.objects.count() == 2


def test_a_member_saving_the_same_constituencies_is_not_recorded(
    member_user, own_organisation, young_people
):
    services.update_organisation(
        organisation=own_organisation,
        by=member_user,
        changes={"constituencies": [young_people], "phone": "0191 496 0000"},
    )
    services.update_organisation(
        organisation=own_organisation, by=member_user, changes={"phone": "0191 496 0001"}
    )

    assert not ConstituencyChange.objects.exists()


def test_a_staff_change_is_not_flagged(staff_client, own_organisation, carers):
    response = staff_client.post(
        reverse("network:organisation-edit", args=[own_organisation.pk]),
        _edit_form(own_organisation, [carers]),
    )

    assert response.status_code == 302
    assert list(own_organisation.constituencies.all()) == [carers]
    assert not ConstituencyChange.objects.exists()


def test_a_change_by_the_system_is_not_flagged(own_organisation, carers):
    services.update_organisation(
        organisation=own_organisation, by=None, changes={"constituencies": [carers]}
    )

    assert not ConstituencyChange.objects.exists()


def test_staff_see_the_change_on_their_home_page(
    staff_client, member_user, own_organisation, carers
):
    services.update_organisation(
        organisation=own_organisation, by=member_user, changes={"constituencies": [carers]}
    )

    html = staff_client.get(HOME).content.decode()

    assert "Constituency changes to review" in html
    assert "1 change waiting for review" in html
    assert "Carers Voice North" in html
    assert "Mo Member" in html
    assert "15 June 2025, 12:00" in html
    assert "Constituencies: added Carers, removed Young people" in html
    change = ConstituencyChange.objects.get()
    assert f'action="{_review_url(change)}"' in html


def test_the_panel_is_absent_when_nothing_waits(staff_client):
    assert "Constituency changes to review" not in staff_client.get(HOME).content.decode()


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_see_the_panel(role, role_clients, member_user, own_organisation, carers):
    services.update_organisation(
        organisation=own_organisation, by=member_user, changes={"constituencies": [carers]}
    )

    html = role_clients[role].get(HOME).content.decode()

    assert "Constituency changes to review" not in html


def test_staff_mark_a_change_as_reviewed(staff_client, staff_user, member_user, own_organisation):
    services.update_organisation(
        organisation=own_organisation, by=member_user, changes={"constituencies": []}
    )
    change = ConstituencyChange.objects.get()

    response = staff_client.post(_review_url(change))

    assert response.status_code == 302
    assert response.url == HOME
    change.refresh_from_db()
    assert change.reviewed_by == staff_user
    assert change.reviewed_at is not None
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The change to Carers Voice North's constituencies is marked as reviewed."
    ]
    assert "Constituency changes to review" not in staff_client.get(HOME).content.decode()


def test_marking_it_twice_keeps_the_first_reviewer(
    staff_client, staff_user, member_user, own_organisation
):
    services.update_organisation(
        organisation=own_organisation, by=member_user, changes={"constituencies": []}
    )
    change = ConstituencyChange.objects.get()
    assert services.review_constituency_change(change=change, by=staff_user)

    response = staff_client.post(_review_url(change))

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The change to Carers Voice North's constituencies was already reviewed."
    ]


def test_review_is_staff_only_and_post_only(role_clients, client, member_user, own_organisation):
    services.update_organisation(
        organisation=own_organisation, by=member_user, changes={"constituencies": []}
    )
    url = _review_url(ConstituencyChange.objects.get())

    assert client.post(url).status_code == 302  # to sign in
    assert client.post(url).url.startswith(reverse("account_login"))
    for role in ["chair", "core group", "board", "member"]:
        assert role_clients[role].post(url).status_code == 403
        assert role_clients[role].get(url).status_code == 403
    assert role_clients["staff"].get(url).status_code == 405
    assert not ConstituencyChange.objects.filter(reviewed_at__isnull=False).exists()
    assert (
        role_clients["staff"]
        .post(reverse("network:constituency-change-review", args=[999]))
        .status_code
        == 404
    )


def test_the_panel_takes_the_same_queries_for_more_changes(
    staff_client, member_user, own_organisation, carers, young_people
):
    services.update_organisation(
        organisation=own_organisation, by=member_user, changes={"constituencies": [carers]}
    )
    with CaptureQueriesContext(connection) as few:
        staff_client.get(HOME)
    for constituencies in ([young_people], [carers, young_people], []):
        services.update_organisation(
            organisation=own_organisation,
            by=member_user,
            changes={"constituencies": constituencies},
        )

    with CaptureQueriesContext(connection) as many:
        staff_client.get(HOME)

    assert len(many) == len(few)
