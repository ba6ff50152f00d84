"""Writes to recruitment (candidates and advice) and the annual reviews."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coprod.models import User
from coprod.permissions import roles_of
from network.models import (
    Advice,
    AnnualReview,
    Candidate,
    Constituency,
    Membership,
    Organisation,
    Person,
)
from network.services.organisations import change_membership_status, create_organisation
from network.services.records import assign_fields, save_attributed


@transaction.atomic
def add_candidate(
    *,
    organisation: Organisation,
    by: User | None,
    gap: str = "",
    gap_kind: str = "",
    gap_constituency: Constituency | None = None,
) -> Candidate:
    """Put an organisation into the pipeline for a short target's gap, or a gap in words."""
    if not gap and gap_kind:
        gap = Organisation.Kind(gap_kind).label
    elif not gap and gap_constituency is not None:
        gap = gap_constituency.name
    candidate = Candidate(
        organisation=organisation,
        gap=gap,
        gap_kind=gap_kind,
        gap_constituency=gap_constituency,
        added_by=by,
    )
    save_attributed(candidate, by=by)
    return candidate


@transaction.atomic
def move_candidate(*, candidate: Candidate, stage: str, by: User | None) -> Candidate:
    """Move a candidate to a stage; inviting and joining change its membership too."""
    candidate.stage = stage
    save_attributed(candidate, by=by)
    today = timezone.localdate()
    membership_status = {
        Candidate.Stage.INVITED: Membership.Status.INVITED,
        Candidate.Stage.JOINED: Membership.Status.ACTIVE,
    }.get(Candidate.Stage(stage))
    if membership_status:
        change_membership_status(
            organisation=candidate.organisation, status=membership_status, on=today, by=by
        )
    return candidate


RECOMMENDATION_REQUIRED = "Choose whether you recommend this organisation, do not, or are unsure."
# The role beside an adviser's name: the one they advise in when they hold several.
_ADVICE_ROLES = (Advice.AuthorRole.CHAIR, Advice.AuthorRole.CORE_GROUP, Advice.AuthorRole.STAFF)


@transaction.atomic
def add_advice(*, candidate: Candidate, text: str, recommendation: str, by: User | None) -> Advice:
    """Record the chair's, a core group member's or staff's advice and recommendation."""
    if recommendation not in Advice.Recommendation.values:
        raise ValidationError({"recommendation": RECOMMENDATION_REQUIRED})
    roles = roles_of(by) if by is not None else frozenset()
    advice = Advice(
        candidate=candidate,
        text=text,
        recommendation=recommendation,
        author=by,
        author_role=next((role for role in _ADVICE_ROLES if role in roles), ""),
    )
    advice.full_clean()
    advice.save()
    return advice


@transaction.atomic
def record_annual_review(
    *,
    by: User | None,
    participants: Iterable[Person] = (),
    review: AnnualReview | None = None,
    **fields: Any,
) -> AnnualReview:
    """Create or update the review of the network for a year."""
    review = review or AnnualReview()
    assign_fields(review, fields)
    save_attributed(review, by=by)
    review.participants.set(participants)
    return review


@transaction.atomic
def recruit_new_organisation(
    *,
    name: str,
    kind: str,
    by: User,
    gap: str = "",
    gap_kind: str = "",
    gap_constituency: Constituency | None = None,
) -> Candidate:
    """Record an organisation not yet on file as prospective, and put it in the pipeline."""
    organisation = create_organisation(by=by, name=name, kind=kind)
    return add_candidate(
        organisation=organisation,
        gap=gap,
        gap_kind=gap_kind,
        gap_constituency=gap_constituency,
        by=by,
    )
