"""People, the organisations they represent, their role terms, and the contact log."""

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
from network.models.organisations import Organisation


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
    # Bulletins: a permanent refusal (SMTP 5xx) stops email until staff fix the address;
    # unsubscribing stops bulletins altogether.
    email_not_working_since = models.DateTimeField(null=True, blank=True)
    email_problem = models.CharField(max_length=300, blank=True)
    unsubscribed_at = models.DateTimeField("unsubscribed from bulletins", null=True, blank=True)
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
    def email_is_working(self) -> bool:
        return self.email_not_working_since is None

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
