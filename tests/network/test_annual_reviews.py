"""The annual reviews of the network: read by governance and the Board, written by staff."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import AnnualReview, Person
from tests.dates import date_parts
from tests.factories import (
    AnnualReviewFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
)

LIST_URL = reverse("network:review-list")
ADD_URL = reverse("network:review-add")

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-12-01 12:00", tick=False)]


def detail_url(review: AnnualReview) -> str:
    return reverse("network:review-detail", args=[review.pk])


def edit_url(review: AnnualReview) -> str:
    return reverse("network:review-edit", args=[review.pk])


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def review() -> AnnualReview:
    review = AnnualReviewFactory(year=2024, held_on=date(2024, 11, 20))
    review.participants.add(PersonFactory(full_name="Pat Participant", phone="0113 496 0001"))
    return review


@pytest.fixture
def core_member() -> Person:
    return RoleTermFactory(person__full_name="Cora Core").person


def form_data(**changes: object) -> dict[str, object]:
    return {
        "year": "2025",
        **date_parts("held_on", "2025-11-12"),
        "findings": "Members want more feedback.",
        "decisions": "Feed back after every meeting.",
        "participants": [],
        **changes,
    }


# --- Who may do what ----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, review):
    for url in [LIST_URL, detail_url(review), ADD_URL, edit_url(review)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["staff", "chair", "core group", "board"])
def test_governance_and_the_board_read_reviews(role_clients, role, review):
    client = role_clients[role]

    assert client.get(LIST_URL).status_code == 200
    assert client.get(detail_url(review)).status_code == 200


def test_members_may_not_read_reviews(member_client, review):
    assert member_client.get(LIST_URL).status_code == 403
    assert member_client.get(detail_url(review)).status_code == 403


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_may_record_or_change_reviews(role_clients, role, review):
    client = role_clients[role]

    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, form_data()).status_code == 403
    assert client.get(edit_url(review)).status_code == 403
    assert client.post(edit_url(review), form_data(year="2024")).status_code == 403
    assert list(AnnualReview.objects.values_list("year", "findings")) == [(2024, review.findings)]


def test_a_missing_review_is_not_found(staff_client):
    assert staff_client.get(reverse("network:review-detail", args=[99])).status_code == 404
    assert staff_client.get(reverse("network:review-edit", args=[99])).status_code == 404


# --- Reading ------------------------------------------------------------------------


def test_the_list_shows_each_year_with_its_date(board_client, review):
    html = board_client.get(LIST_URL).content.decode()

    assert "Review of 2024" in html
    assert "20 November 2024" in html
    assert ADD_URL not in html


def test_the_list_has_an_empty_state(staff_client):
    html = staff_client.get(LIST_URL).content.decode()

    assert "The network has not been reviewed yet." in html
    assert ADD_URL in html


def test_the_chair_sees_participants_names_without_contact_details(chair_client, review):
    html = chair_client.get(detail_url(review)).content.decode()

    assert "Review of the network, 2024" in html
    assert review.findings in html
    assert "Add a &#x27;you said, we did&#x27; section" in html
    assert "Pat Participant" in html
    assert "0113 496 0001" not in html
    assert edit_url(review) not in html


def test_the_board_reads_the_review_without_names_of_people(board_client, review):
    html = board_client.get(detail_url(review)).content.decode()

    assert review.findings in html
    assert "1 person took part." in html
    assert "Pat Participant" not in html
    assert edit_url(review) not in html


def test_the_list_query_count_does_not_grow_with_reviews(staff_client):
    def add(years: range) -> None:
        for year in years:
            AnnualReviewFactory(year=year, held_on=date(year, 11, 1)).participants.add(
                PersonFactory(), PersonFactory()
            )

    add(range(2010, 2012))
    few = count_queries(staff_client, LIST_URL)
    add(range(2012, 2018))

    assert count_queries(staff_client, LIST_URL) == few


# --- Recording and changing -----------------------------------------------------------


def test_participants_to_choose_are_current_role_holders_and_representatives(
    staff_client, core_member
):
    representative = RepresentativeFactory(person__full_name="Ana Rep").person
    former = RoleTermFactory(person__full_name="Fred Former", ended_on=date(2025, 1, 1)).person
    PersonFactory(full_name="Nobody In Particular")

    choices = list(staff_client.get(ADD_URL).context["form"].fields["participants"].queryset)

    assert representative in choices
    assert core_member in choices
    assert former not in choices
    assert [p.full_name for p in choices] == sorted(p.full_name for p in choices)
    assert not any(p.full_name == "Nobody In Particular" for p in choices)


def test_staff_record_a_review(staff_client, staff_user, core_member):
    response = staff_client.post(ADD_URL, form_data(participants=[core_member.pk]))

    review = AnnualReview.objects.get(year=2025)
    assert response.url == detail_url(review)
    assert review.held_on == date(2025, 11, 12)
    assert list(review.participants.all()) == [core_member]
    assert {entry.history_user for entry in review.history.all()} == {staff_user}
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The review of 2025 has been saved."
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"year": "2024"}, "year", "There is already a review for this year."),
        ({"year": "1999"}, "year", "Enter a year between 2000 and 2100, like 2025."),
        (
            {**date_parts("held_on", "2024-12-31")},
            "held_on",
            "The review of 2025 can only be held from",
        ),
        (date_parts("held_on", "2025-31-12"), "held_on", "Enter a real date"),
        (date_parts("held_on", "9999-12-31"), "held_on", "The year must be between 1900 and 2100"),
        (date_parts("held_on", "2025--12"), "held_on", "The date must include a month"),
        ({"findings": ""}, "findings", "Enter what the review found"),
    ],
)
def test_bad_input_is_explained_and_kept(staff_client, review, changes, field, message):
    response = staff_client.post(ADD_URL, form_data(**changes))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Feed back after every meeting." in html
    assert AnnualReview.objects.count() == 1


def test_staff_change_a_review_and_keep_a_former_participant(staff_client, review):
    past_participant = review.participants.get()

    form = staff_client.get(edit_url(review)).context["form"]
    assert past_participant in form.fields["participants"].queryset

    response = staff_client.post(
        edit_url(review),
        form_data(
            year="2024", **date_parts("held_on", "2024-11-21"), participants=[past_participant.pk]
        ),
    )

    assert response.url == detail_url(review)
    review.refresh_from_db()
    assert (review.held_on, review.findings) == (date(2024, 11, 21), "Members want more feedback.")
    assert list(review.participants.all()) == [past_participant]


def test_changing_to_a_year_already_reviewed_is_explained(staff_client, review):
    other = AnnualReviewFactory(year=2023, held_on=date(2023, 11, 1))

    response = staff_client.post(edit_url(other), form_data(year="2024"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is already a review for this year." in html
    assert '<h1 class="govuk-heading-l">Change the review of 2023</h1>' in html
    assert 'value="2024"' in html
    other.refresh_from_db()
    assert other.year == 2023
