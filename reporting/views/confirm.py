"""The confirmation page before deleting part of the plan, and the deletion it confirms."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from coprod.permissions import AuthenticatedRequest


def confirm_delete(
    request: AuthenticatedRequest,
    *,
    heading: str,
    consequences: list[str],
    button: str,
    back_url: str,
    delete: Callable[[], None],
    done: str,
    next_url: str,
) -> HttpResponse:
    """Ask first (includes/confirm_page.html); delete only when the answer confirms it."""
    if request.method == "POST" and request.POST.get("confirm") == "true":
        delete()
        messages.success(request, done)
        return redirect(next_url)
    context = {
        "heading": heading,
        "consequences": consequences,
        "hidden": {},
        "button": button,
        "back_url": back_url,
    }
    return render(request, "includes/confirm_page.html", context)
