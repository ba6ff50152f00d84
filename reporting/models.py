"""The plan of change the annual report measures progress against: its phases and
milestones, the statement of values (co-production charter) in approved versions, the
review of policies and procedures, staff co-production champions and training."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from network.models import Person

MOST_STAFF = 10_000  # far above any session's size, far below what the database holds


class Phase(models.Model):
    """A phase of the timetable for change, with its dates."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="phase_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:phase-detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start date."})


ONE_OWNER = "one_owner"
NO_OWNER = "Choose the person who owns this, or name a team."
TWO_OWNERS = "Choose a person or name a team, not both."


class Milestone(models.Model):
    """Something a phase must achieve, who owns it, when it is due and how it went.

    Late is not a status: a milestone not done by its due date is late on the days after.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        IN_PROGRESS = "in-progress", "In progress"
        DONE = "done", "Done"

    phase = models.ForeignKey(Phase, models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    # The owner is a person on the network's records, or a team named in words.
    owner = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="plan_milestones"
    )
    owner_team = models.CharField("owning team", max_length=200, blank=True)
    due_on = models.DateField("due date")
    status = models.CharField(max_length=12, choices=Status, default=Status.NOT_STARTED)
    evidence = models.TextField(blank=True)
    evidence_link = models.URLField("link to evidence", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner__isnull=False) & Q(owner_team=""))
                | (Q(owner__isnull=True) & ~Q(owner_team="")),
                name="milestone_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.owner_id is None and not self.owner_team:
            raise ValidationError(
                {"owner": ValidationError(NO_OWNER, code=ONE_OWNER)},
            )
        if self.owner_id is not None and self.owner_team:
            raise ValidationError(
                {"owner_team": ValidationError(TWO_OWNERS, code=ONE_OWNER)},
            )

    @property
    def owner_name(self) -> str:
        return str(self.owner) if self.owner_id is not None else self.owner_team

    def is_late_on(self, day: date) -> bool:
        return self.status != self.Status.DONE and self.due_on < day


class CharterVersion(models.Model):
    """One version of the statement of values; a version the Board approved is fixed."""

    number = models.PositiveIntegerField(unique=True)
    approved_on = models.DateField("approved by the Board on", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="charter_number_from_one"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:charter-version", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None


class Principle(models.Model):
    """One principle of a charter version, in its place in the list.

    `key` stays the same when a new version copies a principle, so versions can be
    compared principle by principle even when a title is reworded.
    """

    version = models.ForeignKey(CharterVersion, models.CASCADE, related_name="principles")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField("place in the list")
    title = models.CharField(max_length=200)
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="principle_once_a_version"),
        ]

    def __str__(self) -> str:
        return self.title


class Policy(models.Model):
    """A policy or procedure under review, so it supports co-production."""

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        UNDER_REVIEW = "under-review", "Under review"
        CHANGED = "changed", "Changed"
        NO_CHANGE = "no-change", "No change needed"

    REVIEWED = (Status.CHANGED, Status.NO_CHANGE)

    name = models.CharField(max_length=200, unique=True)
    owner = models.CharField(max_length=200, help_text="The person or team responsible.")
    status = models.CharField(
        "review status", max_length=12, choices=Status, default=Status.NOT_STARTED
    )
    changes = models.TextField("what changed to support co-production", blank=True)
    reviewed_on = models.DateField("reviewed on", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "policies"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["changed", "no-change"]) | Q(reviewed_on__isnull=False),
                name="policy_reviewed_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reporting:policy-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.status in self.REVIEWED and self.reviewed_on is None:
            errors["reviewed_on"] = "Enter the date the review finished."
        if self.status == self.Status.CHANGED and not self.changes.strip():
            errors["changes"] = "Describe what changed to support co-production."
        if errors:
            raise ValidationError(errors)


class Champion(models.Model):
    """A member of staff who champions co-production in their team."""

    person = models.OneToOneField(Person, models.PROTECT, related_name="champion")
    team = models.CharField(max_length=200)
    started_on = models.DateField("champion since")

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__full_name", "pk"]

    def __str__(self) -> str:
        return f"{self.person} ({self.team})"


class TrainingSession(models.Model):
    """A co-production training session held for staff."""

    held_on = models.DateField("date held")
    title = models.CharField(max_length=200)
    run_by = models.CharField("who ran it", max_length=200)
    staff_attending = models.PositiveIntegerField(
        "number of staff attending",
        validators=[MaxValueValidator(MOST_STAFF, f"Enter a number from 0 to {MOST_STAFF}.")],
    )
    is_co_delivered = models.BooleanField(
        "co-delivered by people who use services or carers", default=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title}, {date_format(self.held_on)}"
