"""The Django admin for staff power users; every change is kept in the history."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from coprod.admin import HistoryAdmin
from network import models


class MembershipInline(admin.StackedInline):
    """Stacked, not tabular: each input keeps its own label (a tabular row has none)."""

    model = models.Membership
    extra = 0


class ReadOnlyInline(admin.TabularInline):
    """Rows that give sign-in access: changed on the app's pages, which keep roles in step."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class RepresentativeInline(ReadOnlyInline):
    model = models.Representative


@admin.register(models.Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "region", "is_user_or_carer_led"]
    list_filter = ["kind", "region", "constituencies"]
    search_fields = ["name", "email", "postcode"]
    filter_horizontal = ["constituencies"]
    inlines = [MembershipInline, RepresentativeInline]


class RoleTermInline(ReadOnlyInline):
    model = models.RoleTerm


@admin.register(models.Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["full_name", "email", "preferred_channel", "consent_given_on"]
    list_filter = ["preferred_channel", "role_terms__role"]
    search_fields = ["full_name", "email"]
    filter_horizontal = ["access_needs"]
    raw_id_fields = ["user"]
    inlines = [RoleTermInline]


@admin.register(models.Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["organisation", "status", "started_on", "ended_on"]
    list_filter = ["status"]
    search_fields = ["organisation__name"]


class ReadOnlyAdmin(HistoryAdmin):
    """Listed and searchable here; added, changed and ended on the person's page."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(models.RoleTerm)
class RoleTermAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "started_on", "ended_on"]
    list_filter = ["role"]


class AdviceInline(admin.StackedInline):
    model = models.Advice
    extra = 0


@admin.register(models.Candidate)
class CandidateAdmin(HistoryAdmin):
    list_display = ["organisation", "stage", "gap", "updated_at"]
    list_filter = ["stage"]
    inlines = [AdviceInline]


@admin.register(models.AnnualReview)
class AnnualReviewAdmin(HistoryAdmin):
    list_display = ["year", "held_on"]
    filter_horizontal = ["participants"]


admin.site.register(models.Constituency, prepopulated_fields={"slug": ["name"]})
admin.site.register(models.AccessNeed)
admin.site.register(models.Target, HistoryAdmin)
admin.site.register(models.Representative, ReadOnlyAdmin, search_fields=["person__full_name"])
