"""Writes about accounts: invitations and role groups."""

from collections.abc import Iterable

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from coprod import tasks
from coprod.models import User
from coprod.permissions import Role, forget_roles


@transaction.atomic
def invite_user(
    *,
    email: str,
    full_name: str,
    roles: Iterable[Role],
    by: User,
    site_url: str | None = None,
) -> User:
    """Make (or find) the account for an email address and email a set-password link.

    site_url is the address the link starts with: the inviting request's own, so the link
    works wherever the app is served; SITE_URL when there is no request.
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name)
    EmailAddress.objects.get_or_create(
        user=user, email__iexact=email, defaults={"email": email, "primary": True}
    )
    for role in roles:
        grant_role(user=user, role=role)
    invited_by = by.pk
    transaction.on_commit(
        lambda: tasks.send_invitation.delay(user.pk, invited_by, site_url=site_url)
    )
    return user


def grant_role(*, user: User, role: Role) -> None:
    """Put the user in the role's group."""
    user.groups.add(Group.objects.get(name=role))
    forget_roles(user)


def revoke_role(*, user: User, role: Role) -> None:
    """Take the user out of the role's group."""
    user.groups.remove(Group.objects.get(name=role))
    forget_roles(user)


def invitation_path(user: User) -> str:
    """The path of the one-time link with which an invited person sets a password."""
    key = default_token_generator.make_token(user)
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
