"""Listing and viewing organisations: who sees which organisations, and in how much detail."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Constituency, Membership, Organisation, Region
from tests.factories import (
    CandidateFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    UserFactory,
)

LIST_URL = reverse("network:organisation-list")

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def detail_url(organisation: Organisation) -> str:
    return reverse("network:organisation-detail", args=[organisation.pk])


def constituency(name: str) -> Constituency:
    return Constituency.objects.get(name=name)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def network() -> dict[str, Organisation]:
    """An active member with details, a lapsed member and a prospective one."""
    active = MemberOrganisationFactory(
        name="Carers Voice North",
        kind=Organisation.Kind.CARER_CONTROLLED,
        region=Region.NORTH_EAST,
        email="hello@carersvoice.example.org",
        postcode="NE1 3AF",
    )
    active.constituencies.set([constituency("Carers"), constituency("Older people")])
    lapsed = OrganisationFactory(name="Lapsed Link", kind=Organisation.Kind.LOCAL)
    MembershipFactory(
        organisation=lapsed, status=Membership.Status.LAPSED, started_on=date(2025, 2, 1)
    )
    prospective = OrganisationFactory(
        name="Young Minds Together", kind=Organisation.Kind.LOCAL, region=Region.LONDON
    )
    prospective.constituencies.set([constituency("Young people")])
    MembershipFactory(
        organisation=prospective,
        status=Membership.Status.PROSPECTIVE,
        started_on=date(2025, 5, 1),
    )
    return {"active": active, "lapsed": lapsed, "prospective": prospective}


# --- The list: who may see it -------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_people_without_a_role_are_refused(client):
    client.force_login(UserFactory())

    assert client.get(LIST_URL).status_code == 403


@pytest.mark.parametrize("role", ["staff", "chair", "core group"])
def test_governance_roles_see_every_organisation_in_detail(role, role_clients, network):
    response = role_clients[role].get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for name in ["Carers Voice North", "Lapsed Link", "Young Minds Together"]:
        assert name in html
    assert "National carer-controlled" in html
    assert "North East" in html
    assert "Carers, Older people" in html
    assert "Lapsed" in html
    assert "since 1 February 2025" in html
    assert 'name="kind"' in html
    assert 'name="constituency"' in html
    assert 'name="region"' in html
    assert 'name="status"' in html
    assert reverse("network:organisation-export") in html


def test_the_board_sees_the_names_of_current_members_only(board_client, network):
    response = board_client.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Carers Voice North" in html
    assert "Lapsed Link" not in html
    assert "Young Minds Together" not in html
    assert "National carer-controlled" not in html
    assert "North East" not in html
    assert detail_url(network["active"]) not in html
    assert 'name="q"' in html
    assert 'name="kind"' not in html
    assert reverse("network:organisation-export") not in html


def test_a_member_sees_names_with_their_own_organisation_marked_and_linked(
    member_client, member_person, network
):
    own = member_person.representations.get().organisation

    html = member_client.get(LIST_URL).content.decode()

    assert f'<a class="govuk-link" href="{detail_url(own)}">{own}</a>' in html
    assert "Your organisation" in html
    assert "Carers Voice North" in html
    assert detail_url(network["active"]) not in html
    assert "Lapsed Link" not in html
    assert "hello@carersvoice.example.org" not in html


def test_only_staff_are_offered_adding_and_importing(role_clients):
    add_url = reverse("network:organisation-add")
    import_url = reverse("network:organisation-import")

    for role in ["staff", "chair", "core group", "board", "member"]:
        html = role_clients[role].get(LIST_URL).content.decode()
        assert (add_url in html) is (role == "staff"), role
        assert (import_url in html) is (role == "staff"), role


def test_the_list_counts_active_members_against_the_target(staff_client, network):
    response = staff_client.get(LIST_URL)

    assert response.context["size"].active == 1
    assert "active member organisation against a target of 30" in response.content.decode()


def test_an_empty_list_says_so(staff_client):
    html = staff_client.get(LIST_URL).content.decode()

    assert "No organisations have been added yet." in html


# --- The list: filters --------------------------------------------------------------


def names_listed(response) -> list[str]:
    return [organisation.name for organisation, _status in response.context["rows"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "local"}, ["Lapsed Link", "Young Minds Together"]),
        ({"region": "london"}, ["Young Minds Together"]),
        ({"status": "active"}, ["Carers Voice North"]),
        ({"status": "lapsed", "kind": "local"}, ["Lapsed Link"]),
        ({"q": "minds"}, ["Young Minds Together"]),
        ({"q": "carersvoice.example"}, ["Carers Voice North"]),
        ({"q": "ne1 3"}, ["Carers Voice North"]),
        ({"q": "nobody"}, []),
    ],
)
def test_governance_filters_narrow_the_list(staff_client, network, query, expected):
    assert names_listed(staff_client.get(LIST_URL, query)) == expected


def test_the_constituency_filter_lists_each_organisation_once(staff_client, network):
    query = {"constituency": constituency("Carers").pk}

    assert names_listed(staff_client.get(LIST_URL, query)) == ["Carers Voice North"]


def test_no_match_says_so_and_offers_to_clear_the_filters(staff_client, network):
    html = staff_client.get(LIST_URL, {"q": "nobody"}).content.decode()

    assert "No organisations match these filters." in html
    assert "Clear the filters" in html


def test_the_board_searches_by_name_but_not_by_email(board_client, network):
    assert names_listed(board_client.get(LIST_URL, {"q": "north"})) == ["Carers Voice North"]
    assert names_listed(board_client.get(LIST_URL, {"q": "carersvoice.example"})) == []
    # Filters the Board is not offered are ignored rather than applied.
    assert names_listed(board_client.get(LIST_URL, {"status": "lapsed"})) == ["Carers Voice North"]


def make_members(count: int) -> None:
    constituencies = list(Constituency.objects.all()[:3])
    for _ in range(count):
        organisation = MemberOrganisationFactory()
        organisation.constituencies.set(constituencies)


@pytest.mark.parametrize("role", ["staff", "board", "member"])
def test_the_list_takes_the_same_queries_for_more_organisations(role, role_clients):
    client = role_clients[role]
    make_members(3)
    few = count_queries(client, LIST_URL)

    make_members(9)

    assert count_queries(client, LIST_URL) == few


# --- One organisation's page --------------------------------------------------------


@pytest.fixture
def organisation(network) -> Organisation:
    """The active member, with a representative, a past one and an old candidacy."""
    organisation = network["active"]
    Membership.objects.filter(organisation=organisation).update(ended_on=date(2024, 12, 31))
    MembershipFactory(
        organisation=organisation,
        status=Membership.Status.LAPSED,
        started_on=date(2025, 1, 1),
        ended_on=date(2025, 2, 28),
        note="Missed the renewal",
    )
    MembershipFactory(organisation=organisation, started_on=date(2025, 3, 1))
    RepresentativeFactory(
        organisation=organisation,
        person=PersonFactory(
            full_name="Rita Representative", email="rita@example.org", phone="0191 496 0123"
        ),
    )
    RepresentativeFactory(
        organisation=organisation,
        person=PersonFactory(full_name="Paul Past"),
        ended_on=date(2024, 6, 30),
    )
    CandidateFactory(organisation=organisation, stage="joined", gap="Carers in the North East")
    return organisation


def test_anonymous_visitors_are_sent_to_sign_in_from_an_organisation(client, organisation):
    response = client.get(detail_url(organisation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["staff", "chair", "core group"])
def test_governance_roles_see_any_organisation(role, role_clients, organisation):
    response = role_clients[role].get(detail_url(organisation))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Carers Voice North</h1>' in html
    assert "active since 1 March 2025" in html
    assert "Carers, Older people" in html
    assert "hello@carersvoice.example.org" in html
    assert "Missed the renewal" in html
    assert "31 December 2024" in html
    assert "Rita Representative" in html
    assert "Paul Past" in html
    assert "Carers in the North East" in html


@pytest.mark.parametrize("role", ["board", "member"])
def test_other_roles_cannot_see_an_organisation_that_is_not_theirs(
    role, role_clients, organisation
):
    assert role_clients[role].get(detail_url(organisation)).status_code == 404


def test_a_member_sees_their_own_organisation(member_client, member_person):
    own = member_person.representations.get().organisation

    response = member_client.get(detail_url(own))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Mo Member" in html
    assert reverse("network:organisation-edit", args=[own.pk]) in html
    assert reverse("network:membership-change", args=[own.pk]) not in html
    assert reverse("network:organisation-history", args=[own.pk]) not in html
    assert "Recruitment" not in html


def test_only_staff_see_representatives_contact_details_and_pages(role_clients, organisation):
    rita = organisation.representatives.get(person__full_name="Rita Representative").person

    for role in ["chair", "core group"]:
        html = role_clients[role].get(detail_url(organisation)).content.decode()
        assert "Rita Representative" in html
        assert "rita@example.org" not in html
        assert "0191 496 0123" not in html
        assert rita.get_absolute_url() not in html

    html = role_clients["staff"].get(detail_url(organisation)).content.decode()
    assert "rita@example.org" in html
    assert "0191 496 0123" in html
    assert rita.get_absolute_url() in html


def test_staff_are_offered_editing_membership_and_history(staff_client, organisation):
    html = staff_client.get(detail_url(organisation)).content.decode()

    for name in ["organisation-edit", "membership-change", "organisation-history"]:
        assert reverse(f"network:{name}", args=[organisation.pk]) in html


@pytest.mark.parametrize("role", ["chair", "core group"])
def test_the_chair_and_core_group_are_offered_no_changes(role, role_clients, organisation):
    html = role_clients[role].get(detail_url(organisation)).content.decode()

    for name in ["organisation-edit", "membership-change", "organisation-history"]:
        assert reverse(f"network:{name}", args=[organisation.pk]) not in html


def test_an_organisation_without_records_says_so(staff_client):
    organisation = OrganisationFactory(address="", postcode="", website="", phone="", email="")

    html = staff_client.get(detail_url(organisation)).content.decode()

    assert "No membership status has been recorded." in html
    assert "No one represents this organisation yet." in html
    assert "has not been a recruitment candidate" in html


def test_an_unknown_organisation_is_not_found(staff_client):
    assert staff_client.get(reverse("network:organisation-detail", args=[999])).status_code == 404


def test_the_page_takes_the_same_queries_for_more_history(staff_client, organisation):
    few = count_queries(staff_client, detail_url(organisation))

    for _ in range(4):
        RepresentativeFactory(organisation=organisation, ended_on=date(2024, 12, 31))
    CandidateFactory(organisation=organisation, stage="declined")

    assert count_queries(staff_client, detail_url(organisation)) == few
