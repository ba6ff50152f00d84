"""The recruitment pipeline: candidates, the advice of the chair and core group, stages."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import selectors
from network.models import Advice, Candidate, Membership, Organisation, Target
from tests.factories import (
    AdviceFactory,
    CandidateFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    RepresentativeFactory,
    TargetFactory,
    UserFactory,
)

LIST_URL = reverse("network:candidate-list")
ADD_URL = reverse("network:candidate-add")
LOCAL = Organisation.Kind.LOCAL

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def detail_url(candidate: Candidate) -> str:
    return reverse("network:candidate-detail", args=[candidate.pk])


def move_url(candidate: Candidate) -> str:
    return reverse("network:candidate-move", args=[candidate.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def candidate() -> Candidate:
    organisation = OrganisationFactory(
        name="Young Carers Voice",
        kind=LOCAL,
        email="office@ycv.example.org",
        phone="0161 496 0000",
    )
    MembershipFactory(
        organisation=organisation,
        status=Membership.Status.PROSPECTIVE,
        started_on=date(2025, 1, 1),
    )
    return CandidateFactory(organisation=organisation, gap="Young carers", added_by=UserFactory())


# --- Who may do what ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [LIST_URL, ADD_URL, reverse("network:candidate-detail", args=[1])],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anonymous_visitors_cannot_move_a_candidate(client, candidate):
    response = client.post(move_url(candidate), {"stage": "joined"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["board", "member"])
def test_board_and_members_may_not_see_the_pipeline(role_clients, role, candidate):
    client = role_clients[role]

    assert client.get(LIST_URL).status_code == 403
    assert client.get(detail_url(candidate)).status_code == 403
    assert client.post(detail_url(candidate), {"text": "Hello"}).status_code == 403
    assert not Advice.objects.exists()


@pytest.mark.parametrize("role", ["staff", "chair", "core group"])
def test_governance_roles_see_the_pipeline_and_candidates(role_clients, role, candidate):
    client = role_clients[role]

    assert client.get(LIST_URL).status_code == 200
    assert client.get(detail_url(candidate)).status_code == 200


def test_a_missing_candidate_is_not_found(staff_client):
    assert staff_client.get(reverse("network:candidate-detail", args=[999])).status_code == 404
    assert staff_client.post(reverse("network:candidate-move", args=[999])).status_code == 404


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_may_add_candidates(role_clients, role):
    client = role_clients[role]

    assert client.get(ADD_URL).status_code == 403
    response = client.post(ADD_URL, {"new_name": "New Voices", "new_kind": LOCAL, "gap": "Young"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="New Voices").exists()


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_may_change_a_stage(role_clients, role, candidate):
    response = role_clients[role].post(move_url(candidate), {"stage": "joined"})

    assert response.status_code == 403
    candidate.refresh_from_db()
    assert candidate.stage == Candidate.Stage.IDENTIFIED


# --- The pipeline -------------------------------------------------------------------


def test_the_pipeline_lists_candidates_with_their_gap_stage_and_advice(chair_client, candidate):
    AdviceFactory.create_batch(2, candidate=candidate)

    response = chair_client.get(LIST_URL)

    html = response.content.decode()
    assert "Young Carers Voice" in html
    assert "Local" in html
    assert "Young carers" in html
    assert "Identified" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in html
    assert "Add a candidate" not in html


def test_staff_get_the_add_link(staff_client):
    response = staff_client.get(LIST_URL)

    assert ADD_URL in response.content.decode()
    assert "There are no candidate organisations to show." in response.content.decode()


def test_the_pipeline_filters_by_stage(staff_client, candidate):
    CandidateFactory(organisation__name="Already Approached", stage=Candidate.Stage.APPROACHED)

    response = staff_client.get(LIST_URL, {"stage": "approached"})

    assert list(response.context["candidates"]) == [Candidate.objects.get(stage="approached")]
    assert "Young Carers Voice" not in response.content.decode()


def test_the_pipeline_query_count_does_not_grow_with_candidates(staff_client):
    def add(n: int) -> None:
        for candidate in CandidateFactory.create_batch(n):
            AdviceFactory(candidate=candidate)

    add(2)
    few = count_queries(staff_client, LIST_URL)
    add(4)

    assert count_queries(staff_client, LIST_URL) == few


# --- Adding a candidate -------------------------------------------------------------


def test_staff_add_an_organisation_already_on_record(staff_client, staff_user):
    organisation = OrganisationFactory(name="Older People Speak")

    response = staff_client.post(
        ADD_URL, {"organisation": organisation.pk, "gap_choice": "other", "gap": "Older people"}
    )

    candidate = Candidate.objects.get()
    assert (candidate.organisation, candidate.gap, candidate.added_by) == (
        organisation,
        "Older people",
        staff_user,
    )
    assert response.url == detail_url(candidate)
    assert messages_of(response) == ["Older People Speak added to the recruitment pipeline."]


def test_staff_add_a_new_organisation_as_a_prospective_member(staff_client):
    response = staff_client.post(
        ADD_URL,
        {
            "new_name": "Deaf Voices North",
            "new_kind": LOCAL,
            "gap_choice": "other",
            "gap": "Sensory impairment",
        },
    )

    organisation = Organisation.objects.get(name="Deaf Voices North")
    assert organisation.kind == LOCAL
    membership = organisation.memberships.get()
    assert (membership.status, membership.ended_on) == (Membership.Status.PROSPECTIVE, None)
    assert response.url == detail_url(organisation.candidacies.get())


def test_active_members_and_open_candidates_are_not_offered(staff_client, candidate):
    member = MemberOrganisationFactory(name="Already A Member")
    lapsed = OrganisationFactory(name="Lapsed Member")
    MembershipFactory(organisation=lapsed, status=Membership.Status.LAPSED)

    choices = list(staff_client.get(ADD_URL).context["form"].fields["organisation"].queryset)

    assert lapsed in choices
    assert member not in choices
    assert candidate.organisation not in choices


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"gap_choice": "other", "gap": "Young people"},
            "organisation",
            "Choose an organisation from the list, or",
        ),
        (
            {"new_name": "Brand New", "gap_choice": "other", "gap": "Young people"},
            "new_kind",
            "Choose the kind of the new organisation.",
        ),
        (
            {
                "new_name": "older people speak",
                "new_kind": LOCAL,
                "gap_choice": "other",
                "gap": "Young people",
            },
            "new_name",
            "is already on our records: choose it from the list instead.",
        ),
        (
            {"new_name": "Brand New", "new_kind": LOCAL, "gap_choice": "other"},
            "gap",
            "Describe the gap this organisation would fill.",
        ),
        (
            {"new_name": "Brand New", "new_kind": LOCAL, "gap": "Young"},
            "gap_choice",
            "Choose the gap this organisation would fill, or Other.",
        ),
        (
            {"new_name": "Brand New", "new_kind": LOCAL, "gap_choice": "kind:local"},
            "gap_choice",
            "That gap has just closed. Choose another gap, or Other.",
        ),
    ],
)
def test_incomplete_or_duplicate_candidates_are_explained(staff_client, data, field, message):
    OrganisationFactory(name="Older People Speak")

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert "There is a problem" in html
    for key, value in data.items():
        if key == "gap_choice" and value != "other":
            continue  # a gap that has closed is no longer offered
        assert f'value="{value}"' in html or f'<option value="{value}" selected>' in html
    assert not Candidate.objects.exists()


def test_choosing_an_organisation_and_typing_a_name_is_explained(staff_client):
    organisation = OrganisationFactory()

    response = staff_client.post(
        ADD_URL,
        {
            "organisation": organisation.pk,
            "new_name": "Other",
            "new_kind": LOCAL,
            "gap_choice": "other",
            "gap": "x",
        },
    )

    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert not Candidate.objects.exists()


# --- A candidate and advice ---------------------------------------------------------


def test_the_candidate_page_shows_the_organisation_and_all_advice(core_client, candidate):
    author = UserFactory(full_name="Chris Chair-Person")
    AdviceFactory(candidate=candidate, author=author, text="Approach them at the AGM.")
    RepresentativeFactory(
        organisation=candidate.organisation,
        person__full_name="Rita Rep",
        person__email="rita@private.example.org",
    )

    html = core_client.get(detail_url(candidate)).content.decode()

    assert "Young Carers Voice" in html
    assert "Young carers" in html
    assert "Chris Chair-Person, 15 June 2025" in html
    assert "Approach them at the AGM." in html
    # An organisation summary only: no contact details, no people.
    for private in ["office@ycv.example.org", "0161 496 0000", "Rita Rep", "rita@private"]:
        assert private not in html


@pytest.mark.parametrize("role", ["staff", "chair", "core group"])
def test_governance_roles_may_add_advice(role_clients, role, candidate):
    response = role_clients[role].post(
        detail_url(candidate), {"recommendation": "recommend", "text": "Worth approaching."}
    )

    assert response.status_code == 302
    assert response.url == detail_url(candidate)
    advice = candidate.advice.get()
    assert (advice.text, advice.recommendation) == ("Worth approaching.", "recommend")
    assert role in advice.author.groups.values_list("name", flat=True)
    assert advice.author_role == role
    assert messages_of(response) == ["Your advice has been added."]


def test_empty_advice_is_explained(chair_client, candidate):
    response = chair_client.post(detail_url(candidate), {"text": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    errors = response.context["advice_form"].errors
    assert errors["text"] == ["Enter your advice"]
    assert errors["recommendation"] == [
        "Choose whether you recommend this organisation, do not, or are unsure."
    ]
    assert "Choose whether you recommend this organisation, do not, or are unsure." in html
    assert not Advice.objects.exists()


def test_advice_without_a_recommendation_keeps_the_text(chair_client, candidate):
    response = chair_client.post(detail_url(candidate), {"text": "Ask about their AGM."})

    assert response.status_code == 200
    assert "Ask about their AGM." in response.content.decode()
    assert not Advice.objects.exists()


def test_the_service_refuses_advice_without_a_recommendation(candidate, chair_user):
    from django.core.exceptions import ValidationError

    from network import services

    with pytest.raises(ValidationError):
        services.add_advice(candidate=candidate, text="Hmm.", recommendation="", by=chair_user)


@pytest.mark.parametrize(
    ("role", "sees_form"), [("staff", True), ("chair", False), ("core group", False)]
)
def test_only_staff_see_the_stage_form(role_clients, role, sees_form, candidate):
    html = role_clients[role].get(detail_url(candidate)).content.decode()

    assert (move_url(candidate) in html) is sees_form
    assert "Add your advice" in html


def test_candidate_page_query_count_does_not_grow_with_advice(staff_client, candidate):
    AdviceFactory.create_batch(2, candidate=candidate)
    few = count_queries(staff_client, detail_url(candidate))
    AdviceFactory.create_batch(4, candidate=candidate)

    assert count_queries(staff_client, detail_url(candidate)) == few


# --- Moving through the pipeline ----------------------------------------------------


def test_joining_makes_the_organisation_an_active_member(staff_client, candidate):
    organisation = candidate.organisation
    assert organisation not in selectors.active_organisations_on(date(2025, 6, 15))

    response = staff_client.post(move_url(candidate), {"stage": "joined"})

    assert response.status_code == 302
    assert response.url == detail_url(candidate)
    candidate.refresh_from_db()
    assert candidate.stage == Candidate.Stage.JOINED
    assert organisation in selectors.active_organisations_on(date(2025, 6, 15))
    assert organisation.memberships.get(ended_on=None).started_on == date(2025, 6, 15)
    assert messages_of(response) == ["Young Carers Voice moved to “Joined”."]


def test_approaching_changes_the_stage_only(staff_client, candidate):
    staff_client.post(move_url(candidate), {"stage": "approached"})

    candidate.refresh_from_db()
    assert candidate.stage == Candidate.Stage.APPROACHED
    assert candidate.organisation.memberships.get().status == Membership.Status.PROSPECTIVE


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        ("identified", "already at “Identified”: choose another stage."),
        ("", "This field is required."),
        ("elected", "Select a valid choice."),
    ],
)
def test_a_bad_stage_is_explained(staff_client, candidate, stage, message):
    response = staff_client.post(move_url(candidate), {"stage": stage})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.stage == Candidate.Stage.IDENTIFIED


def test_a_move_the_records_refuse_is_explained(staff_client, candidate):
    # The organisation's current membership starts after today: joining today cannot end it.
    candidate.organisation.memberships.update(started_on=date(2025, 7, 1))

    response = staff_client.post(move_url(candidate), {"stage": "joined"})

    assert response.status_code == 200
    assert "The new status must start on or after 1 July 2025" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.stage == Candidate.Stage.IDENTIFIED


def test_the_stage_form_answers_only_posts(staff_client, candidate):
    assert staff_client.get(move_url(candidate)).status_code == 405


# --- Gaps chosen from the targets, and whether they have closed ----------------------


@pytest.fixture
def young_people():
    from network.models import Constituency

    return Constituency.objects.get(name="Young people")


@pytest.fixture
def young_people_short(young_people):
    """Young people: a target of 3, one member serving them."""
    TargetFactory(
        measure=Target.Measure.CONSTITUENCY, kind="", constituency=young_people, minimum=3
    )
    MemberOrganisationFactory().constituencies.add(young_people)
    return young_people


def test_the_gaps_offered_are_the_targets_short_today_and_other(staff_client, young_people_short):
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=2)
    TargetFactory(measure=Target.Measure.KIND, kind=Organisation.Kind.USER_CONTROLLED, minimum=1)

    response = staff_client.get(ADD_URL)

    choices = response.context["form"].fields["gap_choice"].choices
    assert choices == [
        ("kind:local", "Local: 0 of 2 (2 more needed)"),
        (f"constituency:{young_people_short.pk}", "Young people: 1 of 3 (2 more needed)"),
        ("other", "Other"),
    ]
    html = response.content.decode()
    assert "Young people: 1 of 3 (2 more needed)" in html


def test_a_candidate_for_a_short_constituency_records_it(staff_client, young_people_short):
    organisation = OrganisationFactory(name="Youth Voice")

    response = staff_client.post(
        ADD_URL,
        {"organisation": organisation.pk, "gap_choice": f"constituency:{young_people_short.pk}"},
    )

    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.gap, candidate.gap_kind, candidate.gap_constituency) == (
        "Young people",
        "",
        young_people_short,
    )


def test_a_candidate_for_a_short_kind_records_it(staff_client):
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=2)

    staff_client.post(
        ADD_URL,
        {
            "new_name": "Leeds Voices",
            "new_kind": LOCAL,
            "gap_choice": "kind:local",
            "gap": "Local groups in Yorkshire",
        },
    )

    candidate = Candidate.objects.get()
    assert (candidate.gap, candidate.gap_kind, candidate.gap_constituency) == (
        "Local groups in Yorkshire",
        LOCAL,
        None,
    )


def test_while_the_gap_is_open_the_page_says_nothing_of_closing(chair_client, young_people_short):
    candidate = CandidateFactory(gap="Young people", gap_constituency=young_people_short)

    html = chair_client.get(detail_url(candidate)).content.decode()

    assert "has since closed" not in html


def test_the_page_says_when_the_gap_has_since_closed(chair_client, young_people_short):
    candidate = CandidateFactory(gap="Young people", gap_constituency=young_people_short)
    for organisation in MemberOrganisationFactory.create_batch(2):
        organisation.constituencies.add(young_people_short)

    html = chair_client.get(detail_url(candidate)).content.decode()

    assert "This gap has since closed: Young people now has 3 of 3." in html


def test_the_page_says_when_the_target_behind_the_gap_was_removed(chair_client):
    candidate = CandidateFactory(gap="Local", gap_kind=LOCAL)

    html = chair_client.get(detail_url(candidate)).content.decode()

    assert "There is no longer a target for Local." in html


def test_an_other_gap_is_shown_in_words_and_never_closes(chair_client, candidate):
    html = chair_client.get(detail_url(candidate)).content.decode()

    assert "Young carers" in html
    assert "(other)" in html
    assert "has since closed" not in html


def test_the_database_refuses_a_gap_that_is_both_a_kind_and_a_constituency(young_people):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateFactory(gap="Both", gap_kind=LOCAL, gap_constituency=young_people)


# --- Advice: a recommendation, and the adviser's role -------------------------------


def test_advice_shows_the_recommendation_and_the_advisers_role(staff_client, chair_client):
    candidate = CandidateFactory()
    chair_client.post(
        detail_url(candidate), {"recommendation": "do-not-recommend", "text": "Not yet."}
    )
    staff_client.post(detail_url(candidate), {"recommendation": "unsure", "text": "Maybe."})
    AdviceFactory(candidate=candidate, author=UserFactory(full_name="Old Adviser"))

    html = staff_client.get(detail_url(candidate)).content.decode()

    assert "Chris Chair (Chair), 15 June 2025" in html
    assert "Sam Staff (Staff), 15 June 2025" in html
    assert "Do not recommend</strong>" in html
    assert "Unsure</strong>" in html
    # Advice given before recommendations and roles were recorded shows neither.
    assert "Old Adviser, 15 June 2025" in html


def test_a_core_group_member_is_shown_as_one(core_client):
    candidate = CandidateFactory()

    core_client.post(detail_url(candidate), {"recommendation": "recommend", "text": "Yes."})

    html = core_client.get(detail_url(candidate)).content.decode()
    assert "Corey Core (Core group member), 15 June 2025" in html
    assert "Recommend</strong>" in html


def test_with_no_target_short_only_other_is_offered(staff_client):
    choices = staff_client.get(ADD_URL).context["form"].fields["gap_choice"].choices

    assert choices == [("other", "Other")]
