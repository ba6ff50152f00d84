"""Sign-in by email with allauth: invitation only, no public sign-up."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from coprod.models import AuditEvent, User
from coprod.services import invitation_path, invite_user
from tests.factories import UserFactory


@pytest.mark.django_db
def test_sign_in_with_email_and_password_reaches_home(client):
    UserFactory(email="chair@example.org", roles=["chair"])
    response = client.post(
        reverse("account_login"), {"login": "chair@example.org", "password": "coprod-demo"}
    )
    assert response.status_code == 302
    assert response.url == reverse("reporting:home")
    user = User.objects.get(email="chair@example.org")
    assert list(user.audit_events.values_list("action", flat=True)) == ["signed-in"]


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_message_and_the_email_kept(client):
    UserFactory(email="chair@example.org")
    response = client.post(
        reverse("account_login"), {"login": "chair@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert b"not correct" in response.content
    assert b'value="chair@example.org"' in response.content


@pytest.mark.django_db
def test_there_is_no_public_sign_up(client):
    response = client.get(reverse("account_signup"))
    assert b"Sign Up Closed" in response.content or b"closed" in response.content.lower()
    login_page = client.get(reverse("account_login")).content.decode()
    assert "sign up" not in login_page.lower()


@pytest.mark.django_db
def test_an_invitation_emails_one_link_and_is_recorded_without_giving_roles(
    django_capture_on_commit_callbacks, mailoutbox
):
    staff = UserFactory(roles=["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        user = invite_user(email="new@example.org", full_name="New Person", by=staff)
    assert [m.to for m in mailoutbox] == [["new@example.org"]]
    assert "/accounts/invitation/" in mailoutbox[0].body
    # Roles follow only from role terms and representations (network.services.apply_roles).
    assert list(user.groups.values_list("name", flat=True)) == []
    assert not user.has_usable_password()
    event = AuditEvent.objects.get(user=user)
    assert (event.action, event.actor, event.detail) == (
        AuditEvent.Action.INVITATION_SENT,
        staff,
        "new@example.org",
    )


@pytest.mark.django_db
def test_following_the_invitation_verifies_the_email_and_lets_them_set_a_password(client):
    staff = UserFactory(roles=["staff"])
    user = invite_user(email="new@example.org", full_name="New Person", by=staff)
    response = client.get(invitation_path(user), follow=True)
    assert EmailAddress.objects.get(user=user).verified
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url,
        {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "new@example.org", "password": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    assert response.url == reverse("reporting:home")


@pytest.mark.django_db
def test_a_used_or_forged_invitation_link_says_so(client):
    user = UserFactory()
    response = client.get(
        reverse("invitation-accept", kwargs={"uidb36": "zz", "key": "forged"}), follow=True
    )
    assert b"expired or has been used" in response.content
    assert not EmailAddress.objects.filter(user=user, verified=False).exists()


@pytest.mark.django_db
def test_an_accepted_invitation_is_not_sent_again(mailoutbox):
    from coprod.services import email_invitation

    user = UserFactory()  # has a usable password already
    email_invitation(user_id=user.pk, invited_by_id=None)
    assert mailoutbox == []
