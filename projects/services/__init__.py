"""Writes to projects: one module per part, all reachable from here."""

from projects.services.advisory_groups import (
    add_advisory_member,
    create_advisory_group,
    end_advisory_member,
)
from projects.services.commissioning import (
    create_commission,
    update_commission,
)
from projects.services.involvement import (
    accept_plan,
    checkpoint_stages,
    create_programme,
    create_project,
    delete_activity,
    log_activity,
    move_project,
    record_impact,
    set_checkpoints,
    update_activity,
    update_programme,
    update_project,
    write_plan,
)
from projects.services.payments import (
    add_receipt,
    approve_claim,
    enter_claim,
    mark_claim_paid,
    record_declined_payment,
    set_payment_threshold,
)

__all__ = [
    "accept_plan",
    "add_advisory_member",
    "add_receipt",
    "approve_claim",
    "checkpoint_stages",
    "create_advisory_group",
    "create_commission",
    "create_programme",
    "create_project",
    "delete_activity",
    "end_advisory_member",
    "enter_claim",
    "log_activity",
    "mark_claim_paid",
    "move_project",
    "record_declined_payment",
    "record_impact",
    "set_checkpoints",
    "set_payment_threshold",
    "update_activity",
    "update_commission",
    "update_programme",
    "update_project",
    "write_plan",
]
