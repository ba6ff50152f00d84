"""Forms for people, the organisations they represent, their roles and their own details."""

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from coprod.forms import DATE_ERRORS, DATE_HINT, DATE_WIDGET
from network import selectors
from network.forms.fields import RecordChoiceField, RecordMultipleChoiceField
from network.models import Organisation, Person, RoleTerm

LIVED_EXPERIENCE_CHOICES = [("", "Not recorded"), *Person.LivedExperience.choices]


class PersonFilter(django_filters.FilterSet):
    """Search the people list by name or email, organisation represented and current role."""

    q = django_filters.CharFilter(
        label="Name or email", method="search", widget=forms.TextInput(attrs={"type": "search"})
    )
    organisation = django_filters.ModelChoiceFilter(
        label="Represents",
        queryset=Organisation.objects.order_by("name"),
        empty_label="Any organisation",
        method="represents",
    )
    role = django_filters.ChoiceFilter(
        label="Current role", choices=RoleTerm.Role.choices, empty_label="Any role", method="holds"
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def search(self, people: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return people.filter(Q(full_name__icontains=value) | Q(email__icontains=value))

    def represents(
        self, people: QuerySet[Person], name: str, value: Organisation
    ) -> QuerySet[Person]:
        return people.filter(
            representations__organisation=value, representations__ended_on=None
        ).distinct()

    def holds(self, people: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return people.filter(role_terms__role=value, role_terms__ended_on=None).distinct()


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
            "consent_withdrawn_on",
            "lived_experience",
        ]
        labels = {
            "consent_given_on": "Date consent to be contacted was given",
            "consent_withdrawn_on": "Date consent was withdrawn",
        }
        help_texts = {
            "email": "Needed to invite them to sign in and to email them.",
            "consent_given_on": DATE_HINT,
            "consent_withdrawn_on": "Leave blank unless they have asked not to be contacted.",
        }
        field_classes = {"access_needs": RecordMultipleChoiceField}
        widgets = {
            "access_needs": forms.CheckboxSelectMultiple,
            "consent_given_on": DATE_WIDGET,
            "consent_withdrawn_on": DATE_WIDGET,
            "address": forms.Textarea(attrs={"rows": 4}),
            "access_needs_other": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "consent_given_on": DATE_ERRORS,
            "consent_withdrawn_on": DATE_ERRORS,
        }

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
        withdrawn_on = self.cleaned_data.get("consent_withdrawn_on")
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
        if given_on and withdrawn_on and withdrawn_on < given_on:
            self.add_error(
                "consent_withdrawn_on",
                f"Consent cannot be withdrawn before it was given ({given_on:%-d %B %Y}). "
                "Enter a date on or after that.",
            )
        return self.cleaned_data


class MyDetailsForm(forms.ModelForm):
    """What a person may change about themselves; consent can only be withdrawn here."""

    lived_experience = forms.ChoiceField(
        label="Lived experience",
        choices=LIVED_EXPERIENCE_CHOICES,
        required=False,
        help_text=(
            "Optional and private: only you and the co-production team can see this. "
            "It helps us check that people who use services and carers are involved."
        ),
    )
    withdraw_consent = forms.BooleanField(
        label="I no longer want to be contacted",
        required=False,
        help_text="Tick this and we will stop contacting you about the network.",
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.consent_withdrawn_on:
            del self.fields["withdraw_consent"]

    def changes(self) -> dict[str, Any]:
        """The cleaned details, with today's date as the withdrawal of consent if ticked."""
        changes = dict(self.cleaned_data)
        if changes.pop("withdraw_consent", False):
            changes["consent_withdrawn_on"] = timezone.localdate()
        return changes


class RepresentativeForm(forms.Form):
    """The organisation a person starts representing, and from when."""

    organisation = RecordChoiceField(
        queryset=Organisation.objects.order_by("name"), empty_label="Choose an organisation"
    )
    started_on = forms.DateField(
        label="Represents it from",
        widget=DATE_WIDGET,
        help_text=DATE_HINT,
        error_messages=DATE_ERRORS,
        initial=timezone.localdate,
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

    role = forms.ChoiceField(choices=[("", "Choose a role"), *RoleTerm.Role.choices])
    started_on = forms.DateField(
        label="Term starts on", widget=DATE_WIDGET, help_text=DATE_HINT, error_messages=DATE_ERRORS
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
        if role == RoleTerm.Role.CHAIR:
            chair = selectors.current_role_holders(role).exclude(person=self.person).first()
            if chair:
                raise forms.ValidationError(
                    f"{chair.person} is chair until their term is ended; end that term first."
                )
        return role


class PeriodEndForm(forms.Form):
    """The last day of a representation or a role term."""

    ended_on = forms.DateField(
        label="End date",
        widget=DATE_WIDGET,
        help_text=DATE_HINT,
        error_messages=DATE_ERRORS,
        initial=timezone.localdate,
    )

    def __init__(self, *args: Any, started_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def clean_ended_on(self) -> date:
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.started_on:
            raise forms.ValidationError(
                f"The end date cannot be before the start date, {self.started_on:%-d %B %Y}. "
                "Enter that date or a later one."
            )
        return ended_on
