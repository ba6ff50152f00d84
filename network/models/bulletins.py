"""Bulletins to members: what was written, who it went to and how, and its print packs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from network.models.meetings import Meeting
from network.models.organisations import Constituency, Organisation
from network.models.people import Person


class Audience(models.TextChoices):
    """Who a bulletin (or, later, a survey) is for."""

    MEMBERS = "members", "All active members"
    CORE_GROUP = "core-group", "The chair and the core group"
    BOARD = "board", "The Board"
    CHOSEN = "chosen", "Members of chosen kinds or constituencies"
    MEETING = "meeting", "People invited to a meeting"


class Picture(models.TextChoices):
    """The app's own small set of easy-read pictures (static/img/easy-read/<value>.svg)."""

    MEETING = "meeting", "A meeting: people round a table"
    LETTER = "letter", "A letter"
    QUESTION = "question", "A question mark"
    CALENDAR = "calendar", "A calendar"
    MONEY = "money", "Money: coins"
    PEOPLE = "people", "A group of people"
    TICK = "tick", "A tick: done"


class Bulletin(models.Model):
    """A bulletin written once in Markdown and sent to an audience."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    audience = models.CharField(max_length=12, choices=Audience, default=Audience.MEMBERS)
    kinds = models.JSONField("organisation kinds", default=list, blank=True)
    constituencies = models.ManyToManyField(Constituency, blank=True, related_name="+")
    meeting = models.ForeignKey(
        Meeting, models.PROTECT, null=True, blank=True, related_name="bulletins"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="meeting") | Q(meeting__isnull=False),
                name="bulletin_meeting_audience_names_a_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:bulletin-detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.audience == Audience.MEETING and self.meeting_id is None:
            errors["meeting"] = "Choose the meeting whose invitees get the bulletin"
        kinds = set(Organisation.Kind.values)
        if any(kind not in kinds for kind in self.kinds or []):
            errors["kinds"] = "Choose organisation kinds from the list"
        if errors:
            raise ValidationError(errors)


class EasyReadPoint(models.Model):
    """One point of a bulletin's easy-read version: a short sentence and one picture."""

    bulletin = models.ForeignKey(Bulletin, models.CASCADE, related_name="easy_read_points")
    position = models.PositiveSmallIntegerField()
    picture = models.CharField(max_length=10, choices=Picture)
    text = models.CharField("sentence", max_length=200)

    class Meta:
        ordering = ["bulletin", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "position"], name="one_easy_read_point_per_position"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def picture_path(self) -> str:
        return f"img/easy-read/{self.picture}.svg"


class Delivery(models.Model):
    """One bulletin to one person, by one channel: the guard against missing or repeating.

    An email delivery is claimed (queued → sending, with claimed_at) in one UPDATE before
    the message goes out and marked sent right after, so a lost task or a killed worker
    leaves a row the reconciler can find.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        EASY_READ_EMAIL = "easy-read-email", "Easy read by email"
        POST = "post", "Print by post"
        LARGE_PRINT = "large-print", "Large print by post"
        EASY_READ_POST = "easy-read-post", "Easy read by post"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"
        TO_POST = "to-post", "To be posted"

    EMAIL_CHANNELS = (Channel.EMAIL, Channel.EASY_READ_EMAIL)

    bulletin = models.ForeignKey(Bulletin, models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(Person, models.PROTECT, related_name="bulletin_deliveries")
    channel = models.CharField(max_length=16, choices=Channel)
    address = models.TextField(help_text="The email or postal address used")
    status = models.CharField(max_length=10, choices=Status)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)  # not sent before this
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Found claimed past the timeout and sent again: the person may have it twice.
    possibly_duplicated = models.BooleanField(default=False)

    class Meta:
        ordering = ["bulletin", "person__full_name", "pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "person"], name="one_delivery_each"),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False),
                name="delivery_sending_is_claimed",
            ),
        ]
        indexes = [models.Index(fields=["status", "queued_at"], name="delivery_status_due")]

    def __str__(self) -> str:
        return f"{self.bulletin} to {self.person}: {self.get_status_display()}"

    @property
    def is_email(self) -> bool:
        return self.channel in self.EMAIL_CHANNELS

    @property
    def is_easy_read(self) -> bool:
        return self.channel in (self.Channel.EASY_READ_EMAIL, self.Channel.EASY_READ_POST)


class PrintPack(models.Model):
    """A bulletin's PDF for posting, in one format, made in the background."""

    class Format(models.TextChoices):
        STANDARD = "standard", "Standard print"
        LARGE_PRINT = "large-print", "Large print"
        EASY_READ = "easy-read", "Easy read"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        WORKING = "working", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    bulletin = models.ForeignKey(Bulletin, models.CASCADE, related_name="print_packs")
    format = models.CharField(max_length=12, choices=Format)
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    file = models.FileField(upload_to="bulletins/", blank=True)
    error = models.CharField(max_length=300, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["bulletin", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "format"], name="one_print_pack_per_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bulletin}: {self.get_format_display()}"
