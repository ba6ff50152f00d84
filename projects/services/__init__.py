"""Writes to projects: one module per part, all reachable from here."""

from projects.services.involvement import (
    create_programme,
    update_programme,
    create_project,
    update_project,
    checkpoint_stages,
    move_project,
    set_checkpoints,
    write_plan,
    accept_plan,
    log_activity,
    record_impact,
)

__all__ = [
    "accept_plan",
    "checkpoint_stages",
    "create_programme",
    "create_project",
    "log_activity",
    "move_project",
    "record_impact",
    "set_checkpoints",
    "update_programme",
    "update_project",
    "write_plan",
]
