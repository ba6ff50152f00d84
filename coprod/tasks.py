"""Background jobs about accounts."""

from smtplib import SMTPException

from celery import shared_task

from coprod import services


@shared_task(
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def send_invitation(
    user_id: int, invited_by_id: int | None = None, site_url: str | None = None
) -> None:
    """Email one invitation (safe to run twice: an accepted one is not sent again)."""
    services.email_invitation(user_id=user_id, invited_by_id=invited_by_id, site_url=site_url)


@shared_task
def ping() -> str:
    """Answer "pong": proves the broker and a worker work (used by /healthz checks)."""
    return "pong"
