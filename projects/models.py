"""Involvement in projects: programmes, projects and their stages, involvement plans at
checkpoints, the involvement log and the impact it had."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from network.models import AdvisoryGroup, Meeting, Organisation, Person

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
    advisory_group = models.OneToOneField(
        AdvisoryGroup,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="project",
        verbose_name="project advisory group",
    )
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
    meeting = models.ForeignKey(
        Meeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="involvement_activities",
        help_text="The network meeting this activity was, if it was one.",
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


# --- Payments to public contributors --------------------------------------------------


def financial_year_of(day: date) -> int:
    """The financial year (April to March) a day falls in, named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of the financial year starting in April of `year`."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def financial_year_label(year: int) -> str:
    """Like "2025 to 2026"."""
    return f"{year} to {year + 1}"


class PaymentSetting(models.Model):
    """The one row of payment settings staff edit: when a person's yearly total warns."""

    yearly_warning_threshold = models.DecimalField(
        "warn when a person's fees in a financial year are more than",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=NO_NEGATIVE_MONEY,
        help_text="In pounds. £0 means no warning.",
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(yearly_warning_threshold__gte=0),
                name="payment_threshold_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return "Payment settings"


class Claim(models.Model):
    """What one person claims for one activity: a fee, travel and care costs, or a decline.

    It moves from claimed to approved (by a member of staff other than the one who entered
    it) to paid. A person may decline payment: the claim records the decision, no money.
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        APPROVED = "approved", "Approved"
        PAID = "paid", "Paid"
        DECLINED = "declined", "Payment declined"

    class FeeBasis(models.TextChoices):
        HOUR = "hour", "By the hour"
        SESSION = "session", "By the session"

    activity = models.ForeignKey(InvolvementActivity, models.PROTECT, related_name="claims")
    person = models.ForeignKey(Person, models.PROTECT, related_name="claims")
    status = models.CharField(max_length=10, choices=Status, default=Status.CLAIMED)
    fee_basis = models.CharField("fee paid", max_length=10, choices=FeeBasis, blank=True)
    fee_units = models.DecimalField(
        "hours or sessions",
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=NO_NEGATIVE_MONEY,
    )
    fee_rate = models.DecimalField(
        "rate per hour or session",
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=NO_NEGATIVE_MONEY,
    )
    fee = models.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal("0"), validators=NO_NEGATIVE_MONEY
    )
    travel = models.DecimalField(
        "travel costs",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=NO_NEGATIVE_MONEY,
    )
    care = models.DecimalField(
        "care costs",
        max_digits=9,
        decimal_places=2,
        default=Decimal("0"),
        validators=NO_NEGATIVE_MONEY,
    )
    declined_reason = models.CharField("what the person said", max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField("date paid", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-entered_at", "-pk"]
        indexes = [models.Index(fields=["person", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                name="one_claim_per_person_and_activity",
                violation_error_message="This person already has a claim for this activity.",
            ),
            models.CheckConstraint(
                condition=Q(fee__gte=0)
                & Q(travel__gte=0)
                & Q(care__gte=0)
                & Q(fee_units__gte=0)
                & Q(fee_rate__gte=0),
                name="claim_money_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined")
                | (Q(fee=0) & Q(travel=0) & Q(care=0) & Q(approved_by=None) & Q(paid_on=None)),
                name="declined_claim_has_no_money",
            ),
            models.CheckConstraint(
                condition=Q(approved_by=None) | ~Q(approved_by=F("entered_by")),
                name="claim_approved_by_a_second_member_of_staff",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["claimed", "declined"]) | ~Q(approved_by=None),
                name="approved_claim_has_an_approver",
            ),
            models.CheckConstraint(
                condition=(Q(status="paid") & ~Q(paid_on=None))
                | (~Q(status="paid") & Q(paid_on=None)),
                name="paid_claim_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Claim by {self.person} for {self.activity}"

    def get_absolute_url(self) -> str:
        return reverse("projects:claim-detail", args=[self.pk])

    @property
    def total(self) -> Decimal:
        return self.fee + self.travel + self.care

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED


RECEIPT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
RECEIPT_MAX_BYTES = 10 * 1024 * 1024


# Each kind of file starts with these bytes, whatever its name says.
RECEIPT_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def validate_receipt(file: Any) -> None:
    """A receipt is a PDF, JPEG or PNG of 10 MB or less, and really is what its name says."""
    name = str(getattr(file, "name", "") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in RECEIPT_SIGNATURES:
        raise ValidationError("The receipt must be a PDF, JPG or PNG file.", code="receipt_type")
    if file.size > RECEIPT_MAX_BYTES:
        raise ValidationError("The receipt must be smaller than 10 MB.", code="receipt_size")
    if file.size == 0:
        raise ValidationError("The selected file is empty.", code="receipt_empty")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    start = file.read(8)
    file.seek(position)
    if not start.startswith(RECEIPT_SIGNATURES[extension]):
        raise ValidationError(
            "The receipt must be a PDF, JPG or PNG file: this file is not what its name says.",
            code="receipt_content",
        )


def receipt_path(receipt: "Receipt", filename: str) -> str:
    return f"receipts/claim-{receipt.claim_id}/{filename}"


class Receipt(models.Model):
    """A receipt for a claim's travel or care costs: a PDF or a photo, 10 MB at most."""

    claim = models.ForeignKey(Claim, models.CASCADE, related_name="receipts")
    file = models.FileField(upload_to=receipt_path, max_length=300, validators=[validate_receipt])
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.description or self.filename

    @property
    def filename(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1]


# --- Commissioning --------------------------------------------------------------------


class Commission(models.Model):
    """Work commissioned from a user-led or carer-led organisation, or from one person."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        COMMISSIONED = "commissioned", "Commissioned"
        DELIVERED = "delivered", "Delivered"
        PAID = "paid", "Paid"
        CANCELLED = "cancelled", "Cancelled"

    project = models.ForeignKey(Project, models.PROTECT, related_name="commissions")
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="commissions",
        verbose_name="user-led or carer-led organisation",
    )
    person = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="commissions",
        verbose_name="person who uses services or carer",
    )
    description = models.TextField("the work")
    value = models.DecimalField(max_digits=10, decimal_places=2, validators=NO_NEGATIVE_MONEY)
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation=None) & ~Q(person=None))
                | (~Q(organisation=None) & Q(person=None)),
                name="commission_has_one_supplier",
                violation_error_message=(
                    "Choose either an organisation or a person as the supplier, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on=None) | Q(ends_on__gte=F("starts_on")),
                name="commission_ends_after_it_starts",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="commission_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_name}: {self.description[:60]}"

    @property
    def supplier_name(self) -> str:
        supplier = self.organisation or self.person
        return str(supplier) if supplier is not None else ""
