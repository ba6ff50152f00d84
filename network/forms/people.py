"""Forms for people, the organisations they represent, their roles and their own details."""

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from coprod.forms import DateField
from coprod.record_fields import RecordChoiceField, RecordMultipleChoiceField
from network.models import AccessNeed, Organisation, Person, Representative, RoleTerm

LIVED_EXPERIENCE_CHOICES = [("", "Not recorded"), *Person.LivedExperience.choices]


class PersonFilter(django_filters.FilterSet):
    """Search and filter the people list (and its CSV export) by what staff plan around.

    "Everyone needing a BSL interpreter", "everyone who gets print by post", "everyone
    whose consent was withdrawn", "every core group member", "everyone representing a
    local organisation".
    """

    class Consent(models.TextChoices):
        GIVEN = "given", "Given"
        WITHDRAWN = "withdrawn", "Withdrawn"
        NOT_RECORDED = "not-recorded", "Not recorded"

    q = django_filters.CharFilter(
        label="Name or email", method="search", widget=forms.TextInput(attrs={"type": "search"})
    )
    access_need = django_filters.ModelChoiceFilter(
        label="Access need",
        queryset=AccessNeed.objects.order_by("name"),
        empty_label="Any access needs",
        method="needs",
    )
    channel = django_filters.ChoiceFilter(
        label="Preferred way to be contacted",
        field_name="preferred_channel",
        choices=Person.Channel.choices,
        empty_label="Any way",
    )
    consent = django_filters.ChoiceFilter(
        label="Consent to be contacted",
        choices=Consent.choices,
        empty_label="Any consent",
        method="consented",
    )
    role = django_filters.ChoiceFilter(
        label="Current role", choices=RoleTerm.CHOICES, empty_label="Any role", method="holds"
    )
    organisation_kind = django_filters.ChoiceFilter(
        label="Kind of organisation represented",
        choices=Organisation.Kind.choices,
        empty_label="Any kind",
        method="represents_kind",
    )
    # A name search rather than a list of every organisation, which would grow the page.
    organisation = django_filters.CharFilter(
        label="Organisation represented",
        method="represents",
        help_text="Part of the organisation's name.",
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def search(self, people: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        value = value.strip()
        return people.filter(Q(full_name__icontains=value) | Q(email__icontains=value))

    def needs(self, people: QuerySet[Person], name: str, value: AccessNeed) -> QuerySet[Person]:
        return people.filter(pk__in=value.people.values("pk"))

    def consented(self, people: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        withdrawn = Q(consent_withdrawn_on__isnull=False)
        if value == self.Consent.WITHDRAWN:
            return people.filter(withdrawn)
        if value == self.Consent.GIVEN:
            return people.filter(~withdrawn, consent_given_on__isnull=False)
        return people.filter(~withdrawn, consent_given_on=None)

    def holds(self, people: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        terms = RoleTerm.objects.filter(role=value, ended_on=None)
        return people.filter(pk__in=terms.values("person_id"))

    def represents_kind(self, people: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        current = Representative.objects.filter(ended_on=None, organisation__kind=value)
        return people.filter(pk__in=current.values("person_id"))

    def represents(self, people: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        current = Representative.objects.filter(
            ended_on=None, organisation__name__icontains=value.strip()
        )
        return people.filter(pk__in=current.values("person_id"))


class PersonForm(forms.ModelForm):
    """Everything staff record about a person, sensitive lived experience included."""

    lived_experience = forms.ChoiceField(
        label="Lived experience",
        choices=LIVED_EXPERIENCE_CHOICES,
        required=False,
        help_text=(
            "Sensitive information. Record it only if the person chose to tell us; "
            "only staff and the person themselves can see it."
        ),
    )
    consent_method = forms.ChoiceField(
        label="How consent was given",
        choices=[("", "Not recorded"), *Person.ConsentMethod.choices],
        required=False,
    )

    class Meta:
        model = Person
        fields = [
            "full_name",
            "pronouns",
            "email",
            "phone",
            "address",
            "postcode",
            "preferred_channel",
            "access_needs",
            "access_needs_other",
            "consent_given_on",
            "consent_method",
            "lived_experience",
        ]
        labels = {"consent_given_on": "Date consent to be contacted was given"}
        error_messages = {"full_name": {"required": "Enter the person's full name"}}
        help_texts = {
            "email": "Needed to invite them to sign in and to email them.",
        }
        widgets = {
            "access_needs": forms.CheckboxSelectMultiple,
            "address": forms.Textarea(attrs={"rows": 4}),
            "access_needs_other": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {
            "access_needs": RecordMultipleChoiceField,
            "consent_given_on": DateField,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Consent is withdrawn through its own confirmed action; giving it again is recorded
        # here, with a date after the withdrawal.
        withdrawn_on = self.instance.consent_withdrawn_on
        if withdrawn_on:
            self.fields["consent_given_on"].help_text = (
                f"Consent was withdrawn on {date_format(withdrawn_on)}. If they have given it "
                "again, enter the date they did, for example 27 3 2026."
            )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        other = (
            Person.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).first()
            if email
            else None
        )
        if other:
            raise forms.ValidationError(
                f"{other} already has this email address. Check you are not adding the "
                "same person twice, or use a different address."
            )
        return email

    def clean(self) -> dict[str, Any]:
        super().clean()
        given_on = self.cleaned_data.get("consent_given_on")
        method = self.cleaned_data.get("consent_method")
        withdrawn_on = self.instance.consent_withdrawn_on
        if given_on and not method:
            self.add_error(
                "consent_method",
                "Choose how consent was given, or clear the date consent was given.",
            )
        if method and not given_on and "consent_given_on" not in self.errors:
            self.add_error(
                "consent_given_on",
                "Enter the date consent was given, or set how it was given to Not recorded.",
            )
        if given_on and withdrawn_on and given_on > withdrawn_on:
            self.cleaned_data["consent_withdrawn_on"] = None  # consent given again
        return self.cleaned_data


class MyDetailsForm(forms.ModelForm):
    """What a person may change about themselves (consent is withdrawn by its own action)."""

    lived_experience = forms.ChoiceField(
        label="Lived experience",
        choices=LIVED_EXPERIENCE_CHOICES,
        required=False,
        help_text=(
            "Optional and private: only you and the co-production team can see this. "
            "It helps us check that people who use services and carers are involved."
        ),
    )

    class Meta:
        model = Person
        fields = [
            "pronouns",
            "phone",
            "address",
            "postcode",
            "preferred_channel",
            "access_needs",
            "access_needs_other",
            "lived_experience",
        ]
        help_texts = {"access_needs_other": "Anything else that helps you take part."}
        field_classes = {"access_needs": RecordMultipleChoiceField}
        widgets = {
            "access_needs": forms.CheckboxSelectMultiple,
            "address": forms.Textarea(attrs={"rows": 4}),
            "access_needs_other": forms.Textarea(attrs={"rows": 3}),
        }

    def _update_errors(self, errors: ValidationError) -> None:
        # Person.clean() names the detail a way of being contacted lacks. A person cannot
        # change their email address here, so that error goes beside their choice of way.
        if hasattr(errors, "error_dict"):
            for name in [n for n in errors.error_dict if n != NON_FIELD_ERRORS]:
                if name not in self.fields:
                    errors.error_dict.pop(name)
                    errors.error_dict.setdefault("preferred_channel", []).append(
                        ValidationError(CANNOT_CHANGE_HERE.get(name, NOT_POSSIBLE))
                    )
        super()._update_errors(errors)  # type: ignore[misc]


CANNOT_CHANGE_HERE = {
    "email": (
        "We do not have your email address. Choose another way to be contacted, "
        "or ask the co-production team to add your email address"
    ),
}
NOT_POSSIBLE = "We cannot contact you this way. Choose another way to be contacted"


class RepresentativeForm(forms.Form):
    """The organisation a person starts representing, and from when."""

    organisation = RecordChoiceField(
        queryset=Organisation.objects.order_by("name"),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation they represent"},
    )
    started_on = DateField(
        label="Represents it from",
        initial=timezone.localdate,
        error_messages={"required": "Enter the date they start representing it"},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_organisation(self) -> Organisation:
        organisation = self.cleaned_data["organisation"]
        if self.person.representations.filter(organisation=organisation, ended_on=None).exists():
            raise forms.ValidationError(
                f"{self.person} already represents {organisation}. Choose another organisation."
            )
        return organisation


class RoleTermForm(forms.Form):
    """A new term in a role; the network has one chair at a time."""

    role = forms.ChoiceField(choices=[("", "Choose a role"), *RoleTerm.CHOICES])
    started_on = DateField(
        label="Term starts on", error_messages={"required": "Enter the date the term starts"}
    )
    note = forms.CharField(
        max_length=200,
        required=False,
        help_text="For example, the meeting that appointed them.",
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        label = RoleTerm.Role(role).label
        if self.person.role_terms.filter(role=role, ended_on=None).exists():
            raise forms.ValidationError(
                f"{self.person} already has an open term as {label}. End it before starting "
                "another."
            )
        # One chair at a time is the service's rule (start_role_term), not the form's.
        return role


class PeriodEndForm(forms.Form):
    """The last day of a representation or a role term, and whether it was confirmed."""

    ended_on = DateField(
        label="End date",
        initial=timezone.localdate,
        error_messages={"required": "Enter the end date"},
    )
    # Sent only by the confirmation page's "Yes" button, with the date in a hidden field.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, started_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def clean_ended_on(self) -> date:
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.started_on:
            raise forms.ValidationError(
                f"The end date cannot be before the start date, {date_format(self.started_on)}. "
                "Enter that date or a later one."
            )
        return ended_on


class ConsentWithdrawalForm(forms.Form):
    """The day a person withdrew their consent to be contacted, and whether it was confirmed."""

    withdrawn_on = DateField(
        label="Date consent was withdrawn",
        error_messages={"required": "Enter the date consent was withdrawn"},
        initial=timezone.localdate,
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_withdrawn_on(self) -> date:
        withdrawn_on = self.cleaned_data["withdrawn_on"]
        given_on = self.person.consent_given_on
        if withdrawn_on > timezone.localdate():
            raise forms.ValidationError(
                "The date consent was withdrawn must be today or in the past"
            )
        if given_on and withdrawn_on < given_on:
            raise forms.ValidationError(
                f"Consent cannot be withdrawn before it was given ({date_format(given_on)}). "
                "Enter a date on or after that."
            )
        return withdrawn_on
