"""The network measured against its targets: by kind and constituency, over the years."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from coprod.forms import date_parts
from coprod.periods import in_force_on
from network.models import (
    Candidate,
    Constituency,
    Membership,
    Organisation,
    Target,
)
from network.selectors.organisations import NetworkSize


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
