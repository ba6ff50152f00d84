"""Writes about accounts: invitations, role groups and the audit events they leave."""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from coprod import tasks
from coprod.models import AuditEvent, User
from coprod.permissions import Role, forget_roles
from coprod.tokens import invitation_token_generator


@transaction.atomic
def invite_user(*, email: str, full_name: str, by: User, site_url: str | None = None) -> User:
    """Make (or find) the account for an email address and email a set-password link.

    The account's roles follow from the person's terms and representations
    (network.services.apply_roles), never from the invitation. site_url is the address
    the link starts with: the inviting request's own, so the link works wherever the app
    is served; SITE_URL when there is no request.
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name)
    EmailAddress.objects.get_or_create(
        user=user, email__iexact=email, defaults={"email": email, "primary": True}
    )
    AuditEvent.objects.create(
        user=user, actor=by, action=AuditEvent.Action.INVITATION_SENT, detail=email
    )
    invited_by = by.pk
    transaction.on_commit(
        lambda: tasks.send_invitation.delay(user.pk, invited_by, site_url=site_url)
    )
    return user


def set_roles(*, user: User, roles: Iterable[str], by: User | None, reason: str = "") -> bool:
    """Give a login exactly these role groups, recording each grant and removal.

    The only writer of role groups: network.services.apply_roles calls it with the roles
    that a person's terms and representations hold on a day. Returns whether anything
    changed (a login already right costs no write, so the nightly sync stays cheap).
    """
    wanted = set(roles)
    held = {group.name for group in user.groups.all() if group.name in Role}
    if wanted == held:
        return False
    with transaction.atomic():
        groups = {group.name: group for group in Group.objects.filter(name__in=wanted | held)}
        for name in sorted(held - wanted):
            user.groups.remove(groups[name])
            _record_role_change(user, by, AuditEvent.Action.ROLE_REVOKED, name, reason)
        for name in sorted(wanted - held):
            group = groups.get(name) or Group.objects.create(name=name)
            user.groups.add(group)
            _record_role_change(user, by, AuditEvent.Action.ROLE_GRANTED, name, reason)
    forget_roles(user)
    return True


def _record_role_change(user: User, by: User | None, action: str, role: str, reason: str) -> None:
    AuditEvent.objects.create(
        user=user, actor=by, action=action, detail=f"{Role(role).label}{reason}"
    )


def record_sign_in(*, user: User) -> None:
    """Note a successful sign-in in the login's audit events."""
    AuditEvent.objects.create(user=user, actor=user, action=AuditEvent.Action.SIGNED_IN)


def invitation_path(user: User) -> str:
    """The path of the one-time link with which an invited person sets a password."""
    key = invitation_token_generator.make_token(user)
    return reverse("invitation-accept", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})


def email_invitation(
    *, user_id: int, invited_by_id: int | None, site_url: str | None = None
) -> None:
    """Send the invitation email; a person who has already set a password is left alone."""
    user = User.objects.get(pk=user_id)
    if user.has_usable_password():
        return  # accepted already, or a retried message
    invited_by = User.objects.filter(pk=invited_by_id).first() if invited_by_id else None
    context = {
        "user": user,
        "invited_by": invited_by,
        "link": (site_url or settings.SITE_URL).rstrip("/") + invitation_path(user),
        "site_name": settings.COPROD_ORGANISATION_NAME,
    }
    subject = render_to_string("emails/invitation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/invitation_body.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("emails/invitation_body.html", context), "text/html"
    )
    message.send()


def accept_invitation(*, user: User) -> None:
    """The link reached the invited address: its email counts as verified."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
