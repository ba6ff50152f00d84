"""Writes to people: details, representation, role terms and the groups they give,
consent and the contact log."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format

from coprod import services as accounts
from coprod.models import User
from coprod.periods import in_force_on
from coprod.permissions import Role
from network.models import (
    AccessNeed,
    ContactRecord,
    Organisation,
    Person,
    Representative,
    RoleTerm,
)
from network.services.records import assign_fields, save_attributed


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
    save_attributed(person, by=by)
    person.access_needs.set(access_needs)
    if represents is not None:
        add_representative(person=person, organisation=represents, by=by)
    return person


@transaction.atomic
def update_person(*, person: Person, by: User | None, changes: dict[str, Any]) -> Person:
    """Save edited details (and access needs, when given)."""
    changes = dict(changes)
    access_needs = changes.pop("access_needs", None)
    if "email" in changes and changes["email"].lower() != person.email.lower():
        # A new address has not been refused: bulletins may be emailed to it.
        person.email_not_working_since = None
        person.email_problem = ""
    assign_fields(person, changes)
    save_attributed(person, by=by)
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
    save_attributed(representative, by=by)
    apply_roles(person=person, by=by)
    return representative


@transaction.atomic
def end_representative(
    *, representative: Representative, by: User | None, ended_on: date | None = None
) -> Representative:
    """End a representation; the member role goes once they represent nobody any more."""
    representative.ended_on = ended_on or timezone.localdate()
    save_attributed(representative, by=by)
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
    save_attributed(term, by=by)
    apply_roles(person=person, by=by)
    return term


@transaction.atomic
def end_role_term(*, term: RoleTerm, ended_on: date, by: User | None) -> RoleTerm:
    """End a term; the login keeps the role's access to the end of its last day."""
    term.ended_on = ended_on
    save_attributed(term, by=by)
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
        save_attributed(person, by=by)
    apply_roles(person=person, by=by)
    return user


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
    save_attributed(record, by=by)
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
        save_attributed(record, by=by)
    return record
