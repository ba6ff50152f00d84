"""Adding organisations (staff) and editing them (staff, and representatives their own)."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from network.models import Constituency, Membership, Organisation, Region
from tests.dates import date_parts
from tests.factories import MemberOrganisationFactory, OrganisationFactory

ADD_URL = reverse("network:organisation-add")

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def edit_url(organisation: Organisation) -> str:
    return reverse("network:organisation-edit", args=[organisation.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def constituency_pks(*names: str) -> list[int]:
    return list(Constituency.objects.filter(name__in=names).values_list("pk", flat=True))


def details(**changes) -> dict:
    """A complete, valid submission of the staff form."""
    data = {
        "name": "Deaf Voices Network",
        "kind": Organisation.Kind.EQUALITY,
        "is_user_or_carer_led": "on",
        "constituencies": constituency_pks("Sensory impairment", "Older people"),
        "region": Region.WEST_MIDLANDS,
        "address": "4 Canal Street\nBirmingham",
        "postcode": "b1 1aa",
        "website": "https://deafvoices.example.org",
        "email": "hello@deafvoices.example.org",
        "phone": "0121 496 0000",
    }
    data.update(changes)
    return data


# --- Adding ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_from_adding(client):
    response = client.get(ADD_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_may_add_an_organisation(role, role_clients):
    client = role_clients[role]

    assert client.get(ADD_URL).status_code == 403
    assert (
        client.post(
            ADD_URL, details(status="active", **date_parts("status_since", "2025-06-01"))
        ).status_code
        == 403
    )
    assert not Organisation.objects.filter(name="Deaf Voices Network").exists()


def test_the_add_form_asks_for_the_first_membership_status(staff_client):
    response = staff_client.get(ADD_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="status"' in html
    assert 'name="status_since_0" value="15"' in html
    assert 'name="status_since_1" value="6"' in html
    assert 'name="status_since_2" value="2025"' in html


def test_staff_add_an_organisation_with_its_first_status(staff_client, staff_user):
    response = staff_client.post(
        ADD_URL, details(status="invited", **date_parts("status_since", "2025-06-01")), follow=True
    )

    organisation = Organisation.objects.get(name="Deaf Voices Network")
    assert response.redirect_chain == [(organisation.get_absolute_url(), 302)]
    assert "Deaf Voices Network has been added." in messages_of(response)
    assert organisation.kind == Organisation.Kind.EQUALITY
    assert organisation.postcode == "B1 1AA"
    assert sorted(c.name for c in organisation.constituencies.all()) == [
        "Older people",
        "Sensory impairment",
    ]
    membership = organisation.memberships.get()
    assert (membership.status, membership.started_on, membership.ended_on) == (
        Membership.Status.INVITED,
        date(2025, 6, 1),
        None,
    )
    assert {record.history_user for record in organisation.history.all()} == {staff_user}


def test_a_name_already_used_in_another_case_is_refused_on_adding(staff_client):
    OrganisationFactory(name="Deaf Voices Network")

    response = staff_client.post(
        ADD_URL,
        details(
            name="DEAF voices network", status="active", **date_parts("status_since", "2025-06-01")
        ),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "An organisation called “DEAF voices network” is already in the network." in html
    assert 'value="DEAF voices network"' in html
    assert 'value="hello@deafvoices.example.org"' in html
    assert Organisation.objects.count() == 1


def test_missing_and_malformed_answers_are_explained_and_the_input_kept(staff_client):
    response = staff_client.post(
        ADD_URL,
        details(
            name="",
            website="not a web address",
            status="",
            status_since_0="31",
            status_since_1="02",
            status_since_2="2025",
        ),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "website", "status", "status_since"}
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="hello@deafvoices.example.org"' in html
    assert not Organisation.objects.exists()


# --- Editing ------------------------------------------------------------------------


@pytest.fixture
def organisation() -> Organisation:
    return MemberOrganisationFactory(name="Carers Voice North", kind=Organisation.Kind.LOCAL)


def test_anonymous_visitors_are_sent_to_sign_in_from_editing(client, organisation):
    response = client.get(edit_url(organisation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["chair", "core group", "board"])
def test_governance_and_the_board_may_not_edit(role, role_clients, organisation):
    client = role_clients[role]

    assert client.get(edit_url(organisation)).status_code == 403
    assert client.post(edit_url(organisation), details()).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Carers Voice North"


def test_a_member_may_not_edit_another_organisation(member_client, organisation):
    assert member_client.get(edit_url(organisation)).status_code == 404
    assert member_client.post(edit_url(organisation), details()).status_code == 404


def test_staff_edit_every_detail(staff_client, staff_user, organisation):
    response = staff_client.post(edit_url(organisation), details(is_user_or_carer_led=""))

    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert "Details of Deaf Voices Network saved." in messages_of(response)
    organisation.refresh_from_db()
    assert organisation.name == "Deaf Voices Network"
    assert organisation.kind == Organisation.Kind.EQUALITY
    assert organisation.is_user_or_carer_led is False
    assert organisation.region == Region.WEST_MIDLANDS
    assert organisation.constituencies.count() == 2
    assert organisation.history.latest().history_user == staff_user


def test_renaming_to_another_organisations_name_in_another_case_is_refused(
    staff_client, organisation
):
    OrganisationFactory(name="Deaf Voices Network")

    response = staff_client.post(edit_url(organisation), details(name="deaf VOICES network"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "An organisation called “deaf VOICES network” is already in the network." in html
    assert 'value="deaf VOICES network"' in html
    assert '<h1 class="govuk-heading-l">Edit Carers Voice North</h1>' in html
    organisation.refresh_from_db()
    assert organisation.name == "Carers Voice North"


def test_an_organisation_may_change_the_case_of_its_own_name(staff_client, organisation):
    staff_client.post(edit_url(organisation), details(name="CARERS VOICE NORTH"))

    organisation.refresh_from_db()
    assert organisation.name == "CARERS VOICE NORTH"


def test_invalid_edits_are_explained_and_the_input_kept(staff_client, organisation):
    response = staff_client.post(edit_url(organisation), details(email="not-an-email", kind=""))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "kind"}
    assert 'value="not-an-email"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.email != "not-an-email"


# --- Member self-service --------------------------------------------------------------


@pytest.fixture
def own(member_person) -> Organisation:
    return member_person.representations.get().organisation


def test_a_member_is_offered_only_the_details_they_may_change(member_client, own):
    response = member_client.get(edit_url(own))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == [
        "name",
        "constituencies",
        "region",
        "address",
        "postcode",
        "website",
        "email",
        "phone",
    ]
    html = response.content.decode()
    assert 'name="kind"' not in html
    assert 'name="is_user_or_carer_led"' not in html


def test_a_member_updates_their_own_organisation(member_client, member_user, own):
    data = details(kind=Organisation.Kind.LOCAL, is_user_or_carer_led="")

    response = member_client.post(edit_url(own), data, follow=True)

    assert response.redirect_chain == [(own.get_absolute_url(), 302)]
    assert "Details of Deaf Voices Network saved." in messages_of(response)
    own.refresh_from_db()
    assert own.name == "Deaf Voices Network"
    assert own.phone == "0121 496 0000"
    assert own.constituencies.count() == 2
    # Fields a representative may not change are left as they were, whatever is posted.
    assert own.kind == Organisation.Kind.USER_CONTROLLED
    assert own.is_user_or_carer_led is True
    assert own.history.latest().history_user == member_user


def test_a_member_sees_their_mistakes_explained(member_client, own):
    response = member_client.post(edit_url(own), details(website="nowhere"))

    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert 'value="nowhere"' in response.content.decode()
