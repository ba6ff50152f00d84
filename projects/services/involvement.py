"""Writes to projects and the involvement log. Each save is attributed to its author in the
history (django-simple-history), as in the network's services."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from coprod.models import User
from network.models import Organisation, Person
from projects.models import (
    Checkpoint,
    ImpactRecord,
    InvolvementActivity,
    InvolvementPlan,
    Programme,
    Project,
    Stage,
    StageChange,
)


def _save(instance: Model, *, by: User | None) -> None:
    """Validate and save, recording the author in the audit history."""
    instance.full_clean()
    instance._history_user = by  # type: ignore[attr-defined]
    instance.save()


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label).lower()


# --- Programmes and projects ----------------------------------------------------------


@transaction.atomic
def create_programme(*, by: User | None, **fields: Any) -> Programme:
    """Add a programme of work."""
    programme = Programme(**fields)
    _save(programme, by=by)
    return programme


@transaction.atomic
def update_programme(
    *, programme: Programme, by: User | None, changes: dict[str, Any]
) -> Programme:
    """Save a programme's edited title and description."""
    for name, value in changes.items():
        setattr(programme, name, value)
    _save(programme, by=by)
    return programme


@transaction.atomic
def create_project(*, by: User | None, **fields: Any) -> Project:
    """Add a project at the proposal stage, the first entry of its stage history."""
    if "stage" in fields:
        raise ValueError("A project starts as a proposal; move it on with move_project.")
    project = Project(stage=Stage.PROPOSAL, **fields)
    _save(project, by=by)
    StageChange.objects.create(
        project=project, from_stage="", to_stage=Stage.PROPOSAL, changed_by=by
    )
    return project


@transaction.atomic
def update_project(*, project: Project, by: User | None, changes: dict[str, Any]) -> Project:
    """Save a project's edited details; its stage changes only through move_project."""
    if "stage" in changes:
        raise ValueError("Change a project's stage with move_project, which records the move.")
    for name, value in changes.items():
        setattr(project, name, value)
    _save(project, by=by)
    return project


def checkpoint_stages() -> set[str]:
    """The stages a project may enter only with an involvement plan."""
    return set(Checkpoint.objects.values_list("stage", flat=True))


@transaction.atomic
def move_project(*, project: Project, to_stage: str, by: User | None, note: str = "") -> Project:
    """Move a project to a stage and record the move.

    Entering a checkpoint stage needs an involvement plan for that stage, or a reason
    why involvement is not appropriate that a second member of staff has accepted.
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": "Choose a stage from the list."})
    if to_stage == project.stage:
        raise ValidationError(
            {"to_stage": f"The project is already at {_stage_label(to_stage)}. Choose another."}
        )
    if to_stage in checkpoint_stages():
        plan = InvolvementPlan.objects.filter(project=project, stage=to_stage).first()
        label = _stage_label(to_stage)
        if plan is None:
            raise ValidationError(
                f"Write the involvement plan for {label} before the project moves into {label}.",
                code="plan_missing",
                params={"stage": to_stage},
            )
        if not plan.is_in_force:
            raise ValidationError(
                f"The reason for not involving people at {label} must be accepted by a second "
                f"member of staff before the project moves into {label}.",
                code="plan_not_accepted",
                params={"stage": to_stage},
            )
    from_stage = project.stage
    project.stage = to_stage
    _save(project, by=by)
    StageChange.objects.create(
        project=project, from_stage=from_stage, to_stage=to_stage, changed_by=by, note=note
    )
    return project


@transaction.atomic
def set_checkpoints(*, stages: Iterable[str], by: User | None) -> set[str]:
    """Make exactly these stages need an involvement plan to enter."""
    wanted = set(stages)
    unknown = wanted - set(Stage.values)
    if unknown:
        raise ValidationError({"stages": "Choose stages from the list."})
    for checkpoint in Checkpoint.objects.exclude(stage__in=wanted):
        checkpoint._history_user = by  # type: ignore[attr-defined]
        checkpoint.delete()
    for stage in wanted - checkpoint_stages():
        _save(Checkpoint(stage=stage), by=by)
    return wanted


# --- Involvement plans ----------------------------------------------------------------


@transaction.atomic
def write_plan(*, project: Project, stage: str, by: User, **fields: Any) -> InvolvementPlan:
    """Write (or rewrite) the involvement plan for a stage of a project.

    Rewriting a plan takes away any acceptance: a second member of staff accepts the
    reason as it now reads.
    """
    plan = InvolvementPlan.objects.filter(project=project, stage=stage).first()
    plan = plan or InvolvementPlan(project=project, stage=stage)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.written_by = by
    plan.written_at = timezone.now()
    plan.accepted_by = None
    plan.accepted_at = None
    _save(plan, by=by)
    return plan


@transaction.atomic
def accept_plan(*, plan: InvolvementPlan, by: User) -> InvolvementPlan:
    """Accept a reason why involvement is not appropriate, as the second member of staff."""
    plan = InvolvementPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_reason:
        raise ValidationError("This plan involves people, so it needs no acceptance.")
    if plan.accepted_by_id is not None:
        raise ValidationError("This reason has already been accepted.")
    if plan.written_by_id == by.pk:
        raise ValidationError(
            "You wrote this reason, so a second member of staff must accept it.",
            code="own_reason",
        )
    plan.accepted_by = by
    plan.accepted_at = timezone.now()
    _save(plan, by=by)
    return plan


# --- The involvement log and impact ---------------------------------------------------


@transaction.atomic
def log_activity(
    *,
    project: Project,
    by: User | None,
    organisations: Iterable[Organisation] = (),
    people: Iterable[Person] = (),
    **fields: Any,
) -> InvolvementActivity:
    """Record one involvement activity, with the organisations and people who took part."""
    activity = InvolvementActivity(project=project, logged_by=by, **fields)
    _save(activity, by=by)
    activity.organisations.set(organisations)
    activity.people.set(people)
    return activity


@transaction.atomic
def record_impact(
    *,
    project: Project,
    by: User | None,
    activities: Iterable[InvolvementActivity],
    **fields: Any,
) -> ImpactRecord:
    """Record what changed in a project because of one or more of its activities."""
    activities = list(activities)
    if not activities:
        raise ValidationError({"activities": "Choose the activities that led to this change."})
    if any(activity.project_id != project.pk for activity in activities):
        raise ValidationError(
            {"activities": "Choose activities of this project only."}, code="other_project"
        )
    impact = ImpactRecord(project=project, recorded_by=by, **fields)
    _save(impact, by=by)
    impact.activities.set(activities)
    return impact


@transaction.atomic
def update_activity(
    *,
    activity: InvolvementActivity,
    by: User | None,
    changes: dict[str, Any],
    organisations: Iterable[Organisation] = (),
    people: Iterable[Person] = (),
) -> InvolvementActivity:
    """Save an activity's corrected details.

    Once people have claimed for it, its payments and expenses come from the claims, and
    the people who claimed stay named on it.
    """
    people = list(people)
    claimants = list(Person.objects.filter(claims__activity=activity).distinct())
    if claimants:
        money = {"payments": activity.payments, "expenses": activity.expenses}
        for name, value in money.items():
            if name in changes and changes[name] != value:
                raise ValidationError(
                    {name: "This activity has claims: its payments and expenses come from them."}
                )
        missing = [person for person in claimants if person not in people]
        if missing:
            names = ", ".join(person.full_name for person in missing)
            raise ValidationError(
                {"people": f"Keep {names} named: they have a claim for this activity."}
            )
    for name, value in changes.items():
        setattr(activity, name, value)
    _save(activity, by=by)
    activity.organisations.set(organisations)
    activity.people.set(people)
    return activity


@transaction.atomic
def delete_activity(*, activity: InvolvementActivity, by: User | None) -> None:
    """Delete an activity logged by mistake; one with claims or impact stays.

    Its history keeps what it said and who deleted it.
    """
    if activity.claims.exists():
        raise ValidationError(
            "This activity has payment claims, so it cannot be deleted.", code="has_claims"
        )
    if activity.impacts.exists():
        raise ValidationError(
            "Impact has been recorded from this activity, so it cannot be deleted.",
            code="has_impact",
        )
    activity._history_user = by  # type: ignore[attr-defined]
    activity.organisations.clear()
    activity.people.clear()
    activity.delete()
