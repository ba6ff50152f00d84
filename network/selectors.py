"""Reads for the network's pages, with who-sees-what applied here, once."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from coprod import history
from coprod.forms import date_parts
from coprod.models import AuditEvent, User
from coprod.periods import in_force_on
from coprod.permissions import Access, Can
from network.models import (
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

AnyUser = User | AnonymousUser


# --- Organisations -----------------------------------------------------------------


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


# --- Representation ---------------------------------------------------------------


def _active_members(day: date, through: str = "") -> Q:
    """Organisations (reached `through` a relation) whose membership was active on the day."""
    memberships = f"{through}__memberships" if through else "memberships"
    return Q(**{f"{memberships}__status": Membership.Status.ACTIVE}) & in_force_on(
        day, through=memberships
    )


def _counts_on(
    days: list[date],
) -> tuple[dict[str, list[int]], list[tuple[Constituency, list[int]]]]:
    """Active members by kind and by constituency on each day: two queries, any data size."""
    counts = {
        f"on_{i}": Count("pk", filter=_active_members(day), distinct=True)
        for i, day in enumerate(days)
    }
    rows = Organisation.objects.order_by().values("kind").annotate(**counts)
    by_kind = {kind: list(day_counts) for kind, *day_counts in rows.values_list("kind", *counts)}
    constituencies = Constituency.objects.annotate(
        **{
            f"on_{i}": Count(
                "organisations",
                filter=_active_members(day, through="organisations"),
                distinct=True,
            )
            for i, day in enumerate(days)
        }
    )
    by_constituency = [
        (constituency, [getattr(constituency, f"on_{i}") for i in range(len(days))])
        for constituency in constituencies
    ]
    return by_kind, by_constituency


def organisations_url(day: date, *, kind: str = "", constituency: int | None = None) -> str:
    """The organisation list, filtered to the members active on a day (of a kind, serving…)."""
    query = date_parts("active_on", day)
    if kind:
        query["kind"] = kind
    if constituency is not None:
        query["constituency"] = str(constituency)
    return f"{reverse('network:organisation-list')}?{urlencode(query)}"


@dataclass(frozen=True)
class RepresentationRow:
    label: str
    count: int
    target: int | None
    kind: str = ""
    constituency_id: int | None = None
    organisations_url: str = ""

    @property
    def gap(self) -> int:
        return max((self.target or 0) - self.count, 0)

    @property
    def has_gap(self) -> bool:
        return self.gap > 0

    @property
    def above(self) -> int:
        return max(self.count - self.target, 0) if self.target is not None else 0

    @property
    def against_target(self) -> str:
        """“34 of 30 (4 above)”, “2 of 3 (1 more needed)”, “3 of 3”, or the count alone."""
        if self.target is None:
            return str(self.count)
        if self.has_gap:
            return f"{self.count} of {self.target} ({self.gap} more needed)"
        if self.above:
            return f"{self.count} of {self.target} ({self.above} above)"
        return f"{self.count} of {self.target}"

    @property
    def gap_choice(self) -> str:
        """How the recruitment form names this row: “kind:local” or “constituency:3”."""
        if self.constituency_id is not None:
            return f"constituency:{self.constituency_id}"
        return f"kind:{self.kind}"


@dataclass(frozen=True)
class Representation:
    day: date
    size: NetworkSize
    by_kind: list[RepresentationRow]
    by_constituency: list[RepresentationRow]
    organisations_url: str = ""

    @property
    def gaps(self) -> list[RepresentationRow]:
        return [row for row in self.by_kind + self.by_constituency if row.has_gap]

    @property
    def size_row(self) -> RepresentationRow:
        return RepresentationRow("Network size", self.size.active, self.size.target)

    def row_for(
        self, *, kind: str = "", constituency_id: int | None = None
    ) -> RepresentationRow | None:
        """The row of a kind or of a constituency, if there is one."""
        rows = self.by_kind if kind else self.by_constituency
        return next(
            (r for r in rows if (r.kind, r.constituency_id) == (kind, constituency_id)), None
        )


def _targets() -> tuple[int, dict[str, int], dict[int, int]]:
    """The network size target, and the targets by kind and by constituency (one query)."""
    targets = list(Target.objects.all())
    total = next((t.minimum for t in targets if t.measure == Target.Measure.TOTAL), 30)
    by_kind = {t.kind: t.minimum for t in targets if t.measure == Target.Measure.KIND}
    by_constituency = {
        t.constituency_id: t.minimum
        for t in targets
        if t.measure == Target.Measure.CONSTITUENCY and t.constituency_id is not None
    }
    return total, by_kind, by_constituency


def representation_on(day: date | None = None) -> Representation:
    """Active members by kind and by constituency on a day, against the targets."""
    day = day or timezone.localdate()
    total, kind_targets, constituency_targets = _targets()
    kind_counts, constituency_counts = _counts_on([day])
    by_kind = [
        RepresentationRow(
            label,
            kind_counts.get(kind, [0])[0],
            kind_targets.get(kind),
            kind=kind,
            organisations_url=organisations_url(day, kind=kind),
        )
        for kind, label in Organisation.Kind.choices
    ]
    return Representation(
        day=day,
        size=NetworkSize(active=sum(row.count for row in by_kind), target=total),
        by_kind=by_kind,
        by_constituency=[
            RepresentationRow(
                constituency.name,
                counts[0],
                constituency_targets.get(constituency.pk),
                constituency_id=constituency.pk,
                organisations_url=organisations_url(day, constituency=constituency.pk),
            )
            for constituency, counts in constituency_counts
        ],
        organisations_url=organisations_url(day),
    )


@dataclass(frozen=True)
class TrendRow:
    label: str
    counts: list[int]  # one per day of the trend
    target: int | None


@dataclass(frozen=True)
class RepresentationTrend:
    days: list[date]  # 1 January of each of the last three years, then today
    today: date
    size: TrendRow
    by_kind: list[TrendRow]
    by_constituency: list[TrendRow]


def representation_trend(today: date | None = None) -> RepresentationTrend:
    """Active members by kind and constituency on 1 January of the last three years and today.

    Three queries whatever the number of organisations: targets, kinds, constituencies.
    """
    today = today or timezone.localdate()
    days = sorted({date(today.year - n, 1, 1) for n in (2, 1, 0)} | {today})
    total, kind_targets, constituency_targets = _targets()
    kind_counts, constituency_counts = _counts_on(days)
    zeros = [0] * len(days)
    by_kind = [
        TrendRow(label, kind_counts.get(kind, zeros), kind_targets.get(kind))
        for kind, label in Organisation.Kind.choices
    ]
    return RepresentationTrend(
        days=days,
        today=today,
        # Every organisation has one kind, so the kinds add up to the network's size.
        size=TrendRow(
            "All active members",
            [sum(c) for c in zip(*(r.counts for r in by_kind), strict=True)],
            total,
        ),
        by_kind=by_kind,
        by_constituency=[
            TrendRow(constituency.name, counts, constituency_targets.get(constituency.pk))
            for constituency, counts in constituency_counts
        ],
    )


def candidate_gap_now(candidate: Candidate) -> RepresentationRow | None:
    """Today's row of the target a candidate's gap was chosen from (None for “Other”)."""
    if not candidate.gap_kind and candidate.gap_constituency_id is None:
        return None
    return representation_on().row_for(
        kind=candidate.gap_kind, constituency_id=candidate.gap_constituency_id
    )


# --- People -----------------------------------------------------------------------


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


# --- Recruitment and reviews ------------------------------------------------------


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


# --- Audit history ----------------------------------------------------------------


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


def person_history(person: Person) -> list[history.Entry]:
    """Changes to the person, their representations and terms, and their login's events."""
    return history.timeline(
        person.history.all(),
        Representative.history.filter(person_id=person.pk),
        RoleTerm.history.filter(person_id=person.pk),
        events=AuditEvent.objects.filter(user_id=person.user_id) if person.user_id else None,
        labels=HISTORY_LABELS,
    )


# --- Constituency changes to review --------------------------------------------------


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


# --- The contact log --------------------------------------------------------------

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


def people_representing(organisation: Organisation) -> QuerySet[Person]:
    """People who represent or have represented an organisation, by name."""
    return Person.objects.filter(representations__organisation=organisation).distinct()


def organisations_represented_by(person: Person) -> QuerySet[Organisation]:
    """Organisations a person represents or has represented, by name."""
    return Organisation.objects.filter(representatives__person=person).distinct()
