"""Every list makes the same number of queries for 10 rows as for 60 (two pages)."""

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import AccessNeed, Constituency, Membership, RoleTerm
from tests.factories import (
    AdviceFactory,
    AnnualReviewFactory,
    CandidateFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
)

pytestmark = pytest.mark.django_db


def add_organisations(count: int) -> None:
    """Active members in three constituencies, and lapsed organisations."""
    constituencies = list(Constituency.objects.all()[:3])
    for number in range(count):
        if number % 3:
            organisation = MemberOrganisationFactory()
        else:
            organisation = OrganisationFactory()
            MembershipFactory(organisation=organisation, status=Membership.Status.LAPSED)
        organisation.constituencies.set(constituencies)
        RepresentativeFactory(organisation=organisation)


def add_people(count: int) -> None:
    """People with two organisations, two roles (one over), and two access needs."""
    needs = list(AccessNeed.objects.all()[:2])
    for _ in range(count):
        person = PersonFactory()
        person.access_needs.set(needs)
        RepresentativeFactory.create_batch(2, person=person)
        RoleTermFactory(person=person, role=RoleTerm.Role.CORE_GROUP)
        RoleTermFactory(person=person, role=RoleTerm.Role.BOARD, ended_on=date(2024, 6, 1))


def add_candidates(count: int) -> None:
    for _ in range(count):
        AdviceFactory.create_batch(2, candidate=CandidateFactory())


def add_reviews(count: int) -> None:
    first = 2000 + AnnualReviewFactory._meta.model.objects.count()
    for year in range(first, first + count):
        review = AnnualReviewFactory(year=year)
        review.participants.set(PersonFactory.create_batch(2))


LISTS: list[tuple[str, str, dict[str, str], Callable[[int], None]]] = [
    ("network:organisation-list", "staff", {}, add_organisations),
    (
        "network:organisation-list",
        "staff",
        {"sort": "-membership", "kind": "user-controlled"},
        add_organisations,
    ),
    ("network:organisation-list", "chair", {"sort": "region"}, add_organisations),
    ("network:organisation-list", "board", {}, add_organisations),
    ("network:organisation-list", "member", {"q": "voices"}, add_organisations),
    ("network:person-list", "staff", {}, add_people),
    ("network:person-list", "staff", {"sort": "consent", "role": "core group"}, add_people),
    ("network:person-export", "staff", {"role": "core group"}, add_people),
    ("network:candidate-list", "chair", {}, add_candidates),
    ("network:candidate-list", "staff", {"sort": "advice", "stage": "identified"}, add_candidates),
    ("network:review-list", "staff", {}, add_reviews),
    ("network:review-list", "board", {"sort": "participants"}, add_reviews),
]


def count_queries(client, url: str, query: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("url_name", "role", "query", "add_rows"), LISTS)
def test_a_list_makes_the_same_queries_for_ten_rows_as_for_sixty(
    role_clients, url_name, role, query, add_rows
):
    client, url = role_clients[role], reverse(url_name)
    add_rows(10)
    client.get(url, query)  # the session and the role caches warm up first
    ten = count_queries(client, url, query)

    add_rows(50)

    assert count_queries(client, url, query) == ten
    assert count_queries(client, url, {**query, "page": "2"}) == ten
