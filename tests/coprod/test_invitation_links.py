"""Invitation links start with the address the inviter used, or SITE_URL without one."""

import re

import pytest

from coprod.services import email_invitation, invite_user
from tests.factories import UserFactory


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group()


@pytest.fixture
def staff(db):
    return UserFactory(roles=["staff"])


def test_without_a_request_the_link_starts_with_site_url(
    staff, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.SITE_URL = "https://coprod.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        invite_user(email="new@example.org", full_name="New Person", by=staff)

    assert _link(mailoutbox[0]).startswith("https://coprod.example.org/accounts/invitation/")


def test_the_inviters_address_is_carried_to_the_email(
    staff, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.SITE_URL = "https://coprod.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        invite_user(
            email="new@example.org",
            full_name="New Person",
            by=staff,
            site_url="http://localhost:8123/",
        )

    assert _link(mailoutbox[0]).startswith("http://localhost:8123/accounts/invitation/")


def test_a_queued_invitation_without_an_address_still_sends_with_site_url(
    db, settings, mailoutbox
):
    """Messages queued before site_url existed carry only the two ids."""
    from coprod.tasks import send_invitation

    settings.SITE_URL = "https://coprod.example.org"
    user = UserFactory(password=None)

    send_invitation(user.pk, None)

    assert _link(mailoutbox[0]).startswith("https://coprod.example.org/accounts/invitation/")


def test_the_address_may_end_with_a_slash_or_not(db, mailoutbox):
    first = UserFactory(email="first@example.org", password=None)
    second = UserFactory(email="second@example.org", password=None)

    email_invitation(user_id=first.pk, invited_by_id=None, site_url="http://127.0.0.1:8001/")
    email_invitation(user_id=second.pk, invited_by_id=None, site_url="http://127.0.0.1:8001")

    links = [_link(message) for message in mailoutbox]
    assert all(link.startswith("http://127.0.0.1:8001/accounts/invitation/") for link in links)
