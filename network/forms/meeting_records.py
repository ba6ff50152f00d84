"""Forms for the register, minutes, actions and "you said, we did"."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from coprod.forms import DateField
from coprod.record_fields import LARGEST_KEY, RecordChoiceField
from network.models import Action, AgendaItem, AttendanceRecord, Minutes, Person
from network.services.meeting_records import BAD_CAPACITY, BAD_STATUS, UNKNOWN_PERSON


class RegisterRowForm(forms.Form):
    """One person's row of the register: whether they came and in what capacity."""

    person = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=LARGEST_KEY,
        error_messages={
            "required": UNKNOWN_PERSON,
            "invalid": UNKNOWN_PERSON,
            "min_value": UNKNOWN_PERSON,
            "max_value": UNKNOWN_PERSON,
        },
    )
    status = forms.ChoiceField(
        choices=AttendanceRecord.Status.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
        error_messages={"required": BAD_STATUS, "invalid_choice": BAD_STATUS},
    )
    capacity = forms.ChoiceField(
        choices=AttendanceRecord.Capacity.choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": BAD_CAPACITY, "invalid_choice": BAD_CAPACITY},
    )


RegisterFormSet = forms.formset_factory(RegisterRowForm, extra=0, max_num=2000, absolute_max=2000)


class AddAttendeeForm(forms.Form):
    """Someone who came without an invitation: added to the register as attended."""

    person = RecordChoiceField(
        label="Add someone who came",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Nobody else",
        help_text="Someone who came but was not invited. They are recorded as attended.",
        error_messages={"invalid_choice": UNKNOWN_PERSON},
    )
    capacity = forms.ChoiceField(
        label="The capacity they came in",
        choices=[("", "Choose a capacity"), *AttendanceRecord.Capacity.choices],
        required=False,
        error_messages={"invalid_choice": BAD_CAPACITY},
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("person") and not cleaned.get("capacity") and "capacity" not in self.errors:
            self.add_error("capacity", BAD_CAPACITY)
        return cleaned


class MinutesForm(forms.Form):
    """General notes and the decision or outcome of each item on the agenda."""

    summary = forms.CharField(
        label="General notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
    )

    def __init__(
        self, *args: Any, items: list[AgendaItem], minutes: Minutes | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.initial = {"summary": minutes.summary if minutes else ""}
        self.initial.update({f"outcome_{item.pk}": item.outcome for item in items})
        self.items = items
        for item in items:
            self.fields[f"outcome_{item.pk}"] = forms.CharField(
                label=f"Decision or outcome: {item.title}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=10_000,
            )

    def outcomes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"outcome_{item.pk}"] for item in self.items}


class ApproveMinutesForm(forms.Form):
    """How and when the minutes were approved."""

    how = forms.ChoiceField(
        label="How were the minutes approved?",
        choices=Minutes.ApprovedHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the minutes were approved"},
    )
    on = DateField(label="Date approved")

    def clean_on(self) -> date:
        day: date = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date approved must be today or in the past")
        return day


class ActionForm(forms.Form):
    """An action agreed at the meeting."""

    description = forms.CharField(
        label="What needs to be done",
        max_length=500,
        error_messages={"required": "Enter what needs to be done"},
    )
    owner = RecordChoiceField(
        label="Who will do it",
        queryset=Person.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose who will do it", "invalid_choice": UNKNOWN_PERSON},
    )
    due_on = DateField(label="Due on")
    item = RecordChoiceField(
        label="Agenda item",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="Not about one item",
        error_messages={"invalid_choice": "Choose an item on this meeting's agenda"},
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], items: QuerySet[AgendaItem], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["item"].queryset = items  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(Action.Status.DONE, "Done"), (Action.Status.DROPPED, "No longer needed")],
        error_messages={"required": "Choose done or no longer needed"},
    )


class FeedbackForm(forms.Form):
    """ "You said, we did" for one agenda item."""

    item = RecordChoiceField(
        label="Agenda item",
        queryset=AgendaItem.objects.none(),
        empty_label="Choose an item",
        error_messages={
            "required": "Choose the agenda item members gave their views on",
            "invalid_choice": "Choose an item on this meeting's agenda",
        },
    )
    you_said = forms.CharField(
        label="What members said",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        error_messages={"required": "Enter what members said"},
    )
    we_did = forms.CharField(
        label="What we did",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        error_messages={"required": "Enter what was done with what members said"},
    )

    def __init__(self, *args: Any, items: QuerySet[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]


class ActionListFilter(forms.Form):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All actions"), ("open", "Open"), ("overdue", "Overdue"), ("done", "Done")],
    )


class ContributionYearForm(forms.Form):
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year, like 2025",
            "invalid": "Enter the year as 4 numbers, like 2025",
            "min_value": "Enter a year from 2000 to 2100",
            "max_value": "Enter a year from 2000 to 2100",
        },
    )
