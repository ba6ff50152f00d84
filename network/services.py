"""Writes to the network's records. Each save is attributed to its author in the history."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format

from coprod import services as accounts
from coprod.models import User
from coprod.periods import in_force_on
from coprod.permissions import Can, Role, roles_of
from network.models import (
    AccessNeed,
    Advice,
    AnnualReview,
    Candidate,
    Constituency,
    ConstituencyChange,
    ContactRecord,
    Membership,
    Organisation,
    Person,
    Representative,
    RoleTerm,
    Target,
)


def _save(instance: Model, *, by: User | None) -> None:
    """Validate and save, recording the author in the audit history."""
    instance.full_clean()
    instance._history_user = by  # type: ignore[attr-defined]
    instance.save()


def _assign(instance: Model, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


# --- Organisations and memberships --------------------------------------------------


@transaction.atomic
def create_organisation(
    *,
    by: User | None,
    constituencies: Iterable[Constituency] = (),
    status: str = Membership.Status.PROSPECTIVE,
    status_since: date | None = None,
    **fields: Any,
) -> Organisation:
    """Add an organisation with its first membership status."""
    organisation = Organisation(**fields)
    _save(organisation, by=by)
    organisation.constituencies.set(constituencies)
    change_membership_status(
        organisation=organisation,
        status=status,
        on=status_since or timezone.localdate(),
        by=by,
    )
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, by: User | None, changes: dict[str, Any]
) -> Organisation:
    """Save edited details (and constituencies, when given).

    Constituencies move the representation figures: when someone other than staff
    changes them, the change waits on the staff home page for review.
    """
    changes = dict(changes)
    constituencies = changes.pop("constituencies", None)
    _assign(organisation, changes)
    _save(organisation, by=by)
    if constituencies is not None:
        before = set(organisation.constituencies.all())
        after = set(constituencies)
        organisation.constituencies.set(after)
        if before != after and by is not None and not Can.of(by).fully("network_change"):
            review = ConstituencyChange.objects.create(organisation=organisation, changed_by=by)
            review.before.set(before)
            review.after.set(after)
    return organisation


@transaction.atomic
def change_membership_status(
    *, organisation: Organisation, status: str, on: date, by: User | None, note: str = ""
) -> Membership:
    """End the open membership period the day before `on` and start one in `status`."""
    current = (
        Membership.objects.select_for_update().filter(organisation=organisation, ended_on=None)
    ).first()
    if current is not None:
        if current.status == status:
            return current
        if on < current.started_on:
            raise ValidationError(
                {
                    "started_on": (
                        "The new status must start on or after "
                        f"{date_format(current.started_on)}, when the current one began."
                    )
                }
            )
        if on == current.started_on:
            # A change on the day the period began corrects it rather than adding a day-long one.
            current.status = status
            current.note = note or current.note
            _save(current, by=by)
            return current
        current.ended_on = on - timedelta(days=1)
        _save(current, by=by)
    membership = Membership(organisation=organisation, status=status, started_on=on, note=note)
    _save(membership, by=by)
    return membership


@transaction.atomic
def set_target(
    *,
    measure: str,
    minimum: int,
    by: User | None,
    kind: str = "",
    constituency: Constituency | None = None,
) -> Target:
    """Create or change the target for one measure."""
    target = Target.objects.filter(measure=measure, kind=kind, constituency=constituency).first()
    target = target or Target(measure=measure, kind=kind, constituency=constituency)
    target.minimum = minimum
    _save(target, by=by)
    return target


# --- People, representatives and roles ----------------------------------------------


@transaction.atomic
def create_person(
    *,
    by: User | None,
    access_needs: Iterable[AccessNeed] = (),
    represents: Organisation | None = None,
    **fields: Any,
) -> Person:
    """Add a person, and record them as an organisation's representative when given."""
    person = Person(**fields)
    _save(person, by=by)
    person.access_needs.set(access_needs)
    if represents is not None:
        add_representative(person=person, organisation=represents, by=by)
    return person


@transaction.atomic
def update_person(*, person: Person, by: User | None, changes: dict[str, Any]) -> Person:
    """Save edited details (and access needs, when given)."""
    changes = dict(changes)
    access_needs = changes.pop("access_needs", None)
    _assign(person, changes)
    _save(person, by=by)
    if access_needs is not None:
        person.access_needs.set(access_needs)
    return person


@transaction.atomic
def add_representative(
    *, person: Person, organisation: Organisation, by: User | None, started_on: date | None = None
) -> Representative:
    """Record that a person represents an organisation; their login is a member's from then."""
    representative = Representative(
        person=person, organisation=organisation, started_on=started_on or timezone.localdate()
    )
    _save(representative, by=by)
    apply_roles(person=person, by=by)
    return representative


@transaction.atomic
def end_representative(
    *, representative: Representative, by: User | None, ended_on: date | None = None
) -> Representative:
    """End a representation; the member role goes once they represent nobody any more."""
    representative.ended_on = ended_on or timezone.localdate()
    _save(representative, by=by)
    apply_roles(person=representative.person, by=by)
    return representative


@transaction.atomic
def start_role_term(
    *, person: Person, role: str, started_on: date, by: User | None, note: str = ""
) -> RoleTerm:
    """Begin a term in a role; a login gets the role's access from the term's first day.

    The network has one chair at a time: a chair's term may not overlap another's.
    """
    if role == Role.CHAIR:
        current = (
            RoleTerm.objects.select_for_update()
            .filter(Q(ended_on=None) | Q(ended_on__gte=started_on), role=Role.CHAIR)
            .select_related("person")
            .first()
        )
        if current is not None:
            until = (
                "until their term is ended; end that term first"
                if current.ended_on is None
                else f"until {date_format(current.ended_on)}; start this term after that"
            )
            raise ValidationError({"role": f"{current.person} is chair {until}."})
    term = RoleTerm(person=person, role=role, started_on=started_on, note=note)
    _save(term, by=by)
    apply_roles(person=person, by=by)
    return term


@transaction.atomic
def end_role_term(*, term: RoleTerm, ended_on: date, by: User | None) -> RoleTerm:
    """End a term; the login keeps the role's access to the end of its last day."""
    term.ended_on = ended_on
    _save(term, by=by)
    apply_roles(person=term.person, by=by)
    return term


def roles_in_force(
    terms: Iterable[RoleTerm], representations: Iterable[Representative], day: date
) -> set[str]:
    """The sign-in roles that these terms and representations give on a day."""
    roles = {term.role for term in terms if term.is_current_on(day)}
    if any(representation.is_current_on(day) for representation in representations):
        roles.add(Role.MEMBER)
    return roles


def apply_roles(*, person: Person, by: User | None, on: date | None = None) -> bool:
    """Give the person's login exactly the roles their terms and representations hold today.

    A term or representation that starts or ends on another day is applied on that day by
    the nightly `sync_role_groups`. Returns whether the login's roles changed.
    """
    if person.user is None:
        return False
    day = on or timezone.localdate()
    roles = roles_in_force(
        person.role_terms.filter(in_force_on(day)),
        person.representations.filter(in_force_on(day)),
        day,
    )
    return accounts.set_roles(user=person.user, roles=roles, by=by)


@transaction.atomic
def invite_person(*, person: Person, by: User, site_url: str | None = None) -> User:
    """Give a person a login with their roles and email them a link to set a password."""
    if not person.email:
        raise ValueError("Add an email address before inviting this person to sign in.")
    user = accounts.invite_user(
        email=person.email, full_name=person.full_name, by=by, site_url=site_url
    )
    if person.user_id != user.pk:
        person.user = user
        _save(person, by=by)
    apply_roles(person=person, by=by)
    return user


# --- Recruitment and the annual review ---------------------------------------------


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
    _save(candidate, by=by)
    return candidate


@transaction.atomic
def move_candidate(*, candidate: Candidate, stage: str, by: User | None) -> Candidate:
    """Move a candidate to a stage; inviting and joining change its membership too."""
    candidate.stage = stage
    _save(candidate, by=by)
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
    _assign(review, fields)
    _save(review, by=by)
    review.participants.set(participants)
    return review


@transaction.atomic
def remove_target(
    *, measure: str, by: User | None, kind: str = "", constituency: Constituency | None = None
) -> None:
    """Stop aiming for a number on one measure (nothing happens if there is no target)."""
    target = Target.objects.filter(measure=measure, kind=kind, constituency=constituency).first()
    if target is not None:
        target._history_user = by  # type: ignore[attr-defined]
        target.delete()


@transaction.atomic
def save_targets(
    *, targets: Iterable[tuple[str, str, Constituency | None, int | None]], by: User | None
) -> None:
    """Set or remove several targets at once: (measure, kind, constituency, minimum or None)."""
    for measure, kind, constituency, minimum in targets:
        if minimum is None:
            remove_target(measure=measure, kind=kind, constituency=constituency, by=by)
        else:
            set_target(
                measure=measure, kind=kind, constituency=constituency, minimum=minimum, by=by
            )


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


@transaction.atomic
def sync_role_groups(*, on: date) -> int:
    """Give each login exactly the role groups its terms and representations hold on a day.

    Terms and representations that start or end on a future date are applied by this
    daily job, just after midnight. Returns how many logins changed.
    """
    people = (
        Person.objects.exclude(user=None)
        .select_related("user")
        .prefetch_related(
            "user__groups",
            Prefetch(
                "role_terms",
                queryset=RoleTerm.objects.filter(in_force_on(on)),
                to_attr="terms_on_day",
            ),
            Prefetch(
                "representations",
                queryset=Representative.objects.filter(in_force_on(on)),
                to_attr="representations_on_day",
            ),
        )
    )
    changed = 0
    for person in people:
        if person.user is None:  # excluded by the query; narrows the type
            continue
        roles = roles_in_force(person.terms_on_day, person.representations_on_day, on)
        changed += accounts.set_roles(
            user=person.user, roles=roles, by=None, reason=f" (term dated {on:%Y-%m-%d})"
        )
    return changed


@transaction.atomic
def review_constituency_change(*, change: ConstituencyChange, by: User) -> bool:
    """Mark a member's change to constituencies as reviewed; False if it already was."""
    return bool(
        ConstituencyChange.objects.filter(pk=change.pk, reviewed_at=None).update(
            reviewed_by=by, reviewed_at=timezone.now()
        )
    )


# --- Consent and the contact log --------------------------------------------------


@transaction.atomic
def withdraw_consent(*, person: Person, by: User | None, on: date | None = None) -> Person:
    """Record that a person no longer wants to be contacted, from a day (today by default)."""
    on = on or timezone.localdate()
    if person.consent_withdrawn_on is not None:
        raise ValidationError(
            f"Consent was already withdrawn on {date_format(person.consent_withdrawn_on)}."
        )
    if on > timezone.localdate():
        raise ValidationError(
            {"withdrawn_on": "The date consent was withdrawn must be today or in the past"}
        )
    if person.consent_given_on and on < person.consent_given_on:
        raise ValidationError(
            {
                "withdrawn_on": (
                    f"Consent cannot be withdrawn before it was given "
                    f"({date_format(person.consent_given_on)}). Enter a date on or after that."
                )
            }
        )
    person.consent_withdrawn_on = on
    # Withdrawing must never fail on an unrelated detail, so only this field is checked.
    person._history_user = by  # type: ignore[attr-defined]
    person.save(update_fields=["consent_withdrawn_on"])
    return person


@transaction.atomic
def record_contact(
    *,
    by: User,
    contacted_on: date,
    method: str,
    note: str,
    person: Person | None = None,
    organisation: Organisation | None = None,
    follow_up_on: date | None = None,
) -> ContactRecord:
    """Log a contact with a person and/or an organisation, recorded as made by `by`."""
    record = ContactRecord(
        contacted_on=contacted_on,
        method=method,
        note=note,
        person=person,
        organisation=organisation,
        follow_up_on=follow_up_on,
        recorded_by=by,
    )
    _save(record, by=by)
    return record


@transaction.atomic
def complete_follow_up(
    *, record: ContactRecord, by: User, on: date | None = None
) -> ContactRecord:
    """Mark a contact's follow-up done (a follow-up already done keeps its date)."""
    record = ContactRecord.objects.select_for_update().get(pk=record.pk)
    if record.follow_up_on is None:
        raise ValidationError("This contact has no follow-up to mark as done.")
    if record.follow_up_done_on is None:
        record.follow_up_done_on = on or timezone.localdate()
        _save(record, by=by)
    return record
