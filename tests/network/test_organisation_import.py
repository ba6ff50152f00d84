"""Importing organisations from CSV: each row previewed as new or an update, then all or none."""

import codecs
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import imports
from network.forms.organisations import ImportConfirmForm
from network.models import Constituency, Membership, Organisation, Person, Region
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
)

URL = reverse("network:organisation-import")
HEADINGS = ",".join(imports.COLUMNS)
GOOD_ROWS = [
    "Carers Voice North,National carer-controlled,North East,Carers; older PEOPLE,"
    "hello@cvn.example.org,0191 496 0000,https://cvn.example.org,1 Quayside,NE1 3AF,yes,"
    "Active,2025-04-01,,",
    "Young Minds Together,local,london,,,,,,,no,invited,01/05/2025,,",
    "Plain Name,user-controlled,,,,,,,,,,,,",
]

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def csv_file(*rows: str, headings: str = HEADINGS, name: str = "organisations.csv"):
    return SimpleUploadedFile(name, "\n".join([headings, *rows]).encode(), "text/csv")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text_of(*rows: str, headings: str = HEADINGS) -> str:
    return "\n".join([headings, *rows])


def preview_of(*rows: str, headings: str = HEADINGS) -> imports.ImportPreview:
    return imports.check_organisations(text_of(*rows, headings=headings))


def signed(*rows: str, headings: str = HEADINGS) -> str:
    form = ImportConfirmForm.for_content(text_of(*rows, headings=headings), "orgs.csv")
    return form.initial["checked_file"]


def errors_of(preview: imports.ImportPreview) -> dict[int, list[str]]:
    return {
        row.number: [f"{error.label}: {error.new}" for error in row.errors]
        for row in preview.rows_with_errors
    }


def changes_of(row: imports.RowPreview) -> list[tuple[str, str, str]]:
    return [(change.label, change.old, change.new) for change in row.changes]


@pytest.fixture
def carers() -> Organisation:
    organisation = OrganisationFactory(
        name="Carers Voice North",
        kind=Organisation.Kind.CARER_CONTROLLED,
        region=Region.NORTH_EAST,
        email="old@cvn.example.org",
        phone="0191 000 0000",
        postcode="NE1 3AF",
    )
    organisation.constituencies.set(Constituency.objects.filter(name="Carers"))
    MembershipFactory(
        organisation=organisation,
        status=Membership.Status.PROSPECTIVE,
        started_on=date(2025, 1, 6),
    )
    return organisation


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
    for column in imports.COLUMNS:
        assert f'<th scope="row" class="govuk-table__header">{column}</th>' in html
    assert "Equality or seldom-heard group" in html
    assert "Sensory impairment" in html
    assert "03/04/2026 is 3 April 2026" in html


def test_the_example_file_imports_cleanly():
    example = Path(settings.BASE_DIR, "static", "network", "organisations-example.csv")

    preview = imports.check_organisations(example.read_text())

    assert preview.problems == []
    assert errors_of(preview) == {}
    assert [row.action for row in preview.rows] == ["new", "new"]


# --- Preview, then confirm ----------------------------------------------------------


def test_uploading_shows_a_preview_and_saves_nothing(staff_client):
    response = staff_client.post(URL, {"file": csv_file(*GOOD_ROWS)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "All 3 rows can be imported: 3 new, 0 updates. Nothing has been saved yet" in html
    assert "Young Minds Together" in html
    assert "Membership status: Invited from 1 May 2025" in html
    assert "Import 3 organisations" in html
    assert not Organisation.objects.exists()


def test_confirming_imports_every_row(staff_client, staff_user):
    preview = staff_client.post(URL, {"file": csv_file(*GOOD_ROWS)})
    token = preview.context["confirm_form"].initial["checked_file"]

    response = staff_client.post(URL, {"checked_file": token}, follow=True)

    assert response.redirect_chain == [(reverse("network:organisation-list"), 302)]
    assert messages_of(response) == [
        "Import finished: 3 organisations added, 0 organisations updated."
    ]
    carers = Organisation.objects.get(name="Carers Voice North")
    assert carers.kind == Organisation.Kind.CARER_CONTROLLED
    assert carers.region == Region.NORTH_EAST
    assert sorted(c.name for c in carers.constituencies.all()) == ["Carers", "Older people"]
    assert (carers.email, carers.phone, carers.postcode, carers.website) == (
        "hello@cvn.example.org",
        "0191 496 0000",
        "NE1 3AF",
        "https://cvn.example.org",
    )
    membership = carers.memberships.get()
    assert (membership.status, membership.started_on) == ("active", date(2025, 4, 1))
    assert carers.history.earliest().history_user == staff_user

    young = Organisation.objects.get(name="Young Minds Together")
    assert (young.region, young.is_user_or_carer_led) == (Region.LONDON, False)
    assert young.memberships.get().started_on == date(2025, 5, 1)

    plain = Organisation.objects.get(name="Plain Name")
    assert plain.region == Region.NATIONAL
    assert plain.is_user_or_carer_led is True
    membership = plain.memberships.get()
    assert (membership.status, membership.started_on) == ("prospective", date(2025, 6, 15))


def test_a_file_with_one_bad_row_imports_nothing(staff_client):
    bad = "Bad Kind Ltd,Enormous,,,,,,,,,,,,"

    response = staff_client.post(URL, {"file": csv_file(*GOOD_ROWS, bad)})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem: nothing has been imported" in html
    assert "1 of 4 rows has problems" in html
    assert 'href="#row-5"' in html
    assert 'id="row-5"' in html
    assert "Row 5 (Bad Kind Ltd), Kind: “Enormous” is not a kind we know." in html
    assert "Import 4 organisations" not in html
    assert not Organisation.objects.exists()


def test_confirming_a_file_with_a_bad_row_imports_nothing(staff_client):
    response = staff_client.post(URL, {"checked_file": signed(*GOOD_ROWS, "No Kind,,,,,,,,,,,,,")})

    assert response.status_code == 200
    assert "There is a problem: nothing has been imported" in response.content.decode()
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0


def test_a_row_failing_while_saving_undoes_the_rows_before_it(staff_user, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"started_on": "Refused for the test."})

    text = text_of(*GOOD_ROWS[:2], "Last,user-controlled,,,,,,,,,,,Ada,ada@example.org")
    monkeypatch.setattr(imports.services, "add_representative", refuse)

    with pytest.raises(imports.ImportRejected) as rejected:
        imports.import_organisations(text=text, by=staff_user)

    assert rejected.value.preview.error_messages() == [
        "Row 4, Status since: Refused for the test."
    ]
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()
    assert not Person.objects.exists()


def test_the_file_is_checked_again_when_confirming(staff_client):
    token = staff_client.post(URL, {"file": csv_file(*GOOD_ROWS)}).context["confirm_form"]
    OrganisationFactory(name="young minds together", kind=Organisation.Kind.LOCAL)
    MembershipFactory(
        organisation=Organisation.objects.get(), status="active", started_on=date(2025, 6, 1)
    )

    response = staff_client.post(URL, {"checked_file": token.initial["checked_file"]})

    assert response.status_code == 200
    assert (
        "Row 3 (Young Minds Together), Status since: The new status must start on or after "
        "1 June 2025, when the current one began." in response.content.decode()
    )
    assert Organisation.objects.count() == 1


def test_a_tampered_confirmation_imports_nothing(staff_client):
    token = signed(*GOOD_ROWS)

    response = staff_client.post(URL, {"checked_file": token[:-2] + "xx"})

    assert response.status_code == 200
    assert "has expired or was changed. Upload the file again." in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_confirmation_expires_after_an_hour(staff_client, time_machine, settings):
    settings.COPROD_STAFF_IDLE_TIMEOUT = 2 * 60 * 60  # the session outlives the hour here
    token = signed(*GOOD_ROWS)
    time_machine.shift(60 * 61)

    response = staff_client.post(URL, {"checked_file": token})

    assert "has expired or was changed" in response.content.decode()
    assert not Organisation.objects.exists()


# --- Updating organisations already in the network ----------------------------------


def test_reimporting_updates_the_named_organisations(staff_user, carers):
    text = text_of(
        "carers VOICE north,National carer-controlled,North West,Carers; Older people,"
        "new@cvn.example.org,,https://cvn.example.org,2 Quayside,NE1 4AA,no,Active,03/04/2025,,"
    )

    preview = imports.import_organisations(text=text, by=staff_user)

    assert (preview.added, preview.updated) == (0, 1)
    carers.refresh_from_db()
    assert Organisation.objects.count() == 1
    assert carers.name == "Carers Voice North"  # matched ignoring case, not renamed
    assert (
        carers.region,
        carers.email,
        carers.phone,
        carers.website,
        carers.address,
        carers.postcode,
        carers.is_user_or_carer_led,
    ) == (
        Region.NORTH_WEST,
        "new@cvn.example.org",
        "",
        "https://cvn.example.org",
        "2 Quayside",
        "NE1 4AA",
        False,
    )
    assert sorted(c.name for c in carers.constituencies.all()) == ["Carers", "Older people"]
    assert list(carers.memberships.values_list("status", "started_on", "ended_on")) == [
        ("active", date(2025, 4, 3), None),
        ("prospective", date(2025, 1, 6), date(2025, 4, 2)),
    ]
    assert carers.history.latest().history_user == staff_user


def test_the_preview_lists_each_change_old_and_new(carers):
    preview = preview_of(
        "Carers Voice North,carer-controlled,North West,Carers; Older people,"
        "new@cvn.example.org,0191 000 0000,,,NE1 3AF,,active,03/04/2025,,"
    )

    [row] = preview.rows
    assert row.action == "update"
    assert changes_of(row) == [
        ("Region", "North East", "North West"),
        ("Email", "old@cvn.example.org", "new@cvn.example.org"),
        ("Constituencies", "Carers", "Carers; Older people"),
        ("Membership status", "Prospective since 6 January 2025", "Active from 3 April 2025"),
    ]


def test_the_preview_page_shows_updates_field_by_field(staff_client, carers):
    row = "Carers Voice North,carer-controlled,North West,Carers,old@cvn.example.org,,,,,,,,,"

    html = staff_client.post(URL, {"file": csv_file(row)}).content.decode()

    assert "All 1 row can be imported: 0 new, 1 update." in html
    assert '<strong class="govuk-tag govuk-tag--blue">update</strong>' in html
    assert "Region: North East → North West" in html
    assert "Phone: 0191 000 0000 → (empty)" in html
    assert "Postcode: NE1 3AF → (empty)" in html


def test_an_unchanged_row_says_so(carers):
    [row] = preview_of("Carers Voice North,carer-controlled", headings="name,kind").rows

    assert (row.action, row.changes) == ("update", [])


def test_columns_left_out_are_left_as_they_are(staff_user, carers):
    imports.import_organisations(
        text=text_of("Carers Voice North,carer-controlled", headings="name,kind"), by=staff_user
    )

    carers.refresh_from_db()
    assert (carers.region, carers.email, carers.postcode) == (
        Region.NORTH_EAST,
        "old@cvn.example.org",
        "NE1 3AF",
    )
    assert [c.name for c in carers.constituencies.all()] == ["Carers"]
    assert carers.memberships.get().status == "prospective"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(staff_user):
    imports.import_organisations(text=text_of(*GOOD_ROWS), by=staff_user)

    preview = imports.check_organisations(text_of(*GOOD_ROWS))

    assert [(row.action, row.changes) for row in preview.rows] == [("update", [])] * 3


# --- Representatives ----------------------------------------------------------------


def test_a_representative_is_added_and_recorded_from_the_status_date(staff_user, carers):
    known = PersonFactory(full_name="Kim Known", email="kim@example.org")
    text = text_of(
        "Carers Voice North,carer-controlled,,,,,,,,,active,03/04/2025,Ada Lovelace,"
        "ADA@example.org",
        "Young Minds Together,local,London,,,,,,,,,,,kim@EXAMPLE.org",
        headings=HEADINGS,
    )

    preview = imports.check_organisations(text)

    assert (
        "Representative",
        "",
        "Ada Lovelace (ADA@example.org), a new person, from 3 April 2025",
    ) in changes_of(preview.rows[0])
    assert ("Representative", "", "Kim Known (kim@EXAMPLE.org), from 15 June 2025") in changes_of(
        preview.rows[1]
    )

    imports.import_organisations(text=text, by=staff_user)

    ada = Person.objects.get(email="ADA@example.org")
    assert ada.full_name == "Ada Lovelace"
    assert list(carers.representatives.values_list("person", "started_on", "ended_on")) == [
        (ada.pk, date(2025, 4, 3), None)
    ]
    young = Organisation.objects.get(name="Young Minds Together")
    assert list(young.representatives.values_list("person", "started_on")) == [
        (known.pk, date(2025, 6, 15))
    ]
    assert young.representatives.get().history.get().history_user == staff_user
    assert Person.objects.count() == 2


def test_a_current_representative_is_not_added_twice(staff_user, carers):
    person = PersonFactory(email="ada@example.org")
    RepresentativeFactory(person=person, organisation=carers)
    text = text_of(
        "Carers Voice North,carer-controlled,,,,,,,,,,,,ada@example.org",
    )

    imports.import_organisations(text=text, by=staff_user)

    assert carers.representatives.count() == 1


def test_one_new_person_may_represent_two_organisations_in_one_file(staff_user):
    text = text_of(
        "One,user-controlled,,,,,,,,,,,Ada Lovelace,ada@example.org",
        "Two,user-controlled,,,,,,,,,,,Ada Lovelace,ada@example.org",
    )

    imports.import_organisations(text=text, by=staff_user)

    ada = Person.objects.get()
    assert sorted(ada.representations.values_list("organisation__name", flat=True)) == [
        "One",
        "Two",
    ]


@pytest.mark.parametrize(
    ("name", "email", "message"),
    [
        (
            "Ada Lovelace",
            "",
            "Representative's email: Enter Ada Lovelace's email address, "
            "so we can find them or add them.",
        ),
        (
            "",
            "new@example.org",
            "Representative's name: Nobody has the email address new@example.org yet. "
            "Enter their full name to add them.",
        ),
        (
            "Ada",
            "ada-at-example",
            "Representative's email: Enter an email address in the correct format, "
            "like name@example.org.",
        ),
    ],
)
def test_a_representative_needs_an_email_and_a_name_if_new(name, email, message):
    preview = preview_of(f"One,user-controlled,,,,,,,,,,,{name},{email}")

    assert errors_of(preview) == {2: [message]}


# --- Row errors ---------------------------------------------------------------------


def test_a_name_twice_in_the_file_in_another_case_is_a_row_error():
    preview = preview_of(GOOD_ROWS[0], "CARERS voice north,local,london,,,,,,,,,,,")

    assert errors_of(preview) == {
        3: [
            "Name: “CARERS voice north” is also on row 2. "
            "Each organisation can be in the file once."
        ]
    }


def test_a_local_organisation_without_a_region_is_a_row_error():
    preview = preview_of("Local Voices,local,,,,,,,,,,,,", "Local Too,local,National,,,,,,,,,,,")

    message = (
        "Region: Enter the region of this local organisation. Use one of: North East, "
        "North West, Yorkshire and the Humber, East Midlands, West Midlands, East of England, "
        "London, South East, South West."
    )
    assert errors_of(preview) == {2: [message], 3: [message]}


def test_unknown_kinds_regions_and_constituencies_name_the_allowed_values():
    preview = preview_of("Odd One,Huge,Atlantis,Carers; Pirates,,,,,,,Dormant,,,")

    all_constituencies = ", ".join(Constituency.objects.values_list("name", flat=True))
    assert "Older people, " in all_constituencies
    assert errors_of(preview) == {
        2: [
            "Kind: “Huge” is not a kind we know. Use one of: National user-controlled, "
            "National carer-controlled, Equality or seldom-heard group, Local.",
            "Region: “Atlantis” is not a region we know. Use one of: National (England-wide), "
            "North East, North West, Yorkshire and the Humber, East Midlands, West Midlands, "
            "East of England, London, South East, South West.",
            "Constituencies: “Pirates”: not a constituency we know. "
            f"Use any of: {all_constituencies}, separated by semicolons.",
            "Membership status: “Dormant” is not a membership status we know. "
            "Use one of: Prospective, Invited, Active, Lapsed, Withdrawn.",
        ]
    }


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",local,london,,,,,,,,,,,", "Name: Enter the organisation's name."),
        (
            "A,,,,,,,,,,,,,",
            "Kind: Enter the kind of organisation. Use one of: "
            "National user-controlled, National carer-controlled, "
            "Equality or seldom-heard group, Local.",
        ),
        (
            "A,user-controlled,,,not-an-email,,,,,,,,,",
            "Email: Enter an email address in the correct format, like name@example.org.",
        ),
        (
            "A,user-controlled,,,,,not a site,,,,,,,",
            "Website: Enter a web address in the correct format, like https://www.example.org.",
        ),
        ("A,user-controlled,,,,,,,,maybe,,,,", "User or carer led: Write “yes” or “no”."),
        (
            "A,user-controlled,,,,,,,,,active,31/02/2025,,",
            "Status since: “31/02/2025” is not a date we can read. Write the day first, "
            "for example 03/04/2026 for 3 April 2026.",
        ),
        ("A,user-controlled,,,,,,,ABCDEFGHIJK,,,,,", "Postcode: Use 10 characters or fewer."),
    ],
)
def test_each_bad_value_gets_a_message_saying_how_to_fix_it(row, message):
    assert errors_of(preview_of(row)) == {2: [message]}


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("03/04/2026", date(2026, 4, 3)),
        ("3/4/2026", date(2026, 4, 3)),
        ("03/04/26", date(2026, 4, 3)),
        ("2026-04-03", date(2026, 4, 3)),
        ("3 April 2026", date(2026, 4, 3)),
    ],
)
def test_dates_are_read_day_first_and_iso_dates_still_work(staff_user, written, day):
    text = text_of(f"A,user-controlled,,,,,,,,,active,{written},,")

    preview = imports.import_organisations(text=text, by=staff_user)

    assert ("Membership status", "", "Active from 3 April 2026") in changes_of(preview.rows[0])
    assert Membership.objects.get().started_on == day


def test_a_formula_guard_from_the_export_is_removed(staff_user):
    text = text_of("'=Not a formula,local,london,,,'+44 20 7946 0000,,,,,,,,")

    imports.import_organisations(text=text, by=staff_user)

    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.phone) == ("=Not a formula", "+44 20 7946 0000")


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
    preview = preview_of(
        "Plain Name,user-controlled,yes", headings="Name, KIND ,User or carer led"
    )

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


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1252", b""),
    ],
)
def test_files_in_the_encodings_spreadsheets_save_are_read(staff_client, encoding, bom):
    content = bom + f"{HEADINGS}\nCafé Carers,user-controlled,,,,,,,,,,,,\n".encode(encoding)
    upload = SimpleUploadedFile("organisations.csv", content, "text/csv")

    response = staff_client.post(URL, {"file": upload})

    assert response.context["preview"].rows[0].name == "Café Carers"
    assert response.context["preview"].is_valid


def test_excels_unicode_text_separated_by_tabs_is_read(staff_client):
    text = "name\tkind\tregion\nCafé Carers\tlocal\tLondon\n"
    upload = SimpleUploadedFile(
        "organisations.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    )

    response = staff_client.post(URL, {"file": upload})

    assert response.context["preview"].is_valid
    assert response.context["preview"].rows[0].name == "Café Carers"


# --- Cost ---------------------------------------------------------------------------


def test_the_preview_reads_the_database_a_fixed_number_of_times(carers):
    """The bound: the same queries for 3 rows as for 30, besides the library's savepoints.

    django-import-export wraps each row of a dry run in a savepoint (two statements, no
    table read); nothing else is asked per row.
    """

    def queries_for(count: int) -> list[str]:
        rows = [
            f"Org {n},local,London,Carers,,,,,,,active,01/02/2025,Rep {n},rep{n}@example.org"
            for n in range(count)
        ]
        rows.append("Carers Voice North,carer-controlled,,Carers; Older people,,,,,,,,,,")
        with CaptureQueriesContext(connection) as captured:
            preview = preview_of(*rows)
        assert preview.is_valid
        return [
            query["sql"]
            for query in captured.captured_queries
            if "SAVEPOINT" not in query["sql"].upper()
        ]

    few, many = queries_for(3), queries_for(30)

    assert len(many) == len(few) <= 6
