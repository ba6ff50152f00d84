"""Reads of people, their roles and the contact log, with who-sees-what applied here."""

from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from coprod import history
from coprod.models import AuditEvent
from coprod.permissions import Access, Can
from network.models import (
    ContactRecord,
    Organisation,
    Person,
    Representative,
    RoleTerm,
)
from network.selectors.organisations import HISTORY_LABELS, AnyUser


def people_visible_to(user: AnyUser) -> QuerySet[Person]:
    """Staff see everyone's personal data; a person with a login sees their own record."""
    people = Person.objects.all()
    access = Can.of(user).access("person_contact")
    if access == Access.ALL:
        return people
    if not user.is_authenticated:
        return people.none()
    return people.filter(user=user)


def person_list(user: AnyUser) -> QuerySet[Person]:
    """Rows for the people list, with current organisations and roles, in fixed queries."""
    return people_visible_to(user).prefetch_related(
        Prefetch(
            "representations",
            queryset=Representative.objects.filter(ended_on=None).select_related("organisation"),
            to_attr="current_representations",
        ),
        Prefetch(
            "role_terms", queryset=RoleTerm.objects.filter(ended_on=None), to_attr="current_terms"
        ),
    )


def person_detail(person: Person) -> Person:
    """A person with what their page shows, in a fixed number of queries."""
    return (
        Person.objects.filter(pk=person.pk)
        .select_related("user")
        .prefetch_related(
            "access_needs",
            Prefetch(
                "representations",
                queryset=Representative.objects.select_related("organisation").order_by(
                    "ended_on", "-started_on"
                ),
            ),
            Prefetch("role_terms", queryset=RoleTerm.objects.order_by("ended_on", "-started_on")),
        )
        .get()
    )


def own_person(user: AnyUser) -> Person | None:
    """The person record linked to this sign-in, if there is one."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).prefetch_related("access_needs").first()


def current_role_holders(role: str) -> QuerySet[RoleTerm]:
    """Open terms in a role, with the people holding them."""
    return RoleTerm.objects.filter(role=role, ended_on=None).select_related("person")


def person_history(person: Person) -> list[history.Entry]:
    """Changes to the person, their representations and terms, and their login's events."""
    return history.timeline(
        person.history.all(),
        Representative.history.filter(person_id=person.pk),
        RoleTerm.history.filter(person_id=person.pk),
        events=AuditEvent.objects.filter(user_id=person.user_id) if person.user_id else None,
        labels=HISTORY_LABELS,
    )


CONTACT_LOG_PAGE_SIZE = 50


def contact_log(
    user: AnyUser, *, person: Person | None = None, organisation: Organisation | None = None
) -> QuerySet[ContactRecord]:
    """Contacts with a person or an organisation, newest first; nothing for anyone but staff."""
    if not Can.of(user)("contact_log") or (person is None and organisation is None):
        return ContactRecord.objects.none()
    records = ContactRecord.objects.select_related("person", "organisation", "recorded_by")
    if person is not None:
        records = records.filter(person=person)
    if organisation is not None:
        records = records.filter(organisation=organisation)
    return records.order_by("-contacted_on", "-pk")


def contact_log_page(
    user: AnyUser,
    *,
    number: str | int | None,
    person: Person | None = None,
    organisation: Organisation | None = None,
) -> Page | None:
    """One page of 50 contacts, or None for those who may not see the log."""
    if not Can.of(user)("contact_log"):
        return None
    records = contact_log(user, person=person, organisation=organisation)
    return Paginator(records, CONTACT_LOG_PAGE_SIZE).get_page(number)


def follow_ups_due(user: AnyUser, on: date | None = None) -> QuerySet[ContactRecord]:
    """Follow-ups due on or before a day (today) and not yet done, oldest first; staff only."""
    if not Can.of(user)("contact_log"):
        return ContactRecord.objects.none()
    day = on or timezone.localdate()
    return (
        ContactRecord.objects.filter(follow_up_on__lte=day, follow_up_done_on=None)
        .select_related("person", "organisation")
        .order_by("follow_up_on", "pk")
    )


def contact_records_for_staff(user: AnyUser) -> QuerySet[ContactRecord]:
    """Every contact record, for staff who may change one (404 for anyone else)."""
    if not Can.of(user)("contact_log"):
        return ContactRecord.objects.none()
    return ContactRecord.objects.select_related("person", "organisation")
