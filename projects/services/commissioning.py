"""Commissioning work from user-led and carer-led organisations, or from individual people
who use services and carers."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from coprod.models import User
from projects.models import Commission, Project
from projects.services.involvement import _save


def _check_supplier(commission: Commission) -> None:
    has_organisation = commission.organisation_id is not None
    has_person = commission.person_id is not None
    if has_organisation == has_person:
        raise ValidationError(
            {"organisation": "Choose either an organisation or a person as the supplier."},
            code="one_supplier",
        )
    if commission.organisation is not None and not commission.organisation.is_user_or_carer_led:
        raise ValidationError(
            {"organisation": "Choose an organisation led by people who use services or carers."},
            code="not_user_led",
        )


@transaction.atomic
def create_commission(*, project: Project, by: User | None, **fields: Any) -> Commission:
    """Record work commissioned for a project from one supplier (organisation or person)."""
    commission = Commission(project=project, created_by=by, **fields)
    _check_supplier(commission)
    _save(commission, by=by)
    return commission


@transaction.atomic
def update_commission(
    *, commission: Commission, by: User | None, changes: dict[str, Any]
) -> Commission:
    """Save a commission's edited details or its new status."""
    for name, value in changes.items():
        setattr(commission, name, value)
    _check_supplier(commission)
    _save(commission, by=by)
    return commission
