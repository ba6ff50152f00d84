"""Background jobs of the network."""

from smtplib import SMTPException
from typing import Any

from celery import Task, shared_task
from django.db import OperationalError
from django.utils import timezone

from network import imports, services
from network.services import bulletins, meeting_records, meetings

FAILED_MESSAGE = (
    "The import stopped because of a fault on our side. Nothing was imported. "
    "Try again, and tell the Coprod team if it happens again."
)
PRINT_FAILED = "The PDF could not be made because of a fault on our side. Make it again."


@shared_task
def sync_role_groups() -> int:
    """Daily: bring sign-in role groups into line with the terms in force today."""
    return services.sync_role_groups(on=timezone.localdate())


@shared_task(bind=True, max_retries=3)
def import_organisations(self: Task, import_id: int) -> None:
    """Run a confirmed organisation import; a lasting error marks it failed."""
    try:
        imports.run_import(import_id=import_id)
    except OperationalError as error:  # the database went away for a moment
        if self.request.retries >= self.max_retries:
            imports.mark_import_failed(import_id=import_id, errors=[FAILED_MESSAGE])
            raise
        imports.requeue_import(import_id=import_id)
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
    except Exception:
        # Anything else will fail again: say so on the status page, then let it be logged.
        imports.mark_import_failed(import_id=import_id, errors=[FAILED_MESSAGE])
        raise


# --- Meetings: each task emails one person, once (the invitation row is the guard) -------

MEETING_EMAIL_RETRY: dict[str, Any] = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**MEETING_EMAIL_RETRY)
def send_meeting_invitation(invitation_id: int) -> bool:
    """Email one invitee the published agenda and the calendar entry."""
    return meetings.email_invitation(invitation_id=invitation_id)


@shared_task(**MEETING_EMAIL_RETRY)
def send_meeting_update(invitation_id: int) -> bool:
    """Email one invitee the moved meeting's updated calendar entry."""
    return meetings.email_meeting_update(invitation_id=invitation_id)


@shared_task(**MEETING_EMAIL_RETRY)
def send_meeting_cancellation(invitation_id: int) -> bool:
    """Email one invitee that the meeting is cancelled."""
    return meetings.email_cancellation(invitation_id=invitation_id)


@shared_task(**MEETING_EMAIL_RETRY)
def send_place_offered(invitation_id: int) -> bool:
    """Tell someone from the waiting list they now have a place."""
    return meetings.email_place_offered(invitation_id=invitation_id)


@shared_task
def send_meeting_reminders() -> int:
    """Daily: remind invitees attending or not replied, three days before each meeting."""
    return meetings.send_meeting_reminders()


@shared_task(autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def email_circulated_minutes(minutes_id: int) -> int:
    """Email circulated draft minutes to those who attended (once, however often run)."""
    return meeting_records.email_circulated_minutes(minutes_id=minutes_id)


@shared_task
def send_bulletin_batch(delivery_ids: list[int]) -> int:
    """Send a batch of bulletin emails over one SMTP connection (claimed one by one)."""
    return bulletins.send_delivery_batch(delivery_ids=delivery_ids)


@shared_task
def reconcile_deliveries() -> int:
    """Every few minutes: queue again the deliveries a lost task or worker left behind."""
    result = bulletins.reconcile_deliveries()
    return result.requeued + result.flagged


@shared_task(bind=True, max_retries=3)
def make_print_pack(self: Task, pack_id: int) -> None:
    """Make a bulletin's print PDF; a lasting error marks the pack failed."""
    try:
        bulletins.make_print_pack(pack_id=pack_id)
    except OperationalError as error:
        if self.request.retries >= self.max_retries:
            bulletins.mark_print_pack_failed(pack_id=pack_id, error=PRINT_FAILED)
            raise
        bulletins.mark_print_pack_failed(pack_id=pack_id, error="")
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
    except Exception:
        bulletins.mark_print_pack_failed(pack_id=pack_id, error=PRINT_FAILED)
        raise
