"""What every page needs to draw the navigation for the signed-in person's roles."""

from django.http import HttpRequest

from coprod.navigation import links_for


def navigation(request: HttpRequest) -> dict:
    return {"navigation_links": links_for(request.user)}
