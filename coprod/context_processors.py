"""What every page needs: the navigation and the answers of the capability table."""

from typing import Any

from django.http import HttpRequest

from coprod.navigation import links_for
from coprod.permissions import Can


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"navigation_links": links_for(request.user), "can": Can.of(request.user)}
