"""Audit history a person can read: who changed what and when, from any records' histories.

Works on the django-simple-history querysets it is handed (and a login's AuditEvents), so
it knows no app. Each version of a row is compared with the one before it in memory, and
related names are loaded with the versions, so the queries are fixed whatever the length
of the history: one per history queryset, one per many-to-many field, one for events.

Many-to-many fields tracked with `HistoricalRecords(m2m_fields=[...])` keep, for every
version of the row, a snapshot of the whole set in a generated table
(`Historical<Model>_<field>`, one row per member, pointing at the version). A change made
with `.set()` leaves a version for the save and one for each removal and addition; those
set-only versions, by the same person moments later, are read as one change.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Field, ManyToManyField, Model, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from coprod.models import AuditEvent

NONE = "(none)"
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
EVENT_DETAILS: dict[str, str] = {
    AuditEvent.Action.INVITATION_SENT: "Sent to",
    AuditEvent.Action.ROLE_GRANTED: "Role",
    AuditEvent.Action.ROLE_REVOKED: "Role",
}
# Versions that only change a set, by the same person within this long of the version
# before, come from one save (`.set()` removes, then adds): they are shown as one change.
SAME_CHANGE = timedelta(seconds=10)

Labels = Mapping[type[Model], Callable[[Any], str]]


@dataclass(frozen=True)
class Change:
    """One line of an entry: a field's new value, and its old one when there was one."""

    field: str
    new: str
    old: str | None = None  # None: nothing to compare (a new record, a set, an event)


@dataclass(frozen=True)
class Entry:
    """One thing that happened: when, who did it, what it was, and what changed."""

    at: datetime
    who: str
    what: str
    changes: tuple[Change, ...] = ()


@dataclass
class _Version:
    record: Any  # a historical record
    values: tuple[Any, ...]
    sets: dict[str, frozenset[int]]


@dataclass
class _Draft:
    before: _Version | None
    first: _Version
    latest: _Version = field(init=False)

    def __post_init__(self) -> None:
        self.latest = self.first


def timeline(
    *histories: QuerySet[Any],
    events: QuerySet[AuditEvent] | None = None,
    labels: Labels | None = None,
) -> list[Entry]:
    """Everything these histories and events record, newest first, in readable words.

    `labels` names a record by its model when its own `str()` does not read well.
    """
    entries = [entry for history in histories for entry in _history_entries(history, labels or {})]
    if events is not None:
        entries.extend(_event_entries(events))
    entries.sort(key=lambda entry: entry.at)
    entries.reverse()  # newest first; versions saved in the same instant stay in order
    return entries


def _shown_fields(history_model: type[Model]) -> list[Field]:
    """The tracked fields worth showing: not the key, nor times Django stamps itself."""
    return [
        f
        for f in history_model.tracked_fields  # type: ignore[attr-defined]
        if not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]


def _history_entries(history: QuerySet[Any], labels: Labels) -> list[Entry]:
    history_model = history.model
    model = history_model.instance_type
    fields = _shown_fields(history_model)
    foreign_keys = [f.name for f in history_model.tracked_fields if f.many_to_one or f.one_to_one]
    m2m_fields: list[ManyToManyField] = list(history_model._history_m2m_fields)
    row_key = model._meta.pk.attname  # the same row's versions share its primary key
    members, names = _set_snapshots(history, m2m_fields)
    records = history.select_related("history_user", *foreign_keys).order_by(
        "history_date", "history_id"
    )

    drafts: list[_Draft] = []
    open_drafts: dict[Any, _Draft] = {}
    for record in records:
        version = _Version(
            record=record,
            values=tuple(getattr(record, f.attname) for f in fields),
            sets={m.name: members[m.name].get(record.history_id, frozenset()) for m in m2m_fields},
        )
        row = getattr(record, row_key)
        draft = open_drafts.get(row)
        if draft is not None and _continues(draft.latest, version):
            draft.latest = version
            continue
        previous = draft.latest if draft is not None and record.history_type != "+" else None
        draft = _Draft(before=previous, first=version)
        open_drafts[row] = draft
        drafts.append(draft)

    entries = []
    for draft in drafts:
        record = draft.first.record
        changes = _changes(draft, fields, m2m_fields, names)
        if record.history_type == "~" and not changes:
            continue  # saved without changing anything
        entries.append(
            Entry(
                at=record.history_date,
                who=str(record.history_user) if record.history_user else "System",
                what=(
                    f"{ACTIONS.get(record.history_type, record.history_type)} "
                    f"{model._meta.verbose_name}: "
                    f"{_label(draft.latest.record, foreign_keys, labels.get(model, str))}"
                ),
                changes=tuple(changes),
            )
        )
    return entries


def _continues(latest: _Version, version: _Version) -> bool:
    """Whether a version only changes a set moments after the last, by the same person."""
    return (
        version.record.history_type == "~"
        and version.values == latest.values
        and version.sets != latest.sets
        and version.record.history_user_id == latest.record.history_user_id
        and version.record.history_date - latest.record.history_date <= SAME_CHANGE
    )


def _set_snapshots(
    history: QuerySet[Any], m2m_fields: Iterable[ManyToManyField]
) -> tuple[dict[str, dict[int, frozenset[int]]], dict[str, dict[int, str]]]:
    """Each version's members of each set, and the members' names: one query per field."""
    members: dict[str, dict[int, frozenset[int]]] = {}
    names: dict[str, dict[int, str]] = {}
    version_ids = history.values("history_id")
    for m2m in m2m_fields:
        snapshot_model = getattr(history.model, m2m.name).model
        target = m2m.m2m_reverse_field_name()
        target_id = snapshot_model._meta.get_field(target).attname
        by_version: dict[int, set[int]] = {}
        names[m2m.name] = {}
        rows = snapshot_model.objects.filter(history_id__in=version_ids).select_related(target)
        for row in rows:
            member_id = getattr(row, target_id)
            by_version.setdefault(row.history_id, set()).add(member_id)
            member = getattr(row, target)
            names[m2m.name][member_id] = (
                str(member) if member is not None else _deleted(m2m.related_model)
            )
        members[m2m.name] = {version: frozenset(ids) for version, ids in by_version.items()}
    return members, names


def _changes(
    draft: _Draft,
    fields: list[Field],
    m2m_fields: list[ManyToManyField],
    names: dict[str, dict[int, str]],
) -> list[Change]:
    if draft.first.record.history_type == "-":
        return []
    before, latest = draft.before, draft.latest
    changes = []
    for index, f in enumerate(fields):
        new = latest.values[index]
        if before is None:
            if new not in (None, ""):
                changes.append(Change(str(capfirst(f.verbose_name)), _shown(latest.record, f)))
        elif before.values[index] != new:
            changes.append(
                Change(
                    str(capfirst(f.verbose_name)),
                    _shown(latest.record, f),
                    old=_shown(before.record, f),
                )
            )
    for m2m in m2m_fields:
        label = str(capfirst(m2m.verbose_name))
        named = names[m2m.name]
        now = latest.sets[m2m.name]
        if before is None:
            if now:
                changes.append(Change(label, ", ".join(sorted(named[i] for i in now))))
            continue
        added = sorted(named[i] for i in now - before.sets[m2m.name])
        removed = sorted(named[i] for i in before.sets[m2m.name] - now)
        parts = [f"added {', '.join(added)}"] if added else []
        parts += [f"removed {', '.join(removed)}"] if removed else []
        if parts:
            changes.append(Change(label, ", ".join(parts)))
    return changes


def _shown(record: Any, f: Field) -> str:
    """A field's value as a person reads it: names, labels, Yes/No, 3 April 2026."""
    value = getattr(record, f.attname)
    if value is None or value == "":
        return NONE
    if f.many_to_one or f.one_to_one:
        related = getattr(record, f.name)  # loaded with the version; None once deleted
        return str(related) if related is not None else _deleted(f.related_model)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value)
    return str(value)


def _label(record: Any, foreign_keys: list[str], name: Callable[[Any], str]) -> str:
    """Name the record as it was at this version, from the rows already loaded."""
    instance = record.instance
    for fk in foreign_keys:
        related = getattr(record, fk)
        if related is None and getattr(record, f"{fk}_id") is not None:
            # str() would look up a row that is gone (a query per entry, then an error).
            return f"linked to {_deleted(record.instance_type._meta.get_field(fk).related_model)}"
        setattr(instance, fk, related)
    return name(instance)


def _deleted(model: Any) -> str:
    return f"a deleted {model._meta.verbose_name}"


def _event_entries(events: QuerySet[AuditEvent]) -> list[Entry]:
    return [
        Entry(
            at=event.at,
            who=str(event.actor) if event.actor else "System",
            what=event.get_action_display(),
            changes=(
                (Change(EVENT_DETAILS.get(event.action, "Detail"), event.detail),)
                if event.detail
                else ()
            ),
        )
        for event in events.select_related("actor").order_by("at", "pk")
    ]
