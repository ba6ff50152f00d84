"""The recruitment pipeline and the annual reviews list: pages of 50, sorted by any column."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from network.models import Candidate, Organisation
from tests.factories import (
    AdviceFactory,
    AnnualReviewFactory,
    CandidateFactory,
    OrganisationFactory,
    PersonFactory,
)

CANDIDATES_URL = reverse("network:candidate-list")
REVIEWS_URL = reverse("network:review-list")

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def organisations_listed(response) -> list[str]:
    assert response.status_code == 200
    return [candidate.organisation.name for candidate in response.context["candidates"]]


def years_listed(response) -> list[int]:
    assert response.status_code == 200
    return [review.year for review in response.context["reviews"]]


def next_link(html: str) -> str:
    match = re.search(r'href="([^"]*)"\s+rel="next"', html)
    assert match, "no next link"
    return match.group(1).replace("&amp;", "&")


# --- Recruitment ---------------------------------------------------------------------


@pytest.fixture
def candidates() -> None:
    rows = [
        ("Alpha", Organisation.Kind.LOCAL, "young carers", "approached", 2, 3),
        ("beta", Organisation.Kind.EQUALITY, "Deaf people", "invited", 0, 5),
        ("Gamma", Organisation.Kind.USER_CONTROLLED, "older people", "identified", 1, 1),
        ("Delta", Organisation.Kind.CARER_CONTROLLED, "Autistic adults", "declined", 3, 4),
    ]
    for name, kind, gap, stage, advice, month in rows:
        candidate = CandidateFactory(
            organisation=OrganisationFactory(name=name, kind=kind), gap=gap, stage=stage
        )
        AdviceFactory.create_batch(advice, candidate=candidate)
        changed = datetime(2025, month, 1, 9, 0, tzinfo=UTC)
        Candidate.objects.filter(pk=candidate.pk).update(updated_at=changed)


def test_the_pipeline_shows_the_most_recently_changed_first(chair_client, candidates):
    response = chair_client.get(CANDIDATES_URL)

    assert organisations_listed(response) == ["beta", "Delta", "Alpha", "Gamma"]
    html = response.content.decode()
    assert "4 candidate organisations</caption>" in html
    assert "1 May 2025" in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("organisation", ["Alpha", "beta", "Delta", "Gamma"]),
        ("kind", ["beta", "Alpha", "Delta", "Gamma"]),
        ("gap", ["Delta", "beta", "Gamma", "Alpha"]),
        # The pipeline's order: identified, approached, invited, joined, declined.
        ("stage", ["Gamma", "Alpha", "beta", "Delta"]),
        ("advice", ["beta", "Gamma", "Alpha", "Delta"]),
        ("changed", ["Gamma", "Alpha", "Delta", "beta"]),
    ],
)
def test_each_column_sorts_both_ways(chair_client, candidates, sort, expected):
    assert organisations_listed(chair_client.get(CANDIDATES_URL, {"sort": sort})) == expected
    descending = chair_client.get(CANDIDATES_URL, {"sort": f"-{sort}"})
    assert organisations_listed(descending) == expected[::-1]


def test_headers_carry_aria_sort_and_keep_the_stage_filter(chair_client, candidates):
    html = chair_client.get(CANDIDATES_URL, {"stage": "invited"}).content.decode()

    found = re.findall(r'aria-sort="(\w+)">\s*<a class="govuk-link" href="([^"]*)">([^<]*)', html)
    assert found == [
        ("none", "?stage=invited&amp;sort=organisation", "Organisation"),
        ("none", "?stage=invited&amp;sort=kind", "Kind"),
        ("none", "?stage=invited&amp;sort=gap", "Gap it would fill"),
        ("none", "?stage=invited&amp;sort=stage", "Stage"),
        ("none", "?stage=invited&amp;sort=advice", "Advice"),
        ("descending", "?stage=invited&amp;sort=changed", "Last changed"),
    ]


def test_fifty_one_candidates_make_two_pages_keeping_the_filter(chair_client):
    for number in range(51):
        CandidateFactory(organisation=OrganisationFactory(name=f"Candidate {number:02d}"))
    CandidateFactory(stage="declined")

    html = chair_client.get(
        CANDIDATES_URL, {"stage": "identified", "sort": "organisation"}
    ).content.decode()
    second = chair_client.get(CANDIDATES_URL + next_link(html))

    assert "Candidate organisations 1 to 50 of 51" in html
    assert next_link(html) == "?stage=identified&sort=organisation&page=2"
    assert organisations_listed(second) == ["Candidate 50"]


@pytest.mark.parametrize("query", [{"page": "abc"}, {"page": "999"}, {"sort": "added_by"}])
def test_bad_page_and_sort_values_fall_back_quietly(chair_client, candidates, query):
    expected = ["beta", "Delta", "Alpha", "Gamma"]

    assert organisations_listed(chair_client.get(CANDIDATES_URL, query)) == expected


# --- Annual reviews ------------------------------------------------------------------


@pytest.fixture
def reviews() -> None:
    rows = [
        (2021, date(2023, 1, 10), 2),
        (2022, date(2022, 12, 1), 0),
        (2024, date(2024, 11, 5), 1),
    ]
    for year, held_on, participants in rows:
        review = AnnualReviewFactory(year=year, held_on=held_on)
        review.participants.set(
            [PersonFactory(full_name=f"Pat {year}-{n}") for n in range(participants)]
        )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("year", [2021, 2022, 2024]),
        ("held", [2022, 2021, 2024]),
        ("participants", [2022, 2024, 2021]),
    ],
)
def test_reviews_sort_by_each_column_both_ways(staff_client, reviews, sort, expected):
    assert years_listed(staff_client.get(REVIEWS_URL, {"sort": sort})) == expected
    assert years_listed(staff_client.get(REVIEWS_URL, {"sort": f"-{sort}"})) == expected[::-1]


def test_reviews_are_newest_first_unless_sorted(staff_client, reviews):
    response = staff_client.get(REVIEWS_URL, {"sort": "findings", "page": "abc"})

    assert years_listed(response) == [2024, 2022, 2021]
    assert "3 reviews</caption>" in response.content.decode()


def test_the_board_sees_how_many_took_part_but_no_names(board_client, reviews):
    response = board_client.get(REVIEWS_URL, {"sort": "-participants"})

    assert years_listed(response) == [2021, 2024, 2022]
    html = response.content.decode()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in html
    assert "Pat 2021" not in html


def test_fifty_one_reviews_make_two_pages(staff_client):
    for year in range(2000, 2051):
        AnnualReviewFactory(year=year, held_on=date(year, 11, 1))

    second = staff_client.get(REVIEWS_URL, {"page": "2"})

    assert years_listed(second) == [2000]
    assert "Reviews 51 to 51 of 51" in second.content.decode()
