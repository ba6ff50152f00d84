"""coprod.history: versions and events read as sentences, with names, labels and UK dates."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coprod import history
from coprod import services as accounts
from coprod.history import Change
from coprod.models import AuditEvent
from network import services
from network.models import AccessNeed, Constituency, Organisation, Person, Representative
from tests.factories import ConstituencyFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


@pytest.fixture
def carers() -> Constituency:
    return Constituency.objects.get(name="Carers")  # reference data


@pytest.fixture
def young_people() -> Constituency:
    return Constituency.objects.get(name="Young people")


def _organisation(by, **fields) -> Organisation:
    return services.create_organisation(
        by=by, name="Carers Voice North", kind=Organisation.Kind.LOCAL, **fields
    )


def test_a_new_record_lists_its_values_with_labels_yes_no_and_sets(staff_user, young_people):
    organisation = _organisation(staff_user, constituencies=[young_people])

    [entry] = history.timeline(organisation.history.all())

    assert entry.who == "Sam Staff"
    assert entry.what == "Created organisation: Carers Voice North"
    assert entry.changes == (
        Change("Name", "Carers Voice North"),
        Change("Kind", "Local"),
        Change("Region", "National (England-wide)"),
        Change("Led by people who use services or carers", "Yes"),
        Change("Constituencies", "Young people"),
    )


def test_a_change_to_a_set_reads_as_added_and_removed_in_one_entry(
    staff_user, carers, young_people
):
    organisation = _organisation(staff_user, constituencies=[young_people])
    services.update_organisation(
        organisation=organisation,
        by=staff_user,
        changes={"constituencies": [carers], "is_user_or_carer_led": False},
    )

    newest, created = history.timeline(organisation.history.all())

    assert created.what.startswith("Created organisation")
    assert newest.what == "Changed organisation: Carers Voice North"
    assert newest.changes == (
        Change("Led by people who use services or carers", "No", old="Yes"),
        Change("Constituencies", "added Carers, removed Young people"),
    )


def test_a_persons_access_needs_are_shown_by_name(staff_user):
    person = services.create_person(by=staff_user, full_name="Ria Rep", email="ria@example.org")
    step_free = AccessNeed.objects.get_or_create(name="Step-free access")[0]
    services.update_person(person=person, by=staff_user, changes={"access_needs": [step_free]})

    newest, _ = history.timeline(person.history.all())

    assert newest.changes == (Change("Access needs", "added Step-free access"),)


def test_a_save_that_changed_nothing_is_left_out(staff_user, carers):
    organisation = _organisation(staff_user, constituencies=[carers])
    services.update_organisation(
        organisation=organisation, by=staff_user, changes={"constituencies": [carers]}
    )

    assert len(history.timeline(organisation.history.all())) == 1


def test_a_later_change_to_a_set_alone_is_its_own_entry(staff_user, carers, time_machine):
    organisation = _organisation(staff_user)
    time_machine.shift(60)
    organisation.constituencies.add(carers)

    newest, created = history.timeline(organisation.history.all())

    assert newest.changes == (Change("Constituencies", "added Carers"),)
    assert created.changes[-1] == Change("Led by people who use services or carers", "Yes")


def test_related_records_are_named_and_dates_spelled_out(staff_user):
    organisation = _organisation(staff_user)
    person = PersonFactory(full_name="Rita Representative")
    representative = services.add_representative(
        person=person, organisation=organisation, by=staff_user, started_on=date(2025, 3, 2)
    )
    services.end_representative(
        representative=representative, by=staff_user, ended_on=date(2026, 4, 3)
    )

    ended, started = history.timeline(Representative.history.filter(person=person))

    assert started.what == "Created representative: Rita Representative for Carers Voice North"
    assert started.changes == (
        Change("Organisation", "Carers Voice North"),
        Change("Person", "Rita Representative"),
        Change("Started on", "2 March 2025"),
    )
    assert ended.changes == (Change("Ended on", "3 April 2026", old="(none)"),)


def test_a_deleted_member_of_a_set_is_still_shown(staff_user):
    gone = ConstituencyFactory(name="Gone soon")
    organisation = _organisation(staff_user, constituencies=[gone])
    gone.delete()

    [entry] = history.timeline(organisation.history.all())

    assert entry.changes[-1] == Change("Constituencies", "a deleted constituency")


def test_changes_made_without_a_person_are_by_the_system(carers):
    organisation = _organisation(None)

    [entry] = history.timeline(organisation.history.all())

    assert entry.who == "System"


def test_login_events_join_the_timeline_with_their_detail(staff_user):
    user = UserFactory(full_name="Ria Rep", email="ria@example.org")
    accounts.invite_user(email=user.email, full_name=user.full_name, by=staff_user)
    accounts.set_roles(user=user, roles=["board"], by=None)
    accounts.set_roles(user=user, roles=[], by=staff_user)
    accounts.record_sign_in(user=user)

    entries = history.timeline(events=AuditEvent.objects.filter(user=user))

    assert [(entry.who, entry.what, entry.changes) for entry in entries] == [
        ("Ria Rep", "Signed in", ()),
        ("Sam Staff", "Sign-in role taken away", (Change("Role", "Board member (trustee)"),)),
        ("System", "Sign-in role granted", (Change("Role", "Board member (trustee)"),)),
        ("Sam Staff", "Invitation to sign in sent", (Change("Sent to", "ria@example.org"),)),
    ]


def test_a_model_may_be_named_by_a_label_function(staff_user):
    organisation = _organisation(staff_user)

    [entry] = history.timeline(
        organisation.history.all(), labels={Organisation: lambda o: o.name.upper()}
    )

    assert entry.what == "Created organisation: CARERS VOICE NORTH"


def _count_queries(*histories) -> int:
    with CaptureQueriesContext(connection) as queries:
        history.timeline(*histories, events=AuditEvent.objects.all())
    return len(queries)


def test_the_queries_do_not_grow_with_the_history(staff_user, carers, young_people):
    organisation = _organisation(staff_user, constituencies=[carers])
    person = PersonFactory()
    services.add_representative(person=person, organisation=organisation, by=staff_user)

    def histories():
        return (
            organisation.history.all(),
            Representative.history.filter(organisation=organisation),
            Person.history.all(),
        )

    few = _count_queries(*histories())
    for number in range(4):
        services.update_organisation(
            organisation=organisation,
            by=staff_user,
            changes={
                "phone": f"0191 496 000{number}",
                "constituencies": [carers] if number % 2 else [young_people],
            },
        )
        services.add_representative(
            person=PersonFactory(), organisation=organisation, by=UserFactory()
        )
    accounts.record_sign_in(user=staff_user)

    assert len(history.timeline(*histories())) > 10
    assert _count_queries(*histories()) == few
