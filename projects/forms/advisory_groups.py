"""Forms for a project's advisory group and its members."""

from typing import Any, cast

from django import forms
from django.utils import timezone

from coprod.forms import DateField
from coprod.record_fields import RecordChoiceField
from network.models import AdvisoryGroup, AdvisoryGroupMember, Person


class AdvisoryGroupForm(forms.ModelForm):
    class Meta:
        model = AdvisoryGroup
        fields = ["name", "description"]
        labels = {"name": "Name of the group", "description": "What the group does (optional)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {
                "required": "Enter the group's name.",
                "unique": "Another group has this name. Enter a different name.",
            }
        }


class MemberForm(forms.Form):
    person = RecordChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        empty_label="Choose the person",
        error_messages={"required": "Choose the person joining the group."},
    )
    capacity = forms.ChoiceField(
        label="In what capacity",
        choices=AdvisoryGroupMember.Capacity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the capacity they join in."},
    )
    started_on = DateField(
        label="Joined on", error_messages={"required": "Enter the date they joined"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("started_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        person = cast(forms.ModelChoiceField, self.fields["person"])
        person.queryset = Person.objects.only("pk", "full_name").order_by("full_name")
        person.label_from_instance = lambda obj: obj.full_name  # type: ignore[method-assign]


class EndMemberForm(forms.Form):
    ended_on = DateField(label="Left on", error_messages={"required": "Enter the date they left"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("ended_on", timezone.localdate())
        super().__init__(*args, **kwargs)
