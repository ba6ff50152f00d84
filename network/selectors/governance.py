"""Reads of the recruitment pipeline and the annual reviews."""

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from coprod.permissions import Can
from network.models import (
    AnnualReview,
    Candidate,
    Organisation,
)
from network.selectors.organisations import AnyUser, active_organisations_on


def recruitment_pipeline() -> QuerySet[Candidate]:
    """Candidates with their organisation and how much advice each has had."""
    return Candidate.objects.select_related("organisation").annotate(advice_count=Count("advice"))


def recruitable_organisations() -> QuerySet[Organisation]:
    """Organisations that are neither active members today nor already in the pipeline."""
    return Organisation.objects.exclude(
        pk__in=active_organisations_on(timezone.localdate()).values("pk")
    ).exclude(candidacies__stage__in=Candidate.OPEN_STAGES)


def open_candidate_count() -> int:
    """How many candidates are still being recruited."""
    return Candidate.objects.filter(stage__in=Candidate.OPEN_STAGES).count()


def candidates_awaiting_advice_from(user: AnyUser) -> QuerySet[Candidate]:
    """Open candidates this person has not yet advised on."""
    return (
        recruitment_pipeline()
        .filter(stage__in=Candidate.OPEN_STAGES)
        .exclude(advice__author=user.pk)
    )


def candidate_detail(candidate: Candidate) -> Candidate:
    return (
        Candidate.objects.filter(pk=candidate.pk)
        .select_related("organisation", "added_by")
        .prefetch_related("advice__author", "organisation__constituencies")
        .get()
    )


def annual_reviews(user: AnyUser) -> QuerySet[AnnualReview]:
    """The network's reviews with how many took part; names only for those who may see them."""
    reviews = AnnualReview.objects.annotate(participant_count=Count("participants"))
    if Can.of(user).fully("overview_view"):
        return reviews.prefetch_related(Prefetch("participants", to_attr="participants_seen"))
    return reviews  # the Board reads the reviews without names of people
