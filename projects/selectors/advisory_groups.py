"""Reads about project advisory groups: members in their capacities, and the meetings."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from network.models import AdvisoryGroup, AdvisoryGroupMember, Meeting


def group_members(group: AdvisoryGroup) -> QuerySet[AdvisoryGroupMember]:
    """Everyone who has had a place on the group, current places first."""
    return (
        AdvisoryGroupMember.objects.filter(group=group)
        .select_related("person")
        .order_by(F("ended_on").desc(nulls_first=True), "person__full_name", "-started_on")
    )


def group_meetings(group: AdvisoryGroup) -> QuerySet[Meeting]:
    """The network meetings of the group, newest first."""
    return (
        Meeting.objects.filter(advisory_group=group)
        .only("pk", "title", "kind", "starts_at", "ends_at", "cancelled_at")
        .order_by("-starts_at", "pk")
    )


@dataclass(frozen=True)
class CapacityCount:
    capacity: str
    label: str
    count: int


def current_members_by_capacity(group: AdvisoryGroup) -> list[CapacityCount]:
    """How many people hold a place today in each capacity, counted in one query."""
    today = timezone.localdate()
    counts = dict(
        AdvisoryGroupMember.objects.filter(group=group, started_on__lte=today)
        .filter(Q(ended_on=None) | Q(ended_on__gte=today))
        .order_by()
        .values_list("capacity")
        .annotate(n=Count("pk"))
        .values_list("capacity", "n")
    )
    return [
        CapacityCount(value, str(label), counts.get(value, 0))
        for value, label in AdvisoryGroupMember.Capacity.choices
    ]
