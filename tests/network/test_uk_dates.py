"""Dates read "3 April 2026" everywhere: pages, messages and exports, through DATE_FORMAT."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.urls import reverse

from network.models import Person, RoleTerm
from tests.dates import date_parts
from tests.factories import MemberOrganisationFactory, PersonFactory, RoleTermFactory

pytestmark = pytest.mark.django_db


def test_the_date_filter_spells_out_the_month():
    template = Template('{{ day|date }} / {{ moment|date:"DATETIME_FORMAT" }}')
    moment = datetime(2026, 4, 3, 14, 5, tzinfo=ZoneInfo("Europe/London"))

    assert template.render(Context({"day": date(2026, 4, 3), "moment": moment})) == (
        "3 April 2026 / 3 April 2026, 14:05"
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_adding_a_representative_says_the_day_in_full(staff_client):
    person = PersonFactory(full_name="Ria Rep")
    organisation = MemberOrganisationFactory(name="Carers Voice")

    response = staff_client.post(
        reverse("network:representative-add", args=[person.pk]),
        {"organisation": organisation.pk, **date_parts("started_on", "2025-03-03")},
    )

    assert response.status_code == 302
    assert _messages(response) == ["Ria Rep represents Carers Voice from 3 March 2025."]


def test_ending_a_role_term_says_the_day_in_full(staff_client):
    term = RoleTermFactory(
        person=PersonFactory(full_name="Bo Board"),
        role=RoleTerm.Role.BOARD,
        started_on=date(2024, 1, 1),
    )

    response = staff_client.post(
        reverse("network:role-term-end", args=[term.pk]),
        {**date_parts("ended_on", "2025-04-30"), "confirm": "true"},
    )

    assert response.status_code == 302
    assert _messages(response) == [
        "Bo Board's term as Board member (trustee) ends on 30 April 2025."
    ]


def test_the_people_export_gives_consent_dates_in_full(staff_client):
    PersonFactory(
        full_name="Gita Given",
        consent_given_on=date(2025, 3, 3),
        consent_method=Person.ConsentMethod.EMAIL,
    )
    PersonFactory(full_name="Wendy Withdrawn", consent_withdrawn_on=date(2025, 4, 1))

    csv = staff_client.get(reverse("network:person-export")).content.decode()

    assert "Given on 3 March 2025" in csv
    assert "Withdrawn on 1 April 2025" in csv
