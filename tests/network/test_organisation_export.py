"""The organisation list as a CSV file, filtered as on the page."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import imports
from network.models import Constituency, Membership, Organisation, Region
from tests.factories import (
    MemberOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
)

URL = reverse("network:organisation-export")

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def rows_of(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def organisations() -> list[Organisation]:
    carers = MemberOrganisationFactory(
        name="Carers Voice North",
        kind=Organisation.Kind.CARER_CONTROLLED,
        region=Region.NORTH_EAST,
        email="hello@cvn.example.org",
        phone="+44 191 496 0000",
        website="https://cvn.example.org",
        address="1 Quayside\nNewcastle",
        postcode="NE1 3AF",
    )
    carers.constituencies.set(Constituency.objects.filter(name__in=["Carers", "Older people"]))
    lapsed = OrganisationFactory(
        name="Lapsed Link",
        kind=Organisation.Kind.LOCAL,
        region=Region.LONDON,
        is_user_or_carer_led=False,
        email="office@lapsed.example.org",
    )
    MembershipFactory(
        organisation=lapsed, status=Membership.Status.LAPSED, started_on=date(2025, 2, 1)
    )
    return [carers, lapsed]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["board", "member"])
def test_the_board_and_members_may_not_export(role, role_clients):
    assert role_clients[role].get(URL).status_code == 403


@pytest.mark.parametrize("role", ["staff", "chair", "core group"])
def test_governance_roles_download_every_organisation(role, role_clients, organisations):
    response = role_clients[role].get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="organisations-2025-06-15.csv"'
    )
    assert response.content.startswith("\ufeff".encode())
    ours = [
        row for row in rows_of(response) if row["name"] in {"Carers Voice North", "Lapsed Link"}
    ]
    assert ours == [
        {
            "name": "Carers Voice North",
            "kind": "National carer-controlled",
            "region": "North East",
            "constituencies": "Carers; Older people",
            "email": "hello@cvn.example.org",
            "phone": "'+44 191 496 0000",
            "website": "https://cvn.example.org",
            "address": "1 Quayside\nNewcastle",
            "postcode": "NE1 3AF",
            "user_or_carer_led": "yes",
            "status": "Active",
            "status_since": "2024-01-01",
        },
        {
            "name": "Lapsed Link",
            "kind": "Local",
            "region": "London",
            "constituencies": "",
            "email": "office@lapsed.example.org",
            "phone": "",
            "website": "",
            "address": "",
            "postcode": "",
            "user_or_carer_led": "no",
            "status": "Lapsed",
            "status_since": "2025-02-01",
        },
    ]


def test_the_header_row_names_the_import_columns(staff_client):
    first_line = staff_client.get(URL).content.decode("utf-8-sig").splitlines()[0]

    assert first_line == ",".join(imports.EXPORT_COLUMNS)


def test_the_export_uses_the_lists_filters(staff_client, organisations):
    response = staff_client.get(URL, {"status": "lapsed"})

    assert [row["name"] for row in rows_of(response)] == ["Lapsed Link"]


def test_the_list_links_to_the_export_with_its_filters(staff_client, organisations):
    html = staff_client.get(reverse("network:organisation-list"), {"kind": "local"}).content

    assert f'href="{URL}?kind=local"'.encode() in html


def test_cells_a_spreadsheet_would_run_as_formulas_are_guarded(staff_client):
    OrganisationFactory(
        name='=HYPERLINK("http://evil.example")',
        phone="@SUM(A1)",
        address="\tTabbed",
        postcode="-1+1",
        email="+x@example.org",
    )

    [row] = rows_of(staff_client.get(URL))

    assert row["name"] == '\'=HYPERLINK("http://evil.example")'
    assert (row["phone"], row["address"], row["postcode"], row["email"]) == (
        "'@SUM(A1)",
        "'\tTabbed",
        "'-1+1",
        "'+x@example.org",
    )


def test_an_export_imports_again_unchanged(staff_client, staff_user, organisations):
    content = staff_client.get(URL).content.decode("utf-8-sig")
    before = rows_of(staff_client.get(URL))
    Membership.objects.all().delete()
    Organisation.objects.all().delete()

    imports.import_organisations(text=content, by=staff_user)

    assert rows_of(staff_client.get(URL)) == before


def test_an_edited_export_updates_the_organisations_in_place(
    staff_client, staff_user, organisations
):
    content = staff_client.get(URL).content.decode("utf-8-sig")
    edited = content.replace("office@lapsed.example.org", "new@lapsed.example.org")

    preview = imports.import_organisations(text=edited, by=staff_user)

    assert (preview.added, preview.updated) == (0, len(preview.rows))
    [changed] = [row for row in preview.rows if row.changes]
    assert (changed.name, [(c.label, c.old, c.new) for c in changed.changes]) == (
        "Lapsed Link",
        [("Email", "office@lapsed.example.org", "new@lapsed.example.org")],
    )
    assert Organisation.objects.get(name="Lapsed Link").email == "new@lapsed.example.org"


@pytest.mark.parametrize("role", ["chair", "core group"])
def test_the_chair_and_core_group_get_no_personal_data(role, role_clients, organisations):
    person = PersonFactory(full_name="Rita Representative", email="rita@example.org")
    RepresentativeFactory(person=person, organisation=organisations[0])

    response = role_clients[role].get(URL)

    content = response.content.decode("utf-8-sig")
    assert content.splitlines()[0] == ",".join(imports.EXPORT_COLUMNS)
    assert "Rita" not in content
    assert "rita@example.org" not in content
    assert "hello@cvn.example.org" in content  # the organisation's own address


def test_the_export_takes_the_same_queries_for_more_organisations(staff_client):
    constituencies = list(Constituency.objects.all()[:3])

    def add(count: int) -> None:
        for _ in range(count):
            MemberOrganisationFactory().constituencies.set(constituencies)

    add(3)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(URL)
    add(9)
    with CaptureQueriesContext(connection) as more:
        staff_client.get(URL)

    assert len(more) == len(few)
