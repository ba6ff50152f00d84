"""Every page, asked for by every role: sign-in first, then an answer, never a server error."""

from datetime import date

import pytest
from django.urls import NoReverseMatch, URLPattern, get_resolver, reverse

from tests.factories import (
    AnnualReviewFactory,
    CandidateFactory,
    ContactRecordFactory,
    RoleTermFactory,
)

ROLES = ["staff", "chair", "core group", "board", "member", "anonymous"]


def network_url_names() -> list[str]:
    resolver = get_resolver()
    names = ["reporting:home"]
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == "network":
            names += [
                f"network:{p.name}" for p in pattern.url_patterns if isinstance(p, URLPattern)
            ]
    return names


@pytest.fixture
def objects(member_person):
    """One object of each kind the pages show, keyed by URL name."""
    representative = member_person.representations.get()
    term = RoleTermFactory(person=member_person)
    candidate = CandidateFactory()
    review = AnnualReviewFactory()
    by_prefix = {
        "organisation": representative.organisation.pk,
        "membership": representative.organisation.pk,
        "person": member_person.pk,
        "representative-add": member_person.pk,
        "role-term-add": member_person.pk,
        "representative-end": representative.pk,
        "role-term-end": term.pk,
        "candidate": candidate.pk,
        "review": review.pk,
        "follow-up": ContactRecordFactory(follow_up_on=date(2025, 3, 10)).pk,
    }
    return by_prefix


def url_for(name: str, objects: dict[str, int]) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # the pattern needs a primary key
        short = name.split(":")[-1]
        key = next(prefix for prefix in objects if short.startswith(prefix))
        return reverse(name, args=[objects[key]])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.django_db
def test_no_page_answers_any_role_with_a_server_error(role_clients, objects, role):
    client = role_clients[role]
    names = network_url_names()
    assert len(names) > 30  # every page of the network app, not an empty walk
    for name in names:
        url = url_for(name, objects)
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("account_login")), url
        else:
            assert response.status_code in {200, 302, 403, 404, 405}, (url, response.status_code)
