"""Forms for programmes, projects, plans, the involvement log and impact."""

from datetime import timedelta
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone

from coprod.forms import DateField
from coprod.models import User
from coprod.record_fields import RecordChoiceField, RecordMultipleChoiceField
from network.models import Meeting, Membership, Organisation, Person
from projects.models import (
    NO_NEGATIVE_MONEY,
    NOT_NEGATIVE,
    ActivityKind,
    ImpactRecord,
    InvolvementActivity,
    InvolvementPlan,
    Level,
    Programme,
    Project,
    Stage,
)
from projects.selectors import staff_leads


class LeadChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"title": {"required": "Enter the programme's title."}}


class ProjectForm(forms.ModelForm):
    """A project's details; its stage moves on the project page."""

    lead = LeadChoiceField(
        label="Lead member of staff",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the member of staff who leads the project."},
    )

    class Meta:
        model = Project
        fields = ["title", "programme", "lead", "description", "started_on", "ends_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {
            "programme": RecordChoiceField,
            "started_on": DateField,
            "ends_on": DateField,
        }
        labels = {"started_on": "Start date", "ends_on": "Expected end date"}
        error_messages = {
            "title": {"required": "Enter the project's title."},
            "programme": {"required": "Choose the programme the project belongs to."},
            "started_on": {"required": "Enter the day the project started."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = cast(forms.ModelChoiceField, self.fields["lead"])
        lead.queryset = staff_leads().order_by("full_name", "email")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        started, ends = cleaned.get("started_on"), cleaned.get("ends_on")
        if started and ends and ends < started:
            self.add_error("ends_on", "The expected end date must be on or after the start date.")
        return cleaned


class MoveForm(forms.Form):
    """The stage a project moves to, and why."""

    to_stage = forms.ChoiceField(
        label="Move to",
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the stage the project moves to.",
            "invalid_choice": "Choose a stage other than the one the project is at.",
        },
    )
    note = forms.CharField(
        label="Note",
        max_length=300,
        required=False,
        help_text="For example, “Scope agreed with the advisory group”.",
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_stage"]).choices = [
            (stage, label) for stage, label in Stage.choices if stage != project.stage
        ]
        if project.next_stage:
            self.fields["to_stage"].initial = project.next_stage


WHO = {
    "people-who-use-services": ("involves_people_who_use_services", "People who use services"),
    "carers": ("involves_carers", "Carers"),
    "member-organisations": ("involves_member_organisations", "Member organisations"),
    "user-led-organisations": (
        "involves_user_led_organisations",
        "User-led and carer-led organisations",
    ),
}


class PlanForm(forms.Form):
    """An involvement plan for a stage: who, how, at what level, the budget; or why not."""

    who = forms.MultipleChoiceField(
        label="Who will be involved",
        choices=[(key, label) for key, (_, label) in WHO.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    activity_kinds = forms.MultipleChoiceField(
        label="How they will be involved",
        choices=ActivityKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The kinds of activity you plan. Select all that apply.",
    )
    approach = forms.CharField(
        label="Describe the plan",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="For example, how you will recruit people and support them to take part.",
    )
    level = forms.ChoiceField(
        label="Level of involvement",
        choices=Level.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    payment_budget = forms.DecimalField(
        label="Budget for payments to public contributors, in pounds",
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        required=False,
        error_messages={
            "invalid": "Enter the budget as an amount of money, like 600 or 600.00.",
            "min_value": "Enter a budget of £0 or more.",
        },
    )
    not_appropriate_reason = forms.CharField(
        label="Or: why involvement is not appropriate at this stage",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=(
            "Only if nobody will be involved. A second member of staff must accept the reason "
            "before the project can move into this stage."
        ),
    )

    @classmethod
    def for_plan(cls, plan: InvolvementPlan | None, data: Any = None) -> "PlanForm":
        """A bound form for a POST, or one showing the plan already written."""
        if data is not None or plan is None:
            return cls(data)
        return cls(
            initial={
                "who": [key for key, (field, _) in WHO.items() if getattr(plan, field)],
                "activity_kinds": plan.activity_kinds,
                "approach": plan.approach,
                "level": plan.level,
                "payment_budget": plan.payment_budget,
                "not_appropriate_reason": plan.not_appropriate_reason,
            }
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        reason = cleaned.get("not_appropriate_reason", "").strip()
        planned = (
            any(cleaned.get(name) for name in ("who", "activity_kinds", "approach", "level"))
            or cleaned.get("payment_budget") is not None
        )
        if reason and planned:
            self.add_error(
                "not_appropriate_reason",
                "Either plan how people will be involved or give a reason why not, not both.",
            )
        elif not reason:
            if not cleaned.get("who"):
                self.add_error(
                    "who",
                    "Select who will be involved, or give a reason why involvement is not "
                    "appropriate.",
                )
            if not cleaned.get("level") and "level" not in self.errors:
                self.add_error("level", "Select the level of involvement.")
        return cleaned

    def plan_fields(self) -> dict[str, Any]:
        """The plan's model fields from the cleaned data."""
        cleaned = self.cleaned_data
        reason = cleaned["not_appropriate_reason"].strip()
        fields: dict[str, Any] = {
            field: (key in cleaned["who"] and not reason) for key, (field, _) in WHO.items()
        }
        fields.update(
            activity_kinds=[] if reason else cleaned["activity_kinds"],
            approach="" if reason else cleaned["approach"],
            level="" if reason else cleaned["level"],
            payment_budget=None if reason else cleaned["payment_budget"],
            not_appropriate_reason=reason,
        )
        return fields


class ProjectChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: Project) -> str:
        return f"{obj.title} ({obj.programme.title})"


class OrganisationsField(RecordMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


ZERO_WHEN_BLANK: dict[str, Any] = {
    "people_who_use_services": 0,
    "carers": 0,
    "other_participants": 0,
    "payments": Decimal("0"),
    "expenses": Decimal("0"),
}


class MeetingChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.title}, {timezone.localtime(obj.starts_at):%-d %B %Y}"


RECENT_MEETINGS = timedelta(days=365)


class ActivityForm(forms.ModelForm):
    """One activity of the involvement log, in the order people think of it."""

    meeting = MeetingChoiceField(
        label="Network meeting (optional)",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not a network meeting",
        help_text="If the activity was a meeting organised on Coprod: the last 12 months.",
    )

    project = ProjectChoiceField(
        queryset=Project.objects.none(),
        error_messages={"required": "Choose the project the activity was part of."},
    )
    organisations = OrganisationsField(
        label="Member organisations involved",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = InvolvementActivity
        fields = [
            "held_on",
            "project",
            "kind",
            "meeting",
            "level",
            "people_who_use_services",
            "carers",
            "other_participants",
            "organisations",
            "people",
            "hours",
            "payments",
            "expenses",
            "notes",
        ]
        widgets = {
            "level": forms.RadioSelect,
            "people": forms.SelectMultiple(attrs={"size": 6}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "people_who_use_services": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "carers": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "other_participants": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }
        labels = {
            "held_on": "Date of the activity",
            "people": "Named people who took part",
            "hours": "Hours of involvement",
            "payments": "Payments to public contributors, in pounds",
            "expenses": "Expenses paid to public contributors, in pounds",
        }
        field_classes = {"held_on": DateField, "people": RecordMultipleChoiceField}
        help_texts = {
            "other_participants": "For example, commissioners, providers or professionals.",
            "people": "Only where names are recorded. Hold Ctrl (or Cmd) to choose several.",
            "hours": "The total for everyone who took part, for example 12.5.",
        }
        error_messages = {
            "held_on": {"required": "Enter the date of the activity."},
            "kind": {"required": "Choose the kind of activity."},
            "level": {"required": "Choose the level of involvement."},
            "people_who_use_services": {
                "invalid": "Enter the number of people who use services as a whole number."
            },
            "carers": {"invalid": "Enter the number of carers as a whole number."},
            "other_participants": {
                "invalid": "Enter the number of other participants as a whole number."
            },
            "hours": {"invalid": "Enter the hours as a number, like 3 or 2.5."},
            "payments": {"invalid": "Enter the payments as an amount of money, like 150.00."},
            "expenses": {"invalid": "Enter the expenses as an amount of money, like 42.50."},
        }

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        project = cast(forms.ModelChoiceField, self.fields["project"])
        project.queryset = projects.select_related("programme").exclude(stage=Stage.CLOSED)
        project.empty_label = "Choose the project"
        organisations = cast(forms.ModelMultipleChoiceField, self.fields["organisations"])
        organisations.queryset = Organisation.objects.filter(
            memberships__ended_on=None, memberships__status=Membership.Status.ACTIVE
        ).only("pk", "name")
        people = cast(forms.ModelMultipleChoiceField, self.fields["people"])
        people.queryset = Person.objects.only("pk", "full_name")
        people.required = False
        now = timezone.now()
        recent = Q(starts_at__gte=now - RECENT_MEETINGS, starts_at__lte=now + timedelta(days=31))
        if self.instance.meeting_id:
            recent |= Q(pk=self.instance.meeting_id)
        meeting = cast(forms.ModelChoiceField, self.fields["meeting"])
        meeting.queryset = Meeting.objects.filter(recent).only("pk", "title", "starts_at")
        if self.instance.pk and self.instance.claims.exists():
            # The claims decide the money now; the fields show it without taking changes.
            for name in ("payments", "expenses"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Worked out from the claims for this activity."
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [("", "Choose the kind of activity"), *ActivityKind.choices]
        cast(forms.ChoiceField, self.fields["level"]).choices = Level.choices  # no blank radio
        for name in ("people_who_use_services", "carers", "other_participants", "hours"):
            self.fields[name].validators.extend(NOT_NEGATIVE)
        for name in ("payments", "expenses"):
            self.fields[name].validators.extend(NO_NEGATIVE_MONEY)
        # Blank counts and amounts mean none: staff type only what happened.
        for name in ZERO_WHEN_BLANK:
            self.fields[name].required = False

    def _zero_when_blank(self, name: str) -> Any:
        value = self.cleaned_data.get(name)
        return ZERO_WHEN_BLANK[name] if value is None else value

    def clean_people_who_use_services(self) -> int:
        return self._zero_when_blank("people_who_use_services")

    def clean_carers(self) -> int:
        return self._zero_when_blank("carers")

    def clean_other_participants(self) -> int:
        return self._zero_when_blank("other_participants")

    def clean_payments(self) -> Decimal:
        return self._zero_when_blank("payments")

    def clean_expenses(self) -> Decimal:
        return self._zero_when_blank("expenses")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        counts = [
            cleaned.get(name)
            for name in ("people_who_use_services", "carers", "other_participants")
        ]
        if counts == [0, 0, 0]:
            self.add_error(
                "people_who_use_services",
                "Enter how many people took part: at least one person who uses services, "
                "carer or other participant.",
            )
        return cleaned

    def _post_clean(self) -> None:
        # The service runs the model's checks; the form does not duplicate them, so a
        # participant error is not shown twice.
        pass


class ImpactForm(forms.ModelForm):
    """What changed in a project, and the activities that led to it."""

    activities = RecordMultipleChoiceField(
        label="Activities that led to it",
        queryset=InvolvementActivity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the activities that led to this change."},
    )

    class Meta:
        model = ImpactRecord
        fields = ["kind", "description", "evidence", "activities"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description": "For example, “The advisory group rewrote recommendation 3”.",
            "evidence": "Where the change can be seen: a draft, minutes, a published page.",
        }
        error_messages = {
            "kind": {"required": "Choose what kind of change it was."},
            "description": {"required": "Describe what changed."},
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        activities = cast(forms.ModelMultipleChoiceField, self.fields["activities"])
        activities.queryset = project.activities.order_by("-held_on", "-pk")
        cast(forms.ChoiceField, self.fields["kind"]).choices = ImpactRecord.Kind.choices

    def _post_clean(self) -> None:
        pass  # the service validates the record


class CheckpointForm(forms.Form):
    stages = forms.MultipleChoiceField(
        label="Stages that need an involvement plan before a project enters them",
        choices=[(stage, label) for stage, label in Stage.choices if stage != Stage.PROPOSAL],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A project moving into a ticked stage needs an involvement plan for it.",
    )


class ProjectFilterForm(forms.Form):
    """The project list's filters."""

    programme = RecordChoiceField(
        queryset=Programme.objects.only("pk", "title"),
        required=False,
        empty_label="Any programme",
    )
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False)
    lead = LeadChoiceField(
        label="Lead", queryset=User.objects.none(), required=False, empty_label="Anyone"
    )
    has_involvement = forms.ChoiceField(
        label="Involvement logged",
        choices=[("", "Either"), ("yes", "Yes"), ("no", "Not yet")],
        required=False,
    )
    level = forms.ChoiceField(
        label="Highest level reached",
        choices=[("", "Any level"), *Level.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = cast(forms.ModelChoiceField, self.fields["lead"])
        lead.queryset = staff_leads().order_by("full_name", "email")

    def filters(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_valid() else {}
