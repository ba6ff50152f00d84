"""The projects' panel on the home page: staff's own projects that need a plan."""

from coprod.panels import Panel
from coprod.permissions import AuthenticatedRequest
from projects import selectors


def home_panels(request: AuthenticatedRequest) -> list[Panel]:
    """For staff: "My projects" at or one move from a checkpoint without a plan."""
    if not request.can("project_write"):
        return []
    return [
        Panel(
            "projects/_home_my_projects.html",
            {
                "needing_plans": selectors.my_projects_needing_plans(request.user),
                "awaiting_acceptance": list(
                    selectors.plans_awaiting_acceptance(request.user)[:10]
                ),
            },
        )
    ]
