"""200 bulletin emails through Redis, a real Celery worker and Django's SMTP backend to a
local SMTP server, while the worker is SIGKILLed (and, in the second test, Redis is
restarted): after the reconciler, everyone has the message; any repeat is one that was in
flight when sending stopped, and it is flagged."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from coprod.celery import app
from network.models import Bulletin, Delivery
from network.services import bulletins as services
from tests.factories import (
    BulletinFactory,
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    UserFactory,
)
from tests.smtp_sink import Sink, SmtpSink, free_port

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

RECIPIENTS = 200
CONSENTED = {"consent_given_on": date(2024, 1, 1), "consent_method": "writing"}


def wait_for(condition: Callable[[], bool], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("Timed out waiting")
        time.sleep(0.1)


def database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def start_worker(smtp_port: int, redis_url: str | None = None) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coprod",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=ERROR",
        ],
        env=env,
    )


@pytest.fixture
def sink() -> Iterator[Sink]:
    with SmtpSink(delay=0.02) as handler:  # ~4 s for 200: time to interrupt
        yield handler


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for worker in started:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)


@pytest.fixture
def bulletin_for_200() -> Bulletin:
    organisation = MemberOrganisationFactory()
    for i in range(RECIPIENTS):
        person = PersonFactory(email=f"member{i:03}@example.org", **CONSENTED)
        RepresentativeFactory(person=person, organisation=organisation)
    return BulletinFactory(title="Two hundred")


def quiet(sink: Sink, seconds: float = 2.0) -> None:
    """Wait until nothing is being sent for a while (the worker has nothing it can take)."""
    last, since = sink.count, time.monotonic()
    while time.monotonic() - since < seconds:
        time.sleep(0.2)
        if sink.count != last:
            last, since = sink.count, time.monotonic()


def check_everyone_once_or_flagged(sink: Sink, in_flight: int) -> None:
    expected = {f"member{i:03}@example.org" for i in range(RECIPIENTS)}
    received = sink.counts()
    assert set(received) == expected  # nobody missed
    repeated = {address for address, n in received.items() if n > 1}
    assert sum(received[a] - 1 for a in repeated) <= in_flight
    flagged = set(
        Delivery.objects.filter(possibly_duplicated=True).values_list("address", flat=True)
    )
    assert repeated <= flagged
    assert Delivery.objects.exclude(status=Delivery.Status.SENT).count() == 0
    assert Bulletin.objects.get().status == Bulletin.Status.SENT


def test_a_killed_worker_misses_nobody_and_flags_what_it_may_repeat(
    sink: Sink, workers: list[Any], bulletin_for_200: Bulletin
) -> None:
    workers.append(start_worker(sink.port))
    services.send_bulletin(bulletin=bulletin_for_200, by=UserFactory(roles=["staff"]))
    wait_for(lambda: sink.count >= 40)
    workers[0].send_signal(signal.SIGKILL)
    workers[0].wait(timeout=30)
    in_flight = Delivery.objects.filter(status=Delivery.Status.SENDING).count()
    assert 0 < sink.count < RECIPIENTS
    assert in_flight <= 1  # one worker, one message at a time

    workers.append(start_worker(sink.port))  # the lost batch's message stays unacknowledged
    quiet(sink)
    services.reconcile_deliveries(timeout=timedelta(0))
    wait_for(lambda: not Delivery.objects.exclude(status=Delivery.Status.SENT).exists())
    # The batch that sent the last one marks the bulletin sent just after: wait for it too.
    wait_for(lambda: Bulletin.objects.get().status == Bulletin.Status.SENT)
    check_everyone_once_or_flagged(sink, in_flight)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[Callable[[], None]]:
    """A redis-server of our own on a free port (never the machine's), and a restart."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(tmp_path)]
    process = [subprocess.Popen(command, stdout=subprocess.DEVNULL)]

    def ready() -> bool:
        check = ["redis-cli", "-p", str(port), "ping"]
        return subprocess.run(check, capture_output=True, check=False).stdout.strip() == b"PONG"

    wait_for(ready, 30)
    url = f"redis://127.0.0.1:{port}/0"
    previous = app.conf.broker_url
    app.conf.broker_url = url  # this process queues to our Redis too
    app._pool = None
    app.amqp._producer_pool = None

    def restart() -> None:
        process[0].terminate()
        process[0].wait(timeout=30)
        process[0] = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_for(ready, 30)

    restart.url = url  # type: ignore[attr-defined]
    yield restart
    app.conf.broker_url = previous
    app._pool = None
    app.amqp._producer_pool = None
    process[0].terminate()
    process[0].wait(timeout=30)


def test_a_restarted_redis_misses_nobody(
    sink: Sink, workers: list[Any], bulletin_for_200: Bulletin, own_redis: Any
) -> None:
    workers.append(start_worker(sink.port, redis_url=own_redis.url))
    services.send_bulletin(bulletin=bulletin_for_200, by=UserFactory(roles=["staff"]))
    wait_for(lambda: sink.count >= 40)
    own_redis()  # every queued batch is gone with it (no persistence)
    quiet(sink, 3.0)
    in_flight = Delivery.objects.filter(status=Delivery.Status.SENDING).count()
    assert sink.count < RECIPIENTS
    services.reconcile_deliveries(timeout=timedelta(0))
    wait_for(lambda: not Delivery.objects.exclude(status=Delivery.Status.SENT).exists())
    # The batch that sent the last one marks the bulletin sent just after: wait for it too.
    wait_for(lambda: Bulletin.objects.get().status == Bulletin.Status.SENT)
    check_everyone_once_or_flagged(sink, in_flight)
