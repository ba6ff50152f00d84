"""Reads about commissioned work. Staff see every commission with its supplier; others
reading a project see organisations by name and individual people only as "a person"."""

from typing import Any

from django.db.models import QuerySet

from projects.models import Commission, Project
from projects.selectors.involvement import AnyUser, projects_visible_to


def commission_list(
    user: AnyUser, *, filters: dict[str, Any] | None = None
) -> QuerySet[Commission]:
    """Commissions of the projects the user may see, filtered (the view sorts them)."""
    commissions = Commission.objects.filter(project__in=projects_visible_to(user)).select_related(
        "project", "organisation", "person"
    )
    filters = filters or {}
    if filters.get("status"):
        commissions = commissions.filter(status=filters["status"])
    if filters.get("project"):
        commissions = commissions.filter(project=filters["project"])
    if filters.get("supplier_kind") == "organisation":
        commissions = commissions.exclude(organisation=None)
    elif filters.get("supplier_kind") == "person":
        commissions = commissions.exclude(person=None)
    return commissions


def project_commissions(project: Project) -> list[Commission]:
    """A project's commissions, newest first, with their suppliers, in one query."""
    return list(
        Commission.objects.filter(project=project)
        .select_related("organisation", "person")
        .order_by("-starts_on", "-pk")
    )
