"""Request-wide rules: the capability table's answers, and two-factor sign-in for staff."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from coprod.models import User
from coprod.permissions import Can, is_staff_member


class CapabilityMiddleware:
    """Give every request `request.can`: what the signed-in person may do."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.can = Can.of(request.user)  # type: ignore[attr-defined]
        return self.get_response(request)


def needs_two_factor(user: User | AnonymousUser) -> bool:
    """True for staff and admins who have not yet set up an authenticator app."""
    if not settings.COPROD_REQUIRE_STAFF_MFA or not user.is_authenticated:
        return False
    if not (is_staff_member(user) or user.is_staff):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    """Send staff without two-factor to the set-up page; account pages stay reachable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        exempt = (reverse("account_login").rsplit("login/", 1)[0], reverse("healthz"))
        if request.path.startswith(settings.STATIC_URL) or request.path.startswith(exempt):
            return self.get_response(request)
        if needs_two_factor(request.user):
            messages.info(
                request,
                "Staff accounts can see personal data, so they need two-factor sign-in. "
                "Set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
