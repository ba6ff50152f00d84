"""Organisations, their memberships over time, the targets they count against, imports."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Region(models.TextChoices):
    NATIONAL = "national", "National (England-wide)"
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"


class Constituency(models.Model):
    """A group of people an organisation serves (a managed list staff can extend)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "constituencies"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A member (or candidate member) organisation of the network."""

    class Kind(models.TextChoices):
        USER_CONTROLLED = "user-controlled", "National user-controlled"
        CARER_CONTROLLED = "carer-controlled", "National carer-controlled"
        EQUALITY = "equality", "Equality or seldom-heard group"
        LOCAL = "local", "Local"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind)
    constituencies = models.ManyToManyField(Constituency, blank=True, related_name="organisations")
    region = models.CharField(max_length=20, choices=Region, default=Region.NATIONAL)
    is_user_or_carer_led = models.BooleanField(
        "led by people who use services or carers",
        default=True,
        help_text="Run and controlled by people who use services or by carers.",
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField("contact email", blank=True)
    phone = models.CharField("contact phone", max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[constituencies])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_name_unique_ignoring_case",
                violation_error_message="An organisation with this name is already in the network.",  # noqa: E501
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:organisation-detail", args=[self.pk])


class Membership(models.Model):
    """One period of an organisation's membership in one status.

    Changing status ends the open period and starts a new one, so the rows are the
    history: "who was a member on a given date" reads the periods that cover it.
    """

    class Status(models.TextChoices):
        PROSPECTIVE = "prospective", "Prospective"
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Active"
        LAPSED = "lapsed", "Lapsed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="memberships")
    status = models.CharField(max_length=12, choices=Status)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on=None) | Q(ended_on__gte=F("started_on")),
                name="membership_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(ended_on=None),
                name="one_open_membership_per_organisation",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_on", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_status_display()} from {self.started_on}"

    def is_current_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


class Target(models.Model):
    """A number the team aims for: the network's size, or members of a kind/constituency."""

    class Measure(models.TextChoices):
        TOTAL = "total", "Active member organisations"
        KIND = "kind", "Active members of a kind"
        CONSTITUENCY = "constituency", "Active members serving a constituency"

    measure = models.CharField(max_length=12, choices=Measure)
    kind = models.CharField(max_length=20, choices=Organisation.Kind, blank=True)
    constituency = models.ForeignKey(
        Constituency, models.CASCADE, null=True, blank=True, related_name="targets"
    )
    minimum = models.PositiveIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "kind", "constituency__name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(measure="total", kind="", constituency=None)
                    | (Q(measure="kind", constituency=None) & ~Q(kind=""))
                    | Q(measure="constituency", kind="", constituency__isnull=False)
                ),
                name="target_names_what_it_counts",
            ),
            # Partial indexes: enforced alike by PostgreSQL and SQLite.
            models.UniqueConstraint(
                fields=["measure"], condition=Q(measure="total"), name="one_network_size_target"
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(measure="kind"), name="one_target_per_kind"
            ),
            models.UniqueConstraint(
                fields=["constituency"],
                condition=Q(measure="constituency"),
                name="one_target_per_constituency",
            ),
        ]

    def __str__(self) -> str:
        if self.measure == self.Measure.KIND:
            return f"{self.get_kind_display()}: at least {self.minimum}"
        if self.measure == self.Measure.CONSTITUENCY:
            return f"{self.constituency}: at least {self.minimum}"
        return f"Network size: {self.minimum}"


class ConstituencyChange(models.Model):
    """A member's change to their own organisation's constituencies, for staff to review.

    Constituencies move the representation figures, so a change made by a representative
    rather than by staff waits on the staff home page until someone has checked it.
    """

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="constituency_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    before = models.ManyToManyField(Constituency, blank=True, related_name="+")
    after = models.ManyToManyField(Constituency, blank=True, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [
            models.Index(
                fields=["changed_at"],
                condition=Q(reviewed_at=None),
                name="constituency_change_to_review",
            )
        ]

    def __str__(self) -> str:
        return f"Constituency change {self.pk} (organisation {self.organisation_id})"


class OrganisationImport(models.Model):
    """A confirmed import of a big file, run in the background: its file, progress and outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    filename = models.CharField(max_length=200, blank=True)
    # The checked file's text; emptied once imported, as it may name representatives.
    content = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # plain-English messages
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=F("rows_total")),
                name="organisation_import_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"Import of {self.filename or 'a file'} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("network:organisation-import-status", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
