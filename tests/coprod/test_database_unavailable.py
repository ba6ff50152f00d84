"""PostgreSQL out of reach: a clear "try again" page (503), and /healthz answers 503."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.db import OperationalError
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
# Port 9 (discard) on the loopback: nothing listens there, so every connection is refused.
UNREACHABLE = "postgres://coprod@127.0.0.1:9/coprod"


def test_a_lost_database_gives_the_try_again_page(staff_user):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    with mock.patch(
        "network.views.people.selectors.person_list",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get(reverse("network:person-list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Coprod cannot reach its database" in response.content.decode()


def test_any_other_fault_gives_the_something_went_wrong_page(staff_user):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user)
    with mock.patch(
        "network.views.people.selectors.person_list", side_effect=RuntimeError("a bug")
    ):
        response = client.get(reverse("network:person-list"))
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


PROBE = """
from django.test import Client
client = Client(raise_request_exception=False)
signing_in = client.post("/accounts/login/", {"login": "pat@example.org", "password": "x"})
print("sign-in", signing_in.status_code, signing_in.get("Retry-After", "-"))
print("healthz", client.get("/healthz").status_code)
"""


def test_with_postgresql_unreachable_pages_answer_503_and_so_does_healthz():
    environment = {
        **os.environ,
        "DATABASE_URL": UNREACHABLE,
        "DEBUG": "0",  # as deployed: DEBUG would show its own error pages
        "SECRET_KEY": "test-only-key-for-a-child-process",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["sign-in 503 60", "healthz 503"]
