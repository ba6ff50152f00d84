"""The payment pages: claims entered, approved by a second member of staff and paid; a member
sees only their own claims and record; the record of involvement as a PDF; flat query counts."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from coprod.forms import date_parts
from projects.models import Claim, Receipt
from projects.selectors import payment_threshold
from projects.services import set_payment_threshold
from tests.factories import PersonFactory, UserFactory
from tests.projects.factories import ActivityFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_staff_enter_a_claim_from_the_activity(staff_client, staff_user):
    activity = ActivityFactory(held_on=date(2025, 6, 4))
    person = PersonFactory(full_name="Ada Carer")
    response = staff_client.post(
        reverse("projects:claim-add", args=[activity.pk]),
        {
            "person": person.pk,
            "fee_basis": "hour",
            "fee_units": "3",
            "fee_rate": "25",
            "travel": "12.40",
            "care": "",
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response.url == claim.get_absolute_url()
    assert (claim.fee, claim.travel, claim.care, claim.entered_by) == (
        Decimal("75.00"),
        Decimal("12.40"),
        Decimal("0"),
        staff_user,
    )


def test_bad_claim_values_are_shown_beside_their_fields_and_kept(staff_client):
    activity = ActivityFactory()
    response = staff_client.post(
        reverse("projects:claim-add", args=[activity.pk]),
        {"fee_basis": "hour", "fee_units": "three", "fee_rate": "-5", "travel": "12.40"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {
        "person": ["Choose the person who is claiming."],
        "fee_units": ["Enter the hours or sessions as a number, like 3 or 2.5."],
        "fee_rate": ["The rate must be £0 or more."],
    }
    assert 'value="12.40"' in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_a_claim_with_a_fee_but_no_hours_is_refused_beside_the_hours(staff_client):
    activity = ActivityFactory()
    response = staff_client.post(
        reverse("projects:claim-add", args=[activity.pk]),
        {"person": PersonFactory().pk, "fee_basis": "session", "fee_rate": "40"},
    )
    assert response.context["form"].errors == {
        "fee_units": ["Enter how many hours or sessions the fee is for."]
    }


def test_the_member_of_staff_who_entered_a_claim_is_told_to_ask_a_second(staff_client, staff_user):
    claim = ClaimFactory(entered_by=staff_user)
    url = reverse("projects:claim-approve", args=[claim.pk])
    response = staff_client.post(url)
    assert response.status_code == 200
    assert "a second member of staff must approve it" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "claimed"


@time_machine.travel(date(2025, 7, 1), tick=False)
def test_a_second_member_of_staff_approves_and_records_payment(staff_client, staff_user):
    claim = ClaimFactory(entered_by=UserFactory(roles=["staff"]))
    confirm = staff_client.get(reverse("projects:claim-approve", args=[claim.pk]))
    assert "Approve £87.50 for" in confirm.content.decode()
    response = staff_client.post(reverse("projects:claim-approve", args=[claim.pk]))
    assert response.url == claim.get_absolute_url()
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == ("approved", staff_user)

    future = staff_client.post(
        reverse("projects:claim-pay", args=[claim.pk]), date_parts("paid_on", date(2025, 7, 9))
    )
    assert future.context["form"].errors == {
        "paid_on": ["The date paid must be today or in the past."]
    }
    staff_client.post(
        reverse("projects:claim-pay", args=[claim.pk]), date_parts("paid_on", date(2025, 7, 1))
    )
    claim.refresh_from_db()
    assert (claim.status, claim.paid_on) == ("paid", date(2025, 7, 1))


def test_staff_record_a_declined_payment(staff_client):
    activity = ActivityFactory()
    person = PersonFactory()
    staff_client.post(
        reverse("projects:claim-decline", args=[activity.pk]),
        {"person": person.pk, "reason": "It would affect my benefits."},
    )
    claim = Claim.objects.get()
    assert (claim.status, claim.total, claim.declined_reason) == (
        "declined",
        Decimal("0"),
        "It would affect my benefits.",
    )


def test_a_receipt_that_is_not_what_it_says_is_refused_beside_the_field(staff_client):
    claim = ClaimFactory()
    url = reverse("projects:receipt-add", args=[claim.pk])
    response = staff_client.post(url, {"file": SimpleUploadedFile("ticket.pdf", b"GIF89a")})
    assert response.context["form"].errors == {
        "file": [
            "The receipt must be a PDF, JPG or PNG file: this file is not what its name says."
        ]
    }
    response = staff_client.post(url, {})
    assert response.context["form"].errors == {"file": ["Select a receipt to upload."]}
    staff_client.post(url, {"file": SimpleUploadedFile("ticket.pdf", b"%PDF-1.4 ticket")})
    receipt = Receipt.objects.get()
    download = staff_client.get(reverse("projects:receipt-download", args=[receipt.pk]))
    assert download.content == b"%PDF-1.4 ticket"
    assert download["Content-Disposition"] == 'attachment; filename="ticket.pdf"'


def test_a_member_sees_only_their_own_claims(member_client, member_person):
    own = ClaimFactory(person=member_person, activity=ActivityFactory(held_on=date(2025, 5, 1)))
    other = ClaimFactory(person=PersonFactory(full_name="Someone Else"))
    response = member_client.get(reverse("projects:claim-list"))
    assert [claim.pk for claim in response.context["listing"].rows] == [own.pk]
    assert "Someone Else" not in response.content.decode()
    assert member_client.get(other.get_absolute_url()).status_code == 404
    assert member_client.get(own.get_absolute_url()).status_code == 200


def test_the_threshold_warning_is_shown_to_staff_not_to_the_person(
    staff_client, staff_user, member_client, member_person
):
    ClaimFactory(
        person=member_person,
        activity=ActivityFactory(held_on=date(2025, 5, 1)),
        fee=Decimal("600.00"),
    )
    set_payment_threshold(threshold=Decimal("500.00"), by=staff_user)
    url = reverse("projects:contributor-detail", args=[member_person.pk])
    staff_page = staff_client.get(url).content.decode()
    assert "Fees for 2025 to 2026 are £600.00, more than the £500.00 threshold." in staff_page
    member_page = member_client.get(url).content.decode()
    assert "threshold" not in member_page
    assert "£612.50" in member_page  # their total, fees and travel


def test_staff_set_the_threshold(staff_client):
    response = staff_client.post(reverse("projects:payment-settings"), {"threshold": "-1"})
    assert response.context["form"].errors == {"threshold": ["The amount must be £0 or more."]}
    staff_client.post(reverse("projects:payment-settings"), {"threshold": "750"})
    assert payment_threshold() == Decimal("750.00")


@time_machine.travel(date(2026, 2, 1), tick=False)
def test_the_record_of_involvement_is_a_pdf_of_the_year(member_client, member_person):
    ClaimFactory(
        person=member_person,
        activity=ActivityFactory(
            held_on=date(2025, 6, 3), project__title="Dying well at home", kind="workshop"
        ),
    )
    ActivityFactory(held_on=date(2025, 3, 3), people=[member_person])  # the year before
    response = member_client.get(
        reverse("projects:involvement-record", args=[member_person.pk, 2025])
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Record of involvement" in text
    assert "Mo Member" in text
    assert "1 April 2025 to 31 March 2026" in text
    assert "Dying well at home" in text
    assert "3 hours" in text
    assert "£87.50" in text
    assert "3 March 2025" not in text


def test_the_claim_list_costs_the_same_with_more_claims(staff_client, django_assert_num_queries):
    for _ in range(2):
        ClaimFactory()
    url = reverse("projects:claim-list")
    staff_client.get(url)
    with django_assert_num_queries(6) as few:
        staff_client.get(url)
    for _ in range(6):
        ClaimFactory()
    with django_assert_num_queries(len(few.captured_queries)):
        staff_client.get(url)


def test_a_contributor_page_costs_the_same_with_more_claims(
    staff_client, django_assert_num_queries
):
    person = PersonFactory()
    ClaimFactory(person=person)
    url = reverse("projects:contributor-detail", args=[person.pk])
    staff_client.get(url)
    with django_assert_num_queries(8) as few:
        staff_client.get(url)
    for month in (5, 6, 7):
        ClaimFactory(person=person, activity=ActivityFactory(held_on=date(2025, month, 1)))
    with django_assert_num_queries(len(few.captured_queries)):
        staff_client.get(url)
