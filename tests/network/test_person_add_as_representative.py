"""From an organisation's page, staff add its representative in one step."""

import pytest
from django.urls import reverse

from network.models import Representative
from tests.factories import MemberOrganisationFactory

ADD = reverse("network:person-add")


@pytest.mark.django_db
def test_the_organisation_page_links_staff_to_add_a_representative(staff_client):
    organisation = MemberOrganisationFactory()
    page = staff_client.get(organisation.get_absolute_url()).content.decode()
    assert f"{ADD}?organisation={organisation.pk}" in page


@pytest.mark.django_db
def test_a_person_added_from_there_represents_the_organisation_from_today(staff_client):
    organisation = MemberOrganisationFactory(name="Tyneside User Forum")
    url = f"{ADD}?organisation={organisation.pk}"
    assert "representative of Tyneside User Forum from today" in (
        staff_client.get(url).content.decode()
    )

    response = staff_client.post(
        url, {"full_name": "Asha Patel", "email": "asha@example.org", "preferred_channel": "email"}
    )

    representative = Representative.objects.get(person__email="asha@example.org")
    assert representative.organisation == organisation
    assert representative.ended_on is None
    assert response.status_code == 302
    assert response.url == representative.person.get_absolute_url()


@pytest.mark.parametrize("organisation", ["999999", "not-a-number"])
@pytest.mark.django_db
def test_an_unknown_organisation_answers_404(staff_client, organisation):
    assert staff_client.get(f"{ADD}?organisation={organisation}").status_code == 404


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
@pytest.mark.django_db
def test_other_roles_see_no_link_to_add_a_representative(role_clients, member_person, role):
    organisation = member_person.representations.get().organisation
    page = role_clients[role].get(organisation.get_absolute_url()).content.decode()
    assert "Add a representative" not in page
