"""The network's records: organisations, people, memberships, roles, recruitment, reviews."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from coprod.permissions import Role


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


class AccessNeed(models.Model):
    """A common access arrangement (BSL interpreter, step-free access, …)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone the network keeps in touch with; may or may not sign in."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Print by post"
        LARGE_PRINT = "large-print", "Large print by post"
        EASY_READ = "easy-read", "Easy read"
        TELEPHONE = "telephone", "Telephone"

    class ConsentMethod(models.TextChoices):
        WRITING = "writing", "In writing"
        EMAIL = "email", "By email"
        ONLINE = "online", "Online form"
        TELEPHONE = "telephone", "By telephone"
        IN_PERSON = "in-person", "In person"

    class LivedExperience(models.TextChoices):
        SERVICES = "services", "Person who uses services"
        CARER = "carer", "Carer"
        BOTH = "both", "Both: uses services and is a carer"
        PREFER_NOT = "prefer-not", "Prefers not to say"

    full_name = models.CharField(max_length=200)
    pronouns = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField("postal address", blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    preferred_channel = models.CharField(
        "preferred way to be contacted", max_length=12, choices=Channel, default=Channel.EMAIL
    )
    access_needs = models.ManyToManyField(AccessNeed, blank=True, related_name="people")
    access_needs_other = models.TextField(
        "other access needs",
        blank=True,
        help_text="Anything else that helps this person take part.",
    )
    consent_given_on = models.DateField("consent to be contacted given on", null=True, blank=True)
    consent_method = models.CharField(
        "how consent was given", max_length=12, choices=ConsentMethod, blank=True
    )
    consent_withdrawn_on = models.DateField(null=True, blank=True)
    # Sensitive: shown and asked only for staff and the person themselves.
    lived_experience = models.CharField(max_length=12, choices=LivedExperience, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[access_needs])

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="person_email_unique_ignoring_case",
                violation_error_message="Someone else already has this email address.",
            ),
            models.CheckConstraint(
                condition=Q(consent_given_on=None) | ~Q(consent_method=""),
                name="consent_records_how_it_was_given",
            ),
            models.CheckConstraint(
                condition=Q(consent_withdrawn_on=None)
                | Q(consent_given_on=None)
                | Q(consent_withdrawn_on__gte=F("consent_given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("network:person-detail", args=[self.pk])

    @property
    def has_consent(self) -> bool:
        return self.consent_given_on is not None and self.consent_withdrawn_on is None

    def clean(self) -> None:
        """A preferred way to be contacted must be one we can carry out."""
        missing = self.missing_contact_details()
        if missing:
            raise ValidationError(missing)

    def missing_contact_details(self) -> dict[str, str]:
        """What the preferred way to be contacted needs and the record lacks, by field."""
        return {
            name: MISSING_CONTACT_DETAIL[name]
            for name in CHANNEL_NEEDS.get(self.preferred_channel, ())
            if not (getattr(self, name) or "").strip()
        }


# Print, large print and easy read go by post; the rest need a number or an address.
CHANNEL_NEEDS: dict[str, tuple[str, ...]] = {
    Person.Channel.EMAIL: ("email",),
    Person.Channel.POST: ("address", "postcode"),
    Person.Channel.LARGE_PRINT: ("address", "postcode"),
    Person.Channel.EASY_READ: ("address", "postcode"),
    Person.Channel.TELEPHONE: ("phone",),
}
MISSING_CONTACT_DETAIL = {
    "email": "Add an email address, or choose another way to be contacted",
    "address": "Add a postal address, or choose another way to be contacted",
    "postcode": "Add a postcode, or choose another way to be contacted",
    "phone": "Add a phone number, or choose another way to be contacted",
}


class Representative(models.Model):
    """A person representing an organisation in the network, over a period."""

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="representatives")
    person = models.ForeignKey(Person, models.CASCADE, related_name="representations")
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on=None) | Q(ended_on__gte=F("started_on")),
                name="representative_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["organisation", "person"],
                condition=Q(ended_on=None),
                name="one_open_representation_per_person_and_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.organisation}"

    def is_current_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


class RoleTerm(models.Model):
    """A person's term in a network role: the chair, the core group, the Board, staff."""

    Role = Role  # the one enum of roles (coprod.permissions); representatives hold no term
    CHOICES = [(role.value, role.label) for role in Role if role is not Role.MEMBER]

    person = models.ForeignKey(Person, models.CASCADE, related_name="role_terms")
    role = models.CharField(max_length=12, choices=CHOICES)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on=None) | Q(ended_on__gte=F("started_on")),
                name="role_term_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["person", "role"],
                condition=Q(ended_on=None),
                name="one_open_term_per_person_and_role",
            ),
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role="chair", ended_on=None),
                name="one_open_chair_term",
                violation_error_message=(
                    "The network already has a chair with an open term. "
                    "End that term before starting a new one."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(role="member"),
                name="role_term_is_not_for_representatives",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}"

    def is_current_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


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


class ContactRecord(models.Model):
    """One contact staff had with a person or an organisation, and any follow-up it needs."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone call"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        MEETING = "meeting", "Meeting"
        VISIT = "visit", "Visit"

    contacted_on = models.DateField("date of the contact")
    method = models.CharField("how", max_length=10, choices=Method)
    person = models.ForeignKey(
        Person, models.CASCADE, null=True, blank=True, related_name="contact_records"
    )
    organisation = models.ForeignKey(
        Organisation, models.CASCADE, null=True, blank=True, related_name="contact_records"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=1000)
    follow_up_on = models.DateField("follow up on", null=True, blank=True)
    follow_up_done_on = models.DateField("follow-up done on", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="contact_names_a_person_or_an_organisation",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_on=None) | Q(follow_up_on__gte=F("contacted_on")),
                name="contact_follow_up_not_before_the_contact",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_done_on=None) | Q(follow_up_on__isnull=False),
                name="contact_only_a_follow_up_can_be_done",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "-contacted_on"], name="contact_person_log"),
            models.Index(
                fields=["organisation", "-contacted_on"], name="contact_organisation_log"
            ),
            # Follow-ups due: open ones only, by date.
            models.Index(
                fields=["follow_up_on"],
                condition=Q(follow_up_on__isnull=False, follow_up_done_on=None),
                name="contact_follow_ups_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.contacted_on}"

    def clean(self) -> None:
        errors = {}
        if self.person_id is None and self.organisation_id is None:
            errors["person"] = "Choose the person or the organisation the contact was with"
        if self.contacted_on and self.contacted_on > timezone.localdate():
            errors["contacted_on"] = "The date of the contact must be today or in the past"
        if self.contacted_on and self.follow_up_on and self.follow_up_on < self.contacted_on:
            errors["follow_up_on"] = (
                f"The follow-up date must be on or after the contact, "
                f"{date_format(self.contacted_on)}"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def with_whom(self) -> str:
        names = [str(party) for party in (self.person, self.organisation) if party is not None]
        return ", ".join(names)

    def follow_up_is_due_on(self, day: date) -> bool:
        return (
            self.follow_up_on is not None
            and self.follow_up_done_on is None
            and self.follow_up_on <= day
        )


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
