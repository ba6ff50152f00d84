from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin

from coprod.models import User


class HistoryAdmin(SimpleHistoryAdmin):
    """Past versions can be read, never put back (SIMPLE_HISTORY_REVERT_DISABLED hides the
    button; this refuses the POST too): an old version may hold what a person asked us to
    correct or erase."""

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(User)
class CoprodUserAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("full_name",)}),
        ("Roles and rights", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name")}),)
    # Role groups follow only from role terms and representations (network.services.
    # apply_roles), so the admin shows them and never sets them.
    readonly_fields = ("groups",)
