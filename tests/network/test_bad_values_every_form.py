"""Every form in the network app answers bad values with an error beside the field.

Numbers out of range, text longer than the database holds, choices that do not exist
and impossible dates: the page comes back (200) with the input kept and the error next
to the field, never a server error.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from network.models import Constituency, Organisation, Representative
from tests.factories import (
    AnnualReviewFactory,
    CandidateFactory,
    MemberOrganisationFactory,
    OrganisationFactory,
    PersonFactory,
    RoleTermFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]

HUGE = "99999999999999999999"  # more than any database integer holds


def too_long(limit: int) -> tuple[str, str]:
    """A value one character over a field's limit, and Django's message for it."""
    return "x" * (limit + 1), (
        f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    )


@dataclass(frozen=True)
class Page:
    """A form page: who posts to it, where, a valid submission, and the form's context name."""

    role: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict]
    form: str = "form"
    method: str = "post"


@pytest.fixture
def records(member_person) -> dict:
    """One of each record a form page is about."""
    own = member_person.representations.get().organisation
    person = PersonFactory(full_name="Pat Person")
    return {
        "own": own,
        "organisation": MemberOrganisationFactory(name="Voices North", kind="local"),
        "person": person,
        "representative": Representative.objects.create(
            organisation=OrganisationFactory(), person=person, started_on=date(2024, 1, 1)
        ),
        "term": RoleTermFactory(person=person, role="board"),
        "candidate": CandidateFactory(),
        "review": AnnualReviewFactory(year=2024, held_on=date(2024, 11, 1)),
    }


def targets_form(records: dict) -> dict:
    data = {"total": "30"}
    data.update({f"kind_{kind}": "" for kind in Organisation.Kind.values})
    data.update(
        {f"constituency_{pk}": "" for pk in Constituency.objects.values_list("pk", flat=True)}
    )
    return data


def organisation_details(name: str) -> dict:
    return {"name": name, "kind": "local", "is_user_or_carer_led": "on", "region": "london"}


PAGES = {
    "organisation add": Page(
        "staff",
        lambda r: reverse("network:organisation-add"),
        lambda r: {
            **organisation_details("Brand New"),
            "status": "prospective",
            "status_since": "2025-06-01",
        },
    ),
    "organisation edit": Page(
        "staff",
        lambda r: reverse("network:organisation-edit", args=[r["organisation"].pk]),
        lambda r: organisation_details("Voices North"),
    ),
    "own organisation edit": Page(
        "member",
        lambda r: reverse("network:organisation-edit", args=[r["own"].pk]),
        lambda r: organisation_details(r["own"].name),
    ),
    "membership change": Page(
        "staff",
        lambda r: reverse("network:membership-change", args=[r["organisation"].pk]),
        lambda r: {"status": "lapsed", "started_on": "2025-06-01", "note": ""},
    ),
    "person add": Page(
        "staff",
        lambda r: reverse("network:person-add"),
        lambda r: {"full_name": "Alex New", "preferred_channel": "email"},
    ),
    "person edit": Page(
        "staff",
        lambda r: reverse("network:person-edit", args=[r["person"].pk]),
        lambda r: {"full_name": "Pat Person", "preferred_channel": "email"},
    ),
    "my details": Page(
        "member",
        lambda r: reverse("network:my-details"),
        lambda r: {"preferred_channel": "email"},
    ),
    "representative add": Page(
        "staff",
        lambda r: reverse("network:representative-add", args=[r["person"].pk]),
        lambda r: {"organisation": r["organisation"].pk, "started_on": "2025-06-01"},
    ),
    "representative end": Page(
        "staff",
        lambda r: reverse("network:representative-end", args=[r["representative"].pk]),
        lambda r: {"ended_on": "2025-06-01"},
    ),
    "role term add": Page(
        "staff",
        lambda r: reverse("network:role-term-add", args=[r["person"].pk]),
        lambda r: {"role": "core group", "started_on": "2025-06-01", "note": ""},
    ),
    "role term end": Page(
        "staff",
        lambda r: reverse("network:role-term-end", args=[r["term"].pk]),
        lambda r: {"ended_on": "2025-06-01"},
    ),
    "targets": Page("staff", lambda r: reverse("network:target-list"), targets_form),
    "representation date": Page(
        "board", lambda r: reverse("network:representation"), lambda r: {}, method="get"
    ),
    "candidate add": Page(
        "staff",
        lambda r: reverse("network:candidate-add"),
        lambda r: {
            "new_name": "Youth Voice",
            "new_kind": "local",
            "gap_choice": "other",
            "gap": "Young",
        },
    ),
    "candidate move": Page(
        "staff",
        lambda r: reverse("network:candidate-move", args=[r["candidate"].pk]),
        lambda r: {"stage": "approached"},
        form="move_form",
    ),
    "advice": Page(
        "chair",
        lambda r: reverse("network:candidate-detail", args=[r["candidate"].pk]),
        lambda r: {"recommendation": "recommend", "text": "Worth a call."},
        form="advice_form",
    ),
    "annual review add": Page(
        "staff",
        lambda r: reverse("network:review-add"),
        lambda r: {"year": "2025", "held_on": "2025-11-12", "findings": "F", "decisions": "D"},
    ),
    "annual review edit": Page(
        "staff",
        lambda r: reverse("network:review-edit", args=[r["review"].pk]),
        lambda r: {"year": "2024", "held_on": "2024-11-01", "findings": "F", "decisions": "D"},
    ),
}

NAME = too_long(200)
POSTCODE = too_long(10)
PHONE = too_long(30)
PRONOUNS = too_long(40)
NOTE_300 = too_long(300)
NOTE_200 = too_long(200)
LONG_EMAIL = "a" * 250 + "@example.org"
LONG_WEBSITE = "https://example.org/" + "a" * 200
NO_SUCH_CHOICE = "Select a valid choice. That choice is not one of the available choices."
TARGET_TOTAL = "Enter a whole number from 1 to 1000."
TARGET_ROW = "Enter a whole number from 0 to 1000, or leave it empty for no target."
REVIEW_YEAR = "Enter a year between 2000 and 2100, like 2025."

# (page, field, bad value, the error beside the field)
BAD_VALUES = [
    ("organisation add", "name", NAME[0], NAME[1]),
    ("organisation add", "postcode", POSTCODE[0], POSTCODE[1]),
    ("organisation add", "phone", PHONE[0], PHONE[1]),
    ("organisation add", "email", LONG_EMAIL, "Ensure this value has at most 254 characters"),
    ("organisation add", "website", LONG_WEBSITE, "Ensure this value has at most 200 characters"),
    ("organisation add", "kind", "giant", "Select a valid choice. giant is not one of"),
    ("organisation add", "constituencies", HUGE, f"Select a valid choice. {HUGE} is not one of"),
    ("organisation edit", "name", NAME[0], NAME[1]),
    ("organisation edit", "website", LONG_WEBSITE, "Ensure this value has at most 200 characters"),
    ("organisation edit", "region", "mars", "Select a valid choice. mars is not one of"),
    ("own organisation edit", "name", NAME[0], NAME[1]),
    ("own organisation edit", "postcode", POSTCODE[0], POSTCODE[1]),
    ("own organisation edit", "website", LONG_WEBSITE, "Ensure this value has at most 200"),
    ("membership change", "note", NOTE_300[0], NOTE_300[1]),
    ("membership change", "status", "royal", "Select a valid choice. royal is not one of"),
    ("person add", "full_name", NAME[0], NAME[1]),
    ("person add", "pronouns", PRONOUNS[0], PRONOUNS[1]),
    ("person add", "phone", PHONE[0], PHONE[1]),
    ("person add", "postcode", POSTCODE[0], POSTCODE[1]),
    ("person add", "email", LONG_EMAIL, "Ensure this value has at most 254 characters"),
    ("person add", "access_needs", HUGE, f"Select a valid choice. {HUGE} is not one of"),
    ("person edit", "full_name", NAME[0], NAME[1]),
    ("person edit", "preferred_channel", "pigeon", "Select a valid choice. pigeon is not one"),
    ("my details", "pronouns", PRONOUNS[0], PRONOUNS[1]),
    ("my details", "phone", PHONE[0], PHONE[1]),
    ("my details", "postcode", POSTCODE[0], POSTCODE[1]),
    ("representative add", "organisation", HUGE, NO_SUCH_CHOICE),
    ("role term add", "note", NOTE_200[0], NOTE_200[1]),
    ("role term add", "role", "king", "Select a valid choice. king is not one of"),
    ("targets", "total", HUGE, TARGET_TOTAL),
    ("targets", "total", "-3", TARGET_TOTAL),
    ("targets", "kind_local", HUGE, TARGET_ROW),
    ("targets", "kind_local", "1001", TARGET_ROW),
    ("candidate add", "new_name", NAME[0], NAME[1]),
    ("candidate add", "gap", NOTE_300[0], NOTE_300[1]),
    ("candidate add", "organisation", HUGE, NO_SUCH_CHOICE),
    ("candidate move", "stage", "elected", "Select a valid choice. elected is not one of"),
    ("advice", "recommendation", "maybe", "Select a valid choice. maybe is not one of"),
    ("annual review add", "year", HUGE, REVIEW_YEAR),
    ("annual review add", "year", "-2025", REVIEW_YEAR),
    ("annual review add", "participants", HUGE, f"Select a valid choice. {HUGE} is not one of"),
    ("annual review edit", "year", HUGE, REVIEW_YEAR),
]

# (page, date field)
DATE_FIELDS = [
    ("organisation add", "status_since"),
    ("membership change", "started_on"),
    ("person add", "consent_given_on"),
    ("person edit", "consent_withdrawn_on"),
    ("representative add", "started_on"),
    ("representative end", "ended_on"),
    ("role term add", "started_on"),
    ("role term end", "ended_on"),
    ("representation date", "on"),
    ("annual review add", "held_on"),
    ("annual review edit", "held_on"),
]
IMPOSSIBLE_DATES = [
    "2025-02-30",
    "2025-13-01",
    "0000-01-01",
    "0001-01-01",
    "99999-01-01",
    "9999-12-31",
]


CLIENTS = {"staff": "staff_client", "chair": "chair_client", "board": "board_client"}


def submit(request: pytest.FixtureRequest, page: Page, records: dict, changes: dict):
    client: Client = request.getfixturevalue(CLIENTS.get(page.role, f"{page.role}_client"))
    data = {**page.data(records), **changes}
    if page.method == "get":
        return client.get(page.url(records), data)
    return client.post(page.url(records), data)


@pytest.mark.parametrize(
    ("page_name", "field", "value", "message"),
    BAD_VALUES,
    ids=[f"{page} {field} {value[:12]}" for page, field, value, _ in BAD_VALUES],
)
def test_a_bad_value_is_explained_beside_its_field(
    request, records, page_name, field, value, message
):
    page = PAGES[page_name]

    response = submit(request, page, records, {field: value})

    assert response.status_code == 200
    errors = response.context[page.form].errors
    assert message in " ".join(errors.get(field, [])), errors
    html = response.content.decode()
    assert escape(message) in html
    if not message.startswith("Select a valid choice"):  # a choice not offered is not kept
        assert escape(value) in html


@pytest.mark.parametrize(("page_name", "field"), DATE_FIELDS)
@pytest.mark.parametrize("value", IMPOSSIBLE_DATES)
def test_an_impossible_date_is_never_a_server_error(request, records, page_name, field, value):
    page = PAGES[page_name]

    response = submit(request, page, records, {field: value})

    assert response.status_code in {200, 302}


def test_every_form_page_of_the_network_is_covered():
    """A new form page must be added here: its bad values are part of its tests."""
    assert set(PAGES) == {page for page, *_ in BAD_VALUES} | {"representation date"} | {
        page for page, _ in DATE_FIELDS
    }
