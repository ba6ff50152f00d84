"""Recruitment of new members, the chair's and core group's advice, annual reviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from coprod.permissions import Role
from network.models.organisations import Constituency, Organisation
from network.models.people import Person


class Candidate(models.Model):
    """An organisation being recruited, moving through the pipeline."""

    class Stage(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        APPROACHED = "approached", "Approached"
        INVITED = "invited", "Invited"
        JOINED = "joined", "Joined"
        DECLINED = "declined", "Declined"

    OPEN_STAGES = (Stage.IDENTIFIED, Stage.APPROACHED, Stage.INVITED)

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="candidacies")
    stage = models.CharField(max_length=12, choices=Stage, default=Stage.IDENTIFIED)
    gap = models.CharField(
        "gap it would fill",
        max_length=300,
        help_text="Which under-represented group or kind this organisation would bring.",
    )
    # The representation target the gap was chosen from, so the page can tell when it has
    # closed; neither is set for a gap described in words only ("Other").
    gap_kind = models.CharField(
        "kind of organisation short of its target",
        max_length=20,
        choices=Organisation.Kind,
        blank=True,
    )
    gap_constituency = models.ForeignKey(
        Constituency,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="constituency short of its target",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(stage__in=["identified", "approached", "invited"]),
                name="one_open_candidacy_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(gap_kind="") | Q(gap_constituency=None),
                name="candidate_gap_is_a_kind_or_a_constituency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_stage_display()})"

    def get_absolute_url(self) -> str:
        return reverse("network:candidate-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES


class Advice(models.Model):
    """A note of advice on a candidate from the chair, the core group or staff."""

    class Recommendation(models.TextChoices):
        RECOMMEND = "recommend", "Recommend"
        DO_NOT_RECOMMEND = "do-not-recommend", "Do not recommend"
        UNSURE = "unsure", "Unsure"

    class AuthorRole(models.TextChoices):
        CHAIR = Role.CHAIR.value, "Chair"
        CORE_GROUP = Role.CORE_GROUP.value, "Core group member"
        STAFF = Role.STAFF.value, "Staff"

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="advice")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Blank only on advice given before a recommendation was asked for; the form requires it.
    recommendation = models.CharField(max_length=16, choices=Recommendation, blank=True)
    # The role the author advised in, kept as it was when they wrote.
    author_role = models.CharField(max_length=12, choices=AuthorRole, blank=True)
    text = models.TextField("advice")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "advice"

    def __str__(self) -> str:
        return f"Advice on {self.candidate.organisation_id} by {self.author_id}"


class AnnualReview(models.Model):
    """The yearly review of the network: what was found and decided, and who took part."""

    year = models.PositiveIntegerField(unique=True)
    held_on = models.DateField()
    findings = models.TextField()
    decisions = models.TextField()
    participants = models.ManyToManyField(Person, blank=True, related_name="annual_reviews")

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="review_year_is_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"Annual review {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("network:review-detail", args=[self.pk])
