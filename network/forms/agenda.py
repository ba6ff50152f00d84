"""Forms for the co-designed agenda: an item and its papers, arranging the draft, merging,
comparing two versions, signing off and naming who signs off."""

from collections.abc import Iterator, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.boundfield import BoundField

from coprod.record_fields import RecordChoiceField, is_too_big
from network.models import AgendaItem, AgendaVersion, Person
from network.papers import check_paper
from network.services.agenda import Placement

MINUTES_RANGE = "Enter the minutes needed, a whole number from 1 to 480"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"class": "govuk-file-upload", **(attrs or {})})


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented way); each checked as a paper."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        messages = []
        for upload in files:
            try:
                check_paper(upload)  # first: its messages name the file
                super().clean(upload, initial)
            except ValidationError as error:
                messages.extend(error.messages)
        if messages:
            raise ValidationError(messages)
        return list(files)


def _minutes_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=1,
        max_value=480,
        error_messages={
            "required": "Enter the minutes needed",
            "invalid": MINUTES_RANGE,
            "min_value": MINUTES_RANGE,
            "max_value": MINUTES_RANGE,
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        **kwargs,
    )


class AgendaItemForm(forms.Form):
    """An item proposed for the agenda, or its details changed, with papers to add."""

    title = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Enter the item's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    purpose = forms.ChoiceField(
        label="What is the item for?",
        choices=AgendaItem.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the item is for"},
    )
    section = forms.CharField(
        max_length=100,
        required=False,
        help_text="For example, “Business planning” or “For information”.",
        error_messages={"max_length": "The section must be 100 characters or fewer"},
    )
    presenter = forms.CharField(
        label="Who will present it",
        max_length=200,
        required=False,
        error_messages={"max_length": "The presenter must be 200 characters or fewer"},
    )
    minutes_needed = _minutes_field(
        label="Minutes needed", initial=10, help_text="How long the item needs, in minutes."
    )
    description = forms.CharField(
        label="What the item is about",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    papers = MultipleFileField(
        required=False,
        help_text=(
            "PDF, Word, ODT, plain text or images (PNG, JPEG, GIF, WebP), up to 10 MB each. "
            "You can choose several files."
        ),
    )


class AgendaItemEditForm(AgendaItemForm):
    papers = MultipleFileField(
        label="Add papers",
        required=False,
        help_text=AgendaItemForm.base_fields["papers"].help_text,
    )


STATUS_CHOICES = [
    (AgendaItem.Status.ON_AGENDA, "On the agenda"),
    (AgendaItem.Status.PROPOSED, "Proposed, not placed yet"),
    (AgendaItem.Status.WITHDRAWN, "Not taken forward"),
]


class ArrangeForm(forms.Form):
    """Every item that is not merged: its status, place, minutes and section, in one form."""

    note = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        help_text="A few words for the version history, for example “Moved finance earlier”.",
        error_messages={"max_length": "Keep it to 300 characters or fewer"},
    )

    def __init__(self, *args: Any, items: Sequence[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        placed = [i for i in self.items if i.status == AgendaItem.Status.ON_AGENDA]
        numbers = {item.pk: number for number, item in enumerate(placed, start=1)}
        note = self.fields.pop("note")
        for item in self.items:
            pk = item.pk
            self.fields[f"status_{pk}"] = forms.ChoiceField(
                label="Status",
                choices=STATUS_CHOICES,
                initial=item.status,
                error_messages={"required": "Choose the item's status"},
            )
            self.fields[f"position_{pk}"] = forms.IntegerField(
                label="Place on the agenda",
                min_value=1,
                max_value=999,
                required=False,
                initial=numbers.get(pk),
                widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
                error_messages={
                    "invalid": "Enter the place as a whole number, like 3",
                    "min_value": "Enter a place of 1 or more",
                    "max_value": "Enter a place of 999 or less",
                },
            )
            self.fields[f"minutes_{pk}"] = _minutes_field(
                label="Minutes", initial=item.minutes_needed
            )
            self.fields[f"section_{pk}"] = forms.CharField(
                label="Section",
                max_length=100,
                required=False,
                initial=item.section,
                error_messages={"max_length": "The section must be 100 characters or fewer"},
            )
        self.fields["note"] = note

    def rows(self) -> Iterator[tuple[AgendaItem, list[BoundField]]]:
        """Each item with its four fields, in the form's order."""
        for item in self.items:
            yield (
                item,
                [
                    self[f"{name}_{item.pk}"]
                    for name in ("status", "position", "minutes", "section")
                ],
            )

    def placements(self) -> list[Placement]:
        data = self.cleaned_data
        return [
            Placement(
                item=item,
                status=data[f"status_{item.pk}"],
                position=data[f"position_{item.pk}"],
                minutes_needed=data[f"minutes_{item.pk}"],
                section=data[f"section_{item.pk}"],
            )
            for item in self.items
        ]


class MergeForm(forms.Form):
    """Merge one item into another that is kept."""

    item = RecordChoiceField(
        label="Item to merge",
        queryset=AgendaItem.objects.none(),
        empty_label="Choose an item",
        error_messages={
            "required": "Choose the item to merge",
            "invalid_choice": "Choose the item to merge",
        },
    )
    into = RecordChoiceField(
        label="Merge it into",
        queryset=AgendaItem.objects.none(),
        empty_label="Choose an item",
        help_text="This item is kept; the merged item's papers are listed with it.",
        error_messages={
            "required": "Choose the item to keep",
            "invalid_choice": "Choose the item to keep",
        },
    )
    note = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        error_messages={"max_length": "Keep it to 300 characters or fewer"},
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = items.exclude(status=AgendaItem.Status.MERGED)
        self.fields["item"].queryset = choices  # type: ignore[attr-defined]
        self.fields["into"].queryset = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        item, into = cleaned.get("item"), cleaned.get("into")
        if item is not None and into is not None and item.pk == into.pk:
            self.add_error("into", "Choose a different item to merge it into")
        return cleaned


class CompareForm(forms.Form):
    """Two versions of the agenda to compare: the earlier (a) and the later (b)."""

    a = forms.TypedChoiceField(
        label="Compare version", coerce=int, error_messages={"required": "Choose a version"}
    )
    b = forms.TypedChoiceField(
        label="with version", coerce=int, error_messages={"required": "Choose a version"}
    )

    def __init__(self, *args: Any, versions: Sequence[AgendaVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"Version {v.number}") for v in versions]
        for name in ("a", "b"):
            field = self.fields[name]
            field.choices = choices  # type: ignore[attr-defined]
            field.error_messages["invalid_choice"] = "Choose a version from the list"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("a") is not None and cleaned.get("a") == cleaned.get("b"):
            self.add_error("b", "Choose two different versions")
        return cleaned


class SignOffForm(forms.Form):
    """The version the person saw, posted back so they sign off exactly that one."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean_version(self) -> int:
        number = self.cleaned_data["version"]
        if is_too_big(number):
            raise ValidationError("Choose a version")
        return int(number)


NO_DELEGATE = "none"


class DelegateForm(forms.Form):
    """Who, besides the chair, may sign this agenda off: one core group member, or no one."""

    person = forms.ChoiceField(
        label="Who may sign off this agenda besides you?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a core group member, or no one",
            "invalid_choice": "Choose a core group member from the list, or no one",
        },
    )

    def __init__(self, *args: Any, people: Sequence[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in people}
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            *((key, person.full_name) for key, person in self.people.items()),
            (NO_DELEGATE, "No one: only the chair signs off"),
        ]

    def clean_person(self) -> Person | None:
        key = self.cleaned_data["person"]
        return None if key == NO_DELEGATE else self.people[key]
