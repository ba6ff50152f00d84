"""Staff and administrators set up two-factor sign-in before reaching any other page."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def require_two_factor(settings):
    settings.COPROD_REQUIRE_STAFF_MFA = True


@pytest.mark.parametrize("roles", [["staff"], []])
@pytest.mark.django_db
def test_staff_and_admins_without_two_factor_are_sent_to_set_it_up(
    client, require_two_factor, roles
):
    user = UserFactory(roles=roles, is_staff=not roles)
    client.force_login(user)
    for url in (reverse("reporting:home"), reverse("network:organisation-list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_after_signing_in_staff_reach_the_set_up_page(client, require_two_factor):
    UserFactory(email="new.staff@example.org", roles=["staff"])
    client.post(
        reverse("account_login"), {"login": "new.staff@example.org", "password": "coprod-demo"}
    )
    # allauth asks for the password once more before any two-factor change.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    response = client.post(
        response.redirect_chain[-1][0], {"password": "coprod-demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert b"Authenticator" in response.content


@pytest.mark.django_db
def test_staff_with_an_authenticator_app_reach_their_home_page(client, require_two_factor):
    user = UserFactory(roles=["staff"])
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client.force_login(user)
    assert client.get(reverse("reporting:home")).status_code == 200


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
@pytest.mark.django_db
def test_other_roles_are_not_required_to_use_two_factor(client, require_two_factor, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("reporting:home")).status_code == 200
