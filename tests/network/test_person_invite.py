"""Inviting a person to sign in: one email, a link to set a password, then they can sign in."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from network.models import Person
from tests.factories import PersonFactory, RepresentativeFactory, UserFactory

NOT_STAFF = ["chair", "core group", "board", "member"]
NEW_PASSWORD = "a-long-passphrase-for-ria-42"  # noqa: S105 - a test password, not a secret


def _invite_url(person: Person) -> str:
    return reverse("network:person-invite", args=[person.pk])


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.post(_invite_url(PersonFactory()))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", NOT_STAFF)
def test_roles_other_than_staff_may_not_invite(role_clients, role, mailoutbox):
    person = PersonFactory()

    assert role_clients[role].post(_invite_url(person)).status_code == 403
    assert mailoutbox == []


def test_inviting_is_a_button_not_a_link(staff_client):
    assert staff_client.get(_invite_url(PersonFactory())).status_code == 405


def test_invited_person_sets_a_password_and_signs_in(
    staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    person = PersonFactory(full_name="Ria Rep", email="ria@example.org")
    RepresentativeFactory(person=person)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_invite_url(person))

    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    assert _messages(response) == ["Invitation sent to Ria Rep at ria@example.org."]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ria@example.org"]
    link = re.search(r"https?://\S+", mailoutbox[0].body).group()
    path = urlsplit(link).path
    assert path.startswith("/accounts/invitation/")

    visitor = Client()
    response = visitor.get(path, follow=True)
    set_password_url = response.redirect_chain[-1][0]
    assert response.status_code == 200
    assert "password1" in response.context["form"].fields

    response = visitor.post(
        set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302

    person.refresh_from_db()
    assert EmailAddress.objects.get(user=person.user).verified
    assert list(person.user.groups.values_list("name", flat=True)) == ["member"]
    response = Client().post(
        reverse("account_login"), {"login": "ria@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("reporting:home")


def test_a_person_without_email_is_told_to_add_one(
    staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    person = PersonFactory(email="")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_invite_url(person))

    assert response.status_code == 302
    assert _messages(response) == ["Add an email address before inviting this person to sign in."]
    assert mailoutbox == []
    person.refresh_from_db()
    assert person.user is None


def test_a_person_who_can_already_sign_in_is_not_emailed(
    staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory(email="ria@example.org")
    person = PersonFactory(full_name="Ria Rep", email=user.email, user=user)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_invite_url(person))

    assert _messages(response) == ["Ria Rep can already sign in."]
    assert mailoutbox == []


def test_an_invited_person_can_be_sent_the_invitation_again(
    staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    person = PersonFactory(email="ria@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(_invite_url(person))

    html = staff_client.get(person.get_absolute_url()).content.decode()
    assert "Invited; has not chosen a password yet" in html
    assert "Send the invitation again" in html

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(_invite_url(person))
    assert [message.to for message in mailoutbox] == [["ria@example.org"]] * 2


def test_the_emailed_link_starts_with_the_address_the_page_was_served_on(
    staff_client, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.SITE_URL = "https://coprod.example.org"
    person = PersonFactory(email="ria@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(_invite_url(person), HTTP_HOST="127.0.0.1:8001")

    link = re.search(r"https?://\S+", mailoutbox[0].body).group()
    assert link.startswith("http://127.0.0.1:8001/accounts/invitation/")
    assert f'href="{link}"' in mailoutbox[0].alternatives[0][0]


def test_a_host_the_app_does_not_serve_sends_no_invitation(
    staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    person = PersonFactory(email="ria@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_invite_url(person), HTTP_HOST="coprod.attacker.example")

    assert response.status_code == 400
    assert mailoutbox == []
