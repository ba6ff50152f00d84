"""A person's history: who changed their record, representations and role terms."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprod import services as accounts
from coprod.models import AuditEvent
from network import services
from network.models import AccessNeed, RoleTerm
from tests.dates import date_parts
from tests.factories import (
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
    UserFactory,
)

NOT_STAFF = ["chair", "core group", "board", "member"]


def _url(person) -> str:
    return reverse("network:person-history", args=[person.pk])


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(_url(PersonFactory()))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", NOT_STAFF)
def test_roles_other_than_staff_are_refused(role_clients, role, member_person):
    assert role_clients[role].get(_url(PersonFactory())).status_code == 403
    assert role_clients[role].get(_url(member_person)).status_code == 403


def test_staff_see_changes_to_the_record_organisations_and_roles(staff_client):
    person = PersonFactory(full_name="Ria Rep", phone="020 7946 0001")
    organisation = MemberOrganisationFactory(name="Carers Voice")
    staff_client.post(
        reverse("network:person-edit", args=[person.pk]),
        {
            "full_name": "Ria Rep",
            "email": person.email,
            "phone": "0161 496 0002",
            "preferred_channel": "email",
        },
    )
    staff_client.post(
        reverse("network:representative-add", args=[person.pk]),
        {"organisation": organisation.pk, **date_parts("started_on", "2025-03-03")},
    )
    staff_client.post(
        reverse("network:role-term-add", args=[person.pk]),
        {"role": RoleTerm.Role.BOARD, **date_parts("started_on", "2025-03-03")},
    )

    response = staff_client.get(_url(person))

    assert response.status_code == 200
    html = response.content.decode()
    assert "History of Ria Rep" in html
    assert "Sam Staff" in html
    assert "Phone:" in html
    assert "from <del>020 7946 0001</del> to <ins>0161 496 0002</ins>" in html
    assert "Created representative: Ria Rep for Carers Voice" in html
    assert "Created role term: Ria Rep: Board member (trustee)" in html
    assert "3 March 2025" in html
    assert str(organisation.pk) not in [
        change.new for entry in response.context["entries"] for change in entry.changes
    ]


def test_access_needs_and_login_events_are_in_the_history(staff_client, staff_user):
    person = PersonFactory(full_name="Ria Rep", email="ria@example.org")
    step_free = AccessNeed.objects.get_or_create(name="Step-free access")[0]
    services.update_person(person=person, by=staff_user, changes={"access_needs": [step_free]})
    services.invite_person(person=person, by=staff_user)
    services.start_role_term(
        person=person, role=RoleTerm.Role.BOARD, started_on=date(2025, 3, 3), by=staff_user
    )
    accounts.record_sign_in(user=person.user)
    AuditEvent.objects.create(user=UserFactory(), action=AuditEvent.Action.SIGNED_IN)

    response = staff_client.get(_url(person))

    whats = [entry.what for entry in response.context["entries"]]
    assert whats.count("Signed in") == 1  # someone else's sign-in is not theirs
    assert "Invitation to sign in sent" in whats
    assert "Sign-in role granted" in whats
    html = response.content.decode()
    assert "added Step-free access" in html
    assert "Sent to:" in html
    assert "ria@example.org" in html
    assert "Board member (trustee)" in html


def test_a_person_without_a_login_has_no_login_events(staff_client, staff_user):
    person = PersonFactory()
    AuditEvent.objects.create(user=staff_user, action=AuditEvent.Action.SIGNED_IN)

    whats = [entry.what for entry in staff_client.get(_url(person)).context["entries"]]

    assert "Signed in" not in whats


def test_a_person_with_no_recorded_changes_says_so(staff_client):
    person = PersonFactory()
    person.history.all().delete()

    html = staff_client.get(_url(person)).content.decode()

    assert "Nothing has been recorded yet." in html


@pytest.mark.django_db
def test_history_page_queries_do_not_grow_with_the_number_of_changes(staff_client):
    person = PersonFactory(user=UserFactory())
    RepresentativeFactory(person=person)
    url = reverse("network:person-history", args=[person.pk])
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for role in ["board", "staff", "chair"]:
        RoleTermFactory(person=person, role=role)
    RepresentativeFactory.create_batch(3, person=person)
    person.access_needs.set(AccessNeed.objects.all()[:2])
    for _ in range(3):
        accounts.record_sign_in(user=person.user)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)
