"""Fixtures shared by every test: one signed-in client per role of SPEC.md's table."""

import os
from collections import Counter

import pytest
from django.test import Client

from coprod.models import User
from network.models import Person
from tests.factories import PersonFactory, RepresentativeFactory, UserFactory


@pytest.fixture(autouse=True)
def _no_two_factor_by_default(settings):
    """Most tests are about other things; test_two_factor turns the requirement back on."""
    settings.COPROD_REQUIRE_STAFF_MFA = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing passwords slowly protects real accounts; tests make hundreds of them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_user(db) -> User:
    return UserFactory(email="staff@example.org", full_name="Sam Staff", roles=["staff"])


@pytest.fixture
def chair_user(db) -> User:
    # One role per fixture: a chair who is also Board would hide the difference.
    return UserFactory(email="chair@example.org", full_name="Chris Chair", roles=["chair"])


@pytest.fixture
def core_user(db) -> User:
    return UserFactory(email="core@example.org", full_name="Corey Core", roles=["core group"])


@pytest.fixture
def board_user(db) -> User:
    return UserFactory(email="board@example.org", full_name="Bea Board", roles=["board"])


@pytest.fixture
def member_person(db) -> Person:
    """A representative of an active member organisation, with a login."""
    user = UserFactory(email="member@example.org", full_name="Mo Member", roles=["member"])
    person = PersonFactory(full_name="Mo Member", email=user.email, user=user)
    RepresentativeFactory(person=person)
    return person


@pytest.fixture
def member_user(member_person) -> User:
    return member_person.user


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff_user) -> Client:
    return _client_for(staff_user)


@pytest.fixture
def chair_client(chair_user) -> Client:
    return _client_for(chair_user)


@pytest.fixture
def core_client(core_user) -> Client:
    return _client_for(core_user)


@pytest.fixture
def board_client(board_user) -> Client:
    return _client_for(board_user)


@pytest.fixture
def member_client(member_user) -> Client:
    return _client_for(member_user)


@pytest.fixture
def role_clients(staff_client, chair_client, core_client, board_client, member_client):
    """Signed-in clients by role name, for tests parametrised over the table's columns."""
    return {
        "staff": staff_client,
        "chair": chair_client,
        "core group": core_client,
        "board": board_client,
        "member": member_client,
        "anonymous": Client(),
    }


# --- Integration tests: real PostgreSQL, Redis and a Celery worker -----------------------


def integration_unavailable_reason() -> str | None:
    """Why the integration tests cannot run here, or None when they can."""
    from django.conf import settings
    from django.db import connection

    if not settings.REDIS_URL:
        return "REDIS_URL is not set (run .ci/run, or set REDIS_URL and DATABASE_URL)"
    if connection.vendor != "postgresql":
        return "DATABASE_URL is not PostgreSQL (a worker cannot share an in-memory SQLite)"
    return None


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Tasks run in-process, except in integration tests, which go through the broker."""
    from coprod.celery import app

    is_integration = request.node.get_closest_marker("integration") is not None
    if is_integration:
        reason = integration_unavailable_reason()
        if reason:
            if os.environ.get("COPROD_REQUIRE_ALL_TESTS") == "1":
                pytest.fail(f"Integration test cannot run: {reason}")
            pytest.skip(reason)
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = not is_integration
    yield
    app.conf.task_always_eager = previous


# --- The permission matrix says how many cases it ran ------------------------------------
# Here, not in tests/coprod/conftest.py: with pytest-xdist only this file reaches the
# process that writes the summary.

MATRIX_TEST = "test_permission_matrix.py::test_permission_matrix["


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line after the run: the matrix's cases, rows and URL names, and how they went."""
    outcomes: Counter[str] = Counter()
    for category, reports in terminalreporter.stats.items():
        for report in reports:
            if MATRIX_TEST not in getattr(report, "nodeid", ""):
                continue
            when = getattr(report, "when", None)
            if when == "call" or (when == "setup" and not report.passed):
                outcomes[category] += 1
    if not outcomes:
        return
    from tests.coprod.test_permission_matrix import CASES, MATRIX

    names = {row[0] for row in MATRIX}
    ran = ", ".join(f"{count} {category}" for category, count in sorted(outcomes.items()))
    terminalreporter.write_line(
        f"Permission matrix: {len(CASES)} cases ({len(MATRIX)} rows x 6 roles, "
        f"{len(names)} URL names); this run: {ran}"
    )
