"""Forms for claims, declined payments, receipts, payment dates and the threshold."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone

from coprod.forms import DateField
from coprod.record_fields import RecordChoiceField
from network.models import Person
from projects.models import (
    Claim,
    Receipt,
    validate_receipt,
)


class PersonChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


def _money_field(label: str, what: str, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "invalid": f"Enter the {what} as an amount of money, like 12.50.",
            "min_value": f"The {what} must be £0 or more.",
            "max_decimal_places": f"Enter the {what} in pounds and pence, like 12.50.",
            "max_digits": f"The {what} must be less than £10,000,000.",
        },
    )


class ClaimForm(forms.Form):
    """What one person claims for an activity: a fee, travel costs, care costs."""

    person = PersonChoiceField(
        label="Who is claiming",
        queryset=Person.objects.none(),
        error_messages={"required": "Choose the person who is claiming."},
    )
    fee_basis = forms.ChoiceField(
        label="Fee",
        choices=[("", "No fee, only costs"), *Claim.FeeBasis.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    fee_units = forms.DecimalField(
        label="Hours or sessions",
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        help_text="For example, 3 hours or 1 session.",
        error_messages={
            "invalid": "Enter the hours or sessions as a number, like 3 or 2.5.",
            "min_value": "Enter 0 or more hours or sessions.",
            "max_decimal_places": "Enter the hours or sessions with at most 2 decimal places.",
            "max_digits": "Enter fewer than 10,000 hours or sessions.",
        },
    )
    fee_rate = _money_field("Rate per hour or session, in pounds", "rate")
    travel = _money_field("Travel costs, in pounds", "travel costs")
    care = _money_field("Care costs, in pounds", "care costs")

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = cast(forms.ModelChoiceField, self.fields["person"])
        person.queryset = people
        person.empty_label = "Choose the person"
        self.fields["care"].help_text = "For example, a carer or personal assistant's time."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("fee_units", "fee_rate", "travel", "care"):
            if name not in self.errors and cleaned.get(name) is None:
                cleaned[name] = Decimal("0")
        return cleaned


class DeclineForm(forms.Form):
    """A person's decision to decline payment for an activity."""

    person = PersonChoiceField(
        label="Who declined payment",
        queryset=Person.objects.none(),
        error_messages={"required": "Choose the person who declined payment."},
    )
    reason = forms.CharField(
        label="What they said (optional)",
        max_length=300,
        required=False,
        help_text="For example, “Payment would affect my benefits”.",
        error_messages={"max_length": "What they said must be 300 characters or fewer."},
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = cast(forms.ModelChoiceField, self.fields["person"])
        person.queryset = people
        person.empty_label = "Choose the person"


class PaidForm(forms.Form):
    paid_on = DateField(
        label="Date paid",
        error_messages={"required": "Enter the date the claim was paid"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("paid_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ReceiptForm(forms.ModelForm):
    class Meta:
        model = Receipt
        fields = ["file", "description"]
        labels = {"file": "Upload a receipt", "description": "What it is for (optional)"}
        help_texts = {
            "file": "A PDF, JPG or PNG file, smaller than 10 MB.",
            "description": "For example, “Train ticket, Leeds to London”.",
        }
        error_messages = {"file": {"required": "Select a receipt to upload."}}
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].validators = [validate_receipt]

    def _post_clean(self) -> None:
        pass  # the service validates the receipt as it saves it


class ThresholdForm(forms.Form):
    threshold = _money_field(
        "Warn when a person's fees in a financial year are more than, in pounds",
        "amount",
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["threshold"]
        field.help_text = (
            "Fees for involvement may affect some people's benefits. Enter 0 for no warning. "
            "Travel and care costs paid back are not counted."
        )
        field.error_messages["required"] = "Enter the amount, or 0 for no warning."


class ClaimFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *Claim.Status.choices], required=False
    )
    year = forms.TypedChoiceField(
        label="Financial year",
        choices=[("", "Any year")],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, years: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [("", "Any year"), *years]

    def filters(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_valid() else {}
