"""Reads of organisations and memberships, with who-sees-what applied here, once."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from coprod import history
from coprod.models import User
from coprod.periods import in_force_on
from coprod.permissions import Access, Can
from network.models import (
    Candidate,
    ConstituencyChange,
    Membership,
    Organisation,
    Person,
    Representative,
    Target,
)

AnyUser = User | AnonymousUser


def own_organisation_ids(user: AnyUser) -> frozenset[int]:
    """The organisations this person represents today (from its first day to its last)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_coprod_own_organisations", None)
    if cached is None:
        today = timezone.localdate()
        cached = frozenset(
            Representative.objects.filter(in_force_on(today), person__user=user).values_list(
                "organisation_id", flat=True
            )
        )
        user._coprod_own_organisations = cached  # type: ignore[attr-defined]
    return cached


def with_current_status(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Annotate each organisation with its open membership's status and start date."""
    current = Membership.objects.filter(organisation=OuterRef("pk"), ended_on=None)
    return organisations.annotate(
        current_status=Subquery(current.values("status")[:1]),
        current_since=Subquery(current.values("started_on")[:1]),
    )


def organisations_visible_to(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations whose full record the user may see (404 for the rest)."""
    organisations = with_current_status(Organisation.objects.all())
    if Can.of(user).fully("organisation_view"):
        return organisations
    return organisations.filter(pk__in=own_organisation_ids(user))


def organisations_editable_by(user: AnyUser) -> QuerySet[Organisation]:
    """Staff edit every organisation; a representative edits their own."""
    access = Can.of(user).access("organisation_edit")
    if access == Access.ALL:
        return Organisation.objects.all()
    if access == Access.OWN:
        return Organisation.objects.filter(pk__in=own_organisation_ids(user))
    return Organisation.objects.none()


def organisation_list(user: AnyUser) -> QuerySet[Organisation]:
    """Rows for the organisation list: every organisation in full, or member names only."""
    organisations = with_current_status(Organisation.objects.all())
    if not Can.of(user).fully("organisation_view"):
        # The Board and representatives see the names of current members only.
        organisations = organisations.filter(
            memberships__ended_on=None, memberships__status=Membership.Status.ACTIVE
        ).only("pk", "name")
        return organisations.order_by("name")
    return organisations.prefetch_related("constituencies").order_by("name")


@dataclass(frozen=True)
class PersonSeen:
    """A person as someone else's page shows them: contact details only for those allowed."""

    pk: int
    full_name: str
    email: str
    phone: str

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("network:person-detail", args=[self.pk])


@dataclass(frozen=True)
class RepresentativeSeen:
    pk: int
    person: PersonSeen
    started_on: date
    ended_on: date | None


def organisation_detail(organisation: Organisation, user: AnyUser) -> Organisation:
    """An organisation with what its page shows, loaded in a fixed number of queries.

    Its `representatives_seen` carry email and phone only for those who may see people's
    contact details, so the page cannot show what it was never given.
    """
    organisation = (
        Organisation.objects.filter(pk=organisation.pk)
        .prefetch_related(
            "constituencies",
            Prefetch("memberships", queryset=Membership.objects.order_by("-started_on", "-pk")),
            Prefetch(
                "representatives",
                queryset=Representative.objects.select_related("person").order_by(
                    "ended_on", "person__full_name"
                ),
            ),
            Prefetch("candidacies", queryset=Candidate.objects.order_by("-created_at")),
        )
        .get()
    )
    shows_contacts = Can.of(user).fully("person_contact")
    organisation.representatives_seen = [  # type: ignore[attr-defined]
        RepresentativeSeen(
            pk=representative.pk,
            person=PersonSeen(
                pk=representative.person.pk,
                full_name=representative.person.full_name,
                email=representative.person.email if shows_contacts else "",
                phone=representative.person.phone if shows_contacts else "",
            ),
            started_on=representative.started_on,
            ended_on=representative.ended_on,
        )
        for representative in organisation.representatives.all()
    ]
    return organisation


# --- Memberships over time --------------------------------------------------------


def active_organisations_on(day: date) -> QuerySet[Organisation]:
    """Organisations whose membership was active on the day."""
    covering = Q(memberships__status=Membership.Status.ACTIVE) & in_force_on(
        day, through="memberships"
    )
    return Organisation.objects.filter(covering).distinct()


@dataclass(frozen=True)
class NetworkSize:
    active: int
    target: int

    @property
    def gap(self) -> int:
        return max(self.target - self.active, 0)


def network_target() -> int:
    """The number of member organisations the network aims for."""
    target = Target.objects.filter(measure=Target.Measure.TOTAL).first()
    return target.minimum if target else 30


def network_size(day: date | None = None) -> NetworkSize:
    """Active members on a day (today by default) against the network's target."""
    day = day or timezone.localdate()
    return NetworkSize(active=active_organisations_on(day).count(), target=network_target())


@dataclass(frozen=True)
class MembershipChanges:
    year: int
    joined: list[Organisation]
    left: list[Organisation]


def membership_changes_in(year: int) -> MembershipChanges:
    """Organisations that became active, and that stopped being active, during a year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    joined_ids = set(
        Membership.objects.filter(
            status=Membership.Status.ACTIVE, started_on__range=(start, end)
        ).values_list("organisation_id", flat=True)
    )
    left_ids = set(
        Membership.objects.filter(
            status__in=[Membership.Status.LAPSED, Membership.Status.WITHDRAWN],
            started_on__range=(start, end),
        ).values_list("organisation_id", flat=True)
    )
    by_id = Organisation.objects.in_bulk(joined_ids | left_ids)
    return MembershipChanges(
        year=year,
        joined=sorted((by_id[pk] for pk in joined_ids), key=str),
        left=sorted((by_id[pk] for pk in left_ids), key=str),
    )


def _membership_label(membership: Membership) -> str:
    return f"{membership.get_status_display()} from {date_format(membership.started_on)}"


HISTORY_LABELS: history.Labels = {Membership: _membership_label}


def organisation_history(organisation: Organisation) -> list[history.Entry]:
    """Who changed the organisation, its memberships and its representatives, and when."""
    return history.timeline(
        organisation.history.all(),
        Membership.history.filter(organisation_id=organisation.pk),
        Representative.history.filter(organisation_id=organisation.pk),
        labels=HISTORY_LABELS,
    )


def constituency_changes_to_review() -> QuerySet[ConstituencyChange]:
    """Members' changes to their organisations' constituencies not yet reviewed, oldest first."""
    return (
        ConstituencyChange.objects.filter(reviewed_at=None)
        .select_related("organisation", "changed_by")
        .prefetch_related("before", "after")
        .order_by("changed_at", "pk")
    )


def constituency_change_summary(change: ConstituencyChange) -> str:
    """What a change did, from the prefetched sets: "added Carers, removed Young people"."""
    before, after = set(change.before.all()), set(change.after.all())
    added = sorted(str(constituency) for constituency in after - before)
    removed = sorted(str(constituency) for constituency in before - after)
    parts = [f"added {', '.join(added)}"] if added else []
    parts += [f"removed {', '.join(removed)}"] if removed else []
    return ", ".join(parts)


def people_representing(organisation: Organisation) -> QuerySet[Person]:
    """People who represent or have represented an organisation, by name."""
    return Person.objects.filter(representations__organisation=organisation).distinct()


def organisations_represented_by(person: Person) -> QuerySet[Organisation]:
    """Organisations a person represents or has represented, by name."""
    return Organisation.objects.filter(representatives__person=person).distinct()
