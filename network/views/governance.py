"""The network page, representation and targets, recruitment, and the annual reviews."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coprod import listing
from coprod.forms import add_service_errors
from coprod.listing import Sort, by_label
from coprod.permissions import AuthenticatedRequest, Role, requires
from network import selectors, services
from network.forms.governance import (
    AdviceForm,
    AnnualReviewForm,
    CandidateAddForm,
    CandidateFilter,
    CandidateMoveForm,
    RepresentationDateForm,
    TargetsForm,
)
from network.models import Candidate, Organisation


@requires("overview_view")
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """The network at a glance: size, this year's joiners and leavers, roles and reviews."""
    today = timezone.localdate()
    shows_names = request.can.fully("overview_view")
    context = {
        "size": selectors.network_size(today),
        "changes": selectors.membership_changes_in(today.year),
        # Only the roles that see names of people are given them (the Board is not).
        "chairs": selectors.current_role_holders(Role.CHAIR) if shows_names else None,
        "core_group": selectors.current_role_holders(Role.CORE_GROUP) if shows_names else None,
        "reviews": selectors.annual_reviews(request.user),
    }
    return render(request, "network/overview.html", context)


@requires("representation_view")
def representation(request: AuthenticatedRequest) -> HttpResponse:
    """Active members by kind and by constituency against the targets, on any past day."""
    today = timezone.localdate()
    if request.GET:  # the date form was sent (as on_0, on_1 and on_2)
        form = RepresentationDateForm(request.GET)
        day = (form.cleaned_data["on"] if form.is_valid() else None) or today
    else:
        form = RepresentationDateForm(initial={"on": today})
        day = today
    context = {
        "form": form,
        "representation": selectors.representation_on(day),
        "trend": selectors.representation_trend(today),
        "is_today": day == today,
    }
    return render(request, "network/representation.html", context)


@requires("network_change")
def target_list(request: AuthenticatedRequest) -> HttpResponse:
    """Set the network's size target and the targets per kind and per constituency."""
    form = TargetsForm(
        request.POST if request.method == "POST" else None,
        network_target=selectors.network_target(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_targets(targets=form.changed_targets(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Targets saved.")
            return redirect("network:target-list")
    return render(request, "network/target_list.html", {"form": form})


CANDIDATE_SORTS = {
    "organisation": Sort("Organisation", (Lower("organisation__name"),)),
    "kind": Sort(
        "Kind",
        (by_label("organisation__kind", Organisation.Kind.choices), Lower("organisation__name")),
    ),
    "gap": Sort("Gap it would fill", (Lower("gap"), Lower("organisation__name"))),
    # Stages sort in the pipeline's own order: identified, approached, … declined.
    "stage": Sort(
        "Stage",
        (
            Case(
                *[
                    When(stage=stage, then=Value(position))
                    for position, stage in enumerate(Candidate.Stage.values)
                ]
            ),
            Lower("organisation__name"),
        ),
    ),
    "advice": Sort("Advice", ("advice_count", Lower("organisation__name"))),
    "changed": Sort("Last changed", ("updated_at",)),
}


@requires("recruitment")
def candidate_list(request: AuthenticatedRequest) -> HttpResponse:
    """The recruitment pipeline, filterable by stage, sorted by any column, 50 at a time."""
    pipeline = CandidateFilter(
        listing.filter_data(request), queryset=selectors.recruitment_pipeline()
    )
    candidates = listing.list_page(
        request,
        pipeline.qs,
        sorts=CANDIDATE_SORTS,
        default="-changed",
        singular="candidate organisation",
        plural="candidate organisations",
    )
    context = {"filter": pipeline, "listing": candidates, "candidates": candidates.rows}
    return render(request, "network/candidate_list.html", context)


@requires("network_change")
def candidate_add(request: AuthenticatedRequest) -> HttpResponse:
    """Put an organisation, on record already or new, into the recruitment pipeline."""
    form = CandidateAddForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.recruitable_organisations(),
        gaps=selectors.representation_on().gaps,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        gap = {
            "gap": data["gap"],
            "gap_kind": data["gap_kind"],
            "gap_constituency": data["gap_constituency"],
        }
        try:
            if data["organisation"]:
                candidate = services.add_candidate(
                    organisation=data["organisation"], by=request.user, **gap
                )
            else:
                candidate = services.recruit_new_organisation(
                    name=data["new_name"], kind=data["new_kind"], by=request.user, **gap
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{candidate.organisation} added to the recruitment pipeline."
            )
            return redirect(candidate)
    return render(request, "network/candidate_add.html", {"form": form})


def _candidate_page(
    request: AuthenticatedRequest,
    candidate: Candidate,
    advice_form: AdviceForm | None = None,
    move_form: CandidateMoveForm | None = None,
) -> HttpResponse:
    may_move = request.can("network_change")
    context = {
        "candidate": selectors.candidate_detail(candidate),
        "gap_now": selectors.candidate_gap_now(candidate),
        "advice_form": advice_form or AdviceForm(),
        "move_form": (move_form or CandidateMoveForm(candidate=candidate)) if may_move else None,
    }
    return render(request, "network/candidate_detail.html", context)


@requires("recruitment")
def candidate_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A candidate, the advice on it, and the forms to advise on it or move it on."""
    candidate = get_object_or_404(selectors.recruitment_pipeline(), pk=pk)
    form = AdviceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_advice(
                candidate=candidate,
                text=form.cleaned_data["text"],
                recommendation=form.cleaned_data["recommendation"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Your advice has been added.")
            return redirect(candidate)
    return _candidate_page(request, candidate, advice_form=form)


@requires("network_change")
@require_POST
def candidate_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Move a candidate to another stage; joining makes it an active member."""
    candidate = get_object_or_404(selectors.recruitment_pipeline(), pk=pk)
    form = CandidateMoveForm(request.POST, candidate=candidate)
    if form.is_valid():
        try:
            services.move_candidate(
                candidate=candidate, stage=form.cleaned_data["stage"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{candidate.organisation} moved to “{candidate.get_stage_display()}”."
            )
            return redirect(candidate)
    candidate.refresh_from_db(fields=["stage"])
    return _candidate_page(request, candidate, move_form=form)


REVIEW_SORTS = {
    "year": Sort("Year", ("year",)),
    "held": Sort("Held on", ("held_on",)),
    "participants": Sort("People who took part", ("participant_count", "year")),
}


@requires("overview_view")
def review_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every annual review of the network, newest first unless sorted otherwise."""
    reviews = listing.list_page(
        request,
        selectors.annual_reviews(request.user),
        sorts=REVIEW_SORTS,
        default="-year",
        singular="review",
        plural="reviews",
    )
    return render(
        request, "network/review_list.html", {"listing": reviews, "reviews": reviews.rows}
    )


@requires("overview_view")
def review_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One year's review: what was found, what was decided, who took part."""
    review = get_object_or_404(selectors.annual_reviews(request.user), pk=pk)
    context = {"review": review}
    return render(request, "network/review_detail.html", context)


@requires("review_write")
def review_add(request: AuthenticatedRequest) -> HttpResponse:
    """Record a year's review of the network."""
    form = AnnualReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.record_annual_review(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The review of {review.year} has been saved.")
            return redirect(review)
    return render(request, "network/review_add.html", {"form": form})


@requires("review_write")
def review_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Correct or complete a year's review."""
    review = get_object_or_404(selectors.annual_reviews(request.user), pk=pk)
    year = review.year  # the form changes the instance as it validates
    form = AnnualReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_annual_review(by=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The review of {review.year} has been saved.")
            return redirect(review)
    context = {"form": form, "review": review, "year": year}
    return render(request, "network/review_edit.html", context)
