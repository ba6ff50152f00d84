"""The representation page: members by kind and constituency against targets, on any day."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Constituency, Membership, Organisation, Target
from tests.dates import date_parts, shows_typed_date
from tests.factories import MemberOrganisationFactory, MembershipFactory, TargetFactory

URL = reverse("network:representation")
LOCAL = Organisation.Kind.LOCAL

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


@pytest.fixture
def young_people() -> Constituency:
    return Constituency.objects.get(name="Young people")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_member_representatives_may_not_see_it(member_client):
    assert member_client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["staff", "chair", "core group", "board"])
def test_readers_see_the_network_size_against_its_target(role_clients, role):
    MemberOrganisationFactory.create_batch(2, kind=LOCAL)

    response = role_clients[role].get(URL)

    assert response.status_code == 200
    # The two local members and the member representative's own organisation.
    assert response.context["representation"].size.active == 3
    assert "against a target of 30" in response.content.decode()


def test_a_kind_below_its_target_shows_the_gap_in_words(staff_client):
    MemberOrganisationFactory(kind=LOCAL)
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=3)

    html = staff_client.get(URL).content.decode()

    assert '<strong class="govuk-tag govuk-tag--red">Gap: 2 more needed</strong>' in html
    assert "Local: 1 of 3, 2 more needed" in html


def test_a_met_target_is_marked_met_and_is_not_a_gap(staff_client):
    MemberOrganisationFactory.create_batch(2, kind=LOCAL)
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=2)

    response = staff_client.get(URL)

    assert response.context["representation"].gaps == []
    html = response.content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Target met</strong>' in html
    assert "There are no gaps" in html


def test_constituency_targets_count_members_serving_them(staff_client, young_people):
    member = MemberOrganisationFactory(kind=LOCAL)
    member.constituencies.add(young_people)
    TargetFactory(
        measure=Target.Measure.CONSTITUENCY, kind="", constituency=young_people, minimum=4
    )

    response = staff_client.get(URL)

    row = next(
        r for r in response.context["representation"].by_constituency if r.label == "Young people"
    )
    assert (row.count, row.target, row.gap) == (1, 4, 3)
    assert "Young people: 1 of 4, 3 more needed" in response.content.decode()


def test_an_organisation_that_has_since_lapsed_counts_on_a_past_date(staff_client):
    organisation = MemberOrganisationFactory(kind=LOCAL)
    Membership.objects.filter(organisation=organisation).update(ended_on=date(2024, 12, 31))
    MembershipFactory(
        organisation=organisation, status=Membership.Status.LAPSED, started_on=date(2025, 1, 1)
    )
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=1)

    today = staff_client.get(URL).context["representation"]
    past = staff_client.get(URL, {"on": "", **date_parts("on", "2024-06-01")})

    assert next(r for r in today.by_kind if r.label == "Local").count == 0
    then = past.context["representation"]
    assert then.day == date(2024, 6, 1)
    assert next(r for r in then.by_kind if r.label == "Local").count == 1
    assert "On 1 June 2024" in past.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-xx-01", "Enter a real date"),
        ("2025-02-30", "Enter a real date"),
        ("0001-01-01", "The year must be between 1900 and 2100"),
        ("2030-01-01", "Choose today or a date in the past."),
    ],
)
def test_a_bad_date_is_explained_and_today_is_shown(staff_client, value, message):
    response = staff_client.get(URL, {"on": "", **date_parts("on", value)})

    assert response.status_code == 200
    assert response.context["representation"].day == date(2025, 6, 15)
    html = response.content.decode()
    assert message in html
    assert "There is a problem" in html
    assert "Showing today's representation instead." in html
    assert shows_typed_date(html, "on", value)


def test_the_date_field_is_labelled_and_starts_at_today(staff_client):
    html = staff_client.get(URL).content.decode()

    assert "Show representation as it stood on" in html
    assert shows_typed_date(html, "on", "2025-6-15")


@pytest.mark.parametrize(("role", "sees_link"), [("chair", True), ("board", False)])
def test_only_those_who_may_recruit_get_the_recruitment_link(role_clients, role, sees_link):
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=1)

    html = role_clients[role].get(URL).content.decode()

    assert (reverse("network:candidate-list") in html.split("<main")[1]) is sees_link


@pytest.mark.parametrize(("role", "sees_link"), [("staff", True), ("chair", False)])
def test_only_staff_get_the_link_to_change_targets(role_clients, role, sees_link):
    html = role_clients[role].get(URL).content.decode()

    assert (reverse("network:target-list") in html) is sees_link


def test_query_count_does_not_grow_with_organisations(staff_client, young_people):
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=10)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(URL).status_code == 200
        return len(queries)

    def add_members(n: int) -> None:
        for organisation in MemberOrganisationFactory.create_batch(n, kind=LOCAL):
            organisation.constituencies.add(young_people)

    add_members(3)
    few = count_queries()
    add_members(6)

    assert count_queries() == few
