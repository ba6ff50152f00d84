"""The network page, representation, targets, recruitment and reviews, in a real browser."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from network.models import Candidate, Organisation, RoleTerm, Target
from tests.browser.conftest import fill_date
from tests.factories import (
    AdviceFactory,
    AnnualReviewFactory,
    CandidateFactory,
    ConstituencyFactory,
    MemberOrganisationFactory,
    RoleTermFactory,
    TargetFactory,
)

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import CheckAccessibility, SignIn, Visit


@pytest.fixture
def network(demo_users: dict[str, User]) -> dict[str, object]:
    """A small network with a representation gap, a candidate with advice and a review."""
    young = ConstituencyFactory(name="Young people", slug="young-people")
    member = MemberOrganisationFactory(name="Carers Together", kind=Organisation.Kind.LOCAL)
    member.constituencies.add(young)
    # The migration made this target; an earlier transactional test may have flushed it.
    Target.objects.update_or_create(measure=Target.Measure.TOTAL, defaults={"minimum": 30})
    TargetFactory(measure=Target.Measure.KIND, kind=Organisation.Kind.LOCAL, minimum=3)
    TargetFactory(measure=Target.Measure.CONSTITUENCY, kind="", constituency=young, minimum=1)
    RoleTermFactory(person__full_name="Charlie Chair", role=RoleTerm.Role.CHAIR)
    core = RoleTermFactory(person__full_name="Cora Core").person
    candidate = CandidateFactory(
        organisation__name="Young Voices North",
        gap="Young people",
        added_by=demo_users["staff@example.org"],
    )
    AdviceFactory(candidate=candidate, author=demo_users["chair@example.org"])
    review = AnnualReviewFactory(year=2024, held_on=date(2024, 11, 20))
    review.participants.add(core)
    return {"candidate": candidate, "review": review}


def test_staff_use_every_governance_page(
    page: Page,
    live_server: LiveServer,
    network: dict[str, object],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    sign_in(page, live_server, "staff@example.org")

    visit(page, url + reverse("network:overview"))
    expect(page.locator(".coprod-big-number")).to_have_text("1")
    expect(page.get_by_role("main")).to_contain_text("Charlie Chair")

    visit(page, url + reverse("network:representation"))
    expect(page.get_by_role("main")).to_contain_text("(2 more needed)")
    visit(page, f"{url}{reverse('network:representation')}?on_0=1&on_1=1&on_2=2099")
    expect(page.get_by_role("main")).to_contain_text("Choose today or a date in the past.")
    fill_date(page, "Show representation as it stood on", "2024-06-01")
    page.get_by_role("button", name="Show representation").click()
    expect(page.get_by_role("main")).to_contain_text("On 1 June 2024")
    check_accessibility(page)

    visit(page, url + reverse("network:target-list"))
    page.get_by_label("Local (optional)", exact=True).fill("-1")
    page.get_by_role("button", name="Save targets").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    check_accessibility(page)
    page.get_by_label("Local (optional)", exact=True).fill("4")
    page.get_by_role("button", name="Save targets").click()
    expect(page.get_by_role("status")).to_contain_text("Targets saved.")

    visit(page, url + reverse("network:candidate-list"))
    page.get_by_role("link", name="Add a candidate").click()
    check_accessibility(page)
    page.get_by_role("button", name="Add to the pipeline").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    check_accessibility(page)
    page.get_by_label("Or the name of a new organisation").fill("Deaf Voices")
    page.get_by_label("The new organisation's kind").select_option(label="Local")
    page.get_by_label("Other", exact=True).check()
    page.get_by_label("Describe the gap").fill("Sensory impairment")
    page.get_by_role("button", name="Add to the pipeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deaf Voices")
    check_accessibility(page)

    page.get_by_role("button", name="Add advice").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    check_accessibility(page)
    page.get_by_label("Joined").check()
    page.get_by_role("button", name="Change stage").click()
    expect(page.get_by_role("status")).to_contain_text("Deaf Voices moved to “Joined”.")
    assert Candidate.objects.get(organisation__name="Deaf Voices").stage == "joined"

    visit(page, url + reverse("network:review-list"))
    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("Year reviewed").fill("2024")
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("alert")).to_contain_text("There is already a review for this year.")
    check_accessibility(page)
    page.get_by_label("Year reviewed").fill("2025")
    fill_date(page, "Date the review was held", "2025-11-12")
    page.get_by_label("What the review found").fill("Members want more feedback.")
    page.get_by_label("What was decided").fill("Feed back after every meeting.")
    page.get_by_label("Cora Core").check()
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review of the network, 2025")
    check_accessibility(page)
    page.get_by_role("link", name="Change this review").click()
    check_accessibility(page)


def test_the_chair_advises_on_a_candidate(
    page: Page,
    live_server: LiveServer,
    network: dict[str, object],
    sign_in: SignIn,
    visit: Visit,
    check_accessibility: CheckAccessibility,
) -> None:
    url = live_server.url
    sign_in(page, live_server, "chair@example.org")

    visit(page, url + reverse("network:overview"))
    visit(page, url + reverse("network:representation"))
    visit(page, url + reverse("network:candidate-list"))
    page.get_by_role("link", name="Young Voices North").click()
    check_accessibility(page)
    expect(page.get_by_role("button", name="Change stage")).to_have_count(0)
    page.get_by_label("Recommend", exact=True).check()
    page.get_by_label("Your advice").fill("Ask their youth panel to a meeting first.")
    page.get_by_role("button", name="Add advice").click()
    expect(page.get_by_role("status")).to_contain_text("Your advice has been added.")
    expect(page.get_by_role("main")).to_contain_text("Ask their youth panel")
    check_accessibility(page)
    visit(page, url + reverse("network:review-list"))


def test_the_board_reads_the_network_page_representation_and_reviews(
    page: Page,
    live_server: LiveServer,
    network: dict[str, object],
    sign_in: SignIn,
    visit: Visit,
) -> None:
    url = live_server.url
    sign_in(page, live_server, "board@example.org")

    visit(page, url + reverse("network:overview"))
    expect(
        page.get_by_role("main").get_by_role("link", name="Recruitment pipeline")
    ).to_have_count(0)
    visit(page, url + reverse("network:representation"))
    visit(page, url + reverse("network:review-list"))
    page.get_by_role("link", name="Review of 2024").click()
    # The Board reads the reviews without names of people (SPEC's table).
    expect(page.get_by_role("main")).to_contain_text("1 person took part.")
    expect(page.get_by_role("main")).not_to_contain_text("Cora Core")
