"""Writes to organisations, their memberships, targets and constituency changes."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from coprod.models import User
from coprod.permissions import Can
from network.models import (
    Constituency,
    ConstituencyChange,
    Membership,
    Organisation,
    Target,
)
from network.services.records import assign_fields, save_attributed


@transaction.atomic
def create_organisation(
    *,
    by: User | None,
    constituencies: Iterable[Constituency] = (),
    status: str = Membership.Status.PROSPECTIVE,
    status_since: date | None = None,
    **fields: Any,
) -> Organisation:
    """Add an organisation with its first membership status."""
    organisation = Organisation(**fields)
    save_attributed(organisation, by=by)
    organisation.constituencies.set(constituencies)
    change_membership_status(
        organisation=organisation,
        status=status,
        on=status_since or timezone.localdate(),
        by=by,
    )
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, by: User | None, changes: dict[str, Any]
) -> Organisation:
    """Save edited details (and constituencies, when given).

    Constituencies move the representation figures: when someone other than staff
    changes them, the change waits on the staff home page for review.
    """
    changes = dict(changes)
    constituencies = changes.pop("constituencies", None)
    assign_fields(organisation, changes)
    save_attributed(organisation, by=by)
    if constituencies is not None:
        before = set(organisation.constituencies.all())
        after = set(constituencies)
        organisation.constituencies.set(after)
        if before != after and by is not None and not Can.of(by).fully("network_change"):
            review = ConstituencyChange.objects.create(organisation=organisation, changed_by=by)
            review.before.set(before)
            review.after.set(after)
    return organisation


@transaction.atomic
def change_membership_status(
    *, organisation: Organisation, status: str, on: date, by: User | None, note: str = ""
) -> Membership:
    """End the open membership period the day before `on` and start one in `status`."""
    current = (
        Membership.objects.select_for_update().filter(organisation=organisation, ended_on=None)
    ).first()
    if current is not None:
        if current.status == status:
            return current
        if on < current.started_on:
            raise ValidationError(
                {
                    "started_on": (
                        "The new status must start on or after "
                        f"{date_format(current.started_on)}, when the current one began."
                    )
                }
            )
        if on == current.started_on:
            # A change on the day the period began corrects it rather than adding a day-long one.
            current.status = status
            current.note = note or current.note
            save_attributed(current, by=by)
            return current
        current.ended_on = on - timedelta(days=1)
        save_attributed(current, by=by)
    membership = Membership(organisation=organisation, status=status, started_on=on, note=note)
    save_attributed(membership, by=by)
    return membership


@transaction.atomic
def set_target(
    *,
    measure: str,
    minimum: int,
    by: User | None,
    kind: str = "",
    constituency: Constituency | None = None,
) -> Target:
    """Create or change the target for one measure."""
    target = Target.objects.filter(measure=measure, kind=kind, constituency=constituency).first()
    target = target or Target(measure=measure, kind=kind, constituency=constituency)
    target.minimum = minimum
    save_attributed(target, by=by)
    return target


@transaction.atomic
def remove_target(
    *, measure: str, by: User | None, kind: str = "", constituency: Constituency | None = None
) -> None:
    """Stop aiming for a number on one measure (nothing happens if there is no target)."""
    target = Target.objects.filter(measure=measure, kind=kind, constituency=constituency).first()
    if target is not None:
        target._history_user = by  # type: ignore[attr-defined]
        target.delete()


@transaction.atomic
def save_targets(
    *, targets: Iterable[tuple[str, str, Constituency | None, int | None]], by: User | None
) -> None:
    """Set or remove several targets at once: (measure, kind, constituency, minimum or None)."""
    for measure, kind, constituency, minimum in targets:
        if minimum is None:
            remove_target(measure=measure, kind=kind, constituency=constituency, by=by)
        else:
            set_target(
                measure=measure, kind=kind, constituency=constituency, minimum=minimum, by=by
            )


@transaction.atomic
def review_constituency_change(*, change: ConstituencyChange, by: User) -> bool:
    """Mark a member's change to constituencies as reviewed; False if it already was."""
    return bool(
        ConstituencyChange.objects.filter(pk=change.pk, reviewed_at=None).update(
            reviewed_by=by, reviewed_at=timezone.now()
        )
    )
