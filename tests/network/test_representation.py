"""The representation page: members by kind and constituency against targets, on any day."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from network.models import Constituency, Membership, Organisation, Target
from tests.dates import date_parts, shows_typed_date
from tests.factories import (
    MemberOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    TargetFactory,
)

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

    assert "1 of 3 (2 more needed)</strong>" in html
    assert "<li>Local: 1 of 3 (2 more needed)</li>" in html


def test_a_met_target_is_marked_met_and_is_not_a_gap(staff_client):
    MemberOrganisationFactory.create_batch(2, kind=LOCAL)
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=2)

    response = staff_client.get(URL)

    assert response.context["representation"].gaps == []
    html = response.content.decode()
    assert "2 of 2</strong>" in html
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
    assert "<li>Young people: 1 of 4 (3 more needed)</li>" in response.content.decode()


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


# --- Figures a trustee can read ------------------------------------------------------


def test_a_count_above_its_target_says_by_how_much(board_client):
    MemberOrganisationFactory.create_batch(4, kind=LOCAL)
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=3)

    html = board_client.get(URL).content.decode()

    assert "4 of 3 (1 above)</strong>" in html


def test_the_network_size_is_read_against_its_target(staff_client):
    MemberOrganisationFactory.create_batch(2, kind=LOCAL)
    Target.objects.filter(measure=Target.Measure.TOTAL).update(minimum=3)

    html = staff_client.get(URL).content.decode()

    assert "against a target of 3 (1 more needed)." in html


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ((34, 30), "34 of 30 (4 above)"),
        ((2, 3), "2 of 3 (1 more needed)"),
        ((3, 3), "3 of 3"),
        ((5, None), "5"),
    ],
)
def test_rows_say_how_they_stand_against_their_target(row, words):
    from network.selectors import RepresentationRow

    assert RepresentationRow("Local", *row).against_target == words


# --- Counts link to the organisations behind them ------------------------------------


def test_each_count_links_to_the_organisations_behind_it(staff_client, young_people):
    serving = MemberOrganisationFactory(name="Young Voices", kind=LOCAL)
    serving.constituencies.add(young_people)
    MemberOrganisationFactory(name="Other Local", kind=LOCAL)
    OrganisationFactory(name="Not A Member", kind=LOCAL)

    response = staff_client.get(URL, {"on": "2025-05-01"})

    representation = response.context["representation"]
    local = representation.row_for(kind=LOCAL)
    young = representation.row_for(constituency_id=young_people.pk)
    html = response.content.decode()
    assert f'href="{escape(local.organisations_url)}"' in html
    assert f'href="{escape(young.organisations_url)}"' in html
    assert f'href="{escape(representation.organisations_url)}"' in html
    listed = staff_client.get(local.organisations_url).context["filter"].qs
    assert sorted(o.name for o in listed) == ["Other Local", "Young Voices"]
    listed = staff_client.get(young.organisations_url).context["filter"].qs
    assert [o.name for o in listed] == ["Young Voices"]
    listed = staff_client.get(representation.organisations_url).context["filter"].qs
    assert len(listed) == representation.size.active == 2


def test_the_link_counts_members_active_on_the_day_shown(staff_client):
    organisation = MemberOrganisationFactory(name="Since Lapsed", kind=LOCAL)
    Membership.objects.filter(organisation=organisation).update(ended_on=date(2024, 12, 31))
    MembershipFactory(
        organisation=organisation, status=Membership.Status.LAPSED, started_on=date(2025, 1, 1)
    )

    past = staff_client.get(URL, date_parts("on", "2024-06-01")).context["representation"]
    today = staff_client.get(URL).context["representation"]

    then_listed = staff_client.get(past.row_for(kind=LOCAL).organisations_url)
    now_listed = staff_client.get(today.row_for(kind=LOCAL).organisations_url)
    assert [o.name for o in then_listed.context["filter"].qs] == ["Since Lapsed"]
    assert list(now_listed.context["filter"].qs) == []


def test_the_board_sees_counts_without_links_to_a_list_it_cannot_filter(board_client):
    MemberOrganisationFactory(kind=LOCAL)

    html = board_client.get(URL).content.decode()

    assert "active_on=" not in html


# --- The trend over three years ------------------------------------------------------


def test_the_trend_shows_the_start_of_each_of_the_last_three_years_and_today(
    board_client, young_people
):
    joined_2023 = OrganisationFactory(kind=LOCAL)
    MembershipFactory(organisation=joined_2023, started_on=date(2022, 6, 1))
    joined_2023.constituencies.add(young_people)
    MemberOrganisationFactory(kind=LOCAL)  # active since 1 January 2024
    left = OrganisationFactory(kind=Organisation.Kind.EQUALITY)
    MembershipFactory(organisation=left, started_on=date(2022, 1, 1), ended_on=date(2024, 6, 30))
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=2)

    response = board_client.get(URL)

    trend = response.context["trend"]
    assert trend.days == [date(2023, 1, 1), date(2024, 1, 1), date(2025, 1, 1), date(2025, 6, 15)]
    local = next(r for r in trend.by_kind if r.label == "Local")
    equality = next(r for r in trend.by_kind if r.label.startswith("Equality"))
    assert (local.counts, local.target) == ([1, 2, 2, 2], 2)
    assert equality.counts == [1, 1, 0, 0]
    young = next(r for r in trend.by_constituency if r.label == "Young people")
    assert young.counts == [1, 1, 1, 1]
    assert (trend.size.counts, trend.size.target) == ([2, 3, 2, 2], 30)
    html = response.content.decode()
    assert "1 January 2023" in html
    assert "Today, 15 June 2025" in html
    assert "Over the last three years" in html


def test_on_new_years_day_today_is_not_shown_twice(staff_client):
    from network.selectors import representation_trend

    trend = representation_trend(date(2025, 1, 1))

    assert trend.days == [date(2023, 1, 1), date(2024, 1, 1), date(2025, 1, 1)]


def test_the_trend_query_count_does_not_grow_with_organisations(young_people):
    from network.selectors import representation_trend

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            representation_trend()
        return len(queries)

    def add_members(n: int) -> None:
        for organisation in MemberOrganisationFactory.create_batch(n, kind=LOCAL):
            organisation.constituencies.add(young_people)

    add_members(2)
    assert count_queries() == 3
    add_members(7)
    assert count_queries() == 3
