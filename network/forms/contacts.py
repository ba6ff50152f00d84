"""Forms for the contact log: recording a contact with a person or an organisation."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from coprod.forms import DateField
from network.models import ContactRecord, Organisation, Person


class ContactForm(forms.Form):
    """A contact staff had: when, how, with whom (besides the page's own record), what."""

    contacted_on = DateField(
        label="Date of the contact",
        error_messages={"required": "Enter the date of the contact"},
        initial=timezone.localdate,
    )
    method = forms.ChoiceField(
        label="How",
        choices=ContactRecord.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contact was made"},
    )
    note = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was said or agreed, in a sentence or two (up to 1,000 characters).",
        error_messages={
            "required": "Enter a short note about the contact",
            "max_length": "The note must be 1,000 characters or fewer",
        },
    )
    follow_up_on = DateField(
        label="Follow up on",
        required=False,
        help_text="If something needs doing later, the date it is due. For example, 27 3 2026.",
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person] | None = None,
        organisations: QuerySet[Organisation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # On an organisation's page the contact may also name one of its representatives;
        # on a person's page, one of the organisations they represent.
        if people is not None:
            self.fields["person"] = forms.ModelChoiceField(
                label="Person spoken to",
                queryset=people,
                required=False,
                empty_label="Nobody in particular",
            )
        if organisations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(
                label="On behalf of",
                queryset=organisations,
                required=False,
                empty_label="No organisation",
            )
        self.order_fields(["contacted_on", "method", "person", "organisation", "note"])

    def clean_contacted_on(self) -> date:
        contacted_on = self.cleaned_data["contacted_on"]
        if contacted_on > timezone.localdate():
            raise forms.ValidationError("The date of the contact must be today or in the past")
        return contacted_on

    def clean(self) -> dict[str, Any]:
        super().clean()
        contacted_on = self.cleaned_data.get("contacted_on")
        follow_up_on = self.cleaned_data.get("follow_up_on")
        if contacted_on and follow_up_on and follow_up_on < contacted_on:
            self.add_error(
                "follow_up_on",
                f"The follow-up date must be on or after the contact, {date_format(contacted_on)}",
            )
        return self.cleaned_data
