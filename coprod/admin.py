from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from coprod.models import User


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
