"""Payments to public contributors: claims, receipts, approval by a second member of staff,
payment, declined payments, a person's yearly totals and their record of involvement."""

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from coprod import listing
from coprod.forms import add_service_errors
from coprod.listing import Sort
from coprod.pdf import render_pdf
from coprod.permissions import AuthenticatedRequest, requires
from network.models import Person
from projects import selectors, services
from projects.forms.payments import (
    ClaimFilterForm,
    ClaimForm,
    DeclineForm,
    PaidForm,
    ReceiptForm,
    ThresholdForm,
)
from projects.models import (
    Claim,
    InvolvementActivity,
    Receipt,
    financial_year_label,
    financial_year_of,
)

CLAIM_SORTS = {
    "held_on": Sort("Activity date", ("activity__held_on",)),
    "person": Sort("Person", (Lower("person__full_name"), "activity__held_on")),
    "project": Sort("Project", (Lower("activity__project__title"), "activity__held_on")),
    "status": Sort("Status", ("status", "activity__held_on")),
    "amount": Sort("Amount", ("amount", "activity__held_on")),
}


def _claim_or_404(request: AuthenticatedRequest, pk: int) -> Claim:
    return get_object_or_404(selectors.claims_visible_to(request.user), pk=pk)


def _activity_or_404(request: AuthenticatedRequest, pk: int) -> InvolvementActivity:
    return get_object_or_404(
        selectors.activities_visible_to(request.user).select_related("project"), pk=pk
    )


def _year_choices() -> list[tuple[int, str]]:
    this_year = financial_year_of(timezone.localdate())
    return [(year, financial_year_label(year)) for year in range(this_year, this_year - 6, -1)]


@requires("payments")
@require_safe
def claim_list(request: AuthenticatedRequest) -> HttpResponse:
    """Claims, 50 to a page: every claim for staff, a member's own otherwise."""
    filter_form = ClaimFilterForm(listing.filter_data(request), years=_year_choices())
    claims = selectors.claim_list(request.user, filters=filter_form.filters())
    context = {
        "filter_form": filter_form,
        "listing": listing.list_page(
            request,
            claims,
            sorts=CLAIM_SORTS,
            default="-held_on",
            singular="claim",
            plural="claims",
        ),
        "threshold": selectors.payment_threshold(),
    }
    return render(request, "projects/claim_list.html", context)


@requires("payments", fully=True)
def claim_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Enter one person's claim for an activity."""
    activity = _activity_or_404(request, pk)
    form = ClaimForm(
        request.POST if request.method == "POST" else None,
        people=Person.objects.only("pk", "full_name").order_by("full_name"),
        initial={"person": request.GET.get("person")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.enter_claim(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Claim by {claim.person} saved. A second member of staff must approve it.",
            )
            return redirect(claim)
    return render(request, "projects/claim_form.html", {"form": form, "activity": activity})


@requires("payments", fully=True)
def claim_decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record that a person declined payment for an activity."""
    activity = _activity_or_404(request, pk)
    form = DeclineForm(
        request.POST if request.method == "POST" else None,
        people=Person.objects.only("pk", "full_name").order_by("full_name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.record_declined_payment(
                activity=activity, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{claim.person} declined payment: recorded.")
            return redirect(claim)
    return render(request, "projects/claim_decline.html", {"form": form, "activity": activity})


@requires("payments")
@require_safe
def claim_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A claim, its receipts and where it has got to."""
    claim = selectors.claim_detail(_claim_or_404(request, pk))
    staff = request.can.fully("payments")
    context = {
        "claim": claim,
        "receipt_form": ReceiptForm() if staff and not claim.is_declined else None,
        "paid_form": PaidForm() if staff and claim.status == Claim.Status.APPROVED else None,
        "is_own_entry": claim.entered_by_id == request.user.pk,
    }
    return render(request, "projects/claim_detail.html", context)


@requires("payments", fully=True)
def claim_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A second member of staff approves a claim, after a confirmation page."""
    claim = selectors.claim_detail(_claim_or_404(request, pk))
    problem = ""
    if request.method == "POST":
        try:
            services.approve_claim(claim=claim, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, f"Claim by {claim.person} approved for payment.")
            return redirect(claim)
    elif claim.entered_by_id == request.user.pk:
        problem = "You entered this claim, so a second member of staff must approve it."
    elif claim.status != Claim.Status.CLAIMED:
        problem = (
            f"This claim is {claim.get_status_display().lower()}: there is nothing to approve."
        )
    if problem:
        return render(request, "projects/claim_problem.html", {"claim": claim, "problem": problem})
    context = {
        "heading": f"Approve £{claim.total:,.2f} for {claim.person}?",
        "consequences": [
            f"The claim for the {claim.activity.get_kind_display().lower()} on "
            f"{date_format(claim.activity.held_on)} is approved in your name.",
            "It can then be marked as paid.",
        ],
        "button": "Yes, approve the claim",
        "back_url": claim.get_absolute_url(),
        "hidden": {},
    }
    return render(request, "includes/confirm_page.html", context)


@requires("payments", fully=True)
def claim_pay(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the day an approved claim was paid."""
    claim = selectors.claim_detail(_claim_or_404(request, pk))
    form = PaidForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_claim_paid(claim=claim, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Claim by {claim.person} marked as paid.")
            return redirect(claim)
    return render(request, "projects/claim_pay.html", {"form": form, "claim": claim})


@requires("payments", fully=True)
def receipt_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Upload a receipt for a claim's costs."""
    claim = selectors.claim_detail(_claim_or_404(request, pk))
    form = ReceiptForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_receipt(claim=claim, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Receipt uploaded.")
            return redirect(claim)
    return render(request, "projects/receipt_add.html", {"form": form, "claim": claim})


@requires("payments")
@require_safe
def receipt_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A receipt's file (10 MB at most), for staff and for the person who claimed."""
    receipt = get_object_or_404(
        Receipt.objects.filter(claim__in=selectors.claims_visible_to(request.user)), pk=pk
    )
    try:
        with receipt.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404("The receipt's file is missing.") from None
    content_type = mimetypes.guess_type(receipt.filename)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, receipt.filename)
    return response


@requires("payments")
@require_safe
def contributor_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A person's payments: yearly totals (staff see the threshold warning) and claims."""
    person = get_object_or_404(selectors.people_visible_for_payments(request.user), pk=pk)
    staff = request.can.fully("payments")
    context = {
        "person": person,
        "is_staff_view": staff,
        "totals": selectors.yearly_totals(person),
        "claims": selectors.person_claims(person)[:50],
        "years": [
            (year, financial_year_label(year))
            for year in selectors.involvement_years(person, today=timezone.localdate())
        ],
    }
    return render(request, "projects/contributor_detail.html", context)


@requires("payments")
@require_safe
def my_record(request: AuthenticatedRequest) -> HttpResponse:
    """Send a person to their own payments and record of involvement."""
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404("You have no record as a contributor.")
    return redirect("projects:contributor-detail", pk=person.pk)


@requires("payments")
@require_safe
def involvement_record(request: AuthenticatedRequest, pk: int, year: int) -> HttpResponse:
    """A person's record of involvement for a financial year, as a PDF."""
    person = get_object_or_404(selectors.people_visible_for_payments(request.user), pk=pk)
    if not 2000 <= year <= 2100:
        raise Http404("No such year.")
    record = selectors.involvement_record(person, year)
    pdf = render_pdf(
        "projects/print/involvement_record.html",
        {
            "record": record,
            "printed_on": timezone.localdate(),
            "large_print": "large" in request.GET,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"record-of-involvement-{year}-{year + 1}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires("payments", fully=True)
def payment_settings(request: AuthenticatedRequest) -> HttpResponse:
    """Set the yearly fees above which a person's total carries a warning."""
    form = ThresholdForm(
        request.POST if request.method == "POST" else None,
        initial={"threshold": selectors.payment_threshold()},
    )
    if request.method == "POST" and form.is_valid():
        services.set_payment_threshold(threshold=form.cleaned_data["threshold"], by=request.user)
        messages.success(request, "Payment settings saved.")
        return redirect("projects:claim-list")
    return render(request, "projects/payment_settings.html", {"form": form})
