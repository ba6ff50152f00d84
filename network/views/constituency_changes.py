"""Staff review members' changes to their organisations' constituencies."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from coprod.permissions import AuthenticatedRequest, requires
from network import services
from network.models import ConstituencyChange


@requires("network_change")
@require_POST
def constituency_change_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark a member's change to constituencies as reviewed, from the home page."""
    change = get_object_or_404(ConstituencyChange.objects.select_related("organisation"), pk=pk)
    if services.review_constituency_change(change=change, by=request.user):
        messages.success(
            request, f"The change to {change.organisation}'s constituencies is marked as reviewed."
        )
    else:
        messages.info(
            request, f"The change to {change.organisation}'s constituencies was already reviewed."
        )
    return redirect("reporting:home")
