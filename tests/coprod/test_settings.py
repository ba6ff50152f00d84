"""Settings: safe unless told otherwise; only an explicit DEBUG=1 turns debugging on."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Everything the settings read is dropped, so each test says exactly what is set.
READ_BY_SETTINGS = {
    "ACCOUNT_RATE_LIMITS",
    "ALLOWED_HOSTS",
    "COPROD_REQUIRE_STAFF_MFA",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DEBUG",
    "EMAIL_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "SITE_URL",
}
CLEAN_ENV = {key: value for key, value in os.environ.items() if key not in READ_BY_SETTINGS}
SECRET = "a-long-random-value-for-this-test-only-0123456789"  # noqa: S105
SHOWN = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "CELERY_TASK_ALWAYS_EAGER",
]


def load_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh Python with exactly these variables set."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {SHOWN!r}}} "
        "| {'ENGINE': s.DATABASES['default']['ENGINE'], "
        "'STATICFILES': s.STORAGES['staticfiles']['BACKEND']}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=CLEAN_ENV | {"DJANGO_SETTINGS_MODULE": "coprod.settings"} | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def loaded(**env: str) -> dict:
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_nothing_set_it_refuses_to_start_without_a_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_setting_only_allowed_hosts_does_not_turn_debugging_on():
    result = load_settings(ALLOWED_HOSTS="coprod.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("value", ["", "0", "false", "no", "off", "debug"])
def test_debug_is_off_unless_asked_for(value):
    settings = loaded(SECRET_KEY=SECRET, DEBUG=value)
    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == SECRET


def test_debug_1_runs_on_the_embedded_defaults_with_the_development_key():
    settings = loaded(DEBUG="1")
    assert settings["DEBUG"] is True
    assert settings["SECRET_KEY"] == "development-only-key-never-used-in-production"  # noqa: S105
    assert settings["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is True
    assert settings["STATICFILES"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_with_debug_off_cookies_are_secure_and_http_is_redirected_by_default():
    settings = loaded(SECRET_KEY=SECRET, ALLOWED_HOSTS="coprod.example.org")
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["coprod.example.org"]
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 60 * 60 * 24 * 365
    assert settings["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_with_debug_off_no_host_is_allowed_until_named():
    assert loaded(SECRET_KEY=SECRET)["ALLOWED_HOSTS"] == []


def test_the_demo_serves_plain_http_locally_without_debug():
    """What `make demo` sets: its own key, no https, debugging still off."""
    settings = loaded(
        SECRET_KEY=SECRET,
        DEBUG="0",
        ALLOWED_HOSTS="localhost,127.0.0.1,[::1]",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
    )
    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["CSRF_COOKIE_SECURE"] is False
    assert settings["SECURE_SSL_REDIRECT"] is False


def test_production_runs_on_postgresql_with_a_celery_worker():
    settings = loaded(
        DATABASE_URL="postgres://coprod@db.example.org/coprod",
        REDIS_URL="redis://cache.example.org:6379/0",
        SECRET_KEY=SECRET,
    )
    assert settings["DEBUG"] is False
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is False


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DATABASE_URL="postgres://coprod@db.example.org/coprod")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
