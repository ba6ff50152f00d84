"""Forms for meetings: adding and changing one, cancelling it, the list's filters, replies."""

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from coprod.forms import DateField
from coprod.record_fields import RecordChoiceField
from network.models import AdvisoryGroup, Invitation, Meeting
from network.selectors.meetings import field_label

TIME_HINT = "Use the 24-hour clock, for example 10:30 or 14:00."

# The form's boxes of checkboxes and the model's flags behind them.
ARRANGEMENTS = [
    "has_step_free_access",
    "has_hearing_loop",
    "has_bsl_interpreter",
    "has_easy_read_papers",
    "welcomes_support_workers",
    "pays_travel_expenses",
]
AUDIENCE = ["invites_members", "invites_core_group", "invites_board", "invites_staff"]


class TimeField(forms.TimeField):
    """A time typed as hours and minutes: "10:30" (or "10.30")."""

    input_formats = ["%H:%M", "%H.%M"]

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", TIME_HINT)
        kwargs["error_messages"] = {
            "required": f"Enter the time the meeting {what}",
            "invalid": f"Enter the time the meeting {what} as hours and minutes, like 10:30",
        }
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "govuk-input govuk-input--width-5"})


class MeetingForm(forms.Form):
    """Every detail of a meeting; the date and times make its start and end."""

    title = forms.CharField(
        label="Title",
        max_length=Meeting._meta.get_field("title").max_length,
        error_messages={"required": "Enter the meeting's title"},
    )
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )
    on = DateField(
        label="Date",
        error_messages={"required": "Enter the date of the meeting"},
    )
    starts_at = TimeField(label="Start time", what="starts")
    ends_at = TimeField(label="End time", what="ends")
    place = forms.CharField(
        label="Place",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The address, with the room. Leave empty for a meeting held only online.",
    )
    online_link = forms.URLField(
        label="Online link",
        required=False,
        assume_scheme="https",
        help_text="The link to join online, for example https://meet.example.org/network.",
        error_messages={"invalid": "Enter the online link as a web address, like https://…"},
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    arrangements = forms.MultipleChoiceField(
        label="Access arrangements",
        required=False,
        choices=[(name, field_label(name)) for name in ARRANGEMENTS],
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that the meeting offers.",
    )
    access_notes = forms.CharField(
        label="Other access arrangements",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invites = forms.MultipleChoiceField(
        label="Who is invited",
        required=False,
        choices=[(name, field_label(name)) for name in AUDIENCE],
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Select all that apply. Leave these empty only when the members of a project "
            "advisory group (chosen below) are the ones invited."
        ),
    )
    advisory_group = RecordChoiceField(
        label="Project advisory group",
        queryset=AdvisoryGroup.objects.all(),
        required=False,
        empty_label="None",
        help_text="Its current members are invited.",
    )
    members_may_suggest = forms.BooleanField(
        label="Member representatives may suggest agenda items", required=False
    )
    capacity = forms.IntegerField(
        label="Places",
        required=False,
        min_value=1,
        max_value=10000,
        help_text="Leave empty if places are not limited.",
        error_messages={
            "invalid": "Enter the number of places as a whole number, like 40",
            "min_value": "Enter at least 1 place, or leave it empty if places are not limited",
            "max_value": "Enter 10,000 places or fewer",
        },
    )
    registration_closes_on = DateField(label="Registration closes on", required=False)

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(meeting)
        super().__init__(*args, **kwargs)
        self.fields["capacity"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}
        )

    @staticmethod
    def initial_from(meeting: Meeting) -> dict[str, Any]:
        starts = timezone.localtime(meeting.starts_at)
        ends = timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "kind": meeting.kind,
            "on": starts.date(),
            "starts_at": starts.strftime("%H:%M"),
            "ends_at": ends.strftime("%H:%M"),
            "place": meeting.place,
            "online_link": meeting.online_link,
            "description": meeting.description,
            "arrangements": [name for name in ARRANGEMENTS if getattr(meeting, name)],
            "access_notes": meeting.access_notes,
            "invites": [name for name in AUDIENCE if getattr(meeting, name)],
            "advisory_group": meeting.advisory_group_id,
            "members_may_suggest": meeting.members_may_suggest,
            "capacity": meeting.capacity,
            "registration_closes_on": meeting.registration_closes_on,
        }

    def meeting_fields(self) -> dict[str, Any]:
        """The cleaned data as the meeting's own fields (start and end as datetimes)."""
        data = self.cleaned_data
        day: date = data["on"]
        fields = {
            name: data[name]
            for name in (
                "title",
                "kind",
                "place",
                "online_link",
                "description",
                "access_notes",
                "advisory_group",
                "members_may_suggest",
                "capacity",
                "registration_closes_on",
            )
        }
        fields["starts_at"] = _at(day, data["starts_at"])
        fields["ends_at"] = _at(day, data["ends_at"])
        fields.update({name: name in data["arrangements"] for name in ARRANGEMENTS})
        fields.update({name: name in data["invites"] for name in AUDIENCE})
        return fields


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


# The meeting's own fields whose errors belong beside another field of the form.
FIELD_OF = {"invites_members": "invites", "starts_at": "starts_at", "ends_at": "ends_at"}


def meeting_errors(error: ValidationError) -> ValidationError:
    """A meeting's validation errors keyed by the form's fields (who is invited, times)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {FIELD_OF.get(name, name): errors for name, errors in error.error_dict.items()}
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Everyone invited is told this.",
        error_messages={"required": "Enter why the meeting is cancelled"},
    )


class MeetingListForm(forms.Form):
    """The meeting list's filters: year, kind, and upcoming or past."""

    UPCOMING, PAST = "upcoming", "past"

    year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="For example, 2026.",
        error_messages={
            "invalid": "Enter the year as 4 numbers, like 2026",
            "min_value": "Enter a year from 2000 to 2100",
            "max_value": "Enter a year from 2000 to 2100",
        },
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Meeting.Kind.choices]
    )
    when = forms.ChoiceField(
        label="When",
        required=False,
        choices=[
            ("", "All meetings, newest first"),
            (UPCOMING, "Upcoming meetings first, soonest first"),
            (PAST, "Past meetings only"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}
        )


REPLY_CHOICES = [
    (Invitation.Reply.ATTENDING.value, "Yes, I will come"),
    (Invitation.Reply.APOLOGIES.value, "No, I send my apologies"),
]


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label="Will you come to the meeting?",
        choices=REPLY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you will come to the meeting"},
    )
    access_needs = forms.CharField(
        label="Access needs for this meeting",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Anything we should arrange so you can take part: for example a BSL interpreter, "
            "a support worker, a quiet room, or papers in large print."
        ),
        error_messages={"max_length": "Access needs must be 2,000 characters or fewer"},
    )
