"""Writes to a meeting's co-designed agenda: proposals, the arranged draft and its versions,
merging, and sign-off by the chair or the core group member the chair names.

The latest version is always the agenda as it stands: every change to what is on it (an
arrangement, a move, a merge, an on-agenda item edited) saves a new version, and a change
after sign-off sends the agenda back to draft, to be signed off again.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coprod.models import User
from coprod.permissions import Access, Can, Role, roles_of
from network.models import AgendaItem, AgendaPaper, AgendaVersion, Meeting, Person
from network.papers import check_paper
from network.selectors.agenda import (
    agenda_meetings_visible_to,
    may_sign_off,
    sign_off_delegate_choices,
    start_times,
)
from network.services.records import save_attributed

Status = AgendaItem.Status
# What a version freezes of each item (with its start time): what a comparison compares.
FROZEN_FIELDS = ("title", "purpose", "section", "presenter", "minutes_needed")
DETAIL_FIELDS = (*FROZEN_FIELDS, "description")
ARRANGEABLE = (Status.ON_AGENDA, Status.PROPOSED, Status.WITHDRAWN)
NOTHING_CHANGED = (
    "Nothing has changed. Change an item's place, time, section or status, then save."
)


def _locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked until the transaction ends, so versions number in turn."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def frozen_items(meeting: Meeting) -> list[dict[str, Any]]:
    """The items on the agenda now, in order, as a version stores them."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting, status=Status.ON_AGENDA).order_by(
            "position", "pk"
        )
    )
    starts = start_times(meeting, [item.minutes_needed for item in items])
    return [
        {"id": item.pk, **{name: getattr(item, name) for name in FROZEN_FIELDS}}
        | {"starts": f"{start:%H:%M}"}
        for item, start in zip(items, starts, strict=True)
    ]


def _save_version(meeting: Meeting, *, by: User | None, note: str) -> AgendaVersion:
    """Freeze the agenda as it now stands; a signed-off agenda goes back to draft."""
    latest = meeting.agenda_versions.aggregate(latest=Max("number"))["latest"] or 0
    version = AgendaVersion(
        meeting=meeting,
        number=latest + 1,
        items=frozen_items(meeting),
        note=note.strip(),
        saved_by=by,
        saved_at=timezone.now(),
    )
    version.full_clean()
    version.save()
    _reopen(meeting, by=by)
    return version


def _reopen(meeting: Meeting, *, by: User | None) -> None:
    """A change after sign-off (or publication) needs signing off again.

    The last sign-off stays on record, so the page can say the agenda changed since.
    """
    if meeting.agenda_status != Meeting.AgendaStatus.DRAFT:
        meeting.agenda_status = Meeting.AgendaStatus.DRAFT
        save_attributed(meeting, by=by)


def _add_papers(item: AgendaItem, papers: Iterable[UploadedFile], *, by: User | None) -> int:
    count = 0
    for upload in papers:
        name = PurePath(upload.name or "paper").name
        paper = AgendaPaper(item=item, title=name, uploaded_by=by)
        paper.file.save(name, upload, save=False)
        paper.full_clean()
        paper.save()
        count += 1
    return count


def _checked_papers(papers: Sequence[UploadedFile]) -> None:
    """Check every paper before anything is written: one bad file saves none."""
    messages = []
    for upload in papers:
        try:
            check_paper(upload)
        except ValidationError as error:
            messages.extend(error.messages)
    if messages:
        raise ValidationError({"papers": messages})


@transaction.atomic
def propose_agenda_item(
    *,
    meeting: Meeting,
    by: User,
    title: str,
    purpose: str,
    section: str = "",
    presenter: str = "",
    minutes_needed: int = 10,
    description: str = "",
    papers: Sequence[UploadedFile] = (),
) -> AgendaItem:
    """Propose an item; a representative's (where the meeting allows it) is a suggestion."""
    access = Can.of(by).access("agenda_propose")
    if access is None or not agenda_meetings_visible_to(by).filter(pk=meeting.pk).exists():
        raise PermissionDenied("You may not propose items for this meeting.")
    is_suggestion = access != Access.ALL
    if is_suggestion and not meeting.members_may_suggest:
        raise PermissionDenied("This meeting does not take suggestions from members.")
    if meeting.is_cancelled:
        raise ValidationError("This meeting has been cancelled: it takes no more items.")
    _checked_papers(papers)
    item = AgendaItem(
        meeting=meeting,
        title=title.strip(),
        purpose=purpose,
        section=section.strip(),
        presenter=presenter.strip(),
        minutes_needed=minutes_needed,
        description=description.strip(),
        status=Status.PROPOSED,
        is_member_suggestion=is_suggestion,
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    save_attributed(item, by=by)
    _add_papers(item, papers, by=by)
    return item


@transaction.atomic
def update_agenda_item(
    *, item: AgendaItem, by: User, changes: dict[str, Any], papers: Sequence[UploadedFile] = ()
) -> AgendaItem:
    """Change an item's details or add papers; on the agenda, that is a new version."""
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not an item's details: {', '.join(sorted(unknown))}")
    if item.status == Status.MERGED:
        raise ValidationError(f"“{item}” was merged into another item. Change that item instead.")
    _checked_papers(papers)
    meeting = _locked(item.meeting)
    changed = [name for name, value in changes.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, changes[name])
    if changed:
        save_attributed(item, by=by)
    added = _add_papers(item, papers, by=by)
    if not changed and not added:
        raise ValidationError("Nothing has changed. Change a detail or add a paper, then save.")
    if item.status == Status.ON_AGENDA:
        _save_version(meeting, by=by, note=f"Changed “{item}”")
    return item


@dataclass(frozen=True)
class Placement:
    """What an arrangement says of one item: its status, place, time and section."""

    item: AgendaItem
    status: str
    position: int | None
    minutes_needed: int
    section: str


@transaction.atomic
def arrange_agenda(
    *, meeting: Meeting, placements: Sequence[Placement], by: User, note: str = ""
) -> AgendaVersion:
    """Place proposals, order and time the items, or leave proposals out; save a version.

    Items are ordered by the numbers given; an item given a new number goes before one
    that kept the same number, and items placed without a number go last.
    """
    meeting = _locked(meeting)
    errors: dict[str, list[str]] = {}
    for placement in placements:
        if placement.item.meeting_id != meeting.pk or placement.item.status == Status.MERGED:
            raise ValueError(f"{placement.item} cannot be arranged on this agenda")
        if placement.status not in ARRANGEABLE:
            errors.setdefault(f"status_{placement.item.pk}", []).append(
                "Choose on the agenda, proposed, or not taken forward"
            )
        if not 1 <= placement.minutes_needed <= 480:
            errors.setdefault(f"minutes_{placement.item.pk}", []).append(
                "Enter the minutes needed, from 1 to 480"
            )
    if errors:
        raise ValidationError(errors)

    def order(placement: Placement) -> tuple[int, int, int, int]:
        item = placement.item
        was_placed = item.status == Status.ON_AGENDA
        kept_place = was_placed and placement.position == item.position
        return (
            placement.position if placement.position is not None else 10**6,
            1 if kept_place else 0,
            item.position if was_placed else 10**6,
            item.pk,
        )

    placed = sorted((p for p in placements if p.status == Status.ON_AGENDA), key=order)
    positions = {p.item.pk: number for number, p in enumerate(placed, start=1)}
    changed = False
    for placement in placements:
        item = placement.item
        values = {
            "status": placement.status,
            "position": positions.get(item.pk, 0),  # 0: not on the agenda
            "minutes_needed": placement.minutes_needed,
            "section": placement.section.strip(),
        }
        if any(getattr(item, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(item, name, value)
            save_attributed(item, by=by)
            changed = True
    if not changed and meeting.agenda_versions.exists():
        raise ValidationError(NOTHING_CHANGED)
    return _save_version(meeting, by=by, note=note or "Arranged the agenda")


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: str, by: User) -> AgendaVersion:
    """Swap an item on the agenda with the one above ("up") or below ("down")."""
    if direction not in ("up", "down"):
        raise ValidationError("Choose to move the item up or down.")
    meeting = _locked(item.meeting)
    items = list(
        AgendaItem.objects.filter(meeting=meeting, status=Status.ON_AGENDA).order_by(
            "position", "pk"
        )
    )
    index = next((n for n, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ValidationError(f"“{item}” is not on the agenda: put it on the agenda first.")
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        where = "first" if direction == "up" else "last"
        raise ValidationError(f"“{item}” is already {where} on the agenda.")
    items[index], items[target] = items[target], items[index]
    for number, other in enumerate(items, start=1):
        if other.position != number:
            other.position = number
            save_attributed(other, by=by)
    return _save_version(meeting, by=by, note=f"Moved “{item}” from {index + 1} to {target + 1}")


@transaction.atomic
def merge_agenda_items(
    *, item: AgendaItem, into: AgendaItem, by: User, note: str = ""
) -> AgendaVersion:
    """Merge one item into another: it is kept on record, its papers go with the other."""
    if item.pk == into.pk:
        raise ValidationError({"into": "Choose a different item to merge it into"})
    if item.meeting_id != into.meeting_id:
        raise ValueError("Items of different meetings cannot be merged")
    if item.status == Status.MERGED:
        raise ValidationError({"item": f"“{item}” is already merged into another item"})
    if into.status == Status.MERGED:
        raise ValidationError({"into": f"“{into}” is merged into another item: choose that one"})
    meeting = _locked(item.meeting)
    # Items merged into this one follow it, so each points straight at what is kept.
    for earlier in AgendaItem.objects.filter(merged_into=item):
        earlier.merged_into = into
        save_attributed(earlier, by=by)
    item.status = Status.MERGED
    item.merged_into = into
    item.position = 0
    save_attributed(item, by=by)
    if into.status == Status.WITHDRAWN:
        into.status = Status.PROPOSED
        save_attributed(into, by=by)
    return _save_version(meeting, by=by, note=note or f"Merged “{item}” into “{into}”")


@transaction.atomic
def sign_off_agenda(*, meeting: Meeting, version: AgendaVersion, by: User) -> Meeting:
    """The chair (or the named core group member) signs off the latest version."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("sign_off_delegate")
        .get(pk=meeting.pk)
    )
    if not may_sign_off(by, meeting):
        raise PermissionDenied(
            "Only the chair, or the core group member the chair names, may sign off this agenda."
        )
    latest = meeting.agenda_versions.order_by("-number").first()
    if latest is None:
        raise ValidationError("There is no version to sign off: arrange the agenda first.")
    if version.meeting_id != meeting.pk or version.pk != latest.pk:
        raise ValidationError(
            f"Version {latest.number} has been saved since you looked. "
            f"Check version {latest.number}, then sign it off."
        )
    if meeting.agenda_status != Meeting.AgendaStatus.DRAFT:
        raise ValidationError(f"Version {latest.number} is already signed off.")
    if not latest.items:
        raise ValidationError("The agenda has no items: put items on it before signing off.")
    meeting.agenda_status = Meeting.AgendaStatus.SIGNED_OFF
    meeting.signed_off_version = latest
    meeting.signed_off_by = by
    meeting.signed_off_at = timezone.now()
    save_attributed(meeting, by=by)
    return meeting


@transaction.atomic
def name_sign_off_delegate(*, meeting: Meeting, person: Person | None, by: User) -> Meeting:
    """The chair names a core group member (in the core group today) to sign off, or none."""
    if Role.CHAIR not in roles_of(by):
        raise PermissionDenied("Only the chair names who signs off an agenda.")
    if person is not None and not sign_off_delegate_choices().filter(pk=person.pk).exists():
        raise ValidationError({"person": f"{person} is not in the core group now"})
    meeting = _locked(meeting)
    meeting.sign_off_delegate = person
    save_attributed(meeting, by=by)
    return meeting
