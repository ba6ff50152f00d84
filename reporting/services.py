"""Writes to the plan of change. Each save is validated and attributed to its author in the
history (django-simple-history), as in the network's and projects' services."""

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.formats import date_format

from coprod.models import User
from network.models import Person
from reporting.models import (
    Champion,
    CharterVersion,
    Milestone,
    Phase,
    Policy,
    Principle,
    TrainingSession,
)

Record = TypeVar("Record", bound=Model)


def _save(instance: Model, *, by: User | None) -> None:
    """Validate and save, recording the author in the audit history."""
    instance.full_clean()
    instance._history_user = by  # type: ignore[attr-defined]
    instance.save()


def _update(instance: Record, *, by: User | None, changes: dict[str, Any]) -> Record:
    for name, value in changes.items():
        setattr(instance, name, value)
    _save(instance, by=by)
    return instance


def _delete(instance: Model, *, by: User | None) -> None:
    """Delete, recording who did it in the audit history."""
    instance._history_user = by  # type: ignore[attr-defined]
    instance.delete()


# --- Phases and milestones ---------------------------------------------------------------


@transaction.atomic
def create_phase(*, by: User | None, **fields: Any) -> Phase:
    """Add a phase to the timetable for change."""
    phase = Phase(**fields)
    _save(phase, by=by)
    return phase


@transaction.atomic
def update_phase(*, phase: Phase, by: User | None, changes: dict[str, Any]) -> Phase:
    """Save a phase's changed title, description or dates."""
    return _update(phase, by=by, changes=changes)


@transaction.atomic
def delete_phase(*, phase: Phase, by: User | None) -> None:
    """Delete a phase and its milestones; the history keeps what they were."""
    for milestone in phase.milestones.all():
        _delete(milestone, by=by)
    _delete(phase, by=by)


@transaction.atomic
def add_milestone(*, phase: Phase, by: User | None, **fields: Any) -> Milestone:
    """Add a milestone to a phase."""
    milestone = Milestone(phase=phase, **fields)
    _save(milestone, by=by)
    return milestone


@transaction.atomic
def update_milestone(
    *, milestone: Milestone, by: User | None, changes: dict[str, Any]
) -> Milestone:
    """Save a milestone's changes: its owner, due date, status or evidence."""
    return _update(milestone, by=by, changes=changes)


@transaction.atomic
def delete_milestone(*, milestone: Milestone, by: User | None) -> None:
    """Delete a milestone; the history keeps what it was."""
    _delete(milestone, by=by)


# --- The statement of values (co-production charter) -------------------------------------

APPROVED_IS_FIXED = "Version {number} was approved by the Board, so it cannot be changed."


def _check_draft(version: CharterVersion) -> None:
    if version.is_approved:
        raise ValidationError(APPROVED_IS_FIXED.format(number=version.number))


@transaction.atomic
def start_charter_version(*, by: User | None) -> CharterVersion:
    """Start the next version of the charter as a draft, from the latest version's principles."""
    draft = CharterVersion.objects.filter(approved_on=None).first()
    if draft is not None:
        raise ValidationError(
            f"Version {draft.number} is still a draft: approve it or delete it first."
        )
    latest = CharterVersion.objects.order_by("-number").first()
    version = CharterVersion(number=latest.number + 1 if latest else 1)
    _save(version, by=by)
    if latest is not None:
        for principle in latest.principles.all():
            copy = Principle(
                version=version,
                key=principle.key,
                position=principle.position,
                title=principle.title,
                text=principle.text,
            )
            _save(copy, by=by)
    return version


def _place(principle: Principle, position: int | None) -> None:
    """Put a principle at a place in its version's list (the end when None), renumbering
    the others 1, 2, 3… so the list never has gaps or ties."""
    others = list(principle.version.principles.exclude(pk=principle.pk).order_by("position", "pk"))
    index = len(others) if position is None else min(max(position, 1), len(others) + 1) - 1
    others.insert(index, principle)
    for number, item in enumerate(others, start=1):
        if item.position != number or item is principle:
            item.position = number
            if item is not principle:
                Principle.objects.filter(pk=item.pk).update(position=number)


@transaction.atomic
def add_principle(
    *,
    version: CharterVersion,
    by: User | None,
    title: str,
    text: str,
    position: int | None = None,
) -> Principle:
    """Add a principle to a draft version, at a place in the list (the end when None)."""
    _check_draft(version)
    principle = Principle(version=version, title=title, text=text, position=1)
    _place(principle, position)
    _save(principle, by=by)
    return principle


@transaction.atomic
def update_principle(
    *,
    principle: Principle,
    by: User | None,
    title: str,
    text: str,
    position: int | None = None,
) -> Principle:
    """Reword a draft version's principle, or move it to another place in the list."""
    _check_draft(principle.version)
    principle.title, principle.text = title, text
    _place(principle, position if position is not None else principle.position)
    _save(principle, by=by)
    return principle


@transaction.atomic
def delete_principle(*, principle: Principle, by: User | None) -> None:
    """Take a principle out of a draft version; the others close up."""
    version = principle.version
    _check_draft(version)
    _delete(principle, by=by)
    for number, item in enumerate(version.principles.order_by("position", "pk"), start=1):
        if item.position != number:
            Principle.objects.filter(pk=item.pk).update(position=number)


@transaction.atomic
def approve_charter_version(
    *, version: CharterVersion, approved_on: date, by: User | None
) -> CharterVersion:
    """Record the day the Board approved a draft version; from then on it is fixed."""
    _check_draft(version)
    if approved_on > timezone.localdate():
        raise ValidationError(
            {"approved_on": "The date the Board approved it must be today or in the past."}
        )
    if not version.principles.exists():
        raise ValidationError("Add at least one principle before recording the Board's approval.")
    previous = (
        CharterVersion.objects.exclude(approved_on=None)
        .exclude(pk=version.pk)
        .aggregate(latest=Max("approved_on"))["latest"]
    )
    if previous is not None and approved_on < previous:
        raise ValidationError(
            {
                "approved_on": "The Board approved the previous version on "
                f"{date_format(previous)}: enter that date or a later one."
            }
        )
    version.approved_on = approved_on
    _save(version, by=by)
    return version


@transaction.atomic
def delete_charter_version(*, version: CharterVersion, by: User | None) -> None:
    """Delete a draft version and its principles; approved versions are kept for good."""
    _check_draft(version)
    for principle in version.principles.all():
        _delete(principle, by=by)
    _delete(version, by=by)


# --- The review of policies and procedures ------------------------------------------------


@transaction.atomic
def add_policy(*, by: User | None, **fields: Any) -> Policy:
    """Add a policy or procedure to the review."""
    policy = Policy(**fields)
    _save(policy, by=by)
    return policy


@transaction.atomic
def update_policy(*, policy: Policy, by: User | None, changes: dict[str, Any]) -> Policy:
    """Save a policy's review: its status, what changed and when it was reviewed."""
    return _update(policy, by=by, changes=changes)


@transaction.atomic
def delete_policy(*, policy: Policy, by: User | None) -> None:
    """Take a policy out of the review; the history keeps what it was."""
    _delete(policy, by=by)


# --- Staff co-production champions and training ------------------------------------------


@transaction.atomic
def add_champion(*, person: Person, team: str, started_on: date, by: User | None) -> Champion:
    """Record a member of staff as a co-production champion for their team."""
    champion = Champion(person=person, team=team, started_on=started_on)
    _save(champion, by=by)
    return champion


@transaction.atomic
def update_champion(*, champion: Champion, by: User | None, changes: dict[str, Any]) -> Champion:
    """Save a champion's changed team or start date."""
    return _update(champion, by=by, changes=changes)


@transaction.atomic
def remove_champion(*, champion: Champion, by: User | None) -> None:
    """A champion steps down: their record goes, the history keeps it."""
    _delete(champion, by=by)


@transaction.atomic
def record_training_session(*, by: User | None, **fields: Any) -> TrainingSession:
    """Record a co-production training session held for staff."""
    session = TrainingSession(**fields)
    _save(session, by=by)
    return session


@transaction.atomic
def update_training_session(
    *, session: TrainingSession, by: User | None, changes: dict[str, Any]
) -> TrainingSession:
    """Correct a training session's record."""
    return _update(session, by=by, changes=changes)


@transaction.atomic
def delete_training_session(*, session: TrainingSession, by: User | None) -> None:
    """Delete a training session recorded in error; the history keeps it."""
    _delete(session, by=by)
