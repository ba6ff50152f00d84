"""Reads about payments to public contributors, with the `payments` row applied here: staff
see every claim; a member representative sees only their own (as a Person); nobody else
any. Totals are added up by the database, by financial year (April to March)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from coprod.permissions import Access, Can
from network.models import Person
from projects.models import (
    Claim,
    InvolvementActivity,
    PaymentSetting,
    financial_year_bounds,
    financial_year_label,
    financial_year_of,
)
from projects.selectors.involvement import AnyUser

ZERO = Decimal("0")
MONEY = DecimalField(max_digits=12, decimal_places=2)


def _money(expression: Any, **extra: Any) -> Coalesce:
    return Coalesce(Sum(expression, **extra), Value(ZERO), output_field=MONEY)


def _pence(value: Any) -> Decimal:
    # SQLite adds decimals up as floats: give pounds and pence, as stored.
    return Decimal(value).quantize(Decimal("0.01"))


def payment_threshold() -> Decimal:
    """The yearly fees above which staff see a warning; £0 (the default) means none."""
    setting = PaymentSetting.objects.filter(pk=1).first()
    return setting.yearly_warning_threshold if setting else ZERO


def claims_visible_to(user: AnyUser) -> QuerySet[Claim]:
    """Every claim for staff; a member's own claims; none for anyone else."""
    access = Can.of(user).access("payments")
    claims = Claim.objects.all()
    if access == Access.ALL:
        return claims
    if access == Access.OWN:
        return claims.filter(person__user=user.pk)
    return claims.none()


def people_visible_for_payments(user: AnyUser) -> QuerySet[Person]:
    """Whose payments page the user may open: anyone's for staff, their own for a member."""
    access = Can.of(user).access("payments")
    if access == Access.ALL:
        return Person.objects.all()
    if access == Access.OWN:
        return Person.objects.filter(user=user.pk)
    return Person.objects.none()


def _financial_year(field: str) -> Case:
    """The financial year of a date column, in SQL: April onwards is that year's."""
    return Case(
        When(**{f"{field}__month__gte": 4}, then=ExtractYear(field)),
        default=ExtractYear(field) - 1,
        output_field=IntegerField(),
    )


def claim_list(user: AnyUser, *, filters: dict[str, Any] | None = None) -> QuerySet[Claim]:
    """Claims for the list, with what it shows, filtered (the view sorts them).

    Each row carries its person's fees in the claim's financial year, for the warning.
    """
    claims = claims_visible_to(user).select_related(
        "person", "activity__project", "entered_by", "approved_by"
    )
    filters = filters or {}
    if filters.get("status"):
        claims = claims.filter(status=filters["status"])
    if filters.get("year") is not None:
        start, end = financial_year_bounds(filters["year"])
        claims = claims.filter(activity__held_on__range=(start, end))
    if filters.get("project"):
        claims = claims.filter(activity__project=filters["project"])
    total = ExpressionWrapper(F("fee") + F("travel") + F("care"), output_field=MONEY)
    year_fees = (
        Claim.objects.filter(person=OuterRef("person"))
        .exclude(status=Claim.Status.DECLINED)
        .annotate(year=_financial_year("activity__held_on"))
        .filter(year=OuterRef("financial_year"))
        .order_by()
        .values("person")
        .annotate(fees=Sum("fee"))
        .values("fees")
    )
    return claims.annotate(
        amount=total,
        financial_year=_financial_year("activity__held_on"),
    ).annotate(person_year_fees=Coalesce(Subquery(year_fees, output_field=MONEY), ZERO))


@dataclass(frozen=True)
class YearTotal:
    """What one person was paid (or claimed) in one financial year."""

    year: int
    fees: Decimal
    costs: Decimal
    paid: Decimal
    claims: int
    declined: int
    threshold: Decimal

    @property
    def label(self) -> str:
        return financial_year_label(self.year)

    @property
    def total(self) -> Decimal:
        return self.fees + self.costs

    @property
    def is_above_threshold(self) -> bool:
        return self.threshold > 0 and self.fees > self.threshold


def yearly_totals(person: Person) -> list[YearTotal]:
    """A person's claims added up by financial year, newest year first, in two queries."""
    threshold = payment_threshold()
    rows = (
        Claim.objects.filter(person=person)
        .annotate(year=_financial_year("activity__held_on"))
        .order_by()
        .values("year")
        .annotate(
            fees=_money("fee"),
            costs=_money(F("travel") + F("care")),
            paid=_money(F("fee") + F("travel") + F("care"), filter=Q(status=Claim.Status.PAID)),
            claims=Sum(
                Case(When(~Q(status=Claim.Status.DECLINED), then=1), default=0),
                output_field=IntegerField(),
            ),
            declined=Sum(
                Case(When(status=Claim.Status.DECLINED, then=1), default=0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-year")
    )
    return [
        YearTotal(
            year=row["year"],
            fees=_pence(row["fees"]),
            costs=_pence(row["costs"]),
            paid=_pence(row["paid"]),
            claims=row["claims"],
            declined=row["declined"],
            threshold=threshold,
        )
        for row in rows
    ]


def year_total(person: Person, year: int) -> YearTotal:
    """One financial year of a person's claims (nothing claimed: zeros)."""
    for row in yearly_totals(person):
        if row.year == year:
            return row
    return YearTotal(year, ZERO, ZERO, ZERO, 0, 0, payment_threshold())


def person_claims(person: Person) -> QuerySet[Claim]:
    """A person's claims, newest activity first, with what their page shows."""
    return (
        Claim.objects.filter(person=person)
        .select_related("activity__project", "entered_by", "approved_by")
        .annotate(amount=ExpressionWrapper(F("fee") + F("travel") + F("care"), output_field=MONEY))
        .order_by("-activity__held_on", "-pk")
    )


def claim_detail(claim: Claim) -> Claim:
    """A claim with its activity, people and receipts, in one query and a prefetch."""
    return (
        Claim.objects.select_related(
            "person", "activity__project", "activity__meeting", "entered_by", "approved_by"
        )
        .prefetch_related("receipts")
        .get(pk=claim.pk)
    )


@dataclass(frozen=True)
class InvolvementRecord:
    """A person's record of involvement for one financial year."""

    person: Person
    year: int
    activities: Sequence[InvolvementActivity]
    totals: YearTotal
    hours: Decimal
    sessions: Decimal

    @property
    def label(self) -> str:
        return financial_year_label(self.year)

    @property
    def starts_on(self) -> date:
        return financial_year_bounds(self.year)[0]

    @property
    def ends_on(self) -> date:
        return financial_year_bounds(self.year)[1]


def involvement_record(person: Person, year: int) -> InvolvementRecord:
    """The activities a person took part in during a financial year, with their claims.

    An activity counts if it names the person or the person has a claim for it.
    """
    start, end = financial_year_bounds(year)
    activities = list(
        InvolvementActivity.objects.filter(
            Q(people=person) | Q(claims__person=person), held_on__range=(start, end)
        )
        .distinct()
        .select_related("project", "meeting")
        .prefetch_related(
            Prefetch("claims", queryset=Claim.objects.filter(person=person), to_attr="own_claims")
        )
        .order_by("held_on", "pk")
    )
    by_basis = dict(
        Claim.objects.filter(person=person, activity__held_on__range=(start, end))
        .exclude(status=Claim.Status.DECLINED)
        .exclude(fee_basis="")
        .order_by()
        .values_list("fee_basis")
        .annotate(units=Sum("fee_units"))
        .values_list("fee_basis", "units")
    )
    return InvolvementRecord(
        person=person,
        year=year,
        activities=activities,
        totals=year_total(person, year),
        hours=Decimal(by_basis.get(Claim.FeeBasis.HOUR, 0)).quantize(Decimal("0.01")),
        sessions=Decimal(by_basis.get(Claim.FeeBasis.SESSION, 0)).quantize(Decimal("0.01")),
    )


def involvement_years(person: Person, *, today: date) -> list[int]:
    """The financial years a person took part in, newest first, always with this one."""
    held = (
        InvolvementActivity.objects.filter(Q(people=person) | Q(claims__person=person))
        .annotate(year=_financial_year("held_on"))
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    years = set(held) | {financial_year_of(today)}
    return sorted(years, reverse=True)
