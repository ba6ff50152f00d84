"""Sign-in roles follow only from role terms and representations, on their dates, audited."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from coprod.models import AuditEvent
from network import selectors, services
from network.models import RoleTerm
from tests.factories import (
    MemberOrganisationFactory,
    PersonFactory,
    RoleTermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


# --- One chair at a time -------------------------------------------------------------


def test_the_service_refuses_a_second_open_chair_term():
    staff = UserFactory(roles=["staff"])
    RoleTermFactory(
        role=RoleTerm.Role.CHAIR, started_on=date(2024, 1, 1), person__full_name="Chris Chair"
    )

    with pytest.raises(ValidationError) as error:
        services.start_role_term(
            person=PersonFactory(), role="chair", started_on=date(2025, 3, 3), by=staff
        )

    assert error.value.message_dict == {
        "role": ["Chris Chair is chair until their term is ended; end that term first."]
    }
    assert RoleTerm.objects.filter(role="chair").count() == 1


def test_the_service_refuses_a_chair_term_overlapping_one_that_ends_later():
    RoleTermFactory(
        role="chair",
        started_on=date(2024, 1, 1),
        ended_on=date(2025, 6, 30),
        person__full_name="Chris Chair",
    )

    with pytest.raises(ValidationError) as error:
        services.start_role_term(
            person=PersonFactory(), role="chair", started_on=date(2025, 6, 30), by=None
        )
    assert error.value.messages == [
        "Chris Chair is chair until 30 June 2025; start this term after that."
    ]
    term = services.start_role_term(
        person=PersonFactory(), role="chair", started_on=date(2025, 7, 1), by=None
    )
    assert term.started_on == date(2025, 7, 1)


def test_the_database_refuses_two_open_chair_terms():
    RoleTerm.objects.create(person=PersonFactory(), role="chair", started_on=date(2024, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleTerm.objects.create(person=PersonFactory(), role="chair", started_on=date(2025, 1, 1))


def test_the_database_allows_several_open_core_group_terms():
    RoleTerm.objects.create(person=PersonFactory(), role="core group", started_on=date(2024, 1, 1))
    RoleTerm.objects.create(person=PersonFactory(), role="core group", started_on=date(2024, 1, 1))
    assert RoleTerm.objects.filter(role="core group", ended_on=None).count() == 2


# --- Access starts and ends on its dates ----------------------------------------------


def test_a_representation_from_a_future_date_gives_nothing_until_that_day(time_machine):
    time_machine.move_to(date(2026, 3, 1))
    staff = UserFactory(roles=["staff"])
    user = UserFactory(roles=[])
    person = PersonFactory(user=user, email=user.email)
    organisation = MemberOrganisationFactory()

    services.add_representative(
        person=person, organisation=organisation, by=staff, started_on=date(2026, 4, 1)
    )

    assert group_names(user) == set()
    assert selectors.own_organisation_ids(user) == frozenset()
    assert not selectors.organisations_editable_by(user).exists()

    time_machine.move_to(date(2026, 4, 1))
    services.sync_role_groups(on=date(2026, 4, 1))
    user = type(user).objects.get(pk=user.pk)  # a new request: nothing cached
    assert group_names(user) == {"member"}
    assert selectors.own_organisation_ids(user) == frozenset({organisation.pk})
    assert list(selectors.organisations_editable_by(user)) == [organisation]


def test_a_representation_ended_on_a_future_date_lasts_to_the_end_of_that_day(time_machine):
    time_machine.move_to(date(2026, 3, 1))
    user = UserFactory(roles=[])
    person = PersonFactory(user=user, email=user.email)
    organisation = MemberOrganisationFactory()
    representative = services.add_representative(
        person=person, organisation=organisation, by=None, started_on=date(2026, 1, 1)
    )
    services.end_representative(representative=representative, by=None, ended_on=date(2026, 3, 31))
    assert group_names(user) == {"member"}

    time_machine.move_to(date(2026, 3, 31))
    services.sync_role_groups(on=date(2026, 3, 31))
    user = type(user).objects.get(pk=user.pk)
    assert selectors.own_organisation_ids(user) == frozenset({organisation.pk})

    time_machine.move_to(date(2026, 4, 1))
    services.sync_role_groups(on=date(2026, 4, 1))
    user = type(user).objects.get(pk=user.pk)
    assert group_names(user) == set()
    assert selectors.own_organisation_ids(user) == frozenset()


def test_a_member_cannot_edit_their_organisation_before_the_representation_starts(
    time_machine, client
):
    time_machine.move_to(date(2026, 3, 1))
    user = UserFactory(roles=[])
    person = PersonFactory(user=user, email=user.email)
    organisation = MemberOrganisationFactory()
    services.add_representative(
        person=person, organisation=organisation, by=None, started_on=date(2026, 4, 1)
    )
    client.force_login(user)
    edit = reverse("network:organisation-edit", args=[organisation.pk])

    assert client.get(edit).status_code == 403  # no member role yet

    time_machine.move_to(date(2026, 4, 1))
    services.sync_role_groups(on=date(2026, 4, 1))
    client.force_login(user)  # the month-old session has expired
    assert client.get(edit).status_code == 200


# --- One writer of groups, and an audit record for each change --------------------------


def test_grants_and_removals_leave_audit_events_naming_who_and_why():
    staff = UserFactory(roles=["staff"])
    user = UserFactory(roles=[])
    person = PersonFactory(user=user, email=user.email)

    term = services.start_role_term(
        person=person, role="core group", started_on=date(2025, 1, 1), by=staff
    )
    services.end_role_term(term=term, ended_on=date(2025, 1, 2), by=staff)

    events = list(
        AuditEvent.objects.filter(user=user)
        .order_by("pk")
        .values_list("action", "actor", "detail")
    )
    assert events == [
        ("role-granted", staff.pk, "Core group member"),
        ("role-revoked", staff.pk, "Core group member"),
    ]


def test_a_group_no_term_backs_is_taken_away_by_the_next_change():
    user = UserFactory(roles=["board"])  # set by hand, backed by nothing
    person = PersonFactory(user=user, email=user.email)

    services.apply_roles(person=person, by=None)

    assert group_names(user) == set()
    assert AuditEvent.objects.get(user=user).action == "role-revoked"


def test_inviting_a_person_gives_exactly_the_roles_their_terms_hold(
    django_capture_on_commit_callbacks,
):
    staff = UserFactory(roles=["staff"])
    person = PersonFactory(email="ria@example.org")
    RoleTermFactory(person=person, role="board", started_on=date(2024, 1, 1))

    with django_capture_on_commit_callbacks(execute=True):
        user = services.invite_person(person=person, by=staff)

    assert group_names(user) == {"board"}
    assert list(
        AuditEvent.objects.filter(user=user).order_by("pk").values_list("action", flat=True)
    ) == ["invitation-sent", "role-granted"]


def test_the_admin_shows_groups_but_cannot_set_them(client):
    admin = UserFactory(roles=["staff"], is_superuser=True, is_staff=True)
    user = UserFactory(roles=["board"])
    client.force_login(admin)
    url = reverse("admin:coprod_user_change", args=[user.pk])

    html = client.get(url).content.decode()
    assert 'name="groups"' not in html
    client.post(url, {"email": user.email, "groups": [Group.objects.get(name="staff").pk]})
    assert group_names(user) == {"board"}
