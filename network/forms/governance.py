"""Forms for representation, targets, recruitment and the annual review of the network."""

from collections.abc import Iterator
from datetime import date
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from coprod.forms import DateField
from coprod.record_fields import RecordChoiceField, RecordMultipleChoiceField
from network.models import (
    Advice,
    AnnualReview,
    Candidate,
    Constituency,
    Organisation,
    Person,
    Representative,
    RoleTerm,
    Target,
)
from network.selectors import RepresentationRow


class RepresentationDateForm(forms.Form):
    """The day the representation page shows (today when left blank)."""

    on = DateField(label="Show representation as it stood on", required=False)

    def clean_on(self) -> date | None:
        day = self.cleaned_data["on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Choose today or a date in the past.")
        return day


TARGET_LIMIT = 1000  # far above any network's size, far below what the database holds


class TargetsForm(forms.Form):
    """One number per measure: the network's size, each kind and each constituency."""

    total = forms.IntegerField(
        label="Active member organisations (network size)",
        min_value=1,
        max_value=TARGET_LIMIT,
        help_text="The number of member organisations the network aims for.",
        error_messages={
            "min_value": f"Enter a whole number from 1 to {TARGET_LIMIT}.",
            "max_value": f"Enter a whole number from 1 to {TARGET_LIMIT}.",
        },
    )

    OUT_OF_RANGE = (
        f"Enter a whole number from 0 to {TARGET_LIMIT}, or leave it empty for no target."
    )

    def __init__(self, *args: Any, network_target: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = list(Target.objects.select_related("constituency"))
        self.constituencies = list(Constituency.objects.all())
        self.fields["total"].initial = network_target
        minimums = {
            self._field_name(t.measure, t.kind, t.constituency): t.minimum for t in targets
        }
        for measure, kind, constituency in self._measures():
            if measure == Target.Measure.TOTAL:
                continue
            name = self._field_name(measure, kind, constituency)
            self.fields[name] = forms.IntegerField(
                label=constituency.name if constituency else Organisation.Kind(kind).label,
                min_value=0,
                max_value=TARGET_LIMIT,
                required=False,
                initial=minimums.get(name),
                error_messages={
                    "min_value": self.OUT_OF_RANGE,
                    "max_value": self.OUT_OF_RANGE,
                },
            )

    def _measures(self) -> Iterator[tuple[str, str, Constituency | None]]:
        yield Target.Measure.TOTAL, "", None
        for kind in Organisation.Kind:
            yield Target.Measure.KIND, kind.value, None
        for constituency in self.constituencies:
            yield Target.Measure.CONSTITUENCY, "", constituency

    @staticmethod
    def _field_name(measure: str, kind: str, constituency: Constituency | None) -> str:
        if measure == Target.Measure.KIND:
            return f"kind_{kind}"
        if measure == Target.Measure.CONSTITUENCY:
            return f"constituency_{constituency.pk if constituency else ''}"
        return "total"

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("kind_")]

    def constituency_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("constituency_")]

    def changed_targets(self) -> Iterator[tuple[str, str, Constituency | None, int | None]]:
        """(measure, kind, constituency, minimum) for each changed number; None means no target."""
        for measure, kind, constituency in self._measures():
            name = self._field_name(measure, kind, constituency)
            if name in self.changed_data:
                yield measure, kind, constituency, self.cleaned_data[name]


class CandidateFilter(django_filters.FilterSet):
    """The recruitment pipeline, narrowed to one stage."""

    stage = django_filters.ChoiceFilter(
        label="Stage", choices=Candidate.Stage.choices, empty_label="Any stage"
    )

    class Meta:
        model = Candidate
        fields = ["stage"]


class CandidateAddForm(forms.Form):
    """An organisation to recruit (on record already, or new) and the gap it would fill."""

    OTHER = "other"

    organisation = RecordChoiceField(
        label="An organisation already on our records",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose an organisation",
        help_text="Only organisations that are not active members or candidates already.",
    )
    new_name = forms.CharField(
        label="Or the name of a new organisation",
        max_length=Organisation._meta.get_field("name").max_length,
        required=False,
        help_text="We add it to our records as a prospective member.",
    )
    new_kind = forms.ChoiceField(
        label="The new organisation's kind",
        choices=[("", "Choose a kind"), *Organisation.Kind.choices],
        required=False,
    )
    gap_choice = forms.ChoiceField(
        label="Gap it would fill",
        widget=forms.RadioSelect,
        help_text="The representation targets the network is short of today.",
        error_messages={
            "required": "Choose the gap this organisation would fill, or Other.",
            "invalid_choice": "That gap has just closed. Choose another gap, or Other.",
        },
    )
    gap = forms.CharField(
        label="Describe the gap",
        max_length=Candidate._meta.get_field("gap").max_length,
        required=False,
        help_text="Needed if you chose Other; otherwise the target's name is used.",
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        gaps: list[RepresentationRow],
        **kwargs: Any,
    ) -> None:
        """`organisations` may be recruited; `gaps` are the targets short today."""
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = organisations
        self.short_rows = {row.gap_choice: row for row in gaps}
        gap_choice = cast(forms.ChoiceField, self.fields["gap_choice"])
        gap_choice.choices = [
            *((key, f"{row.label}: {row.against_target}") for key, row in self.short_rows.items()),
            (self.OTHER, "Other"),
        ]

    def clean_new_name(self) -> str:
        name = self.cleaned_data["new_name"].strip()
        if name and Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                f"“{name}” is already on our records: choose it from the list instead."
            )
        return name

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        organisation, name = cleaned.get("organisation"), cleaned.get("new_name")
        if organisation and name:
            self.add_error(
                "new_name",
                "Choose an organisation from the list or type a new name, not both.",
            )
        elif not organisation and not name and "new_name" not in self.errors:
            self.add_error(
                "organisation", "Choose an organisation from the list, or type a new name below."
            )
        elif name and not cleaned.get("new_kind"):
            self.add_error("new_kind", "Choose the kind of the new organisation.")
        choice = cleaned.get("gap_choice")
        row = self.short_rows.get(choice or "")
        cleaned["gap_kind"] = row.kind if row else ""
        cleaned["gap_constituency"] = (
            Constituency.objects.filter(pk=row.constituency_id).first()
            if row and row.constituency_id is not None
            else None
        )
        if choice == self.OTHER and not cleaned.get("gap") and "gap" not in self.errors:
            self.add_error("gap", "Describe the gap this organisation would fill.")
        return cleaned


class AdviceForm(forms.ModelForm):
    recommendation = forms.ChoiceField(
        label="Do you recommend inviting this organisation?",
        choices=Advice.Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you recommend this organisation, do not, or are unsure."
        },
    )

    class Meta:
        model = Advice
        fields = ["recommendation", "text"]
        labels = {"text": "Your advice"}
        help_texts = {"text": "What the team should know before approaching this organisation."}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"text": {"required": "Enter your advice"}}


class CandidateMoveForm(forms.Form):
    stage = forms.ChoiceField(
        label="Move to stage",
        choices=Candidate.Stage.choices,
        widget=forms.RadioSelect,
        help_text="Invited and joined change the organisation's membership too.",
    )

    def __init__(self, *args: Any, candidate: Candidate, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"stage": candidate.stage})
        super().__init__(*args, **kwargs)
        self.candidate = candidate

    def clean_stage(self) -> str:
        stage = self.cleaned_data["stage"]
        if stage == self.candidate.stage:
            raise forms.ValidationError(
                f"The candidate is already at “{self.candidate.get_stage_display()}”: "
                "choose another stage."
            )
        return stage


def review_participant_choices(review: AnnualReview) -> QuerySet[Person]:
    """People holding a role or representing a member today, and the review's participants."""
    today = timezone.localdate()
    current = Q(started_on__lte=today) & (Q(ended_on=None) | Q(ended_on__gte=today))
    chosen = Q(pk__in=RoleTerm.objects.filter(current).values("person"))
    chosen |= Q(pk__in=Representative.objects.filter(current).values("person"))
    if review.pk:
        chosen |= Q(pk__in=review.participants.values("pk"))
    return Person.objects.filter(chosen).order_by("full_name")


REVIEW_YEAR_RANGE = "Enter a year between 2000 and 2100, like 2025."


class AnnualReviewForm(forms.ModelForm):
    class Meta:
        model = AnnualReview
        fields = ["year", "held_on", "findings", "decisions", "participants"]
        labels = {
            "year": "Year reviewed",
            "held_on": "Date the review was held",
            "findings": "What the review found",
            "decisions": "What was decided",
            "participants": "Who took part",
        }
        help_texts = {
            "year": "For example, 2025.",
            "participants": "People who hold a role or represent a member organisation now.",
        }
        widgets = {"participants": forms.CheckboxSelectMultiple}
        field_classes = {"held_on": DateField, "participants": RecordMultipleChoiceField}
        error_messages = {
            "year": {
                "unique": "There is already a review for this year. "
                "Change that review from the list of reviews, or enter another year.",
                "min_value": REVIEW_YEAR_RANGE,
            },
            "held_on": {"required": "Enter the date the review was held"},
            "findings": {"required": "Enter what the review found"},
            "decisions": {"required": "Enter what was decided"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participants = cast(forms.ModelMultipleChoiceField, self.fields["participants"])
        participants.queryset = review_participant_choices(self.instance)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(REVIEW_YEAR_RANGE)
        return year

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        year, held_on = cleaned.get("year"), cleaned.get("held_on")
        if year and held_on and held_on.year < year:
            self.add_error(
                "held_on",
                f"The review of {year} can only be held from 1 January {year}: "
                "check the date or the year.",
            )
        return cleaned
