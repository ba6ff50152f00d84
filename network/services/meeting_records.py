"""Writes after a meeting: the attendance register, minutes, actions and "you said, we did".

Every write here is staff's (SPEC: "attendance register, minutes, actions: write").
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coprod.models import User
from network.models import (
    Action,
    AgendaItem,
    AttendanceRecord,
    Feedback,
    Meeting,
    Minutes,
    Person,
)
from network.services.records import save_attributed

UNKNOWN_PERSON = "Choose someone who is in the network's records"
BAD_STATUS = "Choose attended, apologies or absent"
BAD_CAPACITY = "Choose the capacity they came in"
TWICE = "This person is on the register twice: keep one row"


@dataclass(frozen=True)
class AttendanceEntry:
    """One row of the register as typed: who, whether they came, and in what capacity."""

    person_id: int | None
    status: str
    capacity: str


class RegisterError(ValidationError):
    """Problems with rows of the register: `rows` maps a row's index to {field: message}."""

    def __init__(self, rows: dict[int, dict[str, str]]) -> None:
        self.rows = rows
        super().__init__(
            {
                f"row-{index}-{name}": message
                for index, fields in rows.items()
                for name, message in fields.items()
            }
        )


@transaction.atomic
def record_attendance(
    *, meeting: Meeting, by: User | None, entries: Sequence[AttendanceEntry]
) -> list[AttendanceRecord]:
    """Save the register of a meeting in one go, whatever its length.

    Existing entries are updated and new ones created, with a constant number of queries
    (one to check the people, one for the entries already there, one bulk insert and one
    bulk update, each with its history). Any bad row stops the whole save: RegisterError
    says which rows and fields.
    """
    person_ids = {entry.person_id for entry in entries if entry.person_id is not None}
    known = set(Person.objects.filter(pk__in=person_ids).values_list("pk", flat=True))
    problems: dict[int, dict[str, str]] = {}
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        row: dict[str, str] = {}
        if entry.person_id is None or entry.person_id not in known:
            row["person"] = UNKNOWN_PERSON
        elif entry.person_id in seen:
            row["person"] = TWICE
        if entry.status not in AttendanceRecord.Status.values:
            row["status"] = BAD_STATUS
        if entry.capacity not in AttendanceRecord.Capacity.values:
            row["capacity"] = BAD_CAPACITY
        if entry.person_id is not None:
            seen.add(entry.person_id)
        if row:
            problems[index] = row
    if problems:
        raise RegisterError(problems)

    existing = {record.person_id: record for record in meeting.attendance.all()}
    now = timezone.now()
    to_create: list[AttendanceRecord] = []
    to_update: list[AttendanceRecord] = []
    checked = [(entry.person_id or 0, entry) for entry in entries]  # all known people now
    for person_id, entry in checked:
        record = existing.get(person_id)
        if record is None:
            to_create.append(
                AttendanceRecord(
                    meeting=meeting,
                    person_id=person_id,
                    status=entry.status,
                    capacity=entry.capacity,
                    recorded_by=by,
                    recorded_at=now,
                )
            )
        elif (record.status, record.capacity) != (entry.status, entry.capacity):
            record.status, record.capacity = entry.status, entry.capacity
            record.recorded_by, record.recorded_at = by, now
            to_update.append(record)
    if to_create:
        bulk_create_with_history(to_create, AttendanceRecord, default_user=by)
    if to_update:
        bulk_update_with_history(
            to_update,
            AttendanceRecord,
            ["status", "capacity", "recorded_by", "recorded_at"],
            default_user=by,
        )
    return to_create + to_update


# --- Minutes ---------------------------------------------------------------------------------

NOT_A_DRAFT = "These minutes have been circulated or approved: they can no longer be changed"
NOT_CIRCULABLE = "Only draft minutes can be circulated"
ALREADY_APPROVED = "These minutes are already approved"


@transaction.atomic
def save_minutes(
    *, meeting: Meeting, by: User | None, summary: str, outcomes: dict[int, str]
) -> Minutes:
    """Write or change the draft minutes: general notes, and each agenda item's outcome.

    `outcomes` maps agenda item ids (of this meeting) to their decision or outcome.
    """
    minutes, _ = Minutes.objects.select_for_update().get_or_create(
        meeting=meeting, defaults={"written_by": by}
    )
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError(NOT_A_DRAFT)
    minutes.summary = summary
    save_attributed(minutes, by=by)
    items = {item.pk: item for item in meeting.agenda_items.filter(pk__in=outcomes)}
    changed = []
    for item_id, outcome in outcomes.items():
        item = items.get(item_id)
        if item is None:
            raise ValidationError({f"outcome_{item_id}": "This item is not on this agenda"})
        if item.outcome != outcome:
            item.outcome = outcome
            changed.append(item)
    if changed:
        bulk_update_with_history(changed, AgendaItem, ["outcome"], default_user=by)
    return minutes


@transaction.atomic
def circulate_minutes(*, minutes: Minutes, by: User | None) -> bool:
    """Mark draft minutes circulated and queue the email of the draft to those who came.

    Returns False (and queues nothing) when they were circulated already, so pressing
    the button twice emails each person once.
    """
    from network import tasks  # tasks import the services

    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if locked.status != Minutes.Status.DRAFT:
        if locked.status == Minutes.Status.CIRCULATED:
            return False
        raise ValidationError(NOT_CIRCULABLE)
    locked.status = Minutes.Status.CIRCULATED
    save_attributed(locked, by=by)
    minutes.status = locked.status
    transaction.on_commit(lambda: tasks.email_circulated_minutes.delay(locked.pk))
    return True


def circulation_list(minutes: Minutes) -> list[Person]:
    """Everyone recorded as attended, each once (one register entry per person)."""
    return list(
        Person.objects.filter(
            attendance__meeting=minutes.meeting_id,
            attendance__status=AttendanceRecord.Status.ATTENDED,
        ).order_by("full_name", "pk")
    )


def email_circulated_minutes(*, minutes_id: int) -> int:
    """Email the circulated draft to each attendee with an email address, once.

    The minutes row is the guard: claimed with a lock, `circulated_at` set when the
    emails have gone, so a retried or repeated task sends nothing again. Returns how
    many were sent.
    """
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes_id)
        if minutes.status != Minutes.Status.CIRCULATED or minutes.circulated_at is not None:
            return 0
        people = [person for person in circulation_list(minutes) if person.email]
        items = list(
            minutes.meeting.agenda_items.filter(status=AgendaItem.Status.ON_AGENDA).order_by(
                "position", "pk"
            )
        )
        messages = [_minutes_email(minutes, items, person) for person in people]
        if messages:
            get_connection().send_messages(messages)
        minutes.circulated_at = timezone.now()
        minutes.save(update_fields=["circulated_at"])
    return len(messages)


def _minutes_email(
    minutes: Minutes, items: Iterable[AgendaItem], person: Person
) -> EmailMultiAlternatives:
    context = {"minutes": minutes, "meeting": minutes.meeting, "items": items, "person": person}
    subject = render_to_string("emails/minutes_draft_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject, render_to_string("emails/minutes_draft_body.txt", context), to=[person.email]
    )
    message.attach_alternative(
        render_to_string("emails/minutes_draft_body.html", context), "text/html"
    )
    return message


@transaction.atomic
def approve_minutes(*, minutes: Minutes, by: User | None, how: str, on: date) -> Minutes:
    """Approve circulated (or draft) minutes, saying how and on which day."""
    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if locked.status == Minutes.Status.APPROVED:
        raise ValidationError(ALREADY_APPROVED)
    if how not in Minutes.ApprovedHow.values:
        raise ValidationError({"how": "Choose how the minutes were approved"})
    if on > timezone.localdate():
        raise ValidationError({"on": "The date approved must be today or in the past"})
    locked.status = Minutes.Status.APPROVED
    locked.approved_how = how
    locked.approved_at = timezone.make_aware(datetime.combine(on, time(12)))
    locked.approved_by = by
    save_attributed(locked, by=by)
    return locked


# --- Actions and "you said, we did" ------------------------------------------------------


@transaction.atomic
def add_action(
    *,
    meeting: Meeting,
    by: User | None,
    description: str,
    owner: Person,
    due_on: date,
    item: AgendaItem | None = None,
) -> Action:
    """Record an action agreed at a meeting."""
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": "Choose an item on this meeting's agenda"})
    action = Action(
        meeting=meeting,
        item=item,
        description=description,
        owner=owner,
        due_on=due_on,
        created_by=by,
    )
    save_attributed(action, by=by)
    return action


@transaction.atomic
def close_action(*, action: Action, by: User | None, status: str) -> Action:
    """Mark an open action done (today) or no longer needed."""
    if status not in (Action.Status.DONE, Action.Status.DROPPED):
        raise ValidationError({"status": "Choose done or no longer needed"})
    if action.status != Action.Status.OPEN:
        raise ValidationError("This action is already closed")
    action.status = status
    action.completed_on = timezone.localdate() if status == Action.Status.DONE else None
    save_attributed(action, by=by)
    return action


@transaction.atomic
def record_feedback(*, item: AgendaItem, by: User | None, you_said: str, we_did: str) -> Feedback:
    """Record what members said on an agenda item and what was done with it."""
    feedback = Feedback(
        item=item,
        you_said=you_said.strip(),
        we_did=we_did.strip(),
        recorded_by=by,
        recorded_on=timezone.localdate(),
    )
    save_attributed(feedback, by=by)
    return feedback
