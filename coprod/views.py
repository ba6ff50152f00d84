"""Site-wide pages: each role's home page, the health check, accepting an invitation."""

import redis
from allauth.account.forms import default_token_generator
from allauth.account.utils import url_str_to_user_pk
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from coprod import services
from coprod.models import User
from coprod.permissions import GOVERNANCE, Role, has_role, role_labels, roles_of
from network import selectors as network


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What needs doing, for each role the person holds."""
    user = request.user
    context: dict = {"role_names": role_labels(roles_of(user))}
    if has_role(user, *GOVERNANCE, Role.BOARD):
        context["representation"] = network.representation_on()
    if has_role(user, *GOVERNANCE):
        context["awaiting_advice"] = list(network.candidates_awaiting_advice_from(user)[:10])
    if has_role(user, Role.STAFF):
        context["open_candidates"] = network.open_candidate_count()
    context["own_organisations"] = list(
        network.organisations_visible_to(user).filter(pk__in=network.own_organisation_ids(user))
    )
    context["person"] = network.own_person(user)
    return render(request, "coprod/home.html", context)


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
    if user is None or not default_token_generator.check_token(user, key):
        messages.error(
            request,
            "This invitation link has expired or has been used already. "
            "Ask the co-production team for a new one, or reset your password.",
        )
        return redirect("account_reset_password")
    services.accept_invitation(user=user)
    return redirect("account_reset_password_from_key", uidb36=uidb36, key=key)
