"""Forms for the plan of change: phases, milestones, the charter, policies, champions and
training sessions."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms.utils import ErrorList

from coprod.forms import DateField
from coprod.record_fields import RecordChoiceField
from network.models import Person
from reporting.models import (
    MOST_STAFF,
    ONE_OWNER,
    Champion,
    CharterVersion,
    Milestone,
    Phase,
    Policy,
    TrainingSession,
)
from reporting.selectors import champion_choices, owner_choices

WEB_ADDRESS = "Enter a web address in the correct format, like https://www.example.org/report"


class PersonChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["title", "starts_on", "ends_on", "description"]
        field_classes = {"starts_on": DateField, "ends_on": DateField}
        labels = {"title": "Title", "description": "What the phase is for"}
        help_texts = {"title": "For example, “Phase two: April 2012 to October 2012”."}
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "title": {"required": "Enter the phase's title"},
            "starts_on": {"required": "Enter the date the phase starts"},
            "ends_on": {"required": "Enter the date the phase ends"},
        }


class MilestoneForm(forms.ModelForm):
    evidence_link = forms.URLField(
        label="Link to evidence",
        max_length=Milestone._meta.get_field("evidence_link").max_length,
        required=False,
        assume_scheme="https",
        help_text="A web address, for example of a report or minutes.",
        error_messages={"invalid": WEB_ADDRESS},
    )
    owner = PersonChoiceField(
        label="Person who owns it",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Choose a person",
        help_text="People who hold a role in the network or on the staff today.",
    )

    class Meta:
        model = Milestone
        fields = ["title", "owner", "owner_team", "due_on", "status", "evidence", "evidence_link"]
        field_classes = {"due_on": DateField}
        labels = {
            "title": "What must be achieved",
            "owner_team": "Or the team that owns it",
            "due_on": "Due date",
            "status": "Status",
            "evidence": "Evidence",
        }
        help_texts = {
            "owner_team": "For example, “Human resources”. Leave empty if a person owns it.",
            "status": "A milestone not done by its due date shows as late.",
            "evidence": "What shows the milestone was met, or how far it has got.",
        }
        widgets = {
            "status": forms.RadioSelect,
            "title": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": "Enter what must be achieved"},
            "due_on": {"required": "Enter the due date"},
            "status": {"required": "Choose the milestone's status"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = owner_choices(self.instance.owner if self.instance.owner_id else None)

    def clean_owner_team(self) -> str:
        return cast(str, self.cleaned_data["owner_team"]).strip()

    def _post_clean(self) -> None:
        # When the person or the team typed was refused already, the model's "one owner"
        # rule cannot see what was meant: the refusal alone is the problem to fix.
        refused = "owner" in self.errors or "owner_team" in self.errors
        super()._post_clean()  # type: ignore[misc]
        if not refused:
            return
        for name in ("owner", "owner_team"):
            kept = [e for e in self.errors.get(name, ErrorList()).as_data() if e.code != ONE_OWNER]
            if kept:
                self.errors[name] = self.error_class(kept, field_id=self[name].auto_id)
            else:
                self.errors.pop(name, None)


class PrincipleForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the principle's title"},
    )
    text = forms.CharField(
        label="What it means",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what the principle means"},
    )
    position = forms.IntegerField(label="Place in the list")

    def __init__(self, *args: Any, places: int, **kwargs: Any) -> None:
        """`places`: how many places the principle may take (1 to places)."""
        super().__init__(*args, **kwargs)
        self.places = places
        message = f"Enter a number from 1 to {places}"
        position = self.fields["position"]
        position.help_text = f"1 is first. There are {places} places."
        position.widget.attrs["inputmode"] = "numeric"
        position.error_messages = {
            **position.error_messages,
            "required": message,
            "invalid": message,
        }
        self.initial.setdefault("position", places)

    def clean_position(self) -> int:
        position = cast(int, self.cleaned_data["position"])
        if not 1 <= position <= self.places:
            raise forms.ValidationError(f"Enter a number from 1 to {self.places}")
        return position


class ApprovalForm(forms.Form):
    approved_on = DateField(
        label="Date the Board approved it",
        error_messages={"required": "Enter the date the Board approved this version"},
    )


class CharterCompareForm(forms.Form):
    """Two versions of the charter to compare, chosen from those the person may see."""

    old = RecordChoiceField(
        label="Earlier version",
        queryset=CharterVersion.objects.none(),
        empty_label="Choose a version",
        error_messages={"required": "Choose the earlier version"},
    )
    new = RecordChoiceField(
        label="Later version",
        queryset=CharterVersion.objects.none(),
        empty_label="Choose a version",
        error_messages={"required": "Choose the later version"},
    )

    def __init__(self, *args: Any, versions: QuerySet[CharterVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = versions.order_by("number")
            field.error_messages["invalid_choice"] = "Choose a version from the list"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        old, new = cleaned.get("old"), cleaned.get("new")
        if old and new and old.pk == new.pk:
            self.add_error("new", "Choose a different version from the earlier one")
        elif old and new and old.number > new.number:
            self.add_error("new", f"Choose a version later than version {old.number}")
        return cleaned


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = ["name", "owner", "status", "reviewed_on", "changes"]
        field_classes = {"reviewed_on": DateField}
        labels = {"name": "Name of the policy or procedure", "owner": "Owner"}
        help_texts = {
            "status": "Changed and No change needed mean the review is finished.",
            "reviewed_on": "The day the review finished. Needed once it is finished.",
        }
        widgets = {"status": forms.RadioSelect, "changes": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "name": {
                "required": "Enter the name of the policy or procedure",
                "unique": "A policy with this name is already in the review",
            },
            "owner": {"required": "Enter the person or team responsible"},
            "status": {"required": "Choose the review status"},
        }


class ChampionForm(forms.ModelForm):
    person = PersonChoiceField(
        label="Member of staff",
        queryset=Person.objects.none(),
        empty_label="Choose a member of staff",
        help_text="Staff today who are not champions yet.",
        error_messages={"required": "Choose the member of staff"},
    )

    class Meta:
        model = Champion
        fields = ["person", "team", "started_on"]
        field_classes = {"started_on": DateField}
        labels = {"team": "Their team"}
        error_messages = {
            "team": {"required": "Enter the champion's team"},
            "started_on": {"required": "Enter the date they became a champion"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = cast(forms.ModelChoiceField, self.fields["person"])
        person.queryset = champion_choices(self.instance if self.instance.pk else None)
        if self.instance.pk:
            person.disabled = True  # a different person is a different champion
            person.help_text = "To name someone else, add them as a new champion."


STAFF_RANGE = f"Enter a whole number from 0 to {MOST_STAFF}"


class TrainingSessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["title", "held_on", "run_by", "staff_attending", "is_co_delivered"]
        field_classes = {"held_on": DateField}
        labels = {
            "title": "Title",
            "is_co_delivered": "People who use services or carers co-delivered it",
        }
        help_texts = {"run_by": "A person, a team or an organisation."}
        error_messages = {
            "title": {"required": "Enter the session's title"},
            "held_on": {"required": "Enter the date the session was held"},
            "run_by": {"required": "Enter who ran the session"},
            "staff_attending": {
                "required": "Enter the number of staff who attended",
                "invalid": STAFF_RANGE,
                "min_value": STAFF_RANGE,
                "max_value": STAFF_RANGE,
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = cast(forms.IntegerField, self.fields["staff_attending"])
        staff.max_value = MOST_STAFF
        staff.widget.attrs["inputmode"] = "numeric"

    def clean_staff_attending(self) -> int:
        value = cast(int, self.cleaned_data["staff_attending"])
        if not 0 <= value <= MOST_STAFF:
            raise forms.ValidationError(STAFF_RANGE)
        return value
