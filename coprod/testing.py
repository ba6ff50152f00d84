"""Helpers that tests and the demo data share to make signed-in people."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from coprod.models import User


def make_user(
    *,
    email: str,
    roles: list[str],
    password: str = "coprod-demo",  # noqa: S107 - the documented demo password
    full_name: str = "",
    superuser: bool = False,
) -> User:
    """Create (or update) a user who can sign in at once, with a verified email and roles."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email)
    user.full_name = full_name or user.full_name
    user.is_superuser = superuser
    user.is_staff = superuser
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    # Transactional tests flush the groups the migration made: make them again if needed.
    user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
    return user
