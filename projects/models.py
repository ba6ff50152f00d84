"""Involvement in projects: programmes, projects and their stages, involvement plans at
checkpoints, the involvement log and the impact it had."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from network.models import Organisation, Person

NOT_NEGATIVE = [MinValueValidator(0, "Enter 0 or more.")]
NO_NEGATIVE_MONEY = [MinValueValidator(Decimal("0"), "Enter an amount of £0 or more.")]


class Stage(models.TextChoices):
    """A project's stages, in the order a project moves through them."""

    PROPOSAL = "proposal", "Proposal"
    SCOPING = "scoping", "Scoping"
    DEVELOPMENT = "development", "Development"
    PRODUCTION = "production", "Production"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


STAGE_ORDER: list[str] = list(Stage.values)


def next_stage(stage: str) -> str | None:
    """The stage after this one, or None after the last."""
    position = STAGE_ORDER.index(stage)
    return STAGE_ORDER[position + 1] if position + 1 < len(STAGE_ORDER) else None


class Level(models.TextChoices):
    """How far people who use services and carers shared in the work, lowest first."""

    INFORMED = "informed", "Informed"
    CONSULTED = "consulted", "Consulted"
    INVOLVED = "involved", "Involved"
    CO_PRODUCED = "co-produced", "Co-produced"


LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(Level.values, start=1)}


class ActivityKind(models.TextChoices):
    ADVISORY_GROUP = "advisory-group", "Project advisory group meeting"
    WORKSHOP = "workshop", "Workshop"
    RECRUITMENT_PANEL = "recruitment-panel", "Recruitment panel"
    REVIEWING = "reviewing", "Reviewing a resource"
    CO_AUTHORING = "co-authoring", "Co-authoring"
    FILM = "film", "Film or media production"
    INTERVIEW = "interview", "Interview"
    SURVEY = "survey", "Survey"
    COMMISSIONED = "commissioned", "Commissioned work"
    OTHER = "other", "Other"


class Programme(models.Model):
    """A programme of work that groups projects."""

    title = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:programme-detail", args=[self.pk])


class Project(models.Model):
    """A piece of work with a lead member of staff, moving through the stages."""

    Stage = Stage

    title = models.CharField(max_length=200)
    programme = models.ForeignKey(Programme, models.PROTECT, related_name="projects")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="led_projects",
        verbose_name="lead member of staff",
    )
    description = models.TextField(blank=True)
    started_on = models.DateField()
    ends_on = models.DateField("expected to end on", null=True, blank=True)
    # Changed only by services.move_project, which records each move.
    stage = models.CharField(max_length=12, choices=Stage, default=Stage.PROPOSAL)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on=None) | Q(ends_on__gte=F("started_on")),
                name="project_ends_after_it_starts",
                violation_error_message="The end date must be on or after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", args=[self.pk])

    @property
    def next_stage(self) -> str | None:
        return next_stage(self.stage)


class StageChange(models.Model):
    """One move of a project from a stage to another: the project's stage history."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=12, choices=Stage, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_stage=F("to_stage")), name="stage_change_changes_the_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_stage or 'new'} to {self.to_stage}"


class Checkpoint(models.Model):
    """A stage that a project may enter only with an involvement plan for it."""

    stage = models.CharField(max_length=12, choices=Stage, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Checkpoint: entering {self.get_stage_display().lower()}"


class InvolvementPlan(models.Model):
    """How people who use services and carers will be involved at a stage, or why not.

    A reason why involvement is not appropriate counts only once a second member of
    staff has accepted it.
    """

    project = models.ForeignKey(Project, models.CASCADE, related_name="plans")
    stage = models.CharField(max_length=12, choices=Stage)
    involves_people_who_use_services = models.BooleanField(
        "people who use services", default=False
    )
    involves_carers = models.BooleanField("carers", default=False)
    involves_member_organisations = models.BooleanField(
        "member organisations of the network", default=False
    )
    involves_user_led_organisations = models.BooleanField(
        "user-led and carer-led organisations", default=False
    )
    activity_kinds = models.JSONField("kinds of activity", default=list, blank=True)
    approach = models.TextField("how people will be involved", blank=True)
    level = models.CharField("level of involvement", max_length=12, choices=Level, blank=True)
    payment_budget = models.DecimalField(
        "budget for payments to public contributors",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NO_NEGATIVE_MONEY,
    )
    not_appropriate_reason = models.TextField(
        "why involvement is not appropriate at this stage", blank=True
    )
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "written_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "stage"], name="one_plan_per_project_stage"
            ),
            # A plan either says how people will be involved, or why they will not be.
            models.CheckConstraint(
                condition=(
                    Q(not_appropriate_reason="")
                    & ~Q(level="")
                    & (
                        Q(involves_people_who_use_services=True)
                        | Q(involves_carers=True)
                        | Q(involves_member_organisations=True)
                        | Q(involves_user_led_organisations=True)
                    )
                )
                | (~Q(not_appropriate_reason="") & Q(level="")),
                name="plan_says_how_or_why_not",
            ),
            models.CheckConstraint(
                condition=Q(payment_budget=None) | Q(payment_budget__gte=0),
                name="plan_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(accepted_by=None) | ~Q(not_appropriate_reason=""),
                name="only_a_reason_is_accepted",
            ),
            models.CheckConstraint(
                condition=Q(accepted_by=None) | ~Q(accepted_by=F("written_by")),
                name="reason_accepted_by_a_second_member_of_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"Involvement plan for {self.get_stage_display().lower()}"

    @property
    def is_reason(self) -> bool:
        return self.not_appropriate_reason != ""

    @property
    def is_in_force(self) -> bool:
        """A plan counts at once; a reason for no involvement once it is accepted."""
        return not self.is_reason or self.accepted_by_id is not None

    @property
    def who(self) -> list[str]:
        fields = [
            "involves_people_who_use_services",
            "involves_carers",
            "involves_member_organisations",
            "involves_user_led_organisations",
        ]
        labels = {field.name: str(field.verbose_name) for field in self._meta.fields}
        return [labels[name] for name in fields if getattr(self, name)]

    @property
    def activity_kind_labels(self) -> list[str]:
        labels = dict(ActivityKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.activity_kinds]


class InvolvementActivity(models.Model):
    """One activity in which people who use services or carers took part in a project."""

    Kind = ActivityKind
    Level = Level

    project = models.ForeignKey(Project, models.PROTECT, related_name="activities")
    held_on = models.DateField("date")
    kind = models.CharField("kind of activity", max_length=20, choices=ActivityKind)
    level = models.CharField("level of involvement", max_length=12, choices=Level)
    people_who_use_services = models.IntegerField(
        "number of people who use services", default=0, validators=NOT_NEGATIVE
    )
    carers = models.IntegerField("number of carers", default=0, validators=NOT_NEGATIVE)
    other_participants = models.IntegerField(
        "number of other participants", default=0, validators=NOT_NEGATIVE
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="involvement_activities",
        verbose_name="member organisations involved",
    )
    people = models.ManyToManyField(
        Person,
        blank=True,
        related_name="involvement_activities",
        verbose_name="named people",
    )
    hours = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True, validators=NOT_NEGATIVE
    )
    payments = models.DecimalField(
        "payments to public contributors",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=NO_NEGATIVE_MONEY,
    )
    expenses = models.DecimalField(
        "expenses paid to public contributors",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=NO_NEGATIVE_MONEY,
    )
    notes = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[organisations, people])

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name_plural = "involvement activities"
        indexes = [models.Index(fields=["project", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_who_use_services__gte=0)
                & Q(carers__gte=0)
                & Q(other_participants__gte=0),
                name="activity_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(people_who_use_services__gt=0)
                | Q(carers__gt=0)
                | Q(other_participants__gt=0),
                name="activity_has_a_participant",
                violation_error_message="Enter how many people took part: at least one.",
            ),
            models.CheckConstraint(
                condition=Q(payments__gte=0) & Q(expenses__gte=0),
                name="activity_money_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(hours=None) | Q(hours__gte=0), name="activity_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %B %Y}"

    @property
    def participants(self) -> int:
        return self.people_who_use_services + self.carers + self.other_participants


class ImpactRecord(models.Model):
    """What changed in a project because people who use services and carers were involved."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", "A recommendation changed"
        REAL_EXPERIENCE = "real-experience", "Content reflecting real experience"
        DECISION = "decision", "A decision changed"
        CO_DESIGNED = "co-designed", "A product co-designed"
        OTHER = "other", "Other"

    project = models.ForeignKey(Project, models.PROTECT, related_name="impacts")
    kind = models.CharField("kind of impact", max_length=20, choices=Kind)
    description = models.TextField("what changed")
    evidence = models.TextField(blank=True)
    activities = models.ManyToManyField(
        InvolvementActivity, related_name="impacts", verbose_name="activities that led to it"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[activities])

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.project_id})"
