"""Benchmark: a generated file of organisations imported as the background task.

    python bench/import.py                  # 10,000 rows in a throw-away SQLite database
    python bench/import.py --rows 2000
    DATABASE_URL=postgres://… python bench/import.py   # against PostgreSQL (a scratch database!)

Prints, for a first import (every row new) and a second one of the same file changed
(every row an update): the preview's time and queries (besides the savepoint statements
django-import-export wraps around each row), and the task's time and rows a second.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADINGS = (
    "name,kind,region,constituencies,email,phone,website,address,postcode,"
    "user_or_carer_led,status,status_since,representative_name,representative_email"
)
KINDS = ["National user-controlled", "National carer-controlled", "Local"]
REGIONS = ["London", "North East", "South West", "East Midlands"]


def generated_file(rows: int, *, edition: int) -> str:
    """A file of `rows` organisations; each edition changes every row's phone and status."""
    status = "Active" if edition == 1 else "Lapsed"
    since = "01/04/2025" if edition == 1 else "03/11/2025"
    lines = [HEADINGS]
    for n in range(rows):
        representative = f"Rep {n},rep{n}@bench.example.org" if n % 5 == 0 else ","
        lines.append(
            f"Bench Organisation {n},{KINDS[n % 3]},{REGIONS[n % 4]},Carers; Older people,"
            f"office{n}@bench.example.org,0191 496 {edition}{n:04d},"
            f"https://org{n}.bench.example.org,{n} High Street,NE1 {n % 10}AA,yes,"
            f"{status},{since},{representative}"
        )
    return "\n".join(lines)


def _counting(queries: list[str]):
    """A database wrapper noting every statement but savepoints."""

    def wrapper(execute, sql, params, many, context):
        if "SAVEPOINT" not in sql.upper():
            queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="organisations in the file")
    options = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.pop("REDIS_URL", None)  # the task runs in-process, as without a broker
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from coprod.models import User
    from network import imports, tasks
    from network.models import OrganisationImport

    call_command("migrate", verbosity=0)
    staff, _ = User.objects.get_or_create(email="bench-staff@example.org")
    print(f"database: {connection.vendor}, rows: {options.rows:,}")
    print(f"{'run':<22}{'preview s':>10}{'queries':>9}{'task s':>9}{'rows/s':>9}")
    for edition, label in [(1, "first (all new)"), (2, "again (all updates)")]:
        text = generated_file(options.rows, edition=edition)
        queries: list[str] = []
        with connection.execute_wrapper(_counting(queries)):
            started = time.perf_counter()
            preview = imports.check_organisations(text)
            preview_seconds = time.perf_counter() - started
        if not preview.is_valid:
            raise SystemExit("\n".join(preview.error_messages()[:10]))
        job = OrganisationImport.objects.create(
            filename="bench.csv", content=text, rows_total=options.rows, created_by=staff
        )
        started = time.perf_counter()
        tasks.import_organisations.delay(job.pk)
        task_seconds = time.perf_counter() - started
        job.refresh_from_db()
        if job.status != OrganisationImport.Status.DONE:
            raise SystemExit(f"The import ended {job.status}: {job.errors[:10]}")
        print(
            f"{label:<22}{preview_seconds:>10.1f}{len(queries):>9}{task_seconds:>9.1f}"
            f"{options.rows / task_seconds:>9.0f}"
        )


if __name__ == "__main__":
    main()
