"""Claims: entered by one member of staff, approved by a second, paid; declined with no money;
a person's yearly total, warned about above the threshold staff set."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from projects.models import Claim, Receipt, financial_year_of
from projects.selectors.payments import (
    claim_list,
    claims_visible_to,
    involvement_record,
    payment_threshold,
    year_total,
    yearly_totals,
)
from projects.services.payments import (
    add_receipt,
    approve_claim,
    enter_claim,
    mark_claim_paid,
    record_declined_payment,
    set_payment_threshold,
)
from tests.factories import PersonFactory, UserFactory
from tests.projects.factories import ActivityFactory, ClaimFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%receipt\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


@pytest.fixture
def second_staff():
    return UserFactory(full_name="Tess Second", roles=["staff"])


def test_a_claim_is_entered_with_its_fee_worked_out_and_the_person_named(staff_user):
    activity = ActivityFactory(held_on=date(2025, 6, 10))
    person = PersonFactory()
    claim = enter_claim(
        activity=activity,
        person=person,
        by=staff_user,
        fee_basis="hour",
        fee_units=Decimal("2.5"),
        fee_rate=Decimal("25.00"),
        travel=Decimal("14.20"),
        care=Decimal("30.00"),
    )
    assert (claim.status, claim.fee, claim.total) == (
        "claimed",
        Decimal("62.50"),
        Decimal("106.70"),
    )
    assert list(activity.people.all()) == [person]
    activity.refresh_from_db()
    assert (activity.payments, activity.expenses) == (Decimal("62.50"), Decimal("44.20"))


def test_a_claim_needs_hours_and_a_rate_for_a_fee(staff_user):
    with pytest.raises(ValidationError) as error:
        enter_claim(
            activity=ActivityFactory(), person=PersonFactory(), by=staff_user, fee_basis="session"
        )
    assert error.value.message_dict == {
        "fee_units": ["Enter how many hours or sessions the fee is for."],
        "fee_rate": ["Enter the rate per hour or session, like 25.00."],
    }


def test_a_claim_of_nothing_is_refused(staff_user):
    with pytest.raises(ValidationError) as error:
        enter_claim(activity=ActivityFactory(), person=PersonFactory(), by=staff_user)
    assert error.value.code == "nothing_claimed"
    assert Claim.objects.count() == 0


def test_only_staff_enter_claims():
    member = UserFactory(roles=["member"])
    with pytest.raises(ValidationError) as error:
        enter_claim(
            activity=ActivityFactory(), person=PersonFactory(), by=member, travel=Decimal("5")
        )
    assert error.value.code == "not_staff"


def test_the_member_of_staff_who_entered_a_claim_cannot_approve_it(staff_user):
    claim = ClaimFactory(entered_by=staff_user)
    with pytest.raises(ValidationError) as error:
        approve_claim(claim=claim, by=staff_user)
    assert error.value.messages == [
        "You entered this claim, so a second member of staff must approve it."
    ]
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == ("claimed", None)


def test_the_database_refuses_an_approval_by_the_same_member_of_staff(staff_user):
    claim = ClaimFactory(entered_by=staff_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status="approved", approved_by=staff_user)


@time_machine.travel(date(2025, 7, 1), tick=False)
def test_a_second_member_of_staff_approves_then_the_claim_is_paid(staff_user, second_staff):
    claim = ClaimFactory(entered_by=staff_user)
    approve_claim(claim=claim, by=second_staff)
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == ("approved", second_staff)
    mark_claim_paid(claim=claim, by=staff_user, paid_on=date(2025, 7, 1))
    claim.refresh_from_db()
    assert (claim.status, claim.paid_on) == ("paid", date(2025, 7, 1))


def test_a_claim_not_approved_cannot_be_paid(staff_user):
    claim = ClaimFactory()
    with pytest.raises(ValidationError) as error:
        mark_claim_paid(claim=claim, by=staff_user, paid_on=date(2025, 3, 4))
    assert error.value.code == "not_approved"


@time_machine.travel(date(2025, 7, 1), tick=False)
def test_a_payment_date_in_the_future_is_refused(staff_user, second_staff):
    claim = ClaimFactory(entered_by=staff_user)
    approve_claim(claim=claim, by=second_staff)
    with pytest.raises(ValidationError) as error:
        mark_claim_paid(claim=claim, by=staff_user, paid_on=date(2025, 7, 2))
    assert error.value.message_dict == {"paid_on": ["The date paid must be today or in the past."]}


def test_a_declined_payment_records_the_decision_and_no_money(staff_user):
    activity = ActivityFactory()
    person = PersonFactory()
    claim = record_declined_payment(
        activity=activity, person=person, by=staff_user, reason="Would affect my benefits."
    )
    assert (claim.status, claim.total, claim.declined_reason) == (
        "declined",
        Decimal("0"),
        "Would affect my benefits.",
    )
    assert list(activity.people.all()) == [person]


def test_a_claim_waiting_for_approval_can_become_a_decline(staff_user):
    claim = ClaimFactory()
    record_declined_payment(activity=claim.activity, person=claim.person, by=staff_user)
    claim.refresh_from_db()
    assert (claim.status, claim.fee, claim.travel) == ("declined", Decimal("0"), Decimal("0"))
    claim.activity.refresh_from_db()
    assert claim.activity.payments == Decimal("0")


def test_an_approved_claim_cannot_be_declined(staff_user, second_staff):
    claim = ClaimFactory(entered_by=staff_user)
    approve_claim(claim=claim, by=second_staff)
    with pytest.raises(ValidationError) as error:
        record_declined_payment(activity=claim.activity, person=claim.person, by=staff_user)
    assert error.value.code == "not_claimed"


def test_the_database_refuses_money_on_a_declined_claim():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status="declined")


def test_a_declined_claim_cannot_be_approved(staff_user, second_staff):
    claim = record_declined_payment(
        activity=ActivityFactory(), person=PersonFactory(), by=staff_user
    )
    with pytest.raises(ValidationError) as error:
        approve_claim(claim=claim, by=second_staff)
    assert error.value.code == "not_claimed"


def test_the_threshold_is_nothing_until_staff_set_it(staff_user):
    assert payment_threshold() == Decimal("0")
    set_payment_threshold(threshold=Decimal("500.00"), by=staff_user)
    assert payment_threshold() == Decimal("500.00")


def test_yearly_totals_run_april_to_march_and_warn_above_the_threshold(staff_user):
    person = PersonFactory()
    # Financial year 2024 to 2025: March 2025. Financial year 2025 to 2026: April 2025 on.
    ClaimFactory(person=person, activity=ActivityFactory(held_on=date(2025, 3, 31)))
    ClaimFactory(
        person=person,
        activity=ActivityFactory(held_on=date(2025, 4, 1)),
        fee=Decimal("300.00"),
        travel=Decimal("0"),
        care=Decimal("20.00"),
    )
    ClaimFactory(
        person=person,
        activity=ActivityFactory(held_on=date(2026, 3, 31)),
        fee=Decimal("250.00"),
        travel=Decimal("10.00"),
    )
    record_declined_payment(
        activity=ActivityFactory(held_on=date(2025, 9, 1)), person=person, by=staff_user
    )
    ClaimFactory(activity=ActivityFactory(held_on=date(2025, 9, 1)))  # someone else's
    set_payment_threshold(threshold=Decimal("500.00"), by=staff_user)

    totals = yearly_totals(person)

    assert [(t.label, t.fees, t.costs, t.claims, t.declined) for t in totals] == [
        ("2025 to 2026", Decimal("550.00"), Decimal("30.00"), 2, 1),
        ("2024 to 2025", Decimal("75.00"), Decimal("12.50"), 1, 0),
    ]
    assert [t.is_above_threshold for t in totals] == [True, False]


def test_no_warning_when_the_threshold_is_zero():
    person = PersonFactory()
    ClaimFactory(person=person, fee=Decimal("9000.00"))
    assert year_total(person, 2024).is_above_threshold is False


def test_paid_counts_only_paid_claims(staff_user, second_staff):
    person = PersonFactory()
    claim = ClaimFactory(person=person, entered_by=staff_user)
    ClaimFactory(person=person, activity=ActivityFactory(held_on=date(2025, 3, 20)))
    with time_machine.travel(date(2025, 3, 30), tick=False):
        approve_claim(claim=claim, by=second_staff)
        mark_claim_paid(claim=claim, by=staff_user, paid_on=date(2025, 3, 30))
    assert year_total(person, 2024).paid == Decimal("87.50")
    assert year_total(person, 2024).total == Decimal("175.00")


def test_the_claim_list_carries_each_persons_fees_for_the_claims_year():
    person = PersonFactory()
    ClaimFactory(person=person, activity=ActivityFactory(held_on=date(2025, 3, 1)))
    ClaimFactory(person=person, activity=ActivityFactory(held_on=date(2025, 5, 1)))
    ClaimFactory(person=person, activity=ActivityFactory(held_on=date(2025, 6, 1)))
    staff = UserFactory(roles=["staff"])
    rows = claim_list(staff).order_by("activity__held_on")
    assert [(r.financial_year, r.person_year_fees, r.amount) for r in rows] == [
        (2024, Decimal("75.00"), Decimal("87.50")),
        (2025, Decimal("150.00"), Decimal("87.50")),
        (2025, Decimal("150.00"), Decimal("87.50")),
    ]


def test_a_member_sees_only_their_own_claims(member_person):
    own = ClaimFactory(person=member_person)
    ClaimFactory()
    assert list(claims_visible_to(member_person.user)) == [own]
    assert list(claims_visible_to(UserFactory(roles=["chair"]))) == []


def test_the_record_of_involvement_lists_the_years_activities_and_hours(staff_user):
    person = PersonFactory()
    named = ActivityFactory(held_on=date(2025, 5, 1), people=[person])
    claimed = ClaimFactory(person=person, activity=ActivityFactory(held_on=date(2025, 6, 1)))
    ClaimFactory(person=person, activity=ActivityFactory(held_on=date(2024, 6, 1)))
    record = involvement_record(person, 2025)
    assert [a.pk for a in record.activities] == [named.pk, claimed.activity_id]
    assert (record.hours, record.sessions) == (Decimal("3.00"), Decimal("0.00"))
    assert record.totals.total == Decimal("87.50")
    assert financial_year_of(date(2026, 3, 31)) == 2025


def test_a_receipt_must_be_a_real_pdf_or_image(staff_user):
    claim = ClaimFactory()
    receipt = add_receipt(
        claim=claim, by=staff_user, file=SimpleUploadedFile("bus.pdf", PDF), description="Bus"
    )
    assert receipt.filename == "bus.pdf"
    add_receipt(claim=claim, by=staff_user, file=SimpleUploadedFile("taxi.png", PNG))
    with pytest.raises(ValidationError) as error:
        add_receipt(claim=claim, by=staff_user, file=SimpleUploadedFile("fake.pdf", b"MZ\x90"))
    assert error.value.message_dict == {
        "file": [
            "The receipt must be a PDF, JPG or PNG file: this file is not what its name says."
        ]
    }
    with pytest.raises(ValidationError) as error:
        add_receipt(claim=claim, by=staff_user, file=SimpleUploadedFile("run.exe", PDF))
    assert error.value.message_dict == {"file": ["The receipt must be a PDF, JPG or PNG file."]}
    assert Receipt.objects.filter(claim=claim).count() == 2


def test_a_receipt_over_10_mb_is_refused(staff_user):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        add_receipt(claim=ClaimFactory(), by=staff_user, file=big)
    assert error.value.message_dict == {"file": ["The receipt must be smaller than 10 MB."]}
