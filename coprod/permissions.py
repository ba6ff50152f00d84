"""Who may do what: SPEC.md's "Who may do what" table as data, and the one way to ask it.

Each row of the table is one `Capability`, naming the access each role has: every record
(`ALL`), only the person's own records or their organisation's (`OWN`), or a narrower
view the row's note describes (`PART`), which the selectors apply. Roles are Django
groups that follow from role terms and representations (network.services.apply_roles);
superusers count as staff.

Views, selectors, the navigation and templates all ask the same object: `request.can`
(in templates `can`), built once per request by `Can.of(user)`:

    request.can("organisation_edit")         # any access at all (views, decorators)
    request.can.fully("organisation_edit")   # access to every record
    {% if can.organisation_edit %}           # templates
    {% if can.all.person_contact %}

Pages a role may not use answer 403 (the `requires` decorator); records a role may not
see are filtered out by the selectors, so they answer 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
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
    """The roles of SPEC.md's table; a person may hold several."""

    STAFF = "staff", "Staff"
    CHAIR = "chair", "Chair of the network"
    CORE_GROUP = "core group", "Core group member"
    BOARD = "board", "Board member (trustee)"
    MEMBER = "member", "Member organisation representative"


class Access(IntEnum):
    """How much of a capability a role has; a person with several roles gets the most."""

    OWN = 1  # records of the person themselves or of the organisation they represent
    PART = 2  # a narrower view of every record: the row's note says which
    ALL = 3


ALL, PART, OWN = Access.ALL, Access.PART, Access.OWN
STAFF, CHAIR, CORE, BOARD, MEMBER = (
    Role.STAFF,
    Role.CHAIR,
    Role.CORE_GROUP,
    Role.BOARD,
    Role.MEMBER,
)


@dataclass(frozen=True)
class Capability:
    """One row of the table."""

    name: str
    row: str  # SPEC.md's wording of the row
    access: Mapping[Role, Access]
    notes: Mapping[Role, str] = field(default_factory=dict)
    signed_out: str = ""  # what someone who is not signed in may do, through a link


TABLE: tuple[Capability, ...] = (
    Capability(
        "organisation_view",
        "organisations: list, view",
        {STAFF: ALL, CHAIR: ALL, CORE: ALL, BOARD: PART, MEMBER: PART},
        {BOARD: "names only", MEMBER: "own + names"},
    ),
    Capability("organisation_edit", "organisations: edit", {STAFF: ALL, MEMBER: OWN}),
    Capability(
        "person_contact", "people: view contact details, access needs", {STAFF: ALL, MEMBER: OWN}
    ),
    Capability(
        "person_lived_experience",
        "people: lived experience (sensitive)",
        {STAFF: ALL, MEMBER: OWN},
    ),
    Capability("network_change", "memberships, roles, targets: change", {STAFF: ALL}),
    Capability(
        "representation_view",
        "representation page",
        {STAFF: ALL, CHAIR: ALL, CORE: ALL, BOARD: ALL},
    ),
    Capability(
        "overview_view",
        "network overview, annual reviews: read",
        {STAFF: ALL, CHAIR: ALL, CORE: ALL, BOARD: PART},
        {BOARD: "no names of people"},
    ),
    Capability("review_write", "annual reviews: write", {STAFF: ALL}),
    Capability(
        "organisation_export",
        "organisations list: CSV export",
        {STAFF: ALL, CHAIR: PART, CORE: PART},
        {CHAIR: "no personal data", CORE: "no personal data"},
    ),
    Capability("person_list", "people list, people CSV export, import", {STAFF: ALL}),
    Capability("contact_log", "contact log (calls, letters, visits, follow-ups)", {STAFF: ALL}),
    Capability(
        "recruitment",
        "recruitment pipeline: view, add advice",
        {STAFF: ALL, CHAIR: ALL, CORE: ALL},
    ),
    Capability(
        "meeting_view",
        "meetings: view",
        {STAFF: ALL, CHAIR: ALL, CORE: ALL, BOARD: PART, MEMBER: PART},
        {BOARD: "strategic + invited", MEMBER: "invited"},
    ),
    Capability(
        "agenda_propose",
        "agenda: propose item",
        {STAFF: ALL, CHAIR: ALL, CORE: ALL, MEMBER: PART},
        {MEMBER: "when the meeting allows"},
    ),
    Capability(
        "agenda_arrange", "agenda: arrange draft, see drafts", {STAFF: ALL, CHAIR: ALL, CORE: ALL}
    ),
    Capability(
        "agenda_sign_off",
        "agenda: sign off",
        {CHAIR: ALL, CORE: PART},
        {CORE: "if named by chair"},
    ),
    Capability("meeting_record", "attendance register, minutes, actions: write", {STAFF: ALL}),
    Capability(
        "minutes_read",
        'approved minutes, "you said, we did": read',
        {STAFF: ALL, CHAIR: ALL, CORE: ALL, BOARD: ALL, MEMBER: PART},
        {MEMBER: "invited"},
    ),
    Capability("project_write", "projects, activities, impact: write", {STAFF: ALL}),
    Capability(
        "project_read",
        "projects, activities, impact: read",
        {STAFF: ALL, CHAIR: PART, CORE: PART, BOARD: PART, MEMBER: OWN},
        {
            CHAIR: "counts, no contributor names",
            CORE: "counts, no contributor names",
            BOARD: "counts, no contributor names",
            MEMBER: "projects own org took part in",
        },
    ),
    Capability("payments", "payments to contributors", {STAFF: ALL, MEMBER: OWN}),
    Capability(
        "bulletin_send",
        "bulletins, surveys: send",
        {STAFF: ALL, CHAIR: PART, CORE: PART},
        {CHAIR: "draft only", CORE: "draft only"},
    ),
    Capability(
        "bulletin_archive",
        "bulletins: read archive",
        {STAFF: ALL, CHAIR: ALL, CORE: ALL, BOARD: ALL, MEMBER: PART},
        {MEMBER: "sent to them"},
    ),
    Capability(
        "survey_answer",
        "survey: answer",
        {CHAIR: ALL, CORE: ALL, MEMBER: ALL},
        signed_out="by personal link",
    ),
    Capability("preferences", "preferences, unsubscribe", {}, signed_out="by signed link"),
    Capability("report_generate", "report editions: generate, write narrative", {STAFF: ALL}),
    Capability(
        "report_comment", "report editions: comment on draft", {STAFF: ALL, CHAIR: ALL, CORE: ALL}
    ),
    Capability(
        "report_read",
        "report editions: read approved, PDF, CSV",
        {STAFF: ALL, CHAIR: ALL, CORE: ALL, BOARD: ALL},
    ),
    Capability("dashboard", "dashboard", {STAFF: ALL, CHAIR: ALL, CORE: ALL}),
    Capability("plan_edit", "plan of change: edit", {STAFF: ALL}),
    Capability(
        "plan_read", "plan of change: read", {STAFF: ALL, CHAIR: ALL, CORE: ALL, BOARD: ALL}
    ),
    Capability(
        "audit",
        "audit history, subject access export, erasure",
        {STAFF: ALL},
        {STAFF: "erasure needs a second staff member"},
    ),
    # The Django admin is for superusers and staff with admin rights (User.is_staff),
    # which Django's admin checks itself: no role gives it.
    Capability("admin", "Django admin", {}),
)
CAPABILITIES: dict[str, Capability] = {capability.name: capability for capability in TABLE}


class UnknownCapability(Exception):
    """A name that is not a row of the table (a typo): loud, even in a template.

    Not a KeyError on purpose: Django's templates swallow those and render nothing.
    """


class AuthenticatedRequest(HttpRequest):
    """A request behind a sign-in check: its user is a real user (for type checking)."""

    user: User
    can: Can


def roles_of(user: User | AnonymousUser) -> frozenset[str]:
    """The role names a user holds, read once and kept on the user."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_coprod_roles", None)
    if cached is None:
        names = {name for name in user.groups.values_list("name", flat=True) if name in Role}
        if user.is_superuser:
            names.add(Role.STAFF)
        cached = frozenset(names)
        user._coprod_roles = cached  # type: ignore[attr-defined]
    return cached


def forget_roles(user: User) -> None:
    """Drop what was read about the user's roles after their groups change."""
    if hasattr(user, "_coprod_roles"):
        del user._coprod_roles


class Can:
    """What one signed-in person may do, answered from the table."""

    do_not_call_in_templates = True  # templates read `can.<name>`; they never call `can`

    def __init__(self, user: User | AnonymousUser) -> None:
        self.user = user  # may be the request's lazy user: nothing is read until asked
        self.all = _Fully(self)

    @classmethod
    def of(cls, user: User | AnonymousUser) -> Can:
        """The answers for this user (its roles are read once and kept on the user)."""
        return cls(user)

    @property
    def roles(self) -> frozenset[str]:
        return roles_of(self.user)

    def access(self, name: str) -> Access | None:
        """The most access any of the person's roles gives, or None."""
        try:
            capability = CAPABILITIES[name]
        except KeyError:
            raise UnknownCapability(name) from None
        grants = [
            capability.access[Role(role)] for role in self.roles if role in capability.access
        ]
        return max(grants, default=None)

    def __call__(self, name: str) -> bool:
        return self.access(name) is not None

    def fully(self, name: str) -> bool:
        """Access to every record, not only their own or a part."""
        return self.access(name) == Access.ALL

    def __getitem__(self, name: str) -> bool | _Fully:
        # Templates look `can.all` up as can["all"] first.
        return self.all if name == "all" else self(name)

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        return self(name)


class _Fully:
    """`can.all.<capability>` in templates: access to every record."""

    def __init__(self, can: Can) -> None:
        self._can = can

    def __getitem__(self, name: str) -> bool:
        return self._can.fully(name)

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._can.fully(name)


def can(user: User | AnonymousUser) -> Can:
    """What this user may do (the same object as `request.can`)."""
    return Can.of(user)


def is_staff_member(user: User | AnonymousUser) -> bool:
    """Staff of the charity (or a superuser): may see every record."""
    return Role.STAFF in roles_of(user)


def requires(name: str, *, fully: bool = False) -> Callable[[ViewFunc], ViewFunc]:
    """Sign-in required, then access to the capability (to every record, when `fully`).

    Anyone else gets 403; which records they reach is the selectors' business (404).
    """
    if name not in CAPABILITIES:
        raise UnknownCapability(name)

    def decorator(view: ViewFunc) -> ViewFunc:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            can = Can.of(request.user)
            if not (can.fully(name) if fully else can(name)):
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        wrapped.capability = (name, fully)  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def role_labels(roles: Iterable[str]) -> list[str]:
    """Human labels for role names, in the table's order."""
    return [role.label for role in Role if role in roles]
