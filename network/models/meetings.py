"""Meetings and events: who is invited, the co-designed agenda and its versions, replies,
the attendance register, minutes, actions and "you said, we did" feedback."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from network.models.people import Person


class AdvisoryGroup(models.Model):
    """A project advisory group: people who advise one piece of work, in their capacities.

    The project it advises lives in `projects/` (which points here), so the network does
    not depend on projects.
    """

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdvisoryGroupMember(models.Model):
    """A person on an advisory group, in one capacity, over a period."""

    class Capacity(models.TextChoices):
        CARER = "carer", "Carer"
        SERVICES = "services", "Person who uses services"
        COMMISSIONER = "commissioner", "Commissioner"
        PROVIDER = "provider", "Provider"
        CHAIR = "chair", "Chair"
        STAFF = "staff", "Staff"

    group = models.ForeignKey(AdvisoryGroup, models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, models.PROTECT, related_name="advisory_group_places")
    capacity = models.CharField(max_length=12, choices=Capacity)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on=None) | Q(ended_on__gte=F("started_on")),
                name="advisory_member_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(ended_on=None),
                name="one_open_place_per_person_and_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_capacity_display()}) on {self.group}"

    def is_current_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


class Meeting(models.Model):
    """A meeting or event of the network, with its audience and access arrangements.

    The agenda's state lives here too: it is drafted, signed off (a version), published.
    """

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", "Strategic network meeting"
        PRODUCTS = "products", "Products and programmes network meeting"
        CORE_GROUP = "core-group", "Core group meeting"
        ADVISORY_GROUP = "advisory-group", "Project advisory group"
        WORKSHOP = "workshop", "Workshop"
        OTHER = "other", "Other event"

    class AgendaStatus(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED_OFF = "signed-off", "Signed off"
        PUBLISHED = "published", "Published"

    FULL_NETWORK_KINDS = (Kind.STRATEGIC, Kind.PRODUCTS)

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind)
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    place = models.TextField("place", blank=True, help_text="The address, with the room.")
    online_link = models.URLField("online link", blank=True)
    description = models.TextField(blank=True)

    # Access arrangements offered at the meeting
    has_step_free_access = models.BooleanField("step-free access", default=False)
    has_hearing_loop = models.BooleanField("hearing loop", default=False)
    has_bsl_interpreter = models.BooleanField("British Sign Language interpreter", default=False)
    has_easy_read_papers = models.BooleanField("easy-read papers", default=False)
    welcomes_support_workers = models.BooleanField("support workers welcome", default=False)
    pays_travel_expenses = models.BooleanField("travel expenses paid", default=False)
    access_notes = models.TextField("other access arrangements", blank=True)

    # Who is invited
    invites_members = models.BooleanField("member organisation representatives", default=False)
    invites_core_group = models.BooleanField("the chair and core group", default=False)
    invites_board = models.BooleanField("Board members", default=False)
    invites_staff = models.BooleanField("staff", default=False)
    advisory_group = models.ForeignKey(
        AdvisoryGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text="Its members are invited.",
    )
    members_may_suggest = models.BooleanField(
        "member representatives may suggest agenda items", default=False
    )

    # Registration, where places are limited
    capacity = models.PositiveIntegerField(
        "places", null=True, blank=True, help_text="Leave empty if places are not limited."
    )
    registration_closes_on = models.DateField("registration closes on", null=True, blank=True)

    # The agenda
    agenda_status = models.CharField(
        max_length=12, choices=AgendaStatus, default=AgendaStatus.DRAFT
    )
    sign_off_delegate = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A core group member the chair names to sign this agenda off.",
    )
    signed_off_version = models.ForeignKey(
        "AgendaVersion", models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # The calendar entry: SEQUENCE goes up each time the date, time or place changes.
    calendar_sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"], name="meeting_starts_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message="The meeting must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(capacity=None) | Q(capacity__gt=0),
                name="meeting_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:meeting-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The meeting must end after it starts"
        if not (self.place or "").strip() and not self.online_link:
            errors["place"] = "Enter the place, or an online link, or both"
        if (
            self.registration_closes_on
            and self.starts_at
            and self.registration_closes_on > timezone.localtime(self.starts_at).date()
        ):
            errors["registration_closes_on"] = (
                "Registration must close on or before the day of the meeting"
            )
        if self.kind == self.Kind.ADVISORY_GROUP and self.advisory_group_id is None:
            errors["advisory_group"] = "Choose the project advisory group that meets"
        if not (
            self.invites_members
            or self.invites_core_group
            or self.invites_board
            or self.invites_staff
            or self.advisory_group_id
        ):
            errors["invites_members"] = "Choose who is invited"
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_full_network_meeting(self) -> bool:
        return self.kind in self.FULL_NETWORK_KINDS

    @property
    def calendar_uid(self) -> str:
        """The same for every version of the calendar entry, so calendars update it."""
        return f"meeting-{self.pk}@coprod"

    def registration_is_open_on(self, day: date) -> bool:
        return self.registration_closes_on is None or day <= self.registration_closes_on


class Invitation(models.Model):
    """One person invited to one meeting: their email, their reply and any place they hold.

    The row is the guard for the email: claimed in a transaction before the message goes,
    marked sent straight after, so a retried task never sends it twice.
    """

    class Reply(models.TextChoices):
        NONE = "", "No reply yet"
        ATTENDING = "attending", "Attending"
        WAITING = "waiting", "On the waiting list"
        APOLOGIES = "apologies", "Apologies"

    class EmailStatus(models.TextChoices):
        NOT_SENT = "not-sent", "Not sent"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BY_POST = "by-post", "By post"

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, models.PROTECT, related_name="invitations")
    reply = models.CharField(max_length=10, choices=Reply, blank=True, default=Reply.NONE)
    replied_at = models.DateTimeField(null=True, blank=True)
    access_needs = models.TextField(
        "access needs for this meeting",
        blank=True,
        help_text="Anything we should arrange so you can take part in this meeting.",
    )
    email_status = models.CharField(
        max_length=10, choices=EmailStatus, default=EmailStatus.NOT_SENT
    )
    email_attempts = models.PositiveIntegerField(default=0)
    email_error = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The highest calendar SEQUENCE emailed to this person (a change of date, time or place
    # is emailed once per person), and when a cancellation notice went.
    notified_sequence = models.PositiveIntegerField(null=True, blank=True)
    cancellation_emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_invitation_each"),
        ]
        indexes = [
            models.Index(fields=["meeting", "reply", "replied_at"], name="invitation_places"),
        ]

    def __str__(self) -> str:
        return f"{self.person} to {self.meeting}"


class AgendaItem(models.Model):
    """One item proposed for a meeting's agenda, its place in the draft, and its outcome."""

    class Purpose(models.TextChoices):
        DECIDE = "decide", "To decide"
        DISCUSS = "discuss", "To discuss"
        INFORM = "inform", "To inform"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ON_AGENDA = "on-agenda", "On the agenda"
        MERGED = "merged", "Merged into another item"
        WITHDRAWN = "withdrawn", "Not taken forward"

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="agenda_items")
    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=8, choices=Purpose)
    section = models.CharField(max_length=100, blank=True)
    presenter = models.CharField(max_length=200, blank=True)
    minutes_needed = models.PositiveSmallIntegerField(
        "minutes needed", default=10, help_text="How long the item needs, in minutes."
    )
    description = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    position = models.PositiveIntegerField(default=0)
    merged_into = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="merged_items"
    )
    is_member_suggestion = models.BooleanField(default=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    # Recorded at or after the meeting
    outcome = models.TextField("decision or outcome", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_needed__gte=1) & Q(minutes_needed__lte=480),
                name="agenda_item_minutes_in_range",
            ),
            models.CheckConstraint(
                condition=Q(merged_into=None) | Q(status="merged"),
                name="agenda_item_merged_has_status",
            ),
        ]

    def __str__(self) -> str:
        return self.title


def paper_path(paper: "AgendaPaper", filename: str) -> str:
    return f"papers/meeting-{paper.item.meeting_id}/{filename}"


class AgendaPaper(models.Model):
    """A paper for an agenda item, uploaded by its proposer or staff."""

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_path, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class AgendaVersion(models.Model):
    """One saved arrangement of a meeting's agenda, frozen as data to compare and sign off.

    `items` holds, in order: {"id", "title", "purpose", "section", "presenter",
    "minutes_needed", "starts"} for every item on the agenda at the time.
    """

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="agenda_versions")
    number = models.PositiveIntegerField()
    items = models.JSONField(default=list)
    note = models.CharField("what changed", max_length=300, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_version_number"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class AttendanceRecord(models.Model):
    """Whether one person came to one meeting, and in what capacity: the register."""

    class Status(models.TextChoices):
        ATTENDED = "attended", "Attended"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    class Capacity(models.TextChoices):
        SERVICES = "services", "Person who uses services"
        CARER = "carer", "Carer"
        REPRESENTATIVE = "representative", "Member organisation representative"
        STAFF = "staff", "Staff"
        BOARD = "board", "Board member"
        OTHER = "other", "Other"

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="attendance")
    person = models.ForeignKey(Person, models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=10, choices=Status)
    capacity = models.CharField(max_length=16, choices=Capacity)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_register_entry_each"),
        ]
        indexes = [models.Index(fields=["status", "capacity"], name="attendance_by_capacity")]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}: {self.get_status_display()}"


class Minutes(models.Model):
    """A meeting's minutes: drafted, circulated to those who attended, then approved.

    Only approved minutes are shown to members.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated to those who attended"
        APPROVED = "approved", "Approved"

    class ApprovedHow(models.TextChoices):
        NEXT_MEETING = "next-meeting", "At the next meeting"
        CHAIR = "chair", "By the chair"

    meeting = models.OneToOneField(Meeting, models.CASCADE, related_name="minutes")
    summary = models.TextField("general notes", blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_how = models.CharField(max_length=12, choices=ApprovedHow, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "minutes"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(approved_at__isnull=False) & ~Q(approved_how="")),
                name="approved_minutes_say_when_and_how",
            ),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class Action(models.Model):
    """An action agreed at a meeting, with its owner and due date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(Person, models.PROTECT, related_name="actions")
    due_on = models.DateField("due on")
    status = models.CharField(max_length=8, choices=Status, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(status="open"), name="actions_open_due")
        ]

    def __str__(self) -> str:
        return self.description

    def is_overdue_on(self, day: date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < day


class Feedback(models.Model):
    """ "You said, we did": what members said on an agenda item and what was done with it."""

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="feedback")
    you_said = models.TextField("what members said")
    we_did = models.TextField("what we did")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_on = models.DateField(default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "recorded_on", "pk"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"You said, we did: {self.item}"
