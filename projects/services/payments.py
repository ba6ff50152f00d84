"""Payments to public contributors: claims per person and activity, their receipts, the
second member of staff who approves them, payment, and a person's right to decline."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from coprod.models import User
from coprod.permissions import is_staff_member
from network.models import Person
from projects.models import Claim, InvolvementActivity, PaymentSetting, Receipt
from projects.services.involvement import _save

PENNY = Decimal("0.01")
ZERO = Decimal("0")


def _money(expression: Any) -> Coalesce:
    return Coalesce(
        Sum(expression), Value(ZERO), output_field=DecimalField(max_digits=12, decimal_places=2)
    )


def _sync_activity_money(activity: InvolvementActivity, *, by: User | None) -> None:
    """An activity with claims shows what they add up to: fees as payments, costs as expenses.

    Declined claims hold no money, so they add nothing.
    """
    figures = Claim.objects.filter(activity=activity).aggregate(
        fees=_money("fee"), costs=_money(F("travel") + F("care"))
    )
    activity.payments = Decimal(figures["fees"]).quantize(PENNY)
    activity.expenses = Decimal(figures["costs"]).quantize(PENNY)
    activity._history_user = by  # type: ignore[attr-defined]
    activity.save(update_fields=["payments", "expenses"])


def _require_staff(by: User, what: str) -> None:
    if not is_staff_member(by):
        raise ValidationError(f"Only staff may {what}.", code="not_staff")


@transaction.atomic
def enter_claim(
    *,
    activity: InvolvementActivity,
    person: Person,
    by: User,
    fee_basis: str = "",
    fee_units: Decimal = ZERO,
    fee_rate: Decimal = ZERO,
    travel: Decimal = ZERO,
    care: Decimal = ZERO,
) -> Claim:
    """Enter what a person claims for an activity; a second member of staff approves it.

    The fee is the hours (or sessions) times the rate. The person is named on the activity,
    so their record of involvement lists it.
    """
    _require_staff(by, "enter claims")
    errors: dict[str, str] = {}
    if fee_basis and fee_units <= 0:
        errors["fee_units"] = "Enter how many hours or sessions the fee is for."
    if fee_basis and fee_rate <= 0:
        errors["fee_rate"] = "Enter the rate per hour or session, like 25.00."
    if not fee_basis and (fee_units or fee_rate):
        errors["fee_basis"] = "Choose whether the fee is by the hour or by the session."
    if errors:
        raise ValidationError(errors)
    fee = (fee_units * fee_rate).quantize(PENNY, rounding=ROUND_HALF_UP)
    if fee + travel + care <= 0:
        raise ValidationError(
            "Enter a fee, travel costs or care costs. If the person does not want paying, "
            "record that they declined payment.",
            code="nothing_claimed",
        )
    claim = Claim(
        activity=activity,
        person=person,
        fee_basis=fee_basis,
        fee_units=fee_units,
        fee_rate=fee_rate,
        fee=fee,
        travel=travel,
        care=care,
        entered_by=by,
    )
    _save(claim, by=by)
    activity.people.add(person)
    _sync_activity_money(activity, by=by)
    return claim


@transaction.atomic
def record_declined_payment(
    *, activity: InvolvementActivity, person: Person, by: User, reason: str = ""
) -> Claim:
    """Record that a person declined payment for an activity: the decision, no money.

    A claim not yet approved becomes a decline; one approved or paid cannot.
    """
    _require_staff(by, "record a declined payment")
    claim = Claim.objects.select_for_update().filter(activity=activity, person=person).first()
    if claim is not None and claim.status != Claim.Status.CLAIMED:
        raise ValidationError(
            f"This claim is already {claim.get_status_display().lower()}, so it cannot be "
            "declined.",
            code="not_claimed",
        )
    claim = claim or Claim(activity=activity, person=person, entered_by=by)
    claim.status = Claim.Status.DECLINED
    claim.fee_basis = ""
    claim.fee_units = claim.fee_rate = claim.fee = claim.travel = claim.care = ZERO
    claim.declined_reason = reason.strip()
    _save(claim, by=by)
    activity.people.add(person)
    _sync_activity_money(activity, by=by)
    return claim


@transaction.atomic
def approve_claim(*, claim: Claim, by: User) -> Claim:
    """Approve a claim, as a member of staff other than the one who entered it."""
    _require_staff(by, "approve claims")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != Claim.Status.CLAIMED:
        raise ValidationError(
            f"This claim is {claim.get_status_display().lower()}: only a claim waiting for "
            "approval can be approved.",
            code="not_claimed",
        )
    if claim.entered_by_id == by.pk:
        raise ValidationError(
            "You entered this claim, so a second member of staff must approve it.",
            code="own_claim",
        )
    claim.status = Claim.Status.APPROVED
    claim.approved_by = by
    claim.approved_at = timezone.now()
    _save(claim, by=by)
    return claim


@transaction.atomic
def mark_claim_paid(*, claim: Claim, by: User, paid_on: date) -> Claim:
    """Record the day an approved claim was paid."""
    _require_staff(by, "record payments")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != Claim.Status.APPROVED:
        raise ValidationError(
            "Only an approved claim can be paid: a second member of staff approves it first.",
            code="not_approved",
        )
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "The date paid must be today or in the past."})
    if claim.approved_at and paid_on < timezone.localdate(claim.approved_at):
        raise ValidationError(
            {"paid_on": "The date paid must be on or after the day the claim was approved."}
        )
    claim.status = Claim.Status.PAID
    claim.paid_on = paid_on
    _save(claim, by=by)
    return claim


@transaction.atomic
def add_receipt(*, claim: Claim, by: User, file: UploadedFile, description: str = "") -> Receipt:
    """Keep a receipt (PDF, JPG or PNG, 10 MB at most) for a claim's costs."""
    _require_staff(by, "add receipts")
    if claim.status == Claim.Status.DECLINED:
        raise ValidationError(
            {"file": "This person declined payment, so the claim takes no receipts."},
            code="declined",
        )
    receipt = Receipt(claim=claim, file=file, description=description, uploaded_by=by)
    receipt.full_clean()
    receipt.save()
    return receipt


@transaction.atomic
def set_payment_threshold(*, threshold: Decimal, by: User) -> PaymentSetting:
    """Set the yearly fees above which a person's total carries a warning (£0: none)."""
    _require_staff(by, "change payment settings")
    setting = PaymentSetting.objects.select_for_update().filter(pk=1).first()
    setting = setting or PaymentSetting(pk=1)
    setting.yearly_warning_threshold = threshold
    _save(setting, by=by)
    return setting
