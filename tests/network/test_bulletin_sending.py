"""Sending a bulletin: one delivery each, batches over one connection, the claim guard,
the reconciler, retries with backoff, bounces, and the figures on the bulletin page."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from network.models import Bulletin, Delivery, Person
from network.services import bulletins as services
from network.signed_links import UNSUBSCRIBE, link_for
from tests.factories import (
    BulletinFactory,
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    UserFactory,
)
from tests.network.bulletin_backends import RecordingBackend

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
CONSENTED = {"consent_given_on": date(2024, 1, 1), "consent_method": "writing"}
Status = Delivery.Status


@pytest.fixture(autouse=True)
def _recording_backend(settings):
    settings.EMAIL_BACKEND = "tests.network.bulletin_backends.RecordingBackend"
    settings.SITE_URL = "https://coprod.example.org"
    RecordingBackend.opened = 0
    RecordingBackend.refuse = {}
    RecordingBackend.reject_data = {}
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def sender(db):
    return UserFactory(roles=["staff"])


def members(count: int, **fields) -> list[Person]:
    organisation = MemberOrganisationFactory()
    people = []
    for i in range(count):
        person = PersonFactory(full_name=f"Person {i:03}", **{**CONSENTED, **fields})
        RepresentativeFactory(person=person, organisation=organisation)
        people.append(person)
    return people


def send(bulletin: Bulletin, by, capture) -> Bulletin:
    with capture(execute=True):
        return services.send_bulletin(bulletin=bulletin, by=by)


def test_one_delivery_each_and_every_email_sent_in_batches_over_one_connection(
    sender, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "BATCH_SIZE", 4)
    people = members(10)
    bulletin = send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    assert sorted(mail.outbox[i].to[0] for i in range(10)) == sorted(p.email for p in people)
    assert RecordingBackend.opened == 3  # 4 + 4 + 2: one connection per batch
    assert list(bulletin.deliveries.order_by().values_list("status", "attempts").distinct()) == [
        (Status.SENT, 1)
    ]
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.SENT


def test_the_email_has_text_html_and_one_click_unsubscribe(
    sender, django_capture_on_commit_callbacks
):
    [person] = members(1)
    send(BulletinFactory(title="June news"), sender, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    unsubscribe = link_for(person, UNSUBSCRIBE)
    assert message.subject == "June news"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "The network meets in **Leeds** on 4 May." in message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert "<strong>Leeds</strong>" in html
    assert "/preferences/" in html
    assert "/preferences/" in message.body
    assert "We do not track" in message.body


def test_an_unsubscribed_person_is_never_sent_one(sender, django_capture_on_commit_callbacks):
    stays, leaves = members(2)
    services.unsubscribe(person=leaves)
    bulletin = send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[stays.email]]
    assert list(bulletin.deliveries.values_list("person", flat=True)) == [stays.pk]


def test_a_bulletin_is_sent_once(sender, django_capture_on_commit_callbacks):
    members(1)
    bulletin = send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="already been sent"):
        services.send_bulletin(bulletin=bulletin, by=sender)
    assert len(mail.outbox) == 1


def test_nobody_to_send_to_is_refused(sender):
    members(1, consent_given_on=None, consent_method="")
    bulletin = BulletinFactory()
    with pytest.raises(ValidationError, match="Nobody in this audience"):
        services.send_bulletin(bulletin=bulletin, by=sender)
    assert bulletin.deliveries.count() == 0


def test_a_claimed_delivery_is_not_sent_again_by_a_second_task(sender):
    [person] = members(1)
    bulletin = services.send_bulletin(bulletin=BulletinFactory(), by=sender)  # not run
    delivery = bulletin.deliveries.get()
    assert services.claim_delivery(delivery.pk) is not None
    assert services.claim_delivery(delivery.pk) is None  # the guard
    assert services.send_delivery_batch(delivery_ids=[delivery.pk]) == 0
    assert mail.outbox == []
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.address) == (
        Status.SENDING,
        1,
        person.email,
    )


def test_the_reconciler_requeues_lost_and_flags_claimed_past_the_timeout(
    sender, django_capture_on_commit_callbacks
):
    members(3)
    bulletin = services.send_bulletin(bulletin=BulletinFactory(), by=sender)  # tasks lost
    first, _second, _third = bulletin.deliveries.order_by("pk")
    services.claim_delivery(first.pk)  # a worker died holding it
    with (
        time_machine.travel(NOW + timedelta(minutes=5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        early = services.reconcile_deliveries(timeout=timedelta(minutes=10))
    assert (early.requeued, early.flagged, len(mail.outbox)) == (0, 0, 0)
    with (
        time_machine.travel(NOW + timedelta(minutes=11), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = services.reconcile_deliveries(timeout=timedelta(minutes=10))
    assert (result.requeued, result.flagged) == (2, 1)
    assert len(mail.outbox) == 3
    rows = bulletin.deliveries.order_by("pk").values_list("status", "possibly_duplicated")
    assert list(rows) == [(Status.SENT, True), (Status.SENT, False), (Status.SENT, False)]
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.SENT


def test_a_temporary_refusal_retries_with_backoff_then_fails(
    sender, django_capture_on_commit_callbacks
):
    [person] = members(1)
    RecordingBackend.refuse = {person.email: (451, b"Try again later")}
    bulletin = send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    delivery = bulletin.deliveries.get()
    assert (delivery.status, delivery.attempts, delivery.error) == (
        Status.QUEUED,
        1,
        "451 Try again later",
    )
    assert delivery.queued_at == NOW + timedelta(seconds=60)
    waits = [60, 120, 240, 480]
    moment = NOW
    for attempt, wait in enumerate(waits, start=2):
        moment += timedelta(seconds=wait)
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.send_delivery_batch(delivery_ids=[delivery.pk])
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
    assert delivery.status == Status.FAILED
    person.refresh_from_db()
    assert person.email_not_working_since is None  # temporary: the address is fine
    RecordingBackend.refuse = {}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.retry_failed_deliveries(bulletin=bulletin) == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert len(mail.outbox) == 1


def test_a_dropped_connection_retries_and_the_rest_of_the_batch_goes(
    sender, django_capture_on_commit_callbacks
):
    first, second = members(2)
    RecordingBackend.refuse = {first.email: (0, b"")}
    bulletin = send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    statuses = dict(bulletin.deliveries.values_list("person", "status"))
    assert statuses == {first.pk: Status.QUEUED, second.pk: Status.SENT}
    assert RecordingBackend.opened == 2  # a new connection after the broken one


@pytest.mark.parametrize("kind", ["recipients", "response"])
def test_a_permanent_refusal_marks_the_address_and_the_next_bulletin_skips_it(
    sender, django_capture_on_commit_callbacks, kind
):
    bounced, fine = members(2)
    refusal = (550, b"5.1.1 No such mailbox")
    if kind == "recipients":
        RecordingBackend.refuse = {bounced.email: refusal}
    else:
        RecordingBackend.reject_data = {bounced.email: refusal}
    first = send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    delivery = first.deliveries.get(person=bounced)
    assert (delivery.status, delivery.error) == (Status.BOUNCED, "550 5.1.1 No such mailbox")
    bounced.refresh_from_db()
    assert bounced.email_not_working_since == NOW
    assert bounced.email_problem == "550 5.1.1 No such mailbox"
    RecordingBackend.refuse = RecordingBackend.reject_data = {}
    second = send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    assert list(second.deliveries.values_list("person", flat=True)) == [fine.pk]
    assert [m.to for m in mail.outbox] == [[fine.email], [fine.email]]


def test_staff_mark_the_address_working_and_it_is_emailed_again(
    sender, staff_client, django_capture_on_commit_callbacks
):
    [person] = members(1, email_not_working_since=NOW, email_problem="550 No such mailbox")
    response = staff_client.get(reverse("network:person-detail", args=[person.pk]))
    assert "550 No such mailbox" in response.content.decode()
    response = staff_client.post(reverse("network:person-email-working", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.email_not_working_since, person.email_problem) == (None, "")
    send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_changing_the_email_clears_the_problem(sender):
    from network.services import update_person

    [person] = members(1, email_not_working_since=NOW, email_problem="550")
    update_person(person=person, by=sender, changes={"email": "new@example.org"})
    person.refresh_from_db()
    assert person.email_not_working_since is None


def test_the_bulletin_page_shows_figures_that_match_the_deliveries(
    sender, staff_client, django_capture_on_commit_callbacks
):
    people = members(6)
    RecordingBackend.refuse = {
        people[0].email: (550, b"No such mailbox"),
        people[1].email: (451, b"Later"),
    }
    bulletin = send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    Delivery.objects.filter(person=people[2]).update(status=Status.FAILED)
    page = staff_client.get(bulletin.get_absolute_url()).content.decode()
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric" id="count-queued">1</td>' in page
    )
    assert 'id="count-sent">3</td>' in page
    assert 'id="count-failed">1</td>' in page
    assert 'id="count-bounced">1</td>' in page
    assert "Delivered: 50% of 6 emails." in page
    assert "Check again" in page


def test_the_bulletin_page_costs_the_same_with_more_deliveries(
    sender, staff_client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    members(2)
    small = send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    members(20)
    large = send(BulletinFactory(), sender, django_capture_on_commit_callbacks)
    staff_client.get(small.get_absolute_url())  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        staff_client.get(small.get_absolute_url())
    with django_assert_num_queries(len(first)):
        staff_client.get(large.get_absolute_url())
    with CaptureQueriesContext(connection) as first_list:
        staff_client.get(reverse("network:bulletin-deliveries", args=[small.pk]))
    with django_assert_num_queries(len(first_list)):
        staff_client.get(reverse("network:bulletin-deliveries", args=[large.pk]))
