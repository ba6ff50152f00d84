"""Benchmarks: time the busiest pages on years of demo data and print the figures.

    make bench              # 5 years of data in a throw-away SQLite database
    python bench/run.py --scale 10 --repeat 20
    DATABASE_URL=postgres://… python bench/run.py   # against PostgreSQL (a scratch database!)

Prints, per page: median and worst time over the repeats, and the number of queries.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("home (staff)", "reporting:home", "staff@example.org"),
    ("organisation list", "network:organisation-list", "staff@example.org"),
    ("people list", "network:person-list", "staff@example.org"),
    ("representation", "network:representation", "board@example.org"),
    ("recruitment", "network:candidate-list", "chair@example.org"),
    ("network overview", "network:overview", "staff@example.org"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=5, help="years of demo data")
    parser.add_argument("--repeat", type=int, default=10, help="requests per page")
    options = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "1")
    os.environ["COPROD_REQUIRE_STAFF_MFA"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from coprod.models import User

    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale=options.scale, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"seed_demo --scale {options.scale}: {time.perf_counter() - started:.1f} s")

    print(f"{'page':<22}{'median ms':>10}{'worst ms':>10}{'queries':>9}")
    for label, url_name, email in PAGES:
        client = Client()
        client.force_login(User.objects.get(email=email))
        url = reverse(url_name)
        timings = []
        for _ in range(options.repeat):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        print(
            f"{label:<22}{statistics.median(timings):>10.1f}{max(timings):>10.1f}{len(queries):>9}"
        )


if __name__ == "__main__":
    main()
