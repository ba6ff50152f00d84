"""/healthz answers 200 when the database (and broker) answer, 503 when not."""

import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_healthy_database_answers_200(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_unreachable_database_answers_503(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("coprod.views.connection.cursor", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("unavailable")


@pytest.mark.django_db
def test_unreachable_broker_answers_503(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("unavailable")


@pytest.mark.django_db
def test_health_check_needs_no_sign_in_even_when_two_factor_is_required(client, settings):
    settings.COPROD_REQUIRE_STAFF_MFA = True
    assert client.get(reverse("healthz")).status_code == 200
