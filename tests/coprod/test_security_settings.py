"""Security settings (OWASP ASVS level 2 as the yardstick): headers, sessions, tokens,
two-factor secrets at rest, lockouts and the security log."""

import logging
from datetime import timedelta

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from coprod.adapters import ENCRYPTED_PREFIX
from coprod.tokens import invitation_token_generator
from tests.factories import UserFactory

HOME = "/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts attempts in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def signed_in(user, **extra) -> Client:
    client = Client(**extra)
    client.force_login(user)
    return client


# --- Headers -------------------------------------------------------------------------


def test_every_page_carries_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_browser_features_no_page_needs_are_switched_off(client, db):
    policy = client.get(reverse("account_login"))["Permissions-Policy"]
    assert "camera=()" in policy
    assert "geolocation=()" in policy
    assert "microphone=()" in policy


def test_pages_and_exports_with_personal_data_are_never_stored(staff_client):
    for url in (reverse("network:person-list"), reverse("network:person-export"), HOME):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


# --- Sessions ------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_are_signed_out_after_thirty_idle_minutes(time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    client = signed_in(UserFactory(roles=["staff"]))
    assert client.get(HOME).status_code == 200
    time_machine.shift(timedelta(minutes=29))
    assert client.get(HOME).status_code == 200  # still working: the clock starts again
    time_machine.shift(timedelta(minutes=31))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.get(HOME).status_code == 302  # signed out for good, not just redirected


@pytest.mark.django_db
def test_others_keep_their_session_through_an_idle_hour(time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    client = signed_in(UserFactory(roles=["member"]))
    time_machine.shift(timedelta(minutes=90))
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("roles", [["member"], ["staff"]])
@pytest.mark.django_db
def test_every_session_ends_twelve_hours_after_sign_in(time_machine, roles):
    time_machine.move_to("2026-03-02 08:00", tick=False)
    client = signed_in(UserFactory(roles=roles))
    for _ in range(48):  # busy all day: a request every quarter of an hour
        time_machine.shift(timedelta(minutes=15))
        assert client.get(HOME).status_code == 200
    time_machine.shift(timedelta(minutes=15))  # 12 hours and 15 minutes after sign-in
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_signing_in_starts_a_new_session(client):
    UserFactory(email="pat@example.org")
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("account_login"), {"login": "pat@example.org", "password": "coprod-demo"})
    assert client.session.session_key != before


@pytest.mark.django_db
def test_changing_the_password_ends_the_persons_other_sessions():
    user = UserFactory(email="pat@example.org")
    here, elsewhere = signed_in(user), signed_in(user)
    response = here.post(
        reverse("account_change_password"),
        {
            "oldpassword": "coprod-demo",
            "password1": "a-much-longer-passphrase-7",
            "password2": "a-much-longer-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert here.get(HOME).status_code == 200
    assert elsewhere.get(HOME).status_code == 302


@pytest.mark.django_db
def test_changing_email_addresses_asks_for_the_password_again(time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    client = Client()
    UserFactory(email="pat@example.org")
    client.post(reverse("account_login"), {"login": "pat@example.org", "password": "coprod-demo"})
    time_machine.shift(timedelta(minutes=10))
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "pat.new@example.org"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


# --- Links ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reset_link_lasts_an_hour(client, time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    user = UserFactory()
    key = default_token_generator.make_token(user)
    time_machine.shift(timedelta(minutes=59))
    assert default_token_generator.check_token(user, key)
    time_machine.shift(timedelta(minutes=2))
    assert not default_token_generator.check_token(user, key)


@pytest.mark.django_db
def test_an_invitation_link_lasts_a_week_and_is_no_reset_link(client, time_machine):
    time_machine.move_to("2026-03-02 09:00", tick=False)
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    key = invitation_token_generator.make_token(user)
    assert not default_token_generator.check_token(user, key)
    time_machine.shift(timedelta(days=6, hours=23))
    url = reverse("invitation-accept", args=[user_pk_to_url_str(user), key])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/password/reset/key/")
    time_machine.shift(timedelta(hours=2))  # more than a week
    assert not invitation_token_generator.check_token(user, key)
    assert client.get(url).url == reverse("account_reset_password")


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_emails_nobody(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


# --- Two-factor secrets --------------------------------------------------------------


@pytest.mark.django_db
def test_totp_secrets_are_stored_encrypted_and_still_check_codes():
    user = UserFactory()
    secret = generate_totp_secret()
    totp = TOTP.activate(user, secret)
    stored = Authenticator.objects.get(pk=totp.instance.pk).data["secret"]
    assert stored.startswith(ENCRYPTED_PREFIX)
    assert secret not in stored
    code = hotp_value(secret, int(__import__("time").time()) // 30)
    assert TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(f"{code:06d}")


@pytest.mark.django_db
def test_secrets_saved_in_the_clear_are_encrypted_by_the_command():
    user = UserFactory()
    authenticator = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    call_command("encrypt_mfa_secrets", stdout=__import__("io").StringIO())
    authenticator.refresh_from_db()
    assert authenticator.data["secret"].startswith(ENCRYPTED_PREFIX)
    assert "JBSWY3DPEHPK3PXP" not in str(authenticator.data)


# --- Lockouts and the security log --------------------------------------------------


def sign_in(client: Client, password: str, address: str):
    return client.post(
        reverse("account_login"),
        {"login": "pat@example.org", "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_failed_sign_ins_lock_out_the_account_from_that_address_only(settings, client):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key"}
    UserFactory(email="pat@example.org")
    for _ in range(5):
        sign_in(client, "wrong", "203.0.113.7")
    locked = sign_in(client, "coprod-demo", "203.0.113.7")
    assert locked.status_code == 200
    assert "Too many failed login attempts" in locked.content.decode()
    office = Client()
    assert sign_in(office, "coprod-demo", "198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_sign_ins_and_failures_are_logged_without_the_address(client, caplog):
    UserFactory(email="pat@example.org")
    with caplog.at_level(logging.INFO, logger="coprod.security"):
        sign_in(client, "wrong", "203.0.113.7")
        sign_in(client, "coprod-demo", "203.0.113.7")
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("failed sign-in: account ") for m in messages)
    assert any(m.startswith("sign-in: user ") for m in messages)
    assert not any("pat@example.org" in m for m in messages)


def test_refused_requests_are_logged(member_client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert member_client.get(reverse("network:person-list")).status_code == 403
    assert any("Forbidden" in record.getMessage() for record in caplog.records)
