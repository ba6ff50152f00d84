"""Background jobs of the network."""

from celery import shared_task
from django.utils import timezone

from network import services


@shared_task
def sync_role_groups() -> int:
    """Daily: bring sign-in role groups into line with the terms in force today."""
    return services.sync_role_groups(on=timezone.localdate())
