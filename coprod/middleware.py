"""Request-wide rules: the capability table's answers, two-factor sign-in for staff,
session limits, and no caching of pages with personal data."""

import logging
import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from coprod.models import User
from coprod.permissions import Can, is_staff_member

security_log = logging.getLogger("coprod.security")


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


class NoStoreMiddleware:
    """Pages and exports may hold personal data: no browser or proxy may keep a copy.

    Static files are served before this (WhiteNoise) and keep their long caching; a view
    that sets its own Cache-Control keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            patch_cache_control(response, no_store=True, private=True)
        return response


SESSION_STARTED = "coprod_session_started"
SESSION_LAST_SEEN = "coprod_session_last_seen"
LAST_SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute for it


def start_session_clock(request: HttpRequest) -> None:
    """Sign-in: the 12 hours, and the idle time, count from now."""
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_LAST_SEEN] = now


class SessionLimitsMiddleware:
    """End a session 12 hours after sign-in, and a staff session after 30 minutes idle.

    Staff see personal data, so a computer left signed in is signed out soon; everyone
    else keeps their session through a working day. Limits are in settings
    (COPROD_SESSION_MAX_AGE, COPROD_STAFF_IDLE_TIMEOUT).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            last_seen = session.get(SESSION_LAST_SEEN, now)
            idle_limit = (
                settings.COPROD_STAFF_IDLE_TIMEOUT
                if is_staff_member(user) or user.is_staff
                else None
            )
            expired = now - started > settings.COPROD_SESSION_MAX_AGE
            idle = idle_limit is not None and now - last_seen > idle_limit
            if expired or idle:
                security_log.info(
                    "session ended (%s) for user %s", "idle" if idle else "12 hours", user.pk
                )
                logout(request)
                messages.info(
                    request,
                    "You were signed out because you had not used Coprod for a while."
                    if idle
                    else "You were signed out because you signed in 12 hours ago.",
                )
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= LAST_SEEN_RESOLUTION or SESSION_LAST_SEEN not in session:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)
