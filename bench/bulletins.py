"""Benchmark: bulletin emails through Celery and Redis against a plain smtplib loop.

    DATABASE_URL=postgres://postgres@127.0.0.1/scratch REDIS_URL=redis://127.0.0.1:6379/14 \
        python bench/bulletins.py                  # 1,000 emails, 2 worker processes
    python bench/bulletins.py --emails 200 --concurrency 1

Needs PostgreSQL (the worker shares the database: use a scratch one, it is migrated and
filled) and Redis. Both runs send to a local SMTP sink (aiosmtpd, 127.0.0.1, free port).
Prints messages a second for: the bulletin sent as Celery tasks (batches over one SMTP
connection each, every delivery claimed and marked), and a plain loop over one smtplib
connection sending the same messages; and the ratio of the two.
"""

import argparse
import os
import smtplib
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    options = parser.parse_args()
    if not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        sys.exit("Set REDIS_URL and DATABASE_URL (a scratch PostgreSQL database).")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")

    import django

    django.setup()
    from django.core.management import call_command

    from coprod.models import User
    from network.models import Bulletin, Delivery, Membership, Organisation, Person, Representative
    from network.services import bulletins as services
    from tests.smtp_sink import SmtpSink

    call_command("migrate", verbosity=0)
    Delivery.objects.all().delete()
    Bulletin.objects.all().delete()
    Representative.objects.filter(person__email__endswith="@bench.example.org").delete()
    Person.objects.filter(email__endswith="@bench.example.org").delete()
    organisation, _ = Organisation.objects.get_or_create(
        name="Bench Voices", defaults={"kind": Organisation.Kind.LOCAL}
    )
    Membership.objects.get_or_create(
        organisation=organisation, defaults={"status": "active", "started_on": date(2024, 1, 1)}
    )
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Bench Person {n}",
            email=f"bench{n}@bench.example.org",
            consent_given_on=date(2024, 1, 1),
            consent_method="writing",
        )
        for n in range(options.emails)
    )
    Representative.objects.bulk_create(
        Representative(organisation=organisation, person=person, started_on=date(2024, 1, 1))
        for person in people
    )
    staff, _ = User.objects.get_or_create(email="bench-staff@example.org")
    bulletin = Bulletin.objects.create(title="Bench bulletin", body="## Hello\n\nNews **now**.")

    with SmtpSink() as sink:
        env = os.environ | {"EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
        worker = subprocess.Popen(  # noqa: S603 (our own command line)
            [sys.executable, "-m", "celery", "-A", "coprod", "worker", "--loglevel=ERROR",
             f"--concurrency={options.concurrency}", "--without-gossip", "--without-mingle"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        try:
            time.sleep(5)  # let the worker connect
            start = time.perf_counter()
            services.send_bulletin(bulletin=bulletin, by=staff)
            while sink.count < options.emails:
                time.sleep(0.05)
            celery_seconds = time.perf_counter() - start
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        deliveries = list(
            Delivery.objects.filter(bulletin=bulletin).select_related("bulletin", "person")
        )
        messages = [
            services.bulletin_message(d).message().as_bytes(linesep="\r\n") for d in deliveries
        ]
        start = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
            for delivery, message in zip(deliveries, messages, strict=True):
                smtp.sendmail("coprod@example.org", [delivery.address], message)
        plain_seconds = time.perf_counter() - start

    celery_rate = options.emails / celery_seconds
    plain_rate = options.emails / plain_seconds
    print(f"{options.emails} emails, {options.concurrency} worker processes")
    print(f"Celery + Redis, batches of {services.BATCH_SIZE}: {celery_rate:8.1f} messages/s")
    print(f"plain smtplib loop, one connection:  {plain_rate:8.1f} messages/s")
    print(f"ratio (plain / Celery): {plain_rate / celery_rate:.2f}")


if __name__ == "__main__":
    main()
