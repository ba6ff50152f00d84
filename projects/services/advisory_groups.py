"""Project advisory groups: a project's group, its members in their capacities over time."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from coprod.models import User
from network.models import AdvisoryGroup, AdvisoryGroupMember, Person
from projects.models import Project
from projects.services.involvement import _save


@transaction.atomic
def create_advisory_group(
    *, project: Project, by: User | None, name: str, description: str = ""
) -> AdvisoryGroup:
    """Set up the advisory group of a project that has none."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.advisory_group_id is not None:
        raise ValidationError("This project already has an advisory group.", code="has_group")
    group = AdvisoryGroup(name=name.strip(), description=description)
    _save(group, by=by)
    project.advisory_group = group
    _save(project, by=by)
    return group


@transaction.atomic
def add_advisory_member(
    *, group: AdvisoryGroup, person: Person, capacity: str, started_on: date, by: User | None
) -> AdvisoryGroupMember:
    """Give a person a place on an advisory group, in one capacity, from a day."""
    if AdvisoryGroupMember.objects.filter(group=group, person=person, ended_on=None).exists():
        raise ValidationError(
            {"person": f"{person} is already a member of this group. End their place first."},
            code="already_member",
        )
    member = AdvisoryGroupMember(
        group=group, person=person, capacity=capacity, started_on=started_on
    )
    _save(member, by=by)
    return member


@transaction.atomic
def end_advisory_member(
    *, member: AdvisoryGroupMember, ended_on: date, by: User | None
) -> AdvisoryGroupMember:
    """End a person's place on an advisory group on a day (on or after it started)."""
    member = AdvisoryGroupMember.objects.select_for_update().get(pk=member.pk)
    if member.ended_on is not None:
        raise ValidationError("This place has already ended.", code="ended")
    if ended_on < member.started_on:
        raise ValidationError(
            {
                "ended_on": "The end date must be on or after the day the place started, "
                f"{member.started_on:%-d %B %Y}."
            }
        )
    member.ended_on = ended_on
    _save(member, by=by)
    return member
