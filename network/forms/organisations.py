"""Forms for organisations and their membership status."""

from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils import timezone

from coprod import spreadsheets
from coprod.forms import DateField
from coprod.record_fields import RecordMultipleChoiceField
from network.models import Membership, Organisation


class OrganisationForm(forms.ModelForm):
    """Every detail of an organisation, for staff."""

    # Staff can open the other organisation; a representative cannot, so is told otherwise.
    DUPLICATE_NAME = (
        "An organisation called “%(name)s” is already in the network. "
        "Use a different name, or edit that organisation instead."
    )

    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "is_user_or_carer_led",
            "constituencies",
            "region",
            "address",
            "postcode",
            "website",
            "email",
            "phone",
        ]
        widgets = {
            "constituencies": forms.CheckboxSelectMultiple,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": "Enter the organisation's name"},
            "kind": {"required": "Choose the kind of organisation"},
        }
        field_classes = {"constituencies": RecordMultipleChoiceField}
        help_texts = {
            "constituencies": "The groups of people the organisation serves. Tick all that apply."
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        duplicates = Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise ValidationError(self.DUPLICATE_NAME, params={"name": name})
        return name

    def clean_postcode(self) -> str:
        return self.cleaned_data["postcode"].strip().upper()


class OrganisationDetailsForm(OrganisationForm):
    """What a representative may change about their own organisation."""

    DUPLICATE_NAME = (
        "Another organisation in the network already has this name. "
        "Choose a different name, or ask the co-production team."
    )

    class Meta(OrganisationForm.Meta):
        fields = [
            "name",
            "constituencies",
            "region",
            "address",
            "postcode",
            "website",
            "email",
            "phone",
        ]


class OrganisationAddForm(OrganisationForm):
    """A new organisation's details and its first membership status."""

    status = forms.ChoiceField(
        label="Membership status",
        choices=Membership.Status.choices,
        initial=Membership.Status.PROSPECTIVE,
        error_messages={"required": "Choose the membership status"},
    )
    status_since = DateField(
        label="In this status since",
        error_messages={"required": "Enter the date it has been in this status since"},
        initial=timezone.localdate,
        help_text="For example, the day they were invited or joined.",
    )


class MembershipChangeForm(forms.Form):
    """A new membership status and the day it starts."""

    status = forms.ChoiceField(
        label="New status",
        choices=Membership.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new membership status"},
    )
    started_on = DateField(
        label="From",
        error_messages={"required": "Enter the first day in the new status"},
        initial=timezone.localdate,
        help_text="The first day in the new status. The current status ends the day before.",
    )
    note = forms.CharField(
        max_length=300,
        required=False,
        help_text="Why the status changed, for example “Did not renew after two reminders”.",
    )

    def __init__(self, *args: Any, current_status: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current_status = current_status

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if status == self.current_status:
            raise ValidationError(
                "The membership is already %(status)s. Choose a different status.",
                params={"status": Membership.Status(status).label.lower()},
            )
        return status


class ImportUploadForm(forms.Form):
    """A CSV file of organisations to check before importing."""

    MAX_BYTES = 3_000_000

    file = forms.FileField(
        label="CSV file",
        validators=[FileExtensionValidator(["csv", "txt"], "Choose a file ending in .csv.")],
        help_text=(
            "In your spreadsheet, use Save As and choose “CSV UTF-8”. "
            "Excel's “Unicode Text” works too. Up to 3 MB."
        ),
    )

    def clean_file(self) -> str:
        """The file's text, in whichever encoding the spreadsheet saved it."""
        upload = self.cleaned_data["file"]
        self.filename = upload.name or ""
        if upload.size > self.MAX_BYTES:
            raise ValidationError("The file is larger than 3 MB. Split it into smaller files.")
        try:
            return spreadsheets.read_upload(upload.read())
        except spreadsheets.UnreadableFile as error:
            raise ValidationError(str(error)) from error


class ImportConfirmForm(forms.Form):
    """Carries a checked file to the confirmation, signed so it cannot be altered."""

    SALT = "network.organisation-import"
    MAX_AGE_SECONDS = 60 * 60

    checked_file = forms.CharField(widget=forms.HiddenInput)

    @classmethod
    def for_content(cls, content: str, filename: str = "") -> "ImportConfirmForm":
        token = signing.dumps([content, filename], salt=cls.SALT, compress=True)
        return cls(initial={"checked_file": token})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            content, filename = signing.loads(
                cleaned.get("checked_file", ""), salt=self.SALT, max_age=self.MAX_AGE_SECONDS
            )
        except (signing.BadSignature, ValueError) as error:
            raise ValidationError(
                "The checked file has expired or was changed. Upload the file again."
            ) from error
        cleaned["content"], cleaned["filename"] = content, filename
        return cleaned
