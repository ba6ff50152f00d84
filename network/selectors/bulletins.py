"""Reads for bulletins: who may see which, who gets one and how, and how sending went."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from coprod.permissions import can
from network.models import Bulletin, Delivery, Feedback, Person, PrintPack
from network.selectors.audiences import AudienceChoice, audience_people
from network.selectors.meeting_records import feedback_since
from network.selectors.organisations import AnyUser

Channel = Delivery.Channel


def bulletin_audience(bulletin: Bulletin) -> AudienceChoice:
    """The bulletin's audience as the audience selector takes it."""
    return AudienceChoice(
        audience=bulletin.audience,
        kinds=tuple(bulletin.kinds or ()),
        constituency_ids=tuple(c.pk for c in bulletin.constituencies.all()),
        meeting_id=bulletin.meeting_id,
    )


def bulletins_visible_to(user: AnyUser) -> QuerySet[Bulletin]:
    """Writers see every bulletin; readers of the archive those sent (to them, for members)."""
    bulletins = Bulletin.objects.select_related("meeting", "created_by")
    allowed = can(user)
    if allowed("bulletin_send"):
        return bulletins
    sent = bulletins.filter(status__in=[Bulletin.Status.SENDING, Bulletin.Status.SENT])
    if allowed.fully("bulletin_archive"):
        return sent
    if allowed("bulletin_archive"):
        to_them = Delivery.objects.filter(
            bulletin=OuterRef("pk"), person__user_id=cast(int, user.pk)
        )
        return sent.filter(Exists(to_them))
    return bulletins.none()


# --- Recipients: who gets it, by which channel, and who is left out and why ----------

NO_CONSENT = "No consent to be contacted"
UNSUBSCRIBED = "Unsubscribed from bulletins"
NOT_WORKING = "Email address not working"
NO_EMAIL = "No email address"
NO_POSTAL_ADDRESS = "No postal address"


@dataclass(frozen=True)
class Recipient:
    person: Person
    channel: str = ""  # a Delivery.Channel; empty when left out
    address: str = ""
    reason: str = ""  # why they are left out

    @property
    def channel_label(self) -> str:
        return Channel(self.channel).label if self.channel else ""


@dataclass(frozen=True)
class Recipients:
    by_email: list[Recipient]
    by_post: list[Recipient]
    left_out: list[Recipient]

    @property
    def total(self) -> int:
        return len(self.by_email) + len(self.by_post) + len(self.left_out)


def _postal_address(person: Person) -> str:
    if person.address.strip() and person.postcode.strip():
        return f"{person.address.strip()}\n{person.postcode.strip()}"
    return ""


def recipient_for(person: Person) -> Recipient:
    """How one person gets a bulletin sent today, or why they do not."""
    if not person.has_consent:
        return Recipient(person, reason=NO_CONSENT)
    if person.unsubscribed_at is not None:
        return Recipient(person, reason=UNSUBSCRIBED)
    preferred = person.preferred_channel
    postal = _postal_address(person)
    if preferred in (Person.Channel.POST, Person.Channel.LARGE_PRINT):
        channel = Channel.POST if preferred == Person.Channel.POST else Channel.LARGE_PRINT
        return Recipient(person, channel, postal) if postal else _no_post(person)
    if preferred == Person.Channel.EASY_READ:
        # Easy read goes by email when there is a working address, by post otherwise.
        if person.email and person.email_is_working:
            return Recipient(person, Channel.EASY_READ_EMAIL, person.email)
        if postal:
            return Recipient(person, Channel.EASY_READ_POST, postal)
        return _no_post(person)
    # Email, and telephone (a bulletin cannot be read out by phone: email, else post).
    if person.email:
        if not person.email_is_working:
            return Recipient(person, reason=NOT_WORKING)
        return Recipient(person, Channel.EMAIL, person.email)
    if preferred == Person.Channel.TELEPHONE and postal:
        return Recipient(person, Channel.POST, postal)
    return Recipient(person, reason=NO_EMAIL)


def _no_post(person: Person) -> Recipient:
    return Recipient(person, reason=NO_POSTAL_ADDRESS)


def bulletin_recipients(bulletin: Bulletin, day: date) -> Recipients:
    """Everyone in the bulletin's audience on the day, sorted into email, post and left out."""
    people = audience_people(bulletin_audience(bulletin), day)
    by_email, by_post, left_out = [], [], []
    for person in people:
        recipient = recipient_for(person)
        if not recipient.channel:
            left_out.append(recipient)
        elif recipient.channel in Delivery.EMAIL_CHANNELS:
            by_email.append(recipient)
        else:
            by_post.append(recipient)
    return Recipients(by_email, by_post, left_out)


# --- How sending went ---------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryStatistics:
    queued: int
    sending: int
    sent: int
    failed: int
    bounced: int
    to_post: int
    flagged: int

    @property
    def emails(self) -> int:
        return self.queued + self.sending + self.sent + self.failed + self.bounced

    @property
    def waiting(self) -> int:
        return self.queued + self.sending

    @property
    def share_delivered(self) -> str:
        """Sent emails as a share of all emails, as a whole percentage."""
        if not self.emails:
            return "0%"
        return f"{round(100 * self.sent / self.emails)}%"


def delivery_statistics(bulletin: Bulletin) -> DeliveryStatistics:
    """Counts of the bulletin's deliveries by status, in one query."""
    Status = Delivery.Status
    counts = Delivery.objects.filter(bulletin=bulletin).aggregate(
        **{
            name: Count("pk", filter=Q(status=status))
            for name, status in [
                ("queued", Status.QUEUED),
                ("sending", Status.SENDING),
                ("sent", Status.SENT),
                ("failed", Status.FAILED),
                ("bounced", Status.BOUNCED),
                ("to_post", Status.TO_POST),
            ]
        },
        flagged=Count("pk", filter=Q(possibly_duplicated=True)),
    )
    return DeliveryStatistics(**counts)


def bulletin_deliveries(bulletin: Bulletin) -> QuerySet[Delivery]:
    """The bulletin's deliveries with their people, for the staff list."""
    return Delivery.objects.filter(bulletin=bulletin).select_related("person")


def mailing_list(bulletin: Bulletin) -> QuerySet[Delivery]:
    """Who to post the bulletin to, with the address used, by format then name."""
    return (
        Delivery.objects.filter(bulletin=bulletin, status=Delivery.Status.TO_POST)
        .select_related("person")
        .order_by("channel", "person__full_name", "pk")
    )


def print_packs(bulletin: Bulletin) -> QuerySet[PrintPack]:
    return PrintPack.objects.filter(bulletin=bulletin)


def you_said_we_did_since_last_bulletin(bulletin: Bulletin) -> list[Feedback]:
    """Approved "you said, we did" recorded since the last bulletin went (or in a year)."""
    last = (
        Bulletin.objects.exclude(pk=bulletin.pk)
        .filter(sent_at__isnull=False)
        .aggregate(last=Max("sent_at"))["last"]
    )
    since = timezone.localtime(last).date() if last else timezone.localdate() - timedelta(days=365)
    return list(feedback_since(since)[:20])
