"""Each role reaches a home page that shows what it needs, and only that."""

import pytest
from django.urls import reverse

from tests.factories import CandidateFactory, MemberOrganisationFactory, TargetFactory


@pytest.mark.django_db
def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("reporting:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["staff", "chair", "core group", "board", "member"])
@pytest.mark.django_db
def test_every_role_reaches_its_home_page(role_clients, role):
    response = role_clients[role].get(reverse("reporting:home"))
    assert response.status_code == 200
    assert b'<h1 class="govuk-heading-l">' in response.content


@pytest.mark.django_db
def test_staff_home_shows_network_size_gaps_and_pipeline(staff_client):
    MemberOrganisationFactory.create_batch(2)
    TargetFactory(kind="local", minimum=3)
    CandidateFactory()
    content = staff_client.get(reverse("reporting:home")).content.decode()
    assert "active member organisations against a target of 30" in content
    assert "Local: 0 of 3 (3 more needed)" in content
    assert "1 candidate organisation in the recruitment pipeline" in content


@pytest.mark.django_db
def test_chair_home_lists_candidates_awaiting_their_advice(chair_client):
    candidate = CandidateFactory(organisation__name="Care Leavers United")
    content = chair_client.get(reverse("reporting:home")).content.decode()
    assert "candidates awaiting your advice" in content
    assert candidate.organisation.name in content


@pytest.mark.django_db
def test_board_home_shows_representation_but_not_recruitment(board_client):
    CandidateFactory(organisation__name="Care Leavers United")
    content = board_client.get(reverse("reporting:home")).content.decode()
    assert "The network" in content
    assert "Care Leavers United" not in content


@pytest.mark.django_db
def test_member_home_shows_their_own_organisation_only(member_client, member_person):
    other = MemberOrganisationFactory(name="Somebody Else's Forum")
    own = member_person.representations.get().organisation
    content = member_client.get(reverse("reporting:home")).content.decode()
    assert own.name in content
    assert other.name not in content
    assert "The network" not in content


@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_the_network(
    staff_client, django_assert_max_num_queries
):
    MemberOrganisationFactory.create_batch(3)
    CandidateFactory.create_batch(2)
    with django_assert_max_num_queries(30) as captured:
        staff_client.get(reverse("reporting:home"))
    baseline = len(captured)
    MemberOrganisationFactory.create_batch(12)
    CandidateFactory.create_batch(8)
    with django_assert_max_num_queries(baseline):
        staff_client.get(reverse("reporting:home"))
