"""Benchmarks: time the busiest pages on a small and a large network and compare them.

    make bench                       # --scale 1 against --scale 30, SQLite
    python bench/run.py --scales 1 10 --repeat 20
    DATABASE_URL=postgres://… python bench/run.py   # PostgreSQL: makes test_<name> and drops it

Each scale gets its own throw-away database (Django's test database, made by migrating
from nothing), seeded with `seed_demo --scale N`. Prints, per page: the median time at
each scale, the ratio of the largest to the smallest (in wall-clock time, and in the
processor time of this process, which a busy machine disturbs less), and the queries at
each scale.
Exits with status 1 if a list page makes a different number of queries at different
scales: a list's cost must not grow with the data.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def latest_network_meeting() -> list[int]:
    """The last strategic meeting held: its register, minutes and actions are all written."""
    from django.utils import timezone

    from network.models import Meeting

    held = Meeting.objects.filter(kind=Meeting.Kind.STRATEGIC, starts_at__lt=timezone.now())
    return [held.latest("starts_at").pk]


@dataclass(frozen=True)
class BenchPage:
    label: str
    url_name: str
    email: str
    is_list: bool  # lists must make the same number of queries at every scale
    args: Callable[[], list[int]] | None = None  # the URL's arguments, found after seeding


PAGES = [
    BenchPage("home (staff)", "reporting:home", "staff@example.org", False),
    BenchPage("organisation list", "network:organisation-list", "staff@example.org", True),
    BenchPage("organisations (board)", "network:organisation-list", "board@example.org", True),
    BenchPage("people list", "network:person-list", "staff@example.org", True),
    BenchPage("recruitment", "network:candidate-list", "chair@example.org", True),
    BenchPage("annual reviews", "network:review-list", "staff@example.org", True),
    BenchPage("representation", "network:representation", "board@example.org", False),
    BenchPage("network overview", "network:overview", "staff@example.org", False),
    BenchPage("meetings list", "network:meeting-list", "staff@example.org", True),
    BenchPage("meetings (member)", "network:meeting-list", "member@example.org", True),
    BenchPage("actions list", "network:action-list", "chair@example.org", True),
    BenchPage(
        "meeting page", "network:meeting-detail", "staff@example.org", True, latest_network_meeting
    ),
    BenchPage("agenda page", "network:agenda", "chair@example.org", True, latest_network_meeting),
    BenchPage(
        "register", "network:meeting-register", "staff@example.org", True, latest_network_meeting
    ),
    BenchPage(
        "minutes (member)",
        "network:meeting-minutes",
        "member@example.org",
        True,
        latest_network_meeting,
    ),
]


@dataclass(frozen=True)
class Measure:
    median_ms: float  # wall-clock time
    median_cpu_ms: float  # this process's processor time: steadier on a busy machine
    queries: int


def measure_scale(scale: int, repeat: int) -> dict[str, Measure]:
    """Seed a fresh database at one scale and time every page on it."""
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from coprod.models import User

    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", scale=scale, stdout=quiet)
        print(f"seed_demo --scale {scale}: {time.perf_counter() - started:.1f} s", flush=True)
        # Seeding fills Django's query log (9,000 entries), after which it stops counting.
        reset_queries()
        results = {}
        for page in PAGES:
            client = Client()
            client.force_login(User.objects.get(email=page.email))
            url = reverse(page.url_name, args=page.args() if page.args else None)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales",
        "--scale",
        type=int,
        nargs="+",
        default=[1, 30],
        help="seed_demo scales to compare (default: 1 and 30)",
    )
    parser.add_argument("--repeat", type=int, default=10, help="requests per page")
    options = parser.parse_args()

    os.environ.setdefault("DEBUG", "1")
    os.environ["COPROD_REQUIRE_STAFF_MFA"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")

    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    by_scale = {scale: measure_scale(scale, options.repeat) for scale in options.scales}

    smallest, largest = min(options.scales), max(options.scales)
    header = f"{'page':<24}"
    header += "".join(f"{f'ms @{s}':>10}" for s in options.scales)
    header += f"{'ratio':>8}{'cpu ratio':>11}"
    header += "".join(f"{f'queries @{s}':>13}" for s in options.scales)
    print(header)
    growing = []
    for page in PAGES:
        measures = [by_scale[scale][page.label] for scale in options.scales]
        large, small = by_scale[largest][page.label], by_scale[smallest][page.label]
        ratio = large.median_ms / small.median_ms
        cpu_ratio = large.median_cpu_ms / small.median_cpu_ms
        counts = {m.queries for m in measures}
        line = f"{page.label:<24}"
        line += "".join(f"{m.median_ms:>10.1f}" for m in measures)
        line += f"{ratio:>7.2f}x{cpu_ratio:>10.2f}x"
        line += "".join(f"{m.queries:>13}" for m in measures)
        if page.is_list and len(counts) > 1:
            growing.append(page.label)
            line += "  <- queries grow with the data"
        print(line)
    if growing:
        print(f"Query counts differ between scales for: {', '.join(growing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
