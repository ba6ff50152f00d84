"""The network page: size against target, this year's joiners and leavers, roles, reviews."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Membership, RoleTerm
from tests.factories import (
    AnnualReviewFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    RoleTermFactory,
)

URL = reverse("network:overview")

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_member_representatives_may_not_see_it(member_client):
    assert member_client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["staff", "chair", "core group", "board"])
def test_readers_see_the_network_page(role_clients, role):
    response = role_clients[role].get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    # The member representative's organisation is the one active member.
    assert '<span class="coprod-big-number">1</span>' in html
    assert "against a target of 30" in html
    assert "Gap: 29 more needed" in html


@pytest.mark.parametrize(("role", "sees_link"), [("core group", True), ("board", False)])
def test_the_recruitment_link_is_for_those_who_may_recruit(role_clients, role, sees_link):
    html = role_clients[role].get(URL).content.decode()

    assert reverse("network:representation") in html
    main = html.split("<main")[1]
    assert (reverse("network:candidate-list") in main) is sees_link


def test_joiners_and_leavers_this_year_are_listed(board_client):
    MembershipFactory(organisation__name="Joined In March", started_on=date(2025, 3, 1))
    MemberOrganisationFactory(name="Joined Last Year")
    left = MemberOrganisationFactory(name="Left In May")
    Membership.objects.filter(organisation=left).update(ended_on=date(2025, 4, 30))
    MembershipFactory(
        organisation=left, status=Membership.Status.WITHDRAWN, started_on=date(2025, 5, 1)
    )

    response = board_client.get(URL)

    changes = response.context["changes"]
    assert [str(o) for o in changes.joined] == ["Joined In March"]
    assert [str(o) for o in changes.left] == ["Left In May"]
    html = response.content.decode()
    assert "Joined and left in 2025" in html
    assert "Joined In March" in html
    assert "Joined Last Year" not in html


def test_the_chair_and_core_group_are_named(chair_client):
    RoleTermFactory(person__full_name="Charlie Chair", role=RoleTerm.Role.CHAIR)
    RoleTermFactory(person__full_name="Cora Core")
    RoleTermFactory(person__full_name="Former Core", ended_on=date(2025, 1, 1))

    html = chair_client.get(URL).content.decode()

    assert "Charlie Chair" in html
    assert "Cora Core" in html
    assert "Former Core" not in html


def test_empty_states_are_written_out(staff_client):
    html = staff_client.get(URL).content.decode()

    assert "No chair at present" in html
    assert "No core group members at present" in html
    assert "No organisation has joined yet this year." in html
    assert "The network has not been reviewed yet." in html


def test_reviews_are_listed_with_year_date_and_link(board_client):
    review = AnnualReviewFactory(year=2024, held_on=date(2024, 11, 20))

    html = board_client.get(URL).content.decode()

    assert f'<a class="govuk-link" href="{review.get_absolute_url()}">Review of 2024</a>' in html
    assert "held on 20 November 2024" in html


def test_query_count_does_not_grow_with_the_network(staff_client):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(URL).status_code == 200
        return len(queries)

    def grow(n: int, first_year: int) -> None:
        MemberOrganisationFactory.create_batch(n)
        MembershipFactory.create_batch(n, started_on=date(2025, 2, 1))
        RoleTermFactory.create_batch(n)
        for year in range(first_year, first_year + n):
            AnnualReviewFactory(year=year, held_on=date(year, 11, 1))

    grow(2, 2010)
    few = count_queries()
    grow(5, 2012)

    assert count_queries() == few
