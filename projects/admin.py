"""The Django admin for projects' records, for staff power users; changes are kept in the
history. Claims move on only through the pages, which enforce the second approver."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from coprod.admin import HistoryAdmin
from projects import models


class StageChangeInline(admin.TabularInline):
    """The stage history: written by moving the project on its page, so read-only here."""

    model = models.StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "changed_at", "changed_by", "note"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReceiptInline(admin.StackedInline):
    model = models.Receipt
    extra = 0
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(models.Programme)
class ProgrammeAdmin(HistoryAdmin):
    list_display = ["title"]
    search_fields = ["title"]


@admin.register(models.Project)
class ProjectAdmin(HistoryAdmin):
    list_display = ["title", "programme", "stage", "lead", "started_on"]
    list_filter = ["stage", "programme"]
    search_fields = ["title"]
    readonly_fields = ["stage"]  # moved on the project page, which checks the checkpoints
    raw_id_fields = ["advisory_group"]
    inlines = [StageChangeInline]


@admin.register(models.Checkpoint)
class CheckpointAdmin(HistoryAdmin):
    list_display = ["stage"]


@admin.register(models.InvolvementPlan)
class InvolvementPlanAdmin(HistoryAdmin):
    list_display = ["project", "stage", "level", "written_by", "accepted_by"]
    list_filter = ["stage", "level"]
    search_fields = ["project__title"]
    readonly_fields = ["written_by", "written_at", "accepted_by", "accepted_at"]


@admin.register(models.InvolvementActivity)
class InvolvementActivityAdmin(HistoryAdmin):
    list_display = ["held_on", "project", "kind", "level", "people_who_use_services", "carers"]
    list_filter = ["kind", "level", "project__programme"]
    search_fields = ["project__title", "notes"]
    date_hierarchy = "held_on"
    raw_id_fields = ["project", "meeting"]
    filter_horizontal = ["organisations", "people"]
    readonly_fields = ["payments", "expenses", "logged_by", "logged_at"]


@admin.register(models.ImpactRecord)
class ImpactRecordAdmin(HistoryAdmin):
    list_display = ["project", "kind", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["project__title", "description"]
    raw_id_fields = ["project"]
    filter_horizontal = ["activities"]


@admin.register(models.Claim)
class ClaimAdmin(HistoryAdmin):
    list_display = ["person", "activity", "status", "fee", "travel", "care", "paid_on"]
    list_filter = ["status", "fee_basis"]
    search_fields = ["person__full_name", "activity__project__title"]
    raw_id_fields = ["activity", "person"]
    # Who entered, approved and paid a claim is set by the pages, never typed here.
    readonly_fields = [
        "status",
        "fee",
        "entered_by",
        "entered_at",
        "approved_by",
        "approved_at",
        "paid_on",
    ]
    inlines = [ReceiptInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(models.Commission)
class CommissionAdmin(HistoryAdmin):
    list_display = ["project", "organisation", "person", "value", "status", "starts_on"]
    list_filter = ["status"]
    search_fields = ["project__title", "organisation__name", "person__full_name", "description"]
    raw_id_fields = ["project", "organisation", "person"]


@admin.register(models.PaymentSetting)
class PaymentSettingAdmin(HistoryAdmin):
    list_display = ["yearly_warning_threshold"]
