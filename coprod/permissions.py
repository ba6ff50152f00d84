"""Who may do what: the roles of SPEC.md's table and the decorators every view uses.

Roles are Django groups, created by a migration. A person may hold several. Superusers
count as staff. Pages a role may not use answer 403; objects a role may not see are
filtered out by the selectors, so they answer 404.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse

from coprod.models import User

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


class Role(models.TextChoices):
    STAFF = "staff", "Staff"
    CHAIR = "chair", "Chair"
    CORE_GROUP = "core group", "Core group"
    BOARD = "board", "Board"
    MEMBER = "member", "Member representative"


# Groups of roles that SPEC.md's table treats alike.
GOVERNANCE = (Role.STAFF, Role.CHAIR, Role.CORE_GROUP)  # co-design, drafts, advice
READERS = (Role.STAFF, Role.CHAIR, Role.CORE_GROUP, Role.BOARD)  # representation, reports
EVERYONE = tuple(Role)


class AuthenticatedRequest(HttpRequest):
    """A request behind a sign-in check: its user is a real user (for type checking)."""

    user: User


def roles_of(user: User | AnonymousUser) -> frozenset[str]:
    """The role names a user holds, read once per request and kept on the user."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_coprod_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            names.add(Role.STAFF)
        cached = frozenset(names)
        user._coprod_roles = cached  # type: ignore[union-attr,attr-defined]
    return cached


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    """True when the user holds any of the roles."""
    return not roles_of(user).isdisjoint(roles)


def is_staff_member(user: User | AnonymousUser) -> bool:
    """Staff of the charity (or a superuser): may see every record."""
    return has_role(user, Role.STAFF)


def forget_roles(user: User) -> None:
    """Drop the cached roles after groups change within a request."""
    if hasattr(user, "_coprod_roles"):
        del user._coprod_roles


def role_required(*roles: Role) -> Callable[[ViewFunc], ViewFunc]:
    """Sign-in required, then one of the roles; anyone else gets 403."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, *roles):
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = tuple(roles)  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


staff_required = role_required(Role.STAFF)


def role_labels(roles: Iterable[str]) -> list[str]:
    """Human labels for role names, in the table's order."""
    return [role.label for role in Role if role in roles]
