"""Forms for writing bulletins, their easy-read points, and a person's own preferences."""

from typing import Any, cast

from django import forms

from coprod.record_fields import RecordChoiceField, RecordMultipleChoiceField
from network.models import (
    Audience,
    Bulletin,
    Constituency,
    EasyReadPoint,
    Meeting,
    Organisation,
    Person,
)


class BulletinForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label="Organisation kinds",
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For “members of chosen kinds or constituencies”.",
    )

    class Meta:
        model = Bulletin
        fields = ["title", "body", "audience", "kinds", "constituencies", "meeting"]
        field_classes = {
            "constituencies": RecordMultipleChoiceField,
            "meeting": RecordChoiceField,
        }
        labels = {
            "title": "Title",
            "body": "What the bulletin says",
            "audience": "Who is it for?",
            "constituencies": "Constituencies",
            "meeting": "Meeting",
        }
        help_texts = {
            "body": "Write in Markdown: ## for a heading, **bold**, - for a list, "
            "[words](https://…) for a link. Other HTML is shown as text.",
            "constituencies": "For “members of chosen kinds or constituencies”.",
            "meeting": "For “people invited to a meeting”.",
        }
        widgets = {
            "audience": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 14}),
            "constituencies": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Enter the bulletin's title"},
            "body": {"required": "Enter what the bulletin says"},
            "audience": {"required": "Choose who the bulletin is for"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = cast(forms.ModelChoiceField, self.fields["meeting"])
        meeting.queryset = Meeting.objects.order_by("-starts_at")
        meeting.empty_label = "Choose a meeting"
        constituencies = cast(forms.ModelMultipleChoiceField, self.fields["constituencies"])
        constituencies.queryset = Constituency.objects.all()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        audience = data.get("audience")
        if audience == Audience.CHOSEN and not (data.get("kinds") or data.get("constituencies")):
            self.add_error("kinds", "Choose at least one organisation kind or constituency")
        if audience == Audience.MEETING and not data.get("meeting"):
            self.add_error("meeting", "Choose the meeting whose invitees get the bulletin")
        if audience != Audience.CHOSEN:
            data["kinds"], data["constituencies"] = [], []
        if audience != Audience.MEETING:
            data["meeting"] = None
        return data


class EasyReadPointForm(forms.ModelForm):
    class Meta:
        model = EasyReadPoint
        fields = ["text", "picture"]
        labels = {"text": "Short sentence", "picture": "Picture"}
        help_texts = {"text": "One idea in plain words, 200 characters at most."}
        widgets = {"picture": forms.RadioSelect}
        error_messages = {
            "text": {
                "required": "Enter a short sentence",
                "max_length": "Keep the sentence to 200 characters or fewer",
            },
            "picture": {"required": "Choose a picture"},
        }


STOP = "stop"
PREFERENCE_CHOICES = [
    (Person.Channel.EMAIL, "By email"),
    (Person.Channel.POST, "Printed, by post"),
    (Person.Channel.LARGE_PRINT, "Large print, by post"),
    (Person.Channel.EASY_READ, "Easy read (by email if we have your address, otherwise post)"),
    (STOP, "Do not send me bulletins"),
]
MISSING_FOR_CHOICE = {
    Person.Channel.EMAIL: "We do not have your email address. Choose another way, or "
    "ask the co-production team to add it",
    Person.Channel.POST: "We do not have your postal address. Choose another way, or "
    "ask the co-production team to add it",
}


class PreferencesForm(forms.Form):
    choice = forms.ChoiceField(
        label="How would you like to get bulletins?",
        choices=PREFERENCE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like to get bulletins"},
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        self.person = person
        super().__init__(*args, **kwargs)

    def clean_choice(self) -> str:
        choice = self.cleaned_data["choice"]
        person = self.person
        has_post = bool(person.address.strip() and person.postcode.strip())
        if choice == Person.Channel.EMAIL and not person.email:
            raise forms.ValidationError(MISSING_FOR_CHOICE[Person.Channel.EMAIL])
        if choice in (Person.Channel.POST, Person.Channel.LARGE_PRINT) and not has_post:
            raise forms.ValidationError(MISSING_FOR_CHOICE[Person.Channel.POST])
        if choice == Person.Channel.EASY_READ and not (person.email or has_post):
            raise forms.ValidationError(MISSING_FOR_CHOICE[Person.Channel.POST])
        return choice
