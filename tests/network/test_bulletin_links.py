"""Signed preference and unsubscribe links: not forgeable, not reusable for someone else."""

import pytest
from django.core import signing

from network import signed_links
from network.signed_links import PREFERENCES, UNSUBSCRIBE, person_for, token_for
from tests.factories import PersonFactory


@pytest.mark.django_db
def test_a_token_names_its_person_for_its_purpose():
    person = PersonFactory()
    assert person_for(token_for(person, PREFERENCES), PREFERENCES) == person
    assert person_for(token_for(person, UNSUBSCRIBE), UNSUBSCRIBE) == person


@pytest.mark.django_db
def test_a_token_for_one_purpose_is_refused_for_the_other():
    person = PersonFactory()
    assert person_for(token_for(person, PREFERENCES), UNSUBSCRIBE) is None
    assert person_for(token_for(person, UNSUBSCRIBE), PREFERENCES) is None


@pytest.mark.django_db
def test_a_token_changed_to_name_another_person_is_refused():
    mine, theirs = PersonFactory(), PersonFactory()
    token = token_for(mine, PREFERENCES)
    forged_payload = signing.dumps({"person": theirs.pk}, salt="wrong", compress=True)
    # Their id with my signature, and a token signed with another salt: both refused.
    forged = forged_payload.split(":")[0] + ":" + token.split(":", 1)[1]
    assert person_for(forged, PREFERENCES) is None
    assert person_for(forged_payload, PREFERENCES) is None
    assert person_for(token[:-1] + ("A" if token[-1] != "A" else "B"), PREFERENCES) is None
    assert token_for(theirs, PREFERENCES) != token


@pytest.mark.django_db
def test_the_link_is_the_full_address(settings):
    settings.SITE_URL = "https://coprod.example.org"
    person = PersonFactory()
    link = signed_links.link_for(person, UNSUBSCRIBE)
    assert link.startswith("https://coprod.example.org/")
    assert link.endswith(f"/{token_for(person, UNSUBSCRIBE)}/")
