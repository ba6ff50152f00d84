"""The people list in pages of 50, sorted by its columns, and its filters (CSV export too)."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from network.models import AccessNeed, Organisation, Person, RoleTerm
from tests.factories import (
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
)

LIST_URL = reverse("network:person-list")
EXPORT_URL = reverse("network:person-export")

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def names_listed(response) -> list[str]:
    assert response.status_code == 200
    return [person.full_name for person in response.context["people"]]


def names_exported(response) -> list[str]:
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")  # the export starts with a BOM for Excel
    return [row["Name"] for row in csv.DictReader(io.StringIO(text))]


def next_link(html: str) -> str:
    match = re.search(r'href="([^"]*)"\s+rel="next"', html)
    assert match, "no next link"
    return match.group(1).replace("&amp;", "&")


def need(name: str) -> AccessNeed:
    return AccessNeed.objects.get(name=name)


# --- Pages and sorting ---------------------------------------------------------------


@pytest.fixture
def fifty_one() -> None:
    for number in range(51, 0, -1):
        PersonFactory(full_name=f"Person {number:02d}", preferred_channel=Person.Channel.POST)


def test_fifty_one_people_make_two_pages(staff_client, fifty_one):
    first = staff_client.get(LIST_URL)
    second = staff_client.get(LIST_URL, {"page": "2"})

    assert names_listed(first) == [f"Person {n:02d}" for n in range(1, 51)]
    assert names_listed(second) == ["Person 51"]
    assert "People 1 to 50 of 51" in first.content.decode()
    assert "People 51 to 51 of 51" in second.content.decode()
    assert '<nav class="govuk-pagination" aria-label="Pages of people">' in first.content.decode()


@pytest.mark.parametrize(("page", "expected"), [("abc", "Person 01"), ("999", "Person 51")])
def test_a_bad_page_falls_back_quietly(staff_client, fifty_one, page, expected):
    assert names_listed(staff_client.get(LIST_URL, {"page": page}))[0] == expected


def test_filters_are_kept_across_pages(staff_client, fifty_one):
    PersonFactory(full_name="Aaron Email", preferred_channel=Person.Channel.EMAIL)

    html = staff_client.get(LIST_URL, {"channel": "post", "sort": "-name"}).content.decode()

    assert next_link(html) == "?channel=post&sort=-name&page=2"
    assert names_listed(staff_client.get(LIST_URL + next_link(html))) == ["Person 01"]


@pytest.fixture
def four() -> None:
    """Four people whose names, channels and consent sort differently."""
    PersonFactory(
        full_name="alice Able",
        preferred_channel=Person.Channel.TELEPHONE,
        consent_given_on=date(2025, 3, 1),
        consent_method=Person.ConsentMethod.EMAIL,
    )
    PersonFactory(
        full_name="Bob Baker",
        preferred_channel=Person.Channel.EASY_READ,
        consent_given_on=date(2024, 3, 1),
        consent_method=Person.ConsentMethod.EMAIL,
        consent_withdrawn_on=date(2025, 1, 1),
    )
    PersonFactory(full_name="Cara Cole", preferred_channel=Person.Channel.POST)
    PersonFactory(
        full_name="Dev Doe",
        preferred_channel=Person.Channel.EMAIL,
        consent_given_on=date(2024, 6, 1),
        consent_method=Person.ConsentMethod.WRITING,
    )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["alice Able", "Bob Baker", "Cara Cole", "Dev Doe"]),
        # Easy read, Email, Print by post, Telephone
        ("channel", ["Bob Baker", "Dev Doe", "Cara Cole", "alice Able"]),
        # Given (earliest first), not recorded, withdrawn
        ("consent", ["Dev Doe", "alice Able", "Cara Cole", "Bob Baker"]),
    ],
)
def test_each_column_sorts_both_ways(staff_client, four, sort, expected):
    assert names_listed(staff_client.get(LIST_URL, {"sort": sort})) == expected
    assert names_listed(staff_client.get(LIST_URL, {"sort": f"-{sort}"})) == expected[::-1]


def test_headers_link_to_the_sorts_keeping_the_search(staff_client, four):
    html = staff_client.get(LIST_URL, {"q": "a", "sort": "channel"}).content.decode()

    found = re.findall(r'aria-sort="(\w+)">\s*<a class="govuk-link" href="([^"]*)">([^<]*)', html)
    assert found == [
        ("none", "?q=a&amp;sort=name", "Name"),
        ("ascending", "?q=a&amp;sort=-channel", "Preferred way to be contacted"),
        ("none", "?q=a&amp;sort=consent", "Consent to be contacted"),
    ]


def test_a_bad_sort_falls_back_to_names(staff_client, four):
    response = staff_client.get(LIST_URL, {"sort": "lived_experience"})

    assert names_listed(response) == ["alice Able", "Bob Baker", "Cara Cole", "Dev Doe"]


def test_sorting_alone_is_not_taken_for_a_search(staff_client):
    html = staff_client.get(LIST_URL, {"sort": "-name"}).content.decode()

    assert "No people have been added yet." in html


# --- Filters ---------------------------------------------------------------------------


@pytest.fixture
def people() -> dict[str, Person]:
    """Five people with different needs, channels, consent, roles and organisations."""
    local = MemberOrganisationFactory(name="Leeds Voices", kind=Organisation.Kind.LOCAL)
    carers = MemberOrganisationFactory(
        name="Carers Together", kind=Organisation.Kind.CARER_CONTROLLED
    )
    ann = PersonFactory(
        full_name="Ann Signer",
        preferred_channel=Person.Channel.EMAIL,
        consent_given_on=date(2025, 1, 1),
        consent_method=Person.ConsentMethod.ONLINE,
    )
    ann.access_needs.set([need("BSL interpreter"), need("Step-free access")])
    RepresentativeFactory(person=ann, organisation=local)
    RoleTermFactory(person=ann, role=RoleTerm.Role.CORE_GROUP)
    ben = PersonFactory(
        full_name="Ben Post",
        preferred_channel=Person.Channel.POST,
        consent_given_on=date(2024, 1, 1),
        consent_method=Person.ConsentMethod.WRITING,
        consent_withdrawn_on=date(2025, 2, 1),
    )
    ben.access_needs.set([need("Large print papers")])
    RepresentativeFactory(person=ben, organisation=carers)
    # Once in the core group and once for a local organisation: neither counts now.
    RoleTermFactory(person=ben, role=RoleTerm.Role.CORE_GROUP, ended_on=date(2024, 12, 31))
    RepresentativeFactory(person=ben, organisation=local, ended_on=date(2024, 12, 31))
    cat = PersonFactory(full_name="Cat Nobody", preferred_channel=Person.Channel.POST)
    cat.access_needs.set([need("BSL interpreter")])
    RoleTermFactory(person=cat, role=RoleTerm.Role.BOARD)
    dan = PersonFactory(
        full_name="Dan Large",
        preferred_channel=Person.Channel.LARGE_PRINT,
        consent_given_on=date(2025, 4, 1),
        consent_method=Person.ConsentMethod.TELEPHONE,
    )
    RepresentativeFactory(person=dan, organisation=carers)
    RepresentativeFactory(person=dan, organisation=local)
    RoleTermFactory(person=dan, role=RoleTerm.Role.CORE_GROUP)
    RoleTermFactory(person=dan, role=RoleTerm.Role.BOARD)
    eve = PersonFactory(full_name="Eve Plain")
    return {"ann": ann, "ben": ben, "cat": cat, "dan": dan, "eve": eve}


def filter_cases() -> list:
    return [
        ({"access_need": "BSL interpreter"}, ["Ann Signer", "Cat Nobody"]),
        ({"access_need": "Large print papers"}, ["Ben Post"]),
        ({"access_need": "Hearing loop"}, []),
        ({"channel": "post"}, ["Ben Post", "Cat Nobody"]),
        ({"channel": "large-print"}, ["Dan Large"]),
        ({"consent": "given"}, ["Ann Signer", "Dan Large"]),
        ({"consent": "withdrawn"}, ["Ben Post"]),
        ({"consent": "not-recorded"}, ["Cat Nobody", "Eve Plain"]),
        ({"role": "core group"}, ["Ann Signer", "Dan Large"]),
        ({"role": "board"}, ["Cat Nobody", "Dan Large"]),
        ({"role": "chair"}, []),
        ({"organisation_kind": "local"}, ["Ann Signer", "Dan Large"]),
        ({"organisation_kind": "carer-controlled"}, ["Ben Post", "Dan Large"]),
        ({"organisation_kind": "equality"}, []),
        ({"organisation": "leeds"}, ["Ann Signer", "Dan Large"]),
        ({"channel": "post", "access_need": "BSL interpreter"}, ["Cat Nobody"]),
        ({"role": "core group", "organisation_kind": "carer-controlled"}, ["Dan Large"]),
        ({"q": "POST"}, ["Ben Post"]),
        ({}, ["Ann Signer", "Ben Post", "Cat Nobody", "Dan Large", "Eve Plain"]),
    ]


def with_need_ids(query: dict[str, str]) -> dict[str, str]:
    if "access_need" in query:
        return {**query, "access_need": str(need(query["access_need"]).pk)}
    return query


@pytest.mark.parametrize(("query", "expected"), filter_cases())
def test_each_filter_finds_exactly_the_right_people(staff_client, people, query, expected):
    assert names_listed(staff_client.get(LIST_URL, with_need_ids(query))) == expected


@pytest.mark.parametrize(("query", "expected"), filter_cases())
def test_the_export_uses_the_same_filters(staff_client, people, query, expected):
    assert names_exported(staff_client.get(EXPORT_URL, with_need_ids(query))) == expected


def test_the_export_link_carries_the_filters(staff_client, people):
    query = {"channel": "post", "sort": "-name", "page": "1"}

    html = staff_client.get(LIST_URL, query).content.decode()

    href = f"{EXPORT_URL}?channel=post&amp;sort=-name&amp;page=1"
    assert href in html
    assert names_exported(staff_client.get(href.replace("&amp;", "&"))) == [
        "Ben Post",
        "Cat Nobody",
    ]


def test_the_filters_are_offered_with_labels(staff_client):
    html = staff_client.get(LIST_URL).content.decode()

    for label in [
        "Access need",
        "Preferred way to be contacted",
        "Consent to be contacted",
        "Current role",
        "Kind of organisation represented",
        "Organisation represented",
    ]:
        assert f'class="govuk-label">\n          {label}\n' in html, label
    assert '<option value="not-recorded">Not recorded</option>' in html
    assert f'<option value="{need("BSL interpreter").pk}">BSL interpreter</option>' in html
    # Representatives hold no role term, so "member" is not a role to filter by.
    assert '<option value="member">' not in html


def test_an_unknown_filter_value_is_marked_and_ignored_not_a_failure(staff_client, people):
    response = staff_client.get(LIST_URL, {"channel": "pigeon", "consent": "withdrawn"})

    assert names_listed(response) == ["Ben Post"]
    assert response.context["filterset"].errors["channel"] == [
        "Select a valid choice. pigeon is not one of the available choices."
    ]
    html = response.content.decode()
    assert 'class="govuk-select govuk-input--error" aria-invalid="true" id="id_channel"' in html
    assert "Select a valid choice. pigeon is not one of the available choices." in html
