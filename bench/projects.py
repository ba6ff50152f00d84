"""Benchmark: the projects pages on a small and a large body of projects.

    python bench/projects.py                    # --scale 1 against --scale 30, SQLite
    python bench/projects.py --scales 1 5 --repeat 5
    DATABASE_URL=postgres://… python bench/projects.py

Each scale gets its own throw-away database, seeded with `seed_demo` and then
`seed_projects --scale N` (N times the demo projects, each with a year of activities).
Prints, per page, the median time at each scale, the ratio of the largest to the smallest
(wall-clock and processor time) and the queries at each scale. Exits with status 1 if a
page makes a different number of queries at different scales: no page's cost may grow
with the number of projects, activities or claims.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

END_OF_LIFE = "End of life care at home: working together"


@dataclass(frozen=True)
class BenchPage:
    label: str
    email: str
    url: Callable[[], str]  # built once the database is seeded


def pages() -> list[BenchPage]:
    from django.urls import reverse

    from network.models import Person
    from projects.models import Programme, Project

    def project() -> str:
        return Project.objects.get(title=END_OF_LIFE).get_absolute_url()

    def programme() -> str:
        return Programme.objects.get(title="Integrated care").get_absolute_url()

    def contributor() -> str:
        person = Person.objects.get(full_name="Walter Brennan-Shaw")
        return reverse("projects:contributor-detail", args=[person.pk])

    staff, board, member = "staff@example.org", "board@example.org", "member@example.org"
    return [
        BenchPage("project list (staff)", staff, lambda: reverse("projects:project-list")),
        BenchPage("project list (board)", board, lambda: reverse("projects:project-list")),
        BenchPage("project list (member)", member, lambda: reverse("projects:project-list")),
        BenchPage("project page (staff)", staff, project),
        BenchPage("project page (board)", board, project),
        BenchPage("programme page (staff)", staff, programme),
        BenchPage("programme list (staff)", staff, lambda: reverse("projects:programme-list")),
        BenchPage("claims (staff)", staff, lambda: reverse("projects:claim-list")),
        BenchPage("contributor (staff)", staff, contributor),
    ]


@dataclass(frozen=True)
class Measure:
    median_ms: float
    median_cpu_ms: float
    queries: int


def measure_scale(scale: int, repeat: int) -> dict[str, Measure]:
    """Seed a fresh database at one scale and time every page on it."""
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coprod.models import User

    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", stdout=quiet)
            call_command("seed_projects", scale=scale, stdout=quiet)
        print(f"seed_projects --scale {scale}: {time.perf_counter() - started:.1f} s", flush=True)
        reset_queries()
        results = {}
        for page in pages():
            user = User.objects.filter(email=page.email).first()
            if user is None:
                raise SystemExit(f"No demo login {page.email}: has seed_demo changed?")
            client = Client()
            client.force_login(user)
            url = page.url()
            client.get(url)  # warm up: sessions, caches, compiled templates
            timings, cpu_timings, counts = [], [], set()
            for _ in range(repeat):
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    begin, begin_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    timings.append((time.perf_counter() - begin) * 1000)
                    cpu_timings.append((time.process_time() - begin_cpu) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code} at scale {scale}")
                counts.add(len(queries))
            if len(counts) != 1:
                raise SystemExit(f"{page.label} made {sorted(counts)} queries on one database")
            results[page.label] = Measure(
                statistics.median(timings), statistics.median(cpu_timings), counts.pop()
            )
        return results
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def report(by_scale: dict[int, dict[str, Measure]], scales: list[int]) -> int:
    """Print the table; 1 if any page's queries differ between scales."""
    smallest, largest = min(scales), max(scales)
    header = f"{'page':<26}" + "".join(f"{f'ms @{s}':>10}" for s in scales)
    header += f"{'ratio':>8}{'cpu ratio':>11}" + "".join(f"{f'queries @{s}':>13}" for s in scales)
    print(header)
    growing = []
    for label in by_scale[smallest]:
        measures = [by_scale[scale][label] for scale in scales]
        large, small = by_scale[largest][label], by_scale[smallest][label]
        line = f"{label:<26}" + "".join(f"{m.median_ms:>10.1f}" for m in measures)
        line += f"{large.median_ms / small.median_ms:>7.2f}x"
        line += f"{large.median_cpu_ms / small.median_cpu_ms:>10.2f}x"
        line += "".join(f"{m.queries:>13}" for m in measures)
        if len({m.queries for m in measures}) > 1:
            growing.append(label)
            line += "  <- queries grow with the data"
        print(line)
    if growing:
        print(f"Query counts differ between scales for: {', '.join(growing)}", file=sys.stderr)
        return 1
    return 0


def main(argv: Any = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", "--scale", type=int, nargs="+", default=[1, 30])
    parser.add_argument("--repeat", type=int, default=10, help="requests per page")
    options = parser.parse_args(argv)

    os.environ.setdefault("DEBUG", "1")
    os.environ["COPROD_REQUIRE_STAFF_MFA"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")

    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    by_scale = {scale: measure_scale(scale, options.repeat) for scale in options.scales}
    return report(by_scale, options.scales)


if __name__ == "__main__":
    sys.exit(main())
