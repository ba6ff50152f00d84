"""The organisation list in pages of 50, sorted by its columns, for each role."""

import re
from datetime import date

import pytest
from django.urls import reverse

from network.models import Membership, Organisation, Region
from tests.factories import MemberOrganisationFactory, MembershipFactory, OrganisationFactory

LIST_URL = reverse("network:organisation-list")

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def names_listed(response) -> list[str]:
    assert response.status_code == 200
    return [organisation.name for organisation, _status in response.context["rows"]]


def link(html: str, rel: str) -> str:
    """The address of the previous or next page link."""
    match = re.search(rf'href="([^"]*)"\s+rel="{rel}"', html)
    assert match, f"no {rel} link"
    return match.group(1).replace("&amp;", "&")


def sort_headers(html: str) -> list[tuple[str, str, str]]:
    """Each sortable heading's aria-sort, link and label, in order."""
    found = re.findall(r'aria-sort="(\w+)">\s*<a class="govuk-link" href="([^"]*)">([^<]*)', html)
    return [(aria, href.replace("&amp;", "&"), label) for aria, href, label in found]


@pytest.fixture
def fifty_one() -> None:
    """51 active members, Member 01 to Member 51, created in reverse order."""
    for number in range(51, 0, -1):
        MemberOrganisationFactory(name=f"Member {number:02d}", kind=Organisation.Kind.LOCAL)


@pytest.fixture
def four() -> None:
    """Four organisations whose names, kinds, regions and statuses sort differently."""
    rows = [
        ("alpha", Organisation.Kind.LOCAL, Region.SOUTH_WEST, Membership.Status.ACTIVE),
        ("Beta", Organisation.Kind.USER_CONTROLLED, Region.LONDON, Membership.Status.LAPSED),
        ("Delta", Organisation.Kind.EQUALITY, Region.NORTH_EAST, None),
        ("Gamma", Organisation.Kind.CARER_CONTROLLED, Region.EAST, Membership.Status.INVITED),
    ]
    for name, kind, region, status in rows:
        organisation = OrganisationFactory(name=name, kind=kind, region=region)
        if status:
            MembershipFactory(organisation=organisation, status=status)


# --- Pages ---------------------------------------------------------------------------


def test_fifty_one_organisations_make_two_pages(staff_client, fifty_one):
    first = staff_client.get(LIST_URL)
    second = staff_client.get(LIST_URL, {"page": "2"})

    assert names_listed(first) == [f"Member {n:02d}" for n in range(1, 51)]
    assert names_listed(second) == ["Member 51"]
    assert "Organisations 1 to 50 of 51" in first.content.decode()
    assert "Organisations 51 to 51 of 51" in second.content.decode()
    assert second.context["size"].active == 51


def test_the_pages_are_linked_with_gov_uk_pagination(staff_client, fifty_one):
    html = staff_client.get(LIST_URL).content.decode()

    assert '<nav class="govuk-pagination" aria-label="Pages of organisations">' in html
    assert link(html, "next") == "?page=2"
    assert 'aria-label="Page 1"\n                           aria-current="page">1</a>' in html
    assert 'rel="prev"' not in html
    html = staff_client.get(LIST_URL, {"page": "2"}).content.decode()
    assert link(html, "prev") == LIST_URL
    assert 'rel="next"' not in html


def test_one_page_of_organisations_shows_no_pagination(staff_client, four):
    html = staff_client.get(LIST_URL).content.decode()

    assert "govuk-pagination" not in html
    assert "4 organisations</caption>" in html


@pytest.mark.parametrize(("page", "expected"), [("abc", "Member 01"), ("999", "Member 51")])
def test_a_bad_page_falls_back_quietly(staff_client, fifty_one, page, expected):
    assert names_listed(staff_client.get(LIST_URL, {"page": page}))[0] == expected


def test_filters_and_sort_are_kept_across_pages(staff_client, fifty_one, four):
    html = staff_client.get(LIST_URL, {"kind": "local", "sort": "-name"}).content.decode()
    next_page = link(html, "next")

    assert next_page == "?kind=local&sort=-name&page=2"
    assert names_listed(staff_client.get(LIST_URL + next_page)) == ["Member 01", "alpha"]
    assert '<input type="hidden" name="sort" value="-name">' in html


def test_the_export_link_keeps_the_filters_and_exports_every_page(staff_client, fifty_one):
    html = staff_client.get(LIST_URL, {"kind": "local", "page": "2"}).content.decode()
    export = reverse("network:organisation-export") + "?kind=local&amp;page=2"

    assert export in html
    response = staff_client.get(export.replace("&amp;", "&"))
    assert response.content.decode().count("Member ") == 51


# --- Sorting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["alpha", "Beta", "Delta", "Gamma"]),
        # Equality…, Local, National carer-controlled, National user-controlled
        ("kind", ["Delta", "alpha", "Gamma", "Beta"]),
        # East of England, London, North East, South West
        ("region", ["Gamma", "Beta", "Delta", "alpha"]),
        # Active, Invited, Lapsed, No status
        ("membership", ["alpha", "Gamma", "Beta", "Delta"]),
    ],
)
def test_each_column_sorts_both_ways(staff_client, four, sort, expected):
    assert names_listed(staff_client.get(LIST_URL, {"sort": sort})) == expected
    assert names_listed(staff_client.get(LIST_URL, {"sort": f"-{sort}"})) == expected[::-1]


def test_membership_sorts_by_status_then_how_long(staff_client):
    for name, since in [("Newer", date(2025, 1, 1)), ("Older", date(2023, 1, 1))]:
        MembershipFactory(organisation=OrganisationFactory(name=name), started_on=since)

    assert names_listed(staff_client.get(LIST_URL, {"sort": "membership"})) == ["Older", "Newer"]


def test_column_headers_are_sort_links_with_aria_sort(staff_client, four):
    html = staff_client.get(LIST_URL, {"sort": "-kind", "region": ""}).content.decode()

    assert sort_headers(html) == [
        ("none", "?region=&sort=name", "Name"),
        ("descending", "?region=&sort=kind", "Kind"),
        ("none", "?region=&sort=region", "Region"),
        ("none", "?region=&sort=membership", "Membership"),
    ]
    assert '<th scope="col" class="govuk-table__header">Constituencies</th>' in html


@pytest.mark.parametrize("sort", ["email", "constituencies", "-pk", "name;drop"])
def test_a_sort_not_offered_falls_back_to_names(staff_client, four, sort):
    response = staff_client.get(LIST_URL, {"sort": sort})

    assert names_listed(response) == ["alpha", "Beta", "Delta", "Gamma"]


def test_sorting_alone_is_not_taken_for_a_filter(staff_client):
    html = staff_client.get(LIST_URL, {"sort": "-name", "page": "2"}).content.decode()

    assert "No organisations have been added yet." in html
    assert "Clear the filters" not in html


# --- The Board and members: names of current members only, still ---------------------


def test_the_board_pages_through_names_only(board_client, fifty_one, four):
    first = board_client.get(LIST_URL)
    second = board_client.get(LIST_URL, {"page": "2"})

    # alpha is the only active member of the four.
    assert names_listed(first) == ["alpha", *[f"Member {n:02d}" for n in range(1, 50)]]
    assert names_listed(second) == ["Member 50", "Member 51"]
    html = second.content.decode()
    assert "Organisations 51 to 52 of 52" in html
    assert "Local" not in html
    assert "Lapsed" not in html
    assert reverse("network:organisation-export") not in html
    organisation = Organisation.objects.get(name="Member 51")
    assert organisation.get_absolute_url() not in html


def test_the_board_sorts_by_name_only(board_client, four):
    MemberOrganisationFactory(name="Zeta", kind=Organisation.Kind.EQUALITY)

    assert names_listed(board_client.get(LIST_URL, {"sort": "-name"})) == ["Zeta", "alpha"]
    assert names_listed(board_client.get(LIST_URL, {"sort": "kind"})) == ["alpha", "Zeta"]
    html = board_client.get(LIST_URL).content.decode()
    assert "?sort=-name" in html
    assert "?sort=kind" not in html


def test_a_member_finds_their_own_organisation_on_its_page(member_client, member_person):
    own = member_person.representations.get().organisation
    own.name = "Zz Own Voices"
    own.save()
    for number in range(50):
        MemberOrganisationFactory(name=f"Member {number:02d}")

    html = member_client.get(LIST_URL, {"page": "2"}).content.decode()

    assert f'<a class="govuk-link" href="{own.get_absolute_url()}">Zz Own Voices</a>' in html
    assert "Your organisation" in html
    assert Organisation.objects.get(name="Member 00").get_absolute_url() not in html
