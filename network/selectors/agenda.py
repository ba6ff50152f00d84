"""Reads for a meeting's co-designed agenda: who sees which meeting, the draft in order with
its start times, the published agenda, the versions, how two versions differ, sign-off."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coprod import history
from coprod.periods import in_force_on
from coprod.permissions import Access, Can, Role, roles_of
from network.models import (
    AgendaItem,
    AgendaPaper,
    AgendaVersion,
    Meeting,
    Person,
    RoleTerm,
)
from network.selectors.meetings import meetings_visible_to
from network.selectors.organisations import AnyUser


def agenda_meetings_visible_to(user: AnyUser) -> QuerySet[Meeting]:
    """Meetings whose agenda page the person may reach: the meetings they may see."""
    return meetings_visible_to(user).select_related("sign_off_delegate", "signed_off_version")


def meeting_for_agenda(user: AnyUser, pk: int) -> Meeting:
    """The meeting, if the person may see it at all; 404 otherwise."""
    return get_object_or_404(agenda_meetings_visible_to(user), pk=pk)


def sees_drafts(user: AnyUser) -> bool:
    """Staff, the chair and the core group see the draft; everyone else the published one."""
    return Can.of(user)("agenda_arrange")


def meetings_open_for_proposals(user: AnyUser) -> QuerySet[Meeting]:
    """Meetings the person may propose items for: a representative only where allowed."""
    access = Can.of(user).access("agenda_propose")
    if access is None:
        return Meeting.objects.none()
    meetings = agenda_meetings_visible_to(user)
    if access == Access.ALL:
        return meetings
    return meetings.filter(members_may_suggest=True)


def may_sign_off(user: AnyUser, meeting: Meeting) -> bool:
    """The chair signs off; a core group member only when named for this meeting."""
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    if Role.CHAIR in roles:
        return True
    delegate = meeting.sign_off_delegate
    return Role.CORE_GROUP in roles and delegate is not None and delegate.user_id == user.pk


def meetings_to_sign_off(user: AnyUser) -> QuerySet[Meeting]:
    """Every meeting for the chair; for a core group member, those they are named for."""
    roles = roles_of(user)
    meetings = agenda_meetings_visible_to(user)
    if Role.CHAIR in roles:
        return meetings
    if Role.CORE_GROUP in roles and user.is_authenticated:
        return meetings.filter(sign_off_delegate__user=user)
    return Meeting.objects.none()


def sign_off_delegate_choices() -> QuerySet[Person]:
    """People in the core group today (their term in force), by name."""
    today = timezone.localdate()
    return (
        Person.objects.filter(
            in_force_on(today, through="role_terms"), role_terms__role=RoleTerm.Role.CORE_GROUP
        )
        .distinct()
        .order_by("full_name")
    )


def agenda_items_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    """Every item of the meeting, with its proposer and papers (two queries in all)."""
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("proposed_by", "merged_into")
        .prefetch_related("papers")
        .order_by("position", "proposed_at", "pk")
    )


def start_times(meeting: Meeting, minutes: list[int]) -> list[datetime]:
    """When each item in turn starts, from the meeting's start and the minutes before it."""
    starts = []
    at = timezone.localtime(meeting.starts_at)
    for needed in minutes:
        starts.append(at)
        at += timedelta(minutes=needed)
    return starts


@dataclass(frozen=True)
class PlacedItem:
    """An item on the draft agenda, numbered, with its start and the papers it brings."""

    number: int
    item: AgendaItem
    starts: datetime
    merged: list[AgendaItem]
    papers: list[AgendaPaper]


@dataclass(frozen=True)
class DraftAgenda:
    """What staff, the chair and the core group see: the draft and everything around it."""

    meeting: Meeting
    placed: list[PlacedItem]
    proposals: list[AgendaItem]
    not_taken_forward: list[AgendaItem]
    total_minutes: int
    ends: datetime
    overrun_minutes: int  # how far the agenda runs past the meeting's end (0: it fits)
    latest_version: AgendaVersion | None
    changed_since_sign_off: bool


def latest_version(meeting: Meeting) -> AgendaVersion | None:
    return meeting.agenda_versions.select_related("saved_by").order_by("-number").first()


def draft_agenda(meeting: Meeting) -> DraftAgenda:
    """The draft in order with start times, proposals not yet placed, and its state."""
    items = list(agenda_items_of(meeting))
    merged: dict[int, list[AgendaItem]] = defaultdict(list)
    for item in items:
        if item.status == AgendaItem.Status.MERGED and item.merged_into_id:
            merged[item.merged_into_id].append(item)
    on_agenda = [i for i in items if i.status == AgendaItem.Status.ON_AGENDA]
    starts = start_times(meeting, [i.minutes_needed for i in on_agenda])
    placed = [
        PlacedItem(
            number=number,
            item=item,
            starts=start,
            merged=merged[item.pk],
            papers=[
                *item.papers.all(),
                *(paper for other in merged[item.pk] for paper in other.papers.all()),
            ],
        )
        for number, (item, start) in enumerate(zip(on_agenda, starts, strict=True), start=1)
    ]
    total = sum(i.minutes_needed for i in on_agenda)
    ends = timezone.localtime(meeting.starts_at) + timedelta(minutes=total)
    overrun = max(0, int((ends - meeting.ends_at).total_seconds() // 60))
    # Proposals have no place yet: they are listed in the order they came.
    proposals = sorted(
        (i for i in items if i.status == AgendaItem.Status.PROPOSED),
        key=lambda i: (i.proposed_at, i.pk),
    )
    return DraftAgenda(
        meeting=meeting,
        placed=placed,
        proposals=proposals,
        not_taken_forward=[i for i in items if i.status == AgendaItem.Status.WITHDRAWN],
        total_minutes=total,
        ends=ends,
        overrun_minutes=overrun,
        latest_version=latest_version(meeting),
        changed_since_sign_off=(
            meeting.agenda_status == Meeting.AgendaStatus.DRAFT
            and meeting.signed_off_version_id is not None
        ),
    )


@dataclass(frozen=True)
class PublishedItem:
    """One item of the published (signed-off) agenda, as it was frozen."""

    number: int
    title: str
    purpose: str
    section: str
    presenter: str
    minutes_needed: int
    starts: str
    papers: list[AgendaPaper]


PURPOSES = dict(AgendaItem.Purpose.choices)


def published_agenda(meeting: Meeting) -> list[PublishedItem] | None:
    """The signed-off version members see once it is published; None before that."""
    version = meeting.signed_off_version
    if meeting.agenda_status != Meeting.AgendaStatus.PUBLISHED or version is None:
        return None
    ids = [entry["id"] for entry in version.items]
    papers: dict[int, list[AgendaPaper]] = defaultdict(list)
    # A merged item's papers come with the item it was merged into.
    for paper in AgendaPaper.objects.filter(
        Q(item_id__in=ids) | Q(item__merged_into_id__in=ids)
    ).select_related("item"):
        papers[paper.item.merged_into_id or paper.item_id].append(paper)
    return [
        PublishedItem(
            number=number,
            title=entry["title"],
            purpose=PURPOSES.get(entry["purpose"], entry["purpose"]),
            section=entry["section"],
            presenter=entry["presenter"],
            minutes_needed=entry["minutes_needed"],
            starts=entry["starts"],
            papers=papers[entry["id"]],
        )
        for number, entry in enumerate(version.items, start=1)
    ]


def agenda_history(meeting: Meeting) -> list[history.Entry]:
    """Who proposed, changed, placed and merged each item, newest first."""
    return history.timeline(AgendaItem.history.filter(meeting_id=meeting.pk))


@dataclass(frozen=True)
class VersionRow:
    version: AgendaVersion
    item_count: int
    total_minutes: int
    is_signed_off: bool


def agenda_versions(meeting: Meeting) -> list[VersionRow]:
    """Every saved version, newest first, with its size and whether it was signed off."""
    return [
        VersionRow(
            version=version,
            item_count=len(version.items),
            total_minutes=sum(entry["minutes_needed"] for entry in version.items),
            is_signed_off=version.pk == meeting.signed_off_version_id,
        )
        for version in meeting.agenda_versions.select_related("saved_by").order_by("-number")
    ]


@dataclass(frozen=True)
class Difference:
    """One item's row in the comparison of two versions, in words."""

    title: str
    before: dict[str, Any] | None  # the item in the earlier version (None: added)
    after: dict[str, Any] | None  # the item in the later version (None: removed)
    position_before: int | None
    position_after: int | None
    changes: list[str]

    @property
    def is_unchanged(self) -> bool:
        return not self.changes


def compare_versions(earlier: AgendaVersion, later: AgendaVersion) -> list[Difference]:
    """How `later` differs from `earlier`: items added, removed, moved, retimed, renamed.

    Rows follow the later version's order; removed items come last.
    """
    before = {entry["id"]: (n, entry) for n, entry in enumerate(earlier.items, start=1)}
    after = {entry["id"]: (n, entry) for n, entry in enumerate(later.items, start=1)}
    rows = []
    for item_id, (position, entry) in after.items():
        if item_id not in before:
            rows.append(
                Difference(entry["title"], None, entry, None, position, [f"Added at {position}"])
            )
            continue
        old_position, old = before[item_id]
        rows.append(
            Difference(
                entry["title"],
                old,
                entry,
                old_position,
                position,
                _changes(old, entry, old_position, position),
            )
        )
    for item_id, (old_position, old) in before.items():
        if item_id not in after:
            rows.append(
                Difference(
                    old["title"], old, None, old_position, None, [f"Removed (was {old_position})"]
                )
            )
    return rows


def _changes(old: dict[str, Any], new: dict[str, Any], was: int, now: int) -> list[str]:
    changes = []
    if was != now:
        changes.append(f"Moved from {was} to {now}")
    if old["minutes_needed"] != new["minutes_needed"]:
        changes.append(f"Retimed from {old['minutes_needed']} to {new['minutes_needed']} minutes")
    if old["title"] != new["title"]:
        changes.append(f"Renamed from “{old['title']}”")
    if old["starts"] != new["starts"]:
        changes.append(f"Starts at {new['starts']} (was {old['starts']})")
    for key, label in (("section", "Section"), ("presenter", "Presenter")):
        if old.get(key, "") != new.get(key, ""):
            changes.append(
                f"{label} changed from {old.get(key) or 'none'} to {new.get(key) or 'none'}"
            )
    if old["purpose"] != new["purpose"]:
        changes.append(
            f"Purpose changed from “{PURPOSES.get(old['purpose'], old['purpose'])}” "
            f"to “{PURPOSES.get(new['purpose'], new['purpose'])}”"
        )
    return changes


def version_of(meeting: Meeting, number: int) -> AgendaVersion:
    try:
        return meeting.agenda_versions.get(number=number)
    except AgendaVersion.DoesNotExist:
        raise Http404("No such version") from None


def paper_for(user: AnyUser, pk: int) -> AgendaPaper:
    """A paper the person may download: any, for those who see drafts; otherwise only the
    papers of a published agenda's items. 404 for the rest."""
    paper = get_object_or_404(
        AgendaPaper.objects.select_related("item"),
        pk=pk,
        item__meeting__in=agenda_meetings_visible_to(user),
    )
    if sees_drafts(user):
        return paper
    meeting = agenda_meetings_visible_to(user).get(pk=paper.item.meeting_id)
    version = meeting.signed_off_version
    if meeting.agenda_status != Meeting.AgendaStatus.PUBLISHED or version is None:
        raise Http404("The agenda is not published")
    on_agenda = {entry["id"] for entry in version.items}
    if (paper.item.merged_into_id or paper.item_id) not in on_agenda:
        raise Http404("The paper is not for the published agenda")
    return paper
