"""Writes after a meeting: the attendance register, minutes, actions and "you said, we did".

Every write here is staff's (SPEC: "attendance register, minutes, actions: write").
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coprod.models import User
from network.models import (
    AttendanceRecord,
    Meeting,
    Person,
)

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
