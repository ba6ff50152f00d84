"""The people list and its CSV export: staff only, searchable, filterable, fixed queries."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Person, RoleTerm
from tests.factories import (
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
)

NOT_STAFF = ["chair", "core group", "board", "member"]
LIST_URL = reverse("network:person-list")
EXPORT_URL = reverse("network:person-export")


def _csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _add_people(count: int) -> None:
    """People who each represent two organisations and hold two role terms."""
    for _ in range(count):
        person = PersonFactory()
        RepresentativeFactory.create_batch(2, person=person)
        RoleTermFactory(person=person, role=RoleTerm.Role.CORE_GROUP)
        RoleTermFactory(person=person, role=RoleTerm.Role.BOARD, ended_on=date(2024, 6, 1))


@pytest.mark.parametrize("url", [LIST_URL, EXPORT_URL])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", NOT_STAFF)
@pytest.mark.parametrize("url", [LIST_URL, EXPORT_URL])
def test_roles_other_than_staff_are_refused(role_clients, role, url):
    assert role_clients[role].get(url).status_code == 403


def test_staff_see_organisations_roles_channel_and_consent(staff_client):
    organisation = MemberOrganisationFactory(name="Carers Voice")
    old_organisation = MemberOrganisationFactory(name="Former Forum")
    person = PersonFactory(
        full_name="Ada Lovelace",
        preferred_channel=Person.Channel.LARGE_PRINT,
        consent_given_on=date(2025, 3, 3),
        consent_method=Person.ConsentMethod.EMAIL,
    )
    RepresentativeFactory(person=person, organisation=organisation)
    RepresentativeFactory(person=person, organisation=old_organisation, ended_on=date(2024, 5, 1))
    RoleTermFactory(person=person, role=RoleTerm.Role.CHAIR)
    PersonFactory(full_name="Wendy Withdrawn", consent_withdrawn_on=date(2025, 4, 1))
    PersonFactory(full_name="Nora Norecord")

    response = staff_client.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode().split('<tbody class="govuk-table__body">')[
        1
    ]  # the table, not the filter options
    assert "Ada Lovelace" in html
    assert "Carers Voice" in html
    assert "Former Forum" not in html
    assert "Chair of the network" in html
    assert "Large print by post" in html
    assert "Given on 3 March 2025 (by email)" in html
    assert "Withdrawn on 1 April 2025" in html
    assert "Not recorded" in html


def test_search_matches_name_or_email_in_any_case(staff_client):
    PersonFactory(full_name="Ada Lovelace", email="ada@example.org")
    PersonFactory(full_name="Grace Hopper", email="cobol@example.org")

    by_name = staff_client.get(LIST_URL, {"q": "lovelace"})
    by_email = staff_client.get(LIST_URL, {"q": "COBOL"})

    assert [person.full_name for person in by_name.context["people"]] == ["Ada Lovelace"]
    assert [person.full_name for person in by_email.context["people"]] == ["Grace Hopper"]


def test_filter_by_organisation_counts_only_current_representatives(staff_client):
    organisation = MemberOrganisationFactory(name="Carers Voice North")
    current = RepresentativeFactory(organisation=organisation).person
    RepresentativeFactory(organisation=organisation, ended_on=date(2024, 6, 1))
    RepresentativeFactory(organisation=MemberOrganisationFactory(name="Young Minds"))
    PersonFactory()

    response = staff_client.get(LIST_URL, {"organisation": "voice north"})

    assert list(response.context["people"]) == [current]


def test_filter_by_role_counts_only_open_terms(staff_client):
    chair = RoleTermFactory(role=RoleTerm.Role.CHAIR).person
    RoleTermFactory(role=RoleTerm.Role.CHAIR, ended_on=date(2024, 6, 1))
    RoleTermFactory(role=RoleTerm.Role.BOARD)

    response = staff_client.get(LIST_URL, {"role": RoleTerm.Role.CHAIR})

    assert list(response.context["people"]) == [chair]


def test_no_match_says_so(staff_client):
    PersonFactory(full_name="Ada Lovelace")

    response = staff_client.get(LIST_URL, {"q": "nobody-like-this"})

    assert "No people match your search" in response.content.decode()


def test_empty_list_says_no_people_yet(staff_client):
    response = staff_client.get(LIST_URL)

    assert "No people have been added yet." in response.content.decode()


def test_export_is_the_filtered_list_without_lived_experience(staff_client):
    organisation = MemberOrganisationFactory(name="Carers Voice")
    person = PersonFactory(
        full_name="Ada Lovelace",
        email="ada@example.org",
        phone="020 7946 0001",
        lived_experience=Person.LivedExperience.BOTH,
        consent_given_on=date(2025, 3, 3),
        consent_method=Person.ConsentMethod.WRITING,
    )
    RepresentativeFactory(person=person, organisation=organisation)
    RoleTermFactory(person=person, role=RoleTerm.Role.CORE_GROUP)
    PersonFactory(full_name="Grace Hopper")

    response = staff_client.get(EXPORT_URL, {"q": "ada"})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert [row["Name"] for row in rows] == ["Ada Lovelace"]
    assert rows[0]["Email"] == "ada@example.org"
    assert rows[0]["Organisations represented"] == "Carers Voice"
    assert rows[0]["Current roles"] == "Core group member"
    assert rows[0]["Consent to be contacted"] == "Given on 3 March 2025"
    content = response.content.decode()
    assert "Lived experience" not in content
    assert Person.LivedExperience.BOTH.label not in content


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_export_defuses_cells_a_spreadsheet_would_run_as_formulas(staff_client, start):
    PersonFactory(full_name="Eve", address=f'{start}HYPERLINK("http://evil.example")')

    rows = _csv_rows(staff_client.get(EXPORT_URL))

    assert rows[0]["Postal address"] == f'\'{start}HYPERLINK("http://evil.example")'


@pytest.mark.time_machine("2025-06-15 12:00", tick=False)
def test_export_opens_in_excel_with_organisations_and_preferred_channel(staff_client):
    person = PersonFactory(full_name="Zoë Ng", preferred_channel=Person.Channel.LARGE_PRINT)
    for name in ["Alpha Voices", "Beta Carers"]:
        RepresentativeFactory(person=person, organisation=MemberOrganisationFactory(name=name))

    response = staff_client.get(EXPORT_URL)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people-2025-06-15.csv"'
    assert response.content.startswith(b"\xef\xbb\xbfName,")
    [row] = _csv_rows(response)
    assert (row["Name"], row["Organisations represented"]) == (
        "Zoë Ng",
        "Alpha Voices; Beta Carers",
    )
    assert row["Preferred way to be contacted"] == "Large print by post"


@pytest.mark.parametrize("url", [LIST_URL, EXPORT_URL])
def test_number_of_queries_does_not_grow_with_people(staff_client, url):
    _add_people(3)
    staff_client.get(url)  # warm the session and role caches
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    _add_people(6)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url)

    assert response.status_code == 200
    assert len(many) == len(few)
