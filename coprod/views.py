"""Site-wide pages: the health check and accepting an invitation."""

import sys

import redis
from allauth.account.forms import default_token_generator
from allauth.account.utils import url_str_to_user_pk
from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.views.decorators.cache import never_cache

from coprod import services
from coprod.models import User
from coprod.tokens import invitation_token_generator


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database (and the broker, when configured) answer; 503 otherwise."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as error:
        checks["database"] = f"unavailable: {error.__class__.__name__}"
    if settings.REDIS_URL:
        checks["broker"] = broker_status(settings.REDIS_URL)
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 with "try again" when the database is out of reach, else 500.

    Every service is atomic, so a request that failed this way wrote nothing.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def broker_status(url: str) -> str:
    """Ping Redis with a short timeout."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as error:
        return f"unavailable: {error.__class__.__name__}"
    return "ok"


def invitation_accept(request: HttpRequest, uidb36: str, key: str) -> HttpResponse:
    """An invitation link: its email is verified, then allauth's set-password page follows."""
    try:
        user = User.objects.get(pk=url_str_to_user_pk(uidb36))
    except (ValueError, User.DoesNotExist):
        user = None
    if user is None or not invitation_token_generator.check_token(user, key):
        messages.error(
            request,
            "This invitation link has expired or has been used already. "
            "Ask the co-production team for a new one, or reset your password.",
        )
        return redirect("account_reset_password")
    services.accept_invitation(user=user)
    # allauth's set-password page takes a reset token, which lasts an hour from now.
    reset_key = default_token_generator.make_token(user)
    return redirect("account_reset_password_from_key", uidb36=uidb36, key=reset_key)
