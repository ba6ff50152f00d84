from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from coprod import views

admin.site.site_header = "Coprod administration"
admin.site.site_title = "Coprod admin"
# The admin signs in through allauth, so rate limits and two-factor apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

handler500 = "coprod.views.server_error"

urlpatterns = [
    path("", include("reporting.urls")),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/invitation/<str:uidb36>/<str:key>/",
        views.invitation_accept,
        name="invitation-accept",
    ),
    path("accounts/", include("allauth.urls")),
    path("network/", include("network.urls")),
    path("projects/", include("projects.urls")),
    path("admin/", admin.site.urls),
]
