"""The GOV.UK Design System in a real browser: every form's errors sit beside their fields
and in the summary, dates are typed as day, month and year, and no page is wider than a
320 px screen, for every role. axe-core checks each page reached (allauth's included)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from network.models import AccessNeed, Organisation, Person, RoleTerm, Target
from tests.browser.conftest import DEMO_USERS, fill_date, run_axe
from tests.factories import (
    AdviceFactory,
    AnnualReviewFactory,
    CandidateFactory,
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
)

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

    from coprod.models import User

    from .conftest import SignIn, Visit

NARROW = {"width": 320, "height": 640}
# What sticks out past the right of the screen, to say what to fix.
WIDEST = """
() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter((e) => !e.closest('.coprod-table-scroll'))
    .slice(-3).map((e) => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)
"""

# Every problem in the summary links to an element beside which the same words are shown:
# the field's GOV.UK form group, or the form's own message above its fields.
SUMMARY_MATCHES_FIELDS = """
() => {
    const summary = document.querySelector('.govuk-error-summary');
    if (!summary) return ['no error summary'];
    const problems = [];
    const links = [...summary.querySelectorAll('a')];
    if (!links.length) problems.push('the summary lists no problem');
    for (const link of links) {
        const words = link.textContent.trim();
        const target = document.getElementById(link.getAttribute('href').slice(1));
        if (!target) { problems.push(`nothing at ${link.getAttribute('href')}`); continue; }
        const beside = target.closest('.govuk-form-group--error') || target;
        const messages = [...beside.querySelectorAll('.govuk-error-message')]
            .concat(beside.matches('.govuk-error-message') ? [beside] : []);
        if (!messages.some((m) => m.textContent.includes(words))) {
            problems.push(`"${words}" is not shown beside ${link.getAttribute('href')}`);
        }
    }
    for (const group of document.querySelectorAll('.govuk-form-group--error')) {
        if (!group.querySelector('.govuk-error-message')) {
            problems.push(`${group.id} has no message`);
        }
    }
    return problems;
}
"""


def expect_errors_beside_fields(page: Page, *messages: str) -> None:
    """The summary is shown, has focus (GOV.UK Frontend), and matches the fields' messages."""
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.title().startswith("Error: "), page.title()
    assert page.evaluate(SUMMARY_MATCHES_FIELDS) == []
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    for message in messages:
        expect(page.locator(".govuk-error-summary").get_by_text(message).first).to_be_visible()
        expect(page.locator(".govuk-form-group--error").get_by_text(message).first).to_be_visible()
    run_axe(page)


def submit(page: Page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


@pytest.fixture
def records(demo_users: dict[str, User]) -> dict[str, object]:
    """A little of everything, so every kind of page has something to show."""
    for name in ["BSL interpreter", "Hearing loop", "Step-free access"]:
        AccessNeed.objects.get_or_create(name=name)
    Target.objects.update_or_create(measure=Target.Measure.TOTAL, defaults={"minimum": 30})
    organisation = MemberOrganisationFactory(
        name="Carers Together with a rather long name for narrow screens",
        kind=Organisation.Kind.LOCAL,
        email="a.very.long.address.for.narrow.screens@carers-together.example.org",
        website="https://carers-together.example.org/a/very/long/path/for/narrow/screens",
    )
    member_user = demo_users["member@example.org"]
    member = PersonFactory(
        full_name="Mo Member",
        email=member_user.email,
        user=member_user,
        consent_given_on=date(2025, 3, 3),
        consent_method=Person.ConsentMethod.EMAIL,
    )
    representative = RepresentativeFactory(person=member, organisation=organisation)
    term = RoleTermFactory(person__full_name="Cora Core", role=RoleTerm.Role.CORE_GROUP)
    candidate = CandidateFactory(organisation__name="Young Voices North", gap="Young people")
    AdviceFactory(candidate=candidate, author=demo_users["chair@example.org"])
    review = AnnualReviewFactory(year=2024, held_on=date(2024, 11, 20))
    review.participants.add(term.person)
    return {
        "organisation": organisation,
        "member": member,
        "representative": representative,
        "term": term,
        "candidate": candidate,
        "review": review,
    }


def test_every_form_shows_its_errors_beside_the_fields_and_in_the_summary(
    page: Page, live_server: LiveServer, records: dict, sign_in: SignIn, visit: Visit
) -> None:
    url = live_server.url
    organisation, member = records["organisation"], records["member"]
    sign_in(page, live_server, "staff@example.org")

    # Empty forms.
    empty_forms = [
        (
            reverse("network:organisation-add"),
            "Add the organisation",
            ("Enter the organisation's name", "Choose the kind of organisation"),
        ),
        (reverse("network:person-add"), "Add person", "Enter the person's full name"),
        (
            reverse("network:representative-add", args=[member.pk]),
            "Add organisation",
            "Choose the organisation they represent",
        ),
        (
            reverse("network:role-term-add", args=[member.pk]),
            "Start term",
            "Enter the date the term starts",
        ),
        (
            reverse("network:candidate-add"),
            "Add to the pipeline",
            (
                "Choose an organisation from the list, or type a new name below.",
                "Choose the gap this organisation would fill, or Other.",
            ),
        ),
        (reverse("network:review-add"), "Save the review", "Enter the date the review was held"),
        (
            reverse("network:membership-change", args=[organisation.pk]),
            "Change the status",
            "Choose the new membership status",
        ),
    ]
    for path, button, message in empty_forms:
        visit(page, url + path)
        for box in page.locator("input[type=text], input[type=email], textarea").all():
            box.fill("")
        submit(page, button)
        expect_errors_beside_fields(page, *(message if isinstance(message, tuple) else [message]))

    # Bad values: an impossible date, a date before 1900, a wrong web address.
    visit(page, url + reverse("network:role-term-add", args=[member.pk]))
    page.get_by_label("Role").select_option(label="Board member (trustee)")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    submit(page, "Start term")
    expect_errors_beside_fields(page, "Enter a real date")
    expect(page.get_by_label("Day")).to_have_class(
        "govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error"
    )

    visit(page, url + reverse("network:representative-end", args=[records["representative"].pk]))
    fill_date(page, "End date", "1899-12-31")
    submit(page, "Continue")
    expect_errors_beside_fields(page, "The year must be between 1900 and 2100")

    visit(page, url + reverse("network:organisation-edit", args=[organisation.pk]))
    page.get_by_label("Website (optional)").fill("not a website")
    page.get_by_label("Name", exact=True).fill("")
    submit(page, "Save the details")
    expect_errors_beside_fields(page, "Enter a valid URL.", "Enter the organisation's name")

    visit(page, url + reverse("network:target-list"))
    page.get_by_label("Local (optional)", exact=True).fill("-1")
    submit(page, "Save targets")
    expect_errors_beside_fields(
        page, "Enter a whole number from 0 to 1000, or leave it empty for no target."
    )

    visit(page, url + reverse("network:candidate-detail", args=[records["candidate"].pk]))
    submit(page, "Add advice")
    expect_errors_beside_fields(
        page,
        "Choose whether you recommend this organisation, do not, or are unsure.",
        "Enter your advice",
    )

    # allauth's forms.
    visit(page, url + reverse("account_change_password"))
    page.get_by_label("Current Password").fill("coprod-demo")
    page.get_by_label("New Password", exact=True).fill("short")
    page.get_by_label("New Password (again)").fill("different")
    submit(page, "Change password")
    expect_errors_beside_fields(
        page, "This password is too short. It must contain at least 8 characters."
    )


def test_signed_out_forms_show_their_errors(
    page: Page, live_server: LiveServer, demo_users: dict, visit: Visit
) -> None:
    visit(page, live_server.url + reverse("account_login"))
    page.get_by_label("Email").fill("staff@example.org")
    page.get_by_label("Password").fill("wrong")
    submit(page, "Sign in")
    expect_errors_beside_fields(page)

    visit(page, live_server.url + reverse("account_reset_password"))
    submit(page, "Send the link")
    expect_errors_beside_fields(page, "This field is required.")


def test_a_date_typed_as_day_month_and_year_is_shown_in_words(
    page: Page, live_server: LiveServer, records: dict, sign_in: SignIn, visit: Visit
) -> None:
    sign_in(page, live_server, "staff@example.org")
    visit(page, live_server.url + reverse("network:review-add"))
    page.get_by_label("Year reviewed").fill("2026")
    group = page.get_by_role("group", name="Date the review was held")
    group.get_by_label("Day").fill("3")
    group.get_by_label("Month").fill("4")
    group.get_by_label("Year").fill("2026")
    page.get_by_label("What the review found").fill("Members want more feedback.")
    page.get_by_label("What was decided").fill("Feed back after every meeting.")
    submit(page, "Save the review")

    expect(page.get_by_role("main")).to_contain_text("Held on 3 April 2026.")
    run_axe(page)


def pages_of(page: Page, live_server: LiveServer) -> list[str]:
    """The pages a role reaches: its navigation, and the first record linked from each list."""
    nav = page.locator(".govuk-service-navigation__link")
    paths = [link.get_attribute("href") or "" for link in nav.all()]
    paths += [reverse("account_change_password"), reverse("mfa_index")]
    found: list[str] = []
    for path in list(paths):
        if "/admin/" in path:
            continue
        page.goto(live_server.url + path)
        first_record = page.locator("main table tbody a, main .govuk-summary-list a").first
        if first_record.count():
            href = first_record.get_attribute("href") or ""
            if href.startswith("/") and href not in paths + found:
                found.append(href)
    return [path for path in paths if "/admin/" not in path] + found


@pytest.mark.parametrize("email", list(DEMO_USERS))
def test_no_page_is_wider_than_a_narrow_screen(
    page: Page, live_server: LiveServer, records: dict, sign_in: SignIn, visit: Visit, email: str
) -> None:
    sign_in(page, live_server, email)
    paths = pages_of(page, live_server)
    if email == "staff@example.org":
        paths += [
            reverse("network:person-detail", args=[records["member"].pk]),
            reverse("network:person-history", args=[records["member"].pk]),
            reverse("network:organisation-history", args=[records["organisation"].pk]),
            reverse("network:organisation-add"),
            reverse("network:person-add"),
            reverse("network:target-list"),
        ]
    page.set_viewport_size(NARROW)
    too_wide = []
    for path in paths:
        visit(page, live_server.url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            widest = page.evaluate(WIDEST)
            too_wide.append(f"{path} is {width} px wide: {widest}")
    assert too_wide == []
