"""Settings: embedded defaults for a newcomer; production refuses to start unsafely."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "EMAIL_URL"}
}


def load_settings(**env: str) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=CLEAN_ENV | {"DJANGO_SETTINGS_MODULE": "coprod.settings"} | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_with_nothing_set_it_runs_on_sqlite_with_tasks_in_process():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3", "True"]


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = load_settings(DATABASE_URL="postgres://coprod@db.example.org/coprod")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_start_with_a_secret_key_and_debug_off():
    result = load_settings(
        DATABASE_URL="postgres://coprod@db.example.org/coprod",
        REDIS_URL="redis://cache.example.org:6379/0",
        SECRET_KEY="a-long-random-value-for-this-test-only-0123456789",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.postgresql", "False"]
