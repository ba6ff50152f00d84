"""How every network service saves: validated, and attributed to its author in the history."""

from typing import Any

from django.db.models import Model

from coprod.models import User


def save_attributed(instance: Model, *, by: User | None) -> None:
    """Validate and save, recording the author in the audit history."""
    instance.full_clean()
    instance._history_user = by  # type: ignore[attr-defined]
    instance.save()


def assign_fields(instance: Model, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
