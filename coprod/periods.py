"""Dated periods (memberships, representations, role terms): which are in force on a day."""

from datetime import date

from django.db.models import Q


def in_force_on(day: date, *, through: str = "") -> Q:
    """Rows whose period covers the day: started on or before it, not ended before it.

    `through` reaches the period across a relation, e.g. `through="memberships"`.
    """
    prefix = f"{through}__" if through else ""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on": None}) | Q(**{f"{prefix}ended_on__gte": day})
    )
