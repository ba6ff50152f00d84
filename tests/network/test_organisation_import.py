"""Importing organisations from CSV: checked row by row, then all of them or none."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network import importing
from network.forms.organisations import ImportConfirmForm
from network.models import Constituency, Membership, Organisation, Region
from tests.factories import OrganisationFactory

URL = reverse("network:organisation-import")
HEADINGS = ",".join(importing.COLUMNS)
GOOD_ROWS = [
    "Carers Voice North,National carer-controlled,North East,Carers; older PEOPLE,"
    "hello@cvn.example.org,0191 496 0000,https://cvn.example.org,1 Quayside,NE1 3AF,yes,"
    "Active,2025-04-01",
    "Young Minds Together,local,london,,,,,,,no,invited,01/05/2025",
    "Plain Name,user-controlled,,,,,,,,,,",
]

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def csv_file(*rows: str, headings: str = HEADINGS, name: str = "organisations.csv"):
    return SimpleUploadedFile(name, "\n".join([headings, *rows]).encode(), "text/csv")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def preview_of(*rows: str, headings: str = HEADINGS) -> importing.ImportPreview:
    return importing.read_organisations("\n".join([headings, *rows]))


def signed(*rows: str) -> str:
    return ImportConfirmForm.for_content("\n".join([HEADINGS, *rows])).initial["checked_file"]


# --- Who may import -----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_may_import(role, role_clients):
    client = role_clients[role]

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": csv_file(*GOOD_ROWS)}).status_code == 403
    assert client.post(URL, {"checked_file": signed(*GOOD_ROWS)}).status_code == 403
    assert not Organisation.objects.filter(name="Carers Voice North").exists()


def test_the_page_explains_the_columns_and_offers_an_example(staff_client):
    response = staff_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "network/organisations-example.csv" in html
    for column in importing.COLUMNS:
        assert f'<th scope="row">{column}</th>' in html
    assert "Equality or seldom-heard group" in html
    assert "Sensory impairment" in html


def test_the_example_file_imports_cleanly():
    example = Path(settings.BASE_DIR, "static", "network", "organisations-example.csv")

    assert importing.read_organisations(example.read_text()).is_valid


# --- Preview, then confirm ----------------------------------------------------------


def test_uploading_shows_a_preview_and_saves_nothing(staff_client):
    response = staff_client.post(URL, {"file": csv_file(*GOOD_ROWS)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "All 3 rows can be imported. Nothing has been saved yet" in html
    assert "Young Minds Together" in html
    assert "Import 3 organisations" in html
    assert not Organisation.objects.exists()


def test_confirming_imports_every_row(staff_client, staff_user):
    preview = staff_client.post(URL, {"file": csv_file(*GOOD_ROWS)})
    token = preview.context["confirm_form"].initial["checked_file"]

    response = staff_client.post(URL, {"checked_file": token}, follow=True)

    assert response.redirect_chain == [(reverse("network:organisation-list"), 302)]
    assert "3 organisations imported." in messages_of(response)
    carers = Organisation.objects.get(name="Carers Voice North")
    assert carers.kind == Organisation.Kind.CARER_CONTROLLED
    assert carers.region == Region.NORTH_EAST
    assert sorted(c.name for c in carers.constituencies.all()) == ["Carers", "Older people"]
    assert (carers.email, carers.phone, carers.postcode) == (
        "hello@cvn.example.org",
        "0191 496 0000",
        "NE1 3AF",
    )
    membership = carers.memberships.get()
    assert (membership.status, membership.started_on) == ("active", date(2025, 4, 1))
    assert carers.history.earliest().history_user == staff_user

    young = Organisation.objects.get(name="Young Minds Together")
    assert young.is_user_or_carer_led is False
    assert young.memberships.get().started_on == date(2025, 5, 1)

    plain = Organisation.objects.get(name="Plain Name")
    assert plain.region == Region.NATIONAL
    assert plain.is_user_or_carer_led is True
    membership = plain.memberships.get()
    assert (membership.status, membership.started_on) == ("prospective", date(2025, 6, 15))


def test_a_file_with_one_bad_row_imports_nothing(staff_client):
    bad = "Bad Kind Ltd,Enormous,,,,,,,,,,"

    response = staff_client.post(URL, {"file": csv_file(*GOOD_ROWS, bad)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing has been imported" in html
    assert "1 of 4 rows has problems" in html
    assert 'href="#row-5"' in html
    assert 'id="row-5"' in html
    assert "Import 4 organisations" not in html
    assert response.context["confirm_form"] is not None
    assert not Organisation.objects.exists()


def test_confirming_a_file_with_a_bad_row_imports_nothing(staff_client):
    response = staff_client.post(URL, {"checked_file": signed(*GOOD_ROWS, "No Kind,,,,,,,,,,,")})

    assert response.status_code == 200
    assert "Nothing has been imported" in response.content.decode()
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0


def test_a_row_failing_while_saving_undoes_the_rows_before_it(staff_user):
    OrganisationFactory(name="Taken Name")
    preview = preview_of(*GOOD_ROWS)
    clash = importing.ImportRow(
        number=5, values={}, errors=[], fields={**preview.rows[0].fields, "name": "taken name"}
    )

    with pytest.raises(ValidationError):
        importing.import_organisations(
            preview=importing.ImportPreview(rows=[*preview.rows, clash], problems=[]),
            by=staff_user,
        )

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Taken Name"]
    assert not Membership.objects.exists()


def test_the_file_is_checked_again_when_confirming(staff_client):
    token = staff_client.post(URL, {"file": csv_file(*GOOD_ROWS)}).context["confirm_form"]
    OrganisationFactory(name="young minds together")

    response = staff_client.post(URL, {"checked_file": token.initial["checked_file"]})

    assert response.status_code == 200
    assert "is already in the network" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_a_tampered_confirmation_imports_nothing(staff_client):
    token = signed(*GOOD_ROWS)

    response = staff_client.post(URL, {"checked_file": token[:-2] + "xx"})

    assert response.status_code == 200
    assert "has expired or was changed. Upload the file again." in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_confirmation_expires_after_an_hour(staff_client, time_machine):
    token = signed(*GOOD_ROWS)
    time_machine.shift(60 * 61)

    response = staff_client.post(URL, {"checked_file": token})

    assert "has expired or was changed" in response.content.decode()
    assert not Organisation.objects.exists()


# --- Row errors ---------------------------------------------------------------------


def errors_of(preview: importing.ImportPreview) -> dict[int, list[str]]:
    return {row.number: row.errors for row in preview.rows_with_errors}


def test_a_name_twice_in_the_file_in_another_case_is_a_row_error():
    preview = preview_of(GOOD_ROWS[0], "CARERS voice north,local,,,,,,,,,,")

    assert errors_of(preview) == {
        3: [
            "Name: “CARERS voice north” is also on row 2. "
            "Each organisation can be in the file once."
        ]
    }


def test_a_name_already_in_the_network_in_another_case_is_a_row_error():
    OrganisationFactory(name="Plain Name")

    preview = preview_of("plain NAME,local,,,,,,,,,,")

    assert errors_of(preview) == {
        2: ["Name: an organisation called “plain NAME” is already in the network."]
    }


def test_unknown_kinds_regions_and_constituencies_name_the_allowed_values():
    preview = preview_of("Odd One,Huge,Atlantis,Carers; Pirates,,,,,,,Dormant,")

    [row] = preview.rows
    all_constituencies = ", ".join(Constituency.objects.values_list("name", flat=True))
    assert "Older people, " in all_constituencies
    assert row.errors == [
        "Kind: “Huge” is not a kind we know. Use one of: National user-controlled, "
        "National carer-controlled, Equality or seldom-heard group, Local.",
        "Region: “Atlantis” is not a region we know. Use one of: National (England-wide), "
        "North East, North West, Yorkshire and the Humber, East Midlands, West Midlands, "
        "East of England, London, South East, South West.",
        "Constituencies: “Pirates”: not a constituency we know. "
        f"Use any of: {all_constituencies}, separated by semicolons.",
        "Status: “Dormant” is not a status we know. "
        "Use one of: Prospective, Invited, Active, Lapsed, Withdrawn.",
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",local,,,,,,,,,,", "Name: This field is required."),
        ("A,,,,,,,,,,,", "Kind: This field is required."),
        ("A,local,,,not-an-email,,,,,,,", "Email: Enter a valid email address."),
        ("A,local,,,,,not a site,,,,,", "Website: Enter a valid URL."),
        ("A,local,,,,,,,,maybe,,", "User or carer led: Write “yes” or “no”."),
        (
            "A,local,,,,,,,,,active,2025-13-01",
            "Status since: Write the date as YYYY-MM-DD, for example 2025-03-31.",
        ),
    ],
)
def test_each_bad_value_gets_a_message_saying_how_to_fix_it(row, message):
    assert preview_of(row).rows[0].errors == [message]


def test_a_formula_guard_from_the_export_is_removed():
    preview = preview_of("'=Not a formula,local,,,,'+44 20 7946 0000,,,,,,")

    assert preview.is_valid
    assert preview.rows[0].fields["name"] == "=Not a formula"
    assert preview.rows[0].fields["phone"] == "+44 20 7946 0000"


# --- Problems with the file as a whole ----------------------------------------------


@pytest.mark.parametrize(
    ("headings", "rows", "problem"),
    [
        ("name,region", ["A,London"], "The file needs a column headed kind in row 1."),
        (
            "name,kind,colour",
            ["A,local,red"],
            "Row 1 has headings we do not know: colour. Use only: name, kind,",
        ),
        ("name,kind,name", ["A,local,B"], "These headings appear more than once: name."),
        ("name,kind", [], "The file has headings but no organisations."),
        ("name,kind", ["A,local,extra"], "Some rows have more cells than there are headings"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(staff_client, headings, rows, problem):
    response = staff_client.post(URL, {"file": csv_file(*rows, headings=headings)})

    assert response.status_code == 200
    assert problem in response.content.decode()
    assert not Organisation.objects.exists()


def test_headings_are_read_in_any_case_and_with_spaces():
    preview = preview_of("Plain Name,Local,yes", headings="Name, KIND ,User or carer led")

    assert preview.is_valid


def test_only_csv_files_are_accepted(staff_client):
    upload = csv_file(*GOOD_ROWS, name="organisations.xlsx")

    response = staff_client.post(URL, {"file": upload})

    assert response.status_code == 200
    assert "Choose a file ending in .csv." in response.content.decode()


def test_a_missing_file_is_explained(staff_client):
    response = staff_client.post(URL, {})

    assert response.status_code == 200
    assert response.context["upload_form"].errors == {"file": ["This field is required."]}


def test_a_file_saved_by_excel_in_windows_encoding_is_read(staff_client):
    content = f"{HEADINGS}\nCafé Carers,local,,,,,,,,,,\n".encode("cp1252")
    upload = SimpleUploadedFile("organisations.csv", content, "text/csv")

    response = staff_client.post(URL, {"file": upload})

    assert "Café Carers" in response.content.decode()
    assert response.context["preview"].is_valid
