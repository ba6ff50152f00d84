"""Forms for commissioned work."""

from decimal import Decimal
from typing import Any, cast

from django import forms

from coprod.forms import DateField
from coprod.record_fields import RecordChoiceField
from network.models import Organisation, Person
from projects.models import Commission, Project

SUPPLIER_KINDS = [
    ("organisation", "A user-led or carer-led organisation"),
    ("person", "A person who uses services or a carer"),
]


class NamedChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class CommissionForm(forms.ModelForm):
    """Who the work is commissioned from, what it is, its value, dates and status."""

    supplier_kind = forms.ChoiceField(
        label="Who is the work commissioned from?",
        choices=SUPPLIER_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the supplier is an organisation or a person."},
    )
    organisation = NamedChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose the organisation",
        help_text="Only organisations led by people who use services or carers.",
    )
    person = NamedChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Choose the person",
    )
    value = forms.DecimalField(
        label="Value, in pounds",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the value of the work.",
            "invalid": "Enter the value as an amount of money, like 1500.00.",
            "min_value": "Enter a value of £0 or more.",
            "max_decimal_places": "Enter the value in pounds and pence, like 1500.00.",
            "max_digits": "Enter a value of less than £100,000,000.",
        },
    )

    class Meta:
        model = Commission
        fields = [
            "supplier_kind",
            "organisation",
            "person",
            "description",
            "value",
            "starts_on",
            "ends_on",
            "status",
        ]
        field_classes = {"starts_on": DateField, "ends_on": DateField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "status": forms.RadioSelect}
        labels = {"description": "What the work is"}
        error_messages = {
            "description": {"required": "Describe the work."},
            "starts_on": {"required": "Enter the start date"},
            "status": {"required": "Choose the status."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = Organisation.objects.filter(is_user_or_carer_led=True).only(
            "pk", "name"
        )
        person = cast(forms.ModelChoiceField, self.fields["person"])
        person.queryset = Person.objects.only("pk", "full_name").order_by("full_name")
        cast(forms.ChoiceField, self.fields["status"]).choices = Commission.Status.choices
        if self.instance.pk:
            kind = "person" if self.instance.person_id else "organisation"
            self.fields["supplier_kind"].initial = kind

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("supplier_kind")
        if kind == "organisation":
            cleaned["person"] = None
            if not cleaned.get("organisation") and "organisation" not in self.errors:
                self.add_error("organisation", "Choose the organisation.")
        elif kind == "person":
            cleaned["organisation"] = None
            if not cleaned.get("person") and "person" not in self.errors:
                self.add_error("person", "Choose the person.")
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return cleaned

    def _post_clean(self) -> None:
        pass  # the service checks the supplier and the model's rules

    def commission_fields(self) -> dict[str, Any]:
        fields = dict(self.cleaned_data)
        fields.pop("supplier_kind")
        return fields


class CommissionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *Commission.Status.choices], required=False
    )
    project = RecordChoiceField(
        queryset=Project.objects.only("pk", "title"), required=False, empty_label="Any project"
    )
    supplier_kind = forms.ChoiceField(
        label="Supplier", choices=[("", "Either"), *SUPPLIER_KINDS], required=False
    )

    def filters(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_valid() else {}
