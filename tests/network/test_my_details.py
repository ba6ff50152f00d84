"""My details: a person sees and changes their own record, and nobody else's."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from network.models import AccessNeed, Person
from tests.factories import PersonFactory, RepresentativeFactory

URL = reverse("network:my-details")
SIGNED_IN = ["staff", "chair", "core group", "board", "member"]
NOT_STAFF = ["chair", "core group", "board", "member"]


def _form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "pronouns": "they/them",
        "phone": "0161 496 0555",
        "address": "2 New Road\nLeeds",
        "postcode": "LS1 1AA",
        "preferred_channel": Person.Channel.LARGE_PRINT,
        "access_needs": [AccessNeed.objects.get(name="BSL interpreter").pk],
        "access_needs_other": "A quiet room to rest",
        "lived_experience": Person.LivedExperience.SERVICES,
    }
    data.update(overrides)
    return data


@pytest.fixture
def someone_else(db) -> Person:
    """Another person, whose details no one but staff may see."""
    person = PersonFactory(
        full_name="Secret Sam",
        email="secret.sam@example.org",
        phone="07700 900999",
        address="99 Hidden Lane",
        access_needs_other="Needs papers a week early",
        lived_experience=Person.LivedExperience.BOTH,
    )
    RepresentativeFactory(person=person)
    return person


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["staff", "chair", "core group", "board"])
def test_a_sign_in_without_a_record_is_told_who_to_ask(role_clients, role):
    response = role_clients[role].get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "We do not have a record of your contact details yet" in html
    assert "ask the co-production team" in html
    assert '<form method="post" novalidate>' not in html


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_role_with_a_record_sees_their_own(role_clients, role, member_person):
    client = role_clients[role]
    user = client.get(URL).wsgi_request.user
    person = member_person if role == "member" else PersonFactory(user=user, email=user.email)
    person.phone = "0113 496 0777"
    person.lived_experience = Person.LivedExperience.CARER
    person.save()

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert escape(person.full_name) in html  # names like O'Neill are escaped
    assert 'value="0113 496 0777"' in html
    assert '<option value="carer" selected>' in html


def test_a_member_sees_their_organisation_and_consent(member_client, member_person):
    member_person.consent_given_on = date(2025, 3, 3)
    member_person.consent_method = Person.ConsentMethod.ONLINE
    member_person.save()
    organisation = member_person.representations.get().organisation

    html = member_client.get(URL).content.decode()

    assert organisation.name in html
    assert "Given on 3 March 2025 (online form)" in html
    assert "We contact you by email." in html
    assert "Withdraw your consent to be contacted" in html


def test_a_member_changes_their_own_details(member_client, member_person):
    response = member_client.post(URL, _form_data(), follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your details have been saved." in response.content.decode()
    member_person.refresh_from_db()
    assert member_person.phone == "0161 496 0555"
    assert member_person.preferred_channel == Person.Channel.LARGE_PRINT
    assert member_person.lived_experience == Person.LivedExperience.SERVICES
    assert [n.name for n in member_person.access_needs.all()] == ["BSL interpreter"]
    assert member_person.history.first().history_user == member_person.user


def test_name_email_and_consent_cannot_be_changed_here(member_client, member_person):
    name, email = member_person.full_name, member_person.email

    member_client.post(
        URL,
        _form_data(
            full_name="Someone Else", email="else@example.org", consent_given_on="2025-01-01"
        ),
    )

    member_person.refresh_from_db()
    assert (member_person.full_name, member_person.email) == (name, email)
    assert member_person.consent_given_on is None


def test_saving_details_keeps_consent(member_client, member_person):
    member_client.post(URL, _form_data(withdraw_consent="on"))

    member_person.refresh_from_db()
    assert member_person.consent_withdrawn_on is None


def test_bad_input_is_explained_and_kept(member_client, member_person):
    response = member_client.post(
        URL, _form_data(phone="0" * 31, preferred_channel="carrier-pigeon")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    errors = response.context["form"].errors
    assert set(errors) == {"phone", "preferred_channel"}
    assert "A quiet room to rest" in html
    member_person.refresh_from_db()
    assert member_person.access_needs_other == ""


@pytest.mark.parametrize("role", NOT_STAFF)
def test_no_one_but_staff_sees_another_persons_details_on_any_page(
    role_clients, role, someone_else
):
    client = role_clients[role]
    urls = [
        URL,
        reverse("network:person-list"),
        reverse("network:person-list") + "?q=secret",
        reverse("network:person-export"),
        reverse("network:person-detail", args=[someone_else.pk]),
        reverse("network:person-edit", args=[someone_else.pk]),
        reverse("network:person-history", args=[someone_else.pk]),
        reverse("network:representative-add", args=[someone_else.pk]),
        reverse("network:role-term-add", args=[someone_else.pk]),
        reverse("network:representative-end", args=[someone_else.representations.get().pk]),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        html = response.content.decode()
        for secret in [
            "Secret Sam",
            "secret.sam@example.org",
            "07700 900999",
            "99 Hidden Lane",
            "Needs papers a week early",
        ]:
            assert secret not in html, f"{secret!r} shown to {role} at {url}"
        # Their lived experience ("both") may only appear as an unchosen option of a form.
        assert 'value="both" selected' not in html
        assert html.count(Person.LivedExperience.BOTH.label) == html.count('value="both"')
