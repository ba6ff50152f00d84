"""Terms that start or end on a future date reach the login's groups on that day."""

from datetime import date

import pytest

from network.services import sync_role_groups
from network.tasks import sync_role_groups as sync_role_groups_task
from tests.factories import PersonFactory, RepresentativeFactory, RoleTermFactory, UserFactory


def group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


@pytest.mark.django_db
def test_a_term_gives_its_group_from_its_first_day_and_takes_it_away_after_its_last():
    person = PersonFactory(user=UserFactory(roles=[]))
    RoleTermFactory(
        person=person, role="core group", started_on=date(2026, 1, 1), ended_on=date(2026, 6, 30)
    )

    sync_role_groups(on=date(2025, 12, 31))
    assert group_names(person.user) == set()
    sync_role_groups(on=date(2026, 1, 1))
    assert group_names(person.user) == {"core group"}
    sync_role_groups(on=date(2026, 7, 1))
    assert group_names(person.user) == set()


@pytest.mark.django_db
def test_representatives_keep_the_member_group_and_unrelated_groups_stay():
    person = PersonFactory(user=UserFactory(roles=["board", "member"]))
    RepresentativeFactory(person=person, started_on=date(2024, 1, 1))

    assert sync_role_groups(on=date(2026, 1, 1)) == 1
    assert group_names(person.user) == {"member"}  # no board term in force
    assert sync_role_groups(on=date(2026, 1, 1)) == 0


@pytest.mark.django_db
def test_the_daily_task_syncs_as_of_today(time_machine):
    time_machine.move_to(date(2026, 3, 1))
    person = PersonFactory(user=UserFactory(roles=[]))
    RoleTermFactory(person=person, role="board", started_on=date(2026, 2, 1))
    assert sync_role_groups_task.delay().get() == 1
    assert group_names(person.user) == {"board"}


@pytest.mark.django_db
def test_syncing_takes_the_same_queries_for_more_people(django_assert_max_num_queries):
    def add_people(count: int) -> None:
        for _ in range(count):
            person = PersonFactory(user=UserFactory(roles=["board"]))
            RoleTermFactory(person=person, role="board", started_on=date(2024, 1, 1))

    add_people(3)
    with django_assert_max_num_queries(10) as captured:
        sync_role_groups(on=date(2026, 1, 1))
    add_people(9)
    with django_assert_max_num_queries(len(captured)):
        sync_role_groups(on=date(2026, 1, 1))
