"""Filters for the organisation list and its CSV export."""

from datetime import date

import django_filters
from django.db.models import Q, QuerySet

from coprod.forms import DateField
from coprod.periods import in_force_on
from network.models import Constituency, Membership, Organisation, Region


class DayFilter(django_filters.Filter):
    """A date typed as day, month and year, like every date on the site."""

    field_class = DateField


class OrganisationNameSearch(django_filters.FilterSet):
    """Search by name only: what the Board and member representatives may use."""

    q = django_filters.CharFilter(label="Search by name", method="search")

    class Meta:
        model = Organisation
        fields: list[str] = []

    def search(self, queryset: QuerySet[Organisation], name: str, value: str) -> QuerySet:
        return queryset.filter(name__icontains=value.strip())


class OrganisationFilter(OrganisationNameSearch):
    """Every filter of the organisation list, for staff, the chair and the core group."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        help_text="Part of a name, an email address or a postcode.",
    )
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices, empty_label="Any kind")
    constituency = django_filters.ModelChoiceFilter(
        field_name="constituencies",
        queryset=Constituency.objects.all(),
        empty_label="Any constituency",
    )
    region = django_filters.ChoiceFilter(choices=Region.choices, empty_label="Any region")
    status = django_filters.ChoiceFilter(
        label="Membership status",
        field_name="current_status",  # annotated by selectors.with_current_status
        choices=Membership.Status.choices,
        empty_label="Any status",
    )
    active_on = DayFilter(label="Active members on", method="active_members_on")

    def search(self, queryset: QuerySet[Organisation], name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(email__icontains=value) | Q(postcode__icontains=value)
        )

    def active_members_on(
        self, queryset: QuerySet[Organisation], name: str, value: date
    ) -> QuerySet[Organisation]:
        """Organisations whose membership was active on the day (the representation page)."""
        active = Membership.objects.filter(in_force_on(value), status=Membership.Status.ACTIVE)
        return queryset.filter(pk__in=active.values("organisation"))
