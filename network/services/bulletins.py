"""Writing, sending and posting bulletins; bounces; people's bulletin preferences."""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from smtplib import SMTPException, SMTPRecipientsRefused, SMTPResponseException
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from coprod.models import User
from coprod.pdf import render_pdf
from network import signed_links
from network.models import Bulletin, Constituency, Delivery, EasyReadPoint, Person, PrintPack
from network.rendering import markdown_to_html, markdown_to_text
from network.selectors.bulletins import (
    bulletin_recipients,
    mailing_list,
    you_said_we_did_since_last_bulletin,
)
from network.services.records import save_attributed

logger = logging.getLogger(__name__)

BATCH_SIZE = 50  # messages per task, sent over one SMTP connection
MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 60  # 1, 2, 4, 8 minutes between attempts
# A delivery claimed longer ago than this was lost with its worker: the reconciler
# queues it again (and flags it: the server may have taken it before the worker died).
CLAIM_TIMEOUT = timedelta(minutes=10)

Status = Delivery.Status
Channel = Delivery.Channel


# --- Writing ----------------------------------------------------------------------


@transaction.atomic
def save_bulletin(
    *,
    by: User,
    bulletin: Bulletin | None = None,
    constituencies: Iterable[Constituency] = (),
    **fields: Any,
) -> Bulletin:
    """Create or change a draft bulletin (its text and audience)."""
    if bulletin is None:
        bulletin = Bulletin(created_by=by)
    elif not bulletin.is_draft:
        raise ValidationError("Only a draft bulletin can be changed.")
    for name, value in fields.items():
        setattr(bulletin, name, value)
    bulletin.full_clean()
    bulletin.save()
    bulletin.constituencies.set(list(constituencies))
    return bulletin


YOU_SAID_HEADING = "## You said, we did"


@transaction.atomic
def add_you_said_we_did(*, bulletin: Bulletin, by: User) -> int:
    """Add to a draft what was done with members' input since the last bulletin went.

    Each approved "you said, we did" becomes two lines of Markdown at the end of the
    draft, which staff can then edit like the rest. Returns how many were added.
    """
    if not bulletin.is_draft:
        raise ValidationError("Only a draft bulletin can be changed.")
    entries = list(you_said_we_did_since_last_bulletin(bulletin))
    if not entries:
        raise ValidationError(
            "No “you said, we did” has been recorded since the last bulletin went out."
        )
    lines = [bulletin.body.rstrip(), "", YOU_SAID_HEADING, ""]
    for entry in entries:
        meeting = entry.item.meeting
        lines += [
            f"**{entry.item.title}** ({meeting.title}, {date_format(meeting.starts_at.date())})",
            "",
            f"- You said: {entry.you_said}",
            f"- We did: {entry.we_did}",
            "",
        ]
    save_bulletin_body(bulletin=bulletin, body="\n".join(lines).strip() + "\n", by=by)
    return len(entries)


def save_bulletin_body(*, bulletin: Bulletin, body: str, by: User) -> None:
    """Replace a draft's text, keeping its audience."""
    bulletin.body = body
    save_attributed(bulletin, by=by)


@transaction.atomic
def add_easy_read_point(*, bulletin: Bulletin, picture: str, text: str) -> EasyReadPoint:
    """Add a point (a short sentence and a picture) at the end of the easy-read version."""
    if not bulletin.is_draft:
        raise ValidationError("Only a draft bulletin can be changed.")
    Bulletin.objects.select_for_update().get(pk=bulletin.pk)  # one position each
    last = bulletin.easy_read_points.aggregate(last=Max("position"))["last"] or 0
    point = EasyReadPoint(bulletin=bulletin, position=last + 1, picture=picture, text=text)
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def remove_easy_read_point(*, point: EasyReadPoint) -> None:
    """Take a point out of a draft's easy-read version."""
    if not point.bulletin.is_draft:
        raise ValidationError("Only a draft bulletin can be changed.")
    point.delete()


# --- Sending ----------------------------------------------------------------------


@transaction.atomic
def send_bulletin(*, bulletin: Bulletin, by: User, day: date | None = None) -> Bulletin:
    """Record a delivery for each recipient, then queue the emails and make the print packs."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.SCHEDULED):
        raise ValidationError("This bulletin has already been sent.")
    recipients = bulletin_recipients(bulletin, day or timezone.localdate())
    if not recipients.by_email and not recipients.by_post:
        raise ValidationError(
            "Nobody in this audience can be sent the bulletin. Check the list of recipients."
        )
    now = timezone.now()
    deliveries = [
        Delivery(
            bulletin=bulletin,
            person=recipient.person,
            channel=recipient.channel,
            address=recipient.address,
            status=Status.QUEUED if recipient in recipients.by_email else Status.TO_POST,
            queued_at=now if recipient in recipients.by_email else None,
        )
        for recipient in recipients.by_email + recipients.by_post
    ]
    Delivery.objects.bulk_create(deliveries, batch_size=500)
    bulletin.status = Bulletin.Status.SENDING if recipients.by_email else Bulletin.Status.SENT
    bulletin.sent_by = by
    bulletin.sent_at = now
    bulletin.save(update_fields=["status", "sent_by", "sent_at"])
    if recipients.by_post:
        request_print_packs(bulletin=bulletin)
    email_ids = list(
        Delivery.objects.filter(bulletin=bulletin, status=Status.QUEUED).values_list(
            "pk", flat=True
        )
    )
    transaction.on_commit(lambda: queue_batches(email_ids))
    return bulletin


def queue_batches(delivery_ids: Sequence[int], countdown: int = 0) -> None:
    """Hand the deliveries to Celery in batches, each sent over one connection."""
    from network import tasks  # tasks import this module

    for start in range(0, len(delivery_ids), BATCH_SIZE):
        batch = list(delivery_ids[start : start + BATCH_SIZE])
        tasks.send_bulletin_batch.apply_async(args=[batch], countdown=countdown)


def claim_delivery(delivery_id: int) -> Delivery | None:
    """Take a queued, due email delivery for sending (queued → sending), or None if taken."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id,
        status=Status.QUEUED,
        queued_at__lte=now,
        channel__in=Delivery.EMAIL_CHANNELS,
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    return Delivery.objects.select_related("bulletin", "person").get(pk=delivery_id)


def send_delivery_batch(*, delivery_ids: Sequence[int]) -> int:
    """Send a batch of deliveries over one SMTP connection; returns how many were sent."""
    connection = get_connection()
    is_open = False
    sent = 0
    bulletin_ids = set()
    try:
        for delivery_id in delivery_ids:
            delivery = claim_delivery(delivery_id)
            if delivery is None:
                continue  # sent already, or another worker has it, or not due yet
            bulletin_ids.add(delivery.bulletin_id)
            try:
                message = bulletin_message(delivery, connection)
                if not is_open:
                    connection.open()
                    is_open = True
                connection.send_messages([message])
            except SMTPRecipientsRefused as error:
                code, reason = next(iter(error.recipients.values()), (0, b""))
                _failed(delivery, code, _text(reason))
            except SMTPResponseException as error:
                _failed(delivery, error.smtp_code, _text(error.smtp_error))
                connection.close()
                is_open = False
            except (SMTPException, OSError) as error:
                # The connection broke: try later, and open a new one for the rest.
                _retry_later(delivery, str(error) or error.__class__.__name__)
                connection.close()
                is_open = False
            else:
                _mark_sent(delivery)
                sent += 1
    finally:
        if is_open:
            connection.close()
    for bulletin_id in bulletin_ids:
        finish_if_done(bulletin_id=bulletin_id)
    return sent


def _text(reason: bytes | str) -> str:
    return reason.decode(errors="replace") if isinstance(reason, bytes) else str(reason)


def _mark_sent(delivery: Delivery) -> None:
    # Only our own claim: if the reconciler has taken the row back, it will be sent again.
    Delivery.objects.filter(pk=delivery.pk, claimed_at=delivery.claimed_at).update(
        status=Status.SENT, sent_at=timezone.now(), error=""
    )


def _failed(delivery: Delivery, code: int, reason: str) -> None:
    """A refusal: permanent (5xx) marks the address as not working; temporary (4xx) retries."""
    error = f"{code} {reason}".strip()
    if 500 <= code < 600:
        with transaction.atomic():
            Delivery.objects.filter(pk=delivery.pk, claimed_at=delivery.claimed_at).update(
                status=Status.BOUNCED, error=error[:500]
            )
            mark_email_not_working(person=delivery.person, problem=error)
    else:
        _retry_later(delivery, error)


def _retry_later(delivery: Delivery, error: str) -> None:
    """Queue the delivery again after a wait that doubles, or mark it failed at the last."""
    if delivery.attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk, claimed_at=delivery.claimed_at).update(
            status=Status.FAILED, error=error[:500]
        )
        return
    wait = RETRY_BASE_SECONDS * 2 ** (delivery.attempts - 1)
    updated = Delivery.objects.filter(pk=delivery.pk, claimed_at=delivery.claimed_at).update(
        status=Status.QUEUED,
        claimed_at=None,
        queued_at=timezone.now() + timedelta(seconds=wait),
        error=error[:500],
    )
    if updated:
        transaction.on_commit(lambda: queue_batches([delivery.pk], countdown=wait))


def finish_if_done(*, bulletin_id: int) -> bool:
    """Mark a sending bulletin sent once no email is queued or being sent."""
    waiting = Delivery.objects.filter(
        bulletin_id=bulletin_id, status__in=[Status.QUEUED, Status.SENDING]
    )
    if waiting.exists():
        return False
    return bool(
        Bulletin.objects.filter(pk=bulletin_id, status=Bulletin.Status.SENDING).update(
            status=Bulletin.Status.SENT
        )
    )


@dataclass(frozen=True)
class Reconciled:
    requeued: int  # queued ones whose task was lost
    flagged: int  # claimed ones whose worker was lost: possibly sent twice


@transaction.atomic
def reconcile_deliveries(*, timeout: timedelta = CLAIM_TIMEOUT) -> Reconciled:
    """Queue again what a lost task or worker left: nobody is missed."""
    now = timezone.now()
    cutoff = now - timeout
    stuck = Delivery.objects.select_for_update(skip_locked=True).filter(
        status=Status.SENDING, claimed_at__lt=cutoff
    )
    stuck_ids = list(stuck.values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=stuck_ids).update(
        status=Status.QUEUED, claimed_at=None, queued_at=now, possibly_duplicated=True
    )
    lost = Delivery.objects.select_for_update(skip_locked=True).filter(
        status=Status.QUEUED, queued_at__lt=cutoff
    )
    lost_ids = list(lost.values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=lost_ids).update(queued_at=now)
    ids = sorted(stuck_ids + lost_ids)
    if ids:
        transaction.on_commit(lambda: queue_batches(ids))
    for bulletin_id in Bulletin.objects.filter(status=Bulletin.Status.SENDING).values_list(
        "pk", flat=True
    ):
        finish_if_done(bulletin_id=bulletin_id)
    return Reconciled(requeued=len(lost_ids), flagged=len(stuck_ids))


@transaction.atomic
def retry_failed_deliveries(*, bulletin: Bulletin) -> int:
    """Queue a bulletin's failed emails again (staff asked); returns how many."""
    ids = list(
        Delivery.objects.select_for_update()
        .filter(bulletin=bulletin, status=Status.FAILED)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    Delivery.objects.filter(pk__in=ids).update(
        status=Status.QUEUED, queued_at=timezone.now(), attempts=0, claimed_at=None
    )
    Bulletin.objects.filter(pk=bulletin.pk).update(status=Bulletin.Status.SENDING)
    transaction.on_commit(lambda: queue_batches(ids))
    return len(ids)


# --- The email --------------------------------------------------------------------


def email_context(bulletin: Bulletin, person: Person, *, easy_read: bool) -> dict[str, Any]:
    return {
        "bulletin": bulletin,
        "person": person,
        "body_html": markdown_to_html(bulletin.body),
        "body_text": markdown_to_text(bulletin.body),
        "easy_read": easy_read,
        "points": list(bulletin.easy_read_points.all()) if easy_read else [],
        "preferences_url": signed_links.link_for(person, signed_links.PREFERENCES),
        "unsubscribe_url": signed_links.link_for(person, signed_links.UNSUBSCRIBE),
    }


def preview_context(bulletin: Bulletin, *, easy_read: bool) -> dict[str, Any]:
    """What an email looks like, with a sample name and the links described, not made."""
    return {
        "bulletin": bulletin,
        "person": Person(full_name="(the person's name)"),
        "body_html": markdown_to_html(bulletin.body),
        "body_text": markdown_to_text(bulletin.body),
        "easy_read": easy_read,
        "points": list(bulletin.easy_read_points.all()) if easy_read else [],
        "preferences_url": "(their own preferences link)",
        "unsubscribe_url": "(their own unsubscribe link)",
    }


def bulletin_message(
    delivery: Delivery, connection: BaseEmailBackend | None = None
) -> EmailMultiAlternatives:
    """The email for one delivery: plain text and HTML, with a one-click unsubscribe."""
    context = email_context(delivery.bulletin, delivery.person, easy_read=delivery.is_easy_read)
    subject = render_to_string("emails/bulletin_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("emails/bulletin_body.txt", context),
        to=[delivery.address],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("emails/bulletin_body.html", context), "text/html")
    return message


# --- Addresses, preferences, unsubscribing -----------------------------------------


def mark_email_not_working(*, person: Person, problem: str) -> None:
    """A permanent refusal: send no more email to this address until staff fix it."""
    Person.objects.filter(pk=person.pk, email=person.email).update(
        email_not_working_since=timezone.now(), email_problem=problem[:300]
    )


@transaction.atomic
def mark_email_working(*, person: Person, by: User) -> Person:
    """Staff have checked the address: email may go to it again."""
    person.email_not_working_since = None
    person.email_problem = ""
    save_attributed(person, by=by)
    return person


@transaction.atomic
def set_bulletin_preferences(*, person: Person, channel: str, unsubscribe: bool) -> Person:
    """The person's own choice through their signed link: a channel, or no bulletins."""
    if channel not in Person.Channel.values:
        raise ValidationError({"preferred_channel": "Choose how you would like to get bulletins"})
    person.preferred_channel = channel
    person.unsubscribed_at = (person.unsubscribed_at or timezone.now()) if unsubscribe else None
    # Only these two fields: the form has checked the channel against the details we hold,
    # and a gap elsewhere in the record (for staff to fill) must not stop the person.
    person._history_user = None  # type: ignore[attr-defined]
    person.save(update_fields=["preferred_channel", "unsubscribed_at"])
    return person


@transaction.atomic
def unsubscribe(*, person: Person) -> Person:
    """No more bulletins for this person (from the link in a bulletin)."""
    if person.unsubscribed_at is None:
        person.unsubscribed_at = timezone.now()
        person._history_user = None  # type: ignore[attr-defined]
        person.save(update_fields=["unsubscribed_at"])
    return person


# --- Print packs ------------------------------------------------------------------

FORMAT_FOR_CHANNEL = {
    Channel.POST: PrintPack.Format.STANDARD,
    Channel.LARGE_PRINT: PrintPack.Format.LARGE_PRINT,
    Channel.EASY_READ_POST: PrintPack.Format.EASY_READ,
}


@transaction.atomic
def request_print_packs(*, bulletin: Bulletin) -> list[PrintPack]:
    """(Re)make the PDFs for every format the bulletin's posted copies need."""
    channels = set(mailing_list(bulletin).values_list("channel", flat=True))
    formats = sorted({FORMAT_FOR_CHANNEL[Channel(channel)] for channel in channels})
    packs = []
    for fmt in formats:
        pack, _ = PrintPack.objects.update_or_create(
            bulletin=bulletin,
            format=fmt,
            defaults={"status": PrintPack.Status.QUEUED, "error": "", "finished_at": None},
        )
        packs.append(pack)
    ids = [pack.pk for pack in packs]
    transaction.on_commit(lambda: _queue_print_packs(ids))
    return packs


def _queue_print_packs(ids: list[int]) -> None:
    from network import tasks

    for pack_id in ids:
        tasks.make_print_pack.delay(pack_id)


def print_pdf(bulletin: Bulletin, fmt: str) -> bytes:
    """The bulletin as a PDF to post, in one format."""
    context = {
        "bulletin": bulletin,
        "body_html": markdown_to_html(bulletin.body),
        "large_print": fmt == PrintPack.Format.LARGE_PRINT,
        "points": list(bulletin.easy_read_points.all()),
    }
    template = (
        "print/bulletin_easy_read.html"
        if fmt == PrintPack.Format.EASY_READ
        else ("print/bulletin.html")
    )
    return render_pdf(template, context)


def make_print_pack(*, pack_id: int) -> None:
    """Make one print pack's PDF; safe to run twice (a ready pack is left alone)."""
    claimed = PrintPack.objects.filter(
        pk=pack_id, status__in=[PrintPack.Status.QUEUED, PrintPack.Status.FAILED]
    ).update(status=PrintPack.Status.WORKING)
    if not claimed:
        return
    pack = PrintPack.objects.select_related("bulletin").get(pk=pack_id)
    pdf = print_pdf(pack.bulletin, pack.format)
    pack.file.save(f"bulletin-{pack.bulletin_id}-{pack.format}.pdf", ContentFile(pdf), save=False)
    pack.status = PrintPack.Status.READY
    pack.finished_at = timezone.now()
    pack.save(update_fields=["file", "status", "finished_at"])


def mark_print_pack_failed(*, pack_id: int, error: str) -> None:
    PrintPack.objects.filter(pk=pack_id).update(status=PrintPack.Status.FAILED, error=error[:300])
