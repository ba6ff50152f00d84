"""Pages that gather every part of the network: the home page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from coprod.permissions import AuthenticatedRequest, role_labels
from network.panels import home_panels as network_panels
from projects.panels import home_panels as projects_panels


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """What needs doing, for each role the person holds, panel by panel from each app."""
    context = {
        "role_names": role_labels(request.can.roles),
        "panels": [*network_panels(request), *projects_panels(request)],
    }
    return render(request, "reporting/home.html", context)
