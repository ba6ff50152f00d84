"""Reads for the projects pages, with who-sees-what (the `project_read` row) applied here.

Staff see everything. The chair, the core group and the Board see every project, its
activities and impact as counts: named contributors and the notes about them are never
loaded for them. A member representative sees the projects in which an activity involved
their organisation, also without contributors' names.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from coprod.models import User
from coprod.permissions import Access, Can, Role
from network.selectors import own_organisation_ids
from projects.models import (
    LEVEL_RANK,
    STAGE_ORDER,
    Checkpoint,
    Claim,
    Commission,
    ImpactRecord,
    InvolvementActivity,
    InvolvementPlan,
    Level,
    Programme,
    Project,
    Stage,
    StageChange,
    next_stage,
)

AnyUser = User | AnonymousUser


def shows_contributor_names(user: AnyUser) -> bool:
    """Only staff see who took part by name (and the notes that may name them)."""
    return Can.of(user).fully("project_read")


def projects_visible_to(user: AnyUser) -> QuerySet[Project]:
    """Projects whose page the user may open (404 for the rest)."""
    access = Can.of(user).access("project_read")
    projects = Project.objects.all()
    if access in (Access.ALL, Access.PART):
        return projects
    if access == Access.OWN:
        took_part = InvolvementActivity.objects.filter(
            organisations__in=own_organisation_ids(user)
        ).values("project_id")
        return projects.filter(pk__in=took_part)
    return projects.none()


def activities_visible_to(user: AnyUser) -> QuerySet[InvolvementActivity]:
    """Activities of the projects the user may see."""
    return InvolvementActivity.objects.filter(project__in=projects_visible_to(user))


# --- Counts by annotation -------------------------------------------------------------


def _rank(field: str, ranks: dict[str, int]) -> Case:
    return Case(
        *[When(**{field: value}, then=Value(rank)) for value, rank in ranks.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGE_ORDER, start=1)}


def with_involvement(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Annotate each project with its activity count, participants and highest level."""
    return projects.annotate(
        activity_count=Count("activities"),
        people_who_use_services=Coalesce(Sum("activities__people_who_use_services"), 0),
        carers=Coalesce(Sum("activities__carers"), 0),
        highest_level_rank=Coalesce(Max(_rank("activities__level", LEVEL_RANK)), 0),
        highest_level=Case(
            *[
                When(highest_level_rank=LEVEL_RANK[level], then=Value(str(label)))
                for level, label in Level.choices
            ],
            default=Value(""),
            output_field=CharField(),
        ),
        stage_rank=_rank("stage", STAGE_RANK),
        # The level-of-involvement map: activities at each level, counted by the database.
        **{
            f"{level.replace('-', '_')}_count": Count(
                "activities", filter=Q(activities__level=level)
            )
            for level in Level.values
        },
    )


def project_list(user: AnyUser, *, filters: dict[str, Any] | None = None) -> QuerySet[Project]:
    """Rows for the project list, filtered, with counts from the database (views sort them)."""
    projects = with_involvement(projects_visible_to(user).select_related("programme", "lead"))
    filters = filters or {}
    if filters.get("programme"):
        projects = projects.filter(programme=filters["programme"])
    if filters.get("stage"):
        projects = projects.filter(stage=filters["stage"])
    if filters.get("lead"):
        projects = projects.filter(lead=filters["lead"])
    # Q objects: the annotations are not model fields, which the type checker knows of.
    if filters.get("has_involvement") == "yes":
        projects = projects.filter(Q(activity_count__gt=0))
    elif filters.get("has_involvement") == "no":
        projects = projects.filter(Q(activity_count=0))
    if filters.get("level"):
        projects = projects.filter(Q(highest_level_rank=LEVEL_RANK[filters["level"]]))
    return projects


def staff_leads() -> QuerySet[User]:
    """The logins that may lead a project: staff (and superusers)."""
    return User.objects.filter(Q(groups__name=Role.STAFF) | Q(is_superuser=True)).distinct()


# --- Totals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    """What a set of activities adds up to."""

    activities: int
    people_who_use_services: int
    carers: int
    other_participants: int
    hours: Decimal
    payments: Decimal
    expenses: Decimal

    @property
    def participants(self) -> int:
        return self.people_who_use_services + self.carers + self.other_participants


def _money(field: str) -> Coalesce:
    return Coalesce(
        Sum(field), Value(Decimal("0")), output_field=DecimalField(max_digits=12, decimal_places=2)
    )


def involvement_totals(activities: QuerySet[InvolvementActivity]) -> Totals:
    """Totals of activities, counted by the database in one query."""
    figures = activities.aggregate(
        activities=Count("pk"),
        people_who_use_services=Coalesce(Sum("people_who_use_services"), 0),
        carers=Coalesce(Sum("carers"), 0),
        other_participants=Coalesce(Sum("other_participants"), 0),
        hours=_money("hours"),
        payments=_money("payments"),
        expenses=_money("expenses"),
    )
    # SQLite sums decimals as floats: give money in pence and hours in tenths, as stored.
    figures["hours"] = Decimal(figures["hours"]).quantize(Decimal("0.1"))
    for name in ("payments", "expenses"):
        figures[name] = Decimal(figures[name]).quantize(Decimal("0.01"))
    return Totals(**figures)


@dataclass(frozen=True)
class LevelCount:
    level: str
    label: str
    count: int


def activities_by_level(activities: QuerySet[InvolvementActivity]) -> list[LevelCount]:
    """How many activities reached each level, lowest level first, in one query."""
    counts = dict(
        activities.order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    return [LevelCount(level, str(label), counts.get(level, 0)) for level, label in Level.choices]


def commissioned_value(commissions: QuerySet[Commission]) -> Decimal:
    """The value of commissions not cancelled, added up by the database."""
    total = commissions.exclude(status=Commission.Status.CANCELLED).aggregate(v=Sum("value"))["v"]
    return Decimal(total or 0).quantize(Decimal("0.01"))


# --- One project ----------------------------------------------------------------------


def project_detail(project: Project, user: AnyUser) -> Project:
    """A project with its history, plans, activities and impact, in a fixed number of queries.

    Named people and notes are loaded only for those who may see contributors' names.
    """
    names = shows_contributor_names(user)
    activities = (
        InvolvementActivity.objects.prefetch_related("organisations")
        .select_related("meeting")
        .order_by("-held_on", "-pk")
    )
    if names:
        activities = activities.prefetch_related(
            Prefetch("people", to_attr="named_people"),
            Prefetch(
                "claims",
                queryset=Claim.objects.select_related("person").order_by("person__full_name"),
                to_attr="claim_rows",
            ),
        ).select_related("logged_by")
    else:
        activities = activities.defer("notes")
    project = (
        Project.objects.filter(pk=project.pk)
        .select_related("programme", "lead", "advisory_group")
        .prefetch_related(
            Prefetch("stage_changes", queryset=StageChange.objects.select_related("changed_by")),
            Prefetch(
                "plans",
                queryset=InvolvementPlan.objects.select_related("written_by", "accepted_by"),
            ),
            Prefetch("activities", queryset=activities),
            Prefetch(
                "impacts",
                queryset=ImpactRecord.objects.prefetch_related(
                    Prefetch(
                        "activities",
                        queryset=InvolvementActivity.objects.only(
                            "pk", "held_on", "kind", "project_id"
                        ),
                    )
                ),
            ),
        )
        .get()
    )
    plans = list(project.plans.all())
    plans.sort(key=lambda plan: STAGE_ORDER.index(plan.stage))
    project.plans_in_order = plans  # type: ignore[attr-defined]
    return project


@dataclass(frozen=True)
class CheckpointStatus:
    """A checkpoint stage of one project and its plan, if written."""

    stage: str
    label: str
    plan: InvolvementPlan | None

    @property
    def is_met(self) -> bool:
        return self.plan is not None and self.plan.is_in_force


def checkpoint_statuses(
    project: Project, plans: Iterable[InvolvementPlan]
) -> list[CheckpointStatus]:
    """Each checkpoint stage in order, with the project's plan for it (plans already loaded)."""
    by_stage = {plan.stage: plan for plan in plans}
    stages = set(Checkpoint.objects.values_list("stage", flat=True))
    return [
        CheckpointStatus(stage, str(label), by_stage.get(stage))
        for stage, label in Stage.choices
        if stage in stages
    ]


def plans_awaiting_acceptance(user: AnyUser) -> QuerySet[InvolvementPlan]:
    """Reasons for no involvement that this member of staff could accept (not their own)."""
    return (
        InvolvementPlan.objects.exclude(not_appropriate_reason="")
        .filter(accepted_by=None)
        .exclude(written_by=user.pk)
        .select_related("project", "written_by")
    )


# --- Programmes -----------------------------------------------------------------------


def programmes_visible_to(user: AnyUser) -> QuerySet[Programme]:
    """Every programme for those who read every project; a member's with their projects."""
    programmes = Programme.objects.all()
    if Can.of(user).access("project_read") in (Access.ALL, Access.PART):
        return programmes
    return programmes.filter(pk__in=projects_visible_to(user).values("programme_id"))


def programme_list(user: AnyUser) -> QuerySet[Programme]:
    """Programmes with how many projects and activities each has, counted by the database."""
    visible = projects_visible_to(user)
    return programmes_visible_to(user).annotate(
        project_count=Count("projects", filter=Q(projects__in=visible), distinct=True),
        activity_count=Count(
            "projects__activities", filter=Q(projects__in=visible), distinct=True
        ),
    )


@dataclass(frozen=True)
class ProgrammeSummary:
    totals: Totals
    by_level: list[LevelCount]
    by_stage: list[tuple[str, int]]
    commissioned_value: Decimal


def programme_summary(programme: Programme, user: AnyUser) -> ProgrammeSummary:
    """A programme's totals over the projects the user may see, in four queries."""
    projects = projects_visible_to(user).filter(programme=programme)
    activities = InvolvementActivity.objects.filter(project__in=projects)
    stage_counts = dict(
        projects.order_by().values_list("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    return ProgrammeSummary(
        totals=involvement_totals(activities),
        by_level=activities_by_level(activities),
        by_stage=[(str(label), stage_counts.get(stage, 0)) for stage, label in Stage.choices],
        commissioned_value=commissioned_value(Commission.objects.filter(project__in=projects)),
    )


# --- Staff's own work -----------------------------------------------------------------


@dataclass(frozen=True)
class ProjectNeedingPlan:
    project: Project
    stage: str
    label: str
    is_current: bool  # at the checkpoint already (True) or the next stage is one (False)
    has_reason_waiting: bool


def my_projects_needing_plans(user: AnyUser) -> list[ProjectNeedingPlan]:
    """Projects this person leads that are at, or one move from, a checkpoint without a plan."""
    if not user.is_authenticated:
        return []
    checkpoints = set(Checkpoint.objects.values_list("stage", flat=True))
    projects = (
        Project.objects.filter(lead=user)
        .exclude(stage=Stage.CLOSED)
        .prefetch_related("plans")
        .order_by("title")
    )
    rows = []
    for project in projects:
        plans = {plan.stage: plan for plan in project.plans.all()}
        for stage, is_current in ((project.stage, True), (next_stage(project.stage), False)):
            if stage is None or stage not in checkpoints:
                continue
            plan = plans.get(stage)
            if plan is None or not plan.is_in_force:
                rows.append(
                    ProjectNeedingPlan(
                        project=project,
                        stage=stage,
                        label=str(Stage(stage).label).lower(),
                        is_current=is_current,
                        has_reason_waiting=plan is not None,
                    )
                )
    return rows


def recent_activities_logged_by(user: AnyUser, *, days: int = 30) -> QuerySet[InvolvementActivity]:
    """What this person logged lately, newest first, to check the log at a glance."""
    since = timezone.now() - timedelta(days=days)
    return (
        InvolvementActivity.objects.filter(logged_by=user.pk, logged_at__gte=since)
        .select_related("project")
        .order_by("-logged_at", "-pk")
    )


def activity_log_export(user: AnyUser) -> QuerySet[InvolvementActivity]:
    """Every activity the user may see, with what the CSV export needs, oldest first."""
    return (
        activities_visible_to(user)
        .select_related("project__programme", "logged_by")
        .prefetch_related("organisations", "people")
        .order_by("held_on", "pk")
    )
