"""Reads of the plan of change for its pages and, later, the annual report.

Counts come from one aggregate query each, and lists load what their rows show with them,
so a page's queries do not grow with the plan.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from coprod import history
from coprod.permissions import Can, Role
from network.models import Person, RoleTerm
from network.selectors import AnyUser
from reporting import charts
from reporting.models import (
    Champion,
    CharterVersion,
    Milestone,
    Phase,
    Policy,
    Principle,
    TrainingSession,
)

# --- Phases and milestones ---------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneCounts:
    """Milestones done, still due (not done, due date not passed) and late on a day."""

    done: int
    due: int
    late: int

    @property
    def total(self) -> int:
        return self.done + self.due + self.late


def _count_filters(on: date, prefix: str = "") -> dict[str, Q]:
    done = Q(**{f"{prefix}status": Milestone.Status.DONE})
    return {
        "done": done,
        "due": ~done & Q(**{f"{prefix}due_on__gte": on}),
        "late": ~done & Q(**{f"{prefix}due_on__lt": on}),
    }


def with_lateness(milestones: QuerySet[Milestone], on: date) -> QuerySet[Milestone]:
    """Each milestone marked `is_late` when it is not done and its due date has passed."""
    late = _count_filters(on)["late"]
    return milestones.annotate(is_late=ExpressionWrapper(late, output_field=BooleanField()))


def milestone_counts(on: date, *, phase: Phase | None = None) -> MilestoneCounts:
    """The plan's (or a phase's) milestones done, due and late on a day: one query."""
    milestones = Milestone.objects.filter(phase=phase) if phase else Milestone.objects.all()
    figures = milestones.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in _count_filters(on).items()}
    )
    return MilestoneCounts(**figures)


@dataclass(frozen=True)
class PhaseSeen:
    """A phase on the plan page: itself, its milestones in due order and their counts."""

    phase: Phase
    milestones: list[Milestone]
    counts: MilestoneCounts
    is_current: bool


def plan_phases(on: date) -> list[PhaseSeen]:
    """Every phase in date order with its milestones and their counts: two queries."""
    phases = (
        Phase.objects.annotate(
            **{
                f"milestones_{name}": Count("milestones", filter=condition)
                for name, condition in _count_filters(on, "milestones__").items()
            }
        )
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=with_lateness(Milestone.objects.select_related("owner"), on).order_by(
                    "due_on", "pk"
                ),
                to_attr="milestones_in_order",
            )
        )
        .order_by("starts_on", "pk")
    )  # Meta.ordering does not apply to a query with GROUP BY
    return [
        PhaseSeen(
            phase=phase,
            milestones=phase.milestones_in_order,
            counts=MilestoneCounts(
                done=phase.milestones_done,  # type: ignore[attr-defined]
                due=phase.milestones_due,  # type: ignore[attr-defined]
                late=phase.milestones_late,  # type: ignore[attr-defined]
            ),
            is_current=phase.starts_on <= on <= phase.ends_on,
        )
        for phase in phases
    ]


def milestones_by_phase_chart(phases: list[PhaseSeen]) -> charts.Chart:
    """Milestones done, due and late in each phase, as a grouped bar chart."""
    return charts.grouped_bar_chart(
        chart_id="milestones-by-phase",
        title="Milestones by status in each phase",
        category="Phase",
        series=("done", "due", "late"),
        rows=[
            (seen.phase.title, (seen.counts.done, seen.counts.due, seen.counts.late))
            for seen in phases
        ],
    )


def phases() -> QuerySet[Phase]:
    return Phase.objects.all()


def phase_milestones(phase: Phase, on: date) -> QuerySet[Milestone]:
    """A phase's milestones with their owners, each marked late or not on a day."""
    return with_lateness(phase.milestones.select_related("owner"), on)


def milestones() -> QuerySet[Milestone]:
    """Every milestone with its phase and owner."""
    return Milestone.objects.select_related("phase", "owner")


def owner_choices(current: Person | None = None) -> QuerySet[Person]:
    """People who may own a milestone: those holding a role today, and the present owner."""
    today = timezone.localdate()
    in_role = RoleTerm.objects.filter(
        Q(started_on__lte=today) & (Q(ended_on=None) | Q(ended_on__gte=today))
    )
    chosen = Q(pk__in=in_role.values("person"))
    if current is not None:
        chosen |= Q(pk=current.pk)
    return Person.objects.filter(chosen).order_by("full_name", "pk")


def champion_choices(current: Champion | None = None) -> QuerySet[Person]:
    """Staff today who are not champions yet (and the champion being changed)."""
    today = timezone.localdate()
    staff = RoleTerm.objects.filter(
        Q(role=Role.STAFF) & Q(started_on__lte=today) & (Q(ended_on=None) | Q(ended_on__gte=today))
    )
    people = Person.objects.filter(pk__in=staff.values("person")).exclude(champion__isnull=False)
    if current is not None:
        people = people | Person.objects.filter(pk=current.person_id)
    return people.order_by("full_name", "pk")


# --- The statement of values ---------------------------------------------------------------


def charter_versions_visible_to(user: AnyUser) -> QuerySet[CharterVersion]:
    """Versions with their principle counts: drafts only for those who edit the plan."""
    versions = CharterVersion.objects.annotate(principle_count=Count("principles"))
    if Can.of(user)("plan_edit"):
        return versions
    return versions.exclude(approved_on=None)


def current_charter() -> CharterVersion | None:
    """The version the Board approved last, with its principles."""
    return (
        CharterVersion.objects.exclude(approved_on=None)
        .order_by("-approved_on", "-number")
        .prefetch_related("principles")
        .first()
    )


def charter_version(version: CharterVersion) -> CharterVersion:
    """A version with its principles in order."""
    return CharterVersion.objects.prefetch_related("principles").get(pk=version.pk)


@dataclass(frozen=True)
class PrincipleChange:
    """A principle in both versions that was reworded or moved."""

    old: Principle
    new: Principle

    @property
    def title_changed(self) -> bool:
        return self.old.title != self.new.title

    @property
    def text_changed(self) -> bool:
        return self.old.text != self.new.text

    @property
    def moved(self) -> bool:
        return self.old.position != self.new.position


@dataclass(frozen=True)
class CharterComparison:
    """What changed from one version of the charter to another."""

    old: CharterVersion
    new: CharterVersion
    added: list[Principle]
    removed: list[Principle]
    changed: list[PrincipleChange]
    unchanged: list[Principle]

    @property
    def has_differences(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def compare_charter_versions(old: CharterVersion, new: CharterVersion) -> CharterComparison:
    """Principles added, removed and changed between two versions: one query."""
    principles = list(Principle.objects.filter(version__in=[old.pk, new.pk]))
    before = {p.key: p for p in principles if p.version_id == old.pk}
    after = {p.key: p for p in principles if p.version_id == new.pk}

    def in_order(items: list[Principle]) -> list[Principle]:
        return sorted(items, key=lambda p: (p.position, p.pk))

    changed = [
        PrincipleChange(old=before[key], new=after[key])
        for key in after
        if key in before
        and (
            before[key].title != after[key].title
            or before[key].text != after[key].text
            or before[key].position != after[key].position
        )
    ]
    changed_keys = {change.new.key for change in changed}
    return CharterComparison(
        old=old,
        new=new,
        added=in_order([p for key, p in after.items() if key not in before]),
        removed=in_order([p for key, p in before.items() if key not in after]),
        changed=sorted(changed, key=lambda c: (c.new.position, c.new.pk)),
        unchanged=in_order(
            [p for key, p in after.items() if key in before and key not in changed_keys]
        ),
    )


# --- Policies, champions and training --------------------------------------------------------


def policies() -> QuerySet[Policy]:
    return Policy.objects.all()


def policy_status_counts() -> dict[str, int]:
    """How many policies are at each review status, every status named: one query."""
    counts = Policy.objects.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in Policy.Status}
    )
    return {str(Policy.Status(status).label): count for status, count in counts.items()}


def champions() -> QuerySet[Champion]:
    return Champion.objects.select_related("person")


def training_sessions() -> QuerySet[TrainingSession]:
    return TrainingSession.objects.all()


@dataclass(frozen=True)
class TrainingFigures:
    sessions: int
    staff_attending: int
    co_delivered: int


def training_figures() -> TrainingFigures:
    """Sessions held, staff places taken and sessions co-delivered: one aggregate query."""
    figures: dict[str, Any] = TrainingSession.objects.aggregate(
        sessions=Count("pk"),
        staff_attending=Sum("staff_attending", default=0),
        co_delivered=Count("pk", filter=Q(is_co_delivered=True)),
    )
    return TrainingFigures(**figures)


# --- History -------------------------------------------------------------------------------


def phase_history(phase: Phase) -> list[history.Entry]:
    """Who changed a phase and its milestones, and when."""
    return history.timeline(
        phase.history.all(),
        Milestone.history.filter(phase_id=phase.pk),
    )


def charter_history(version: CharterVersion) -> list[history.Entry]:
    """Who changed a charter version and its principles, and when."""
    return history.timeline(
        version.history.all(),
        Principle.history.filter(version_id=version.pk),
    )


def record_history(record: Policy | Champion | TrainingSession) -> list[history.Entry]:
    """Who changed one policy, champion or training session, and when."""
    return history.timeline(record.history.all())
