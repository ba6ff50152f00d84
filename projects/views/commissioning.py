"""Commissioned work: the list, and adding and editing it from a project."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from coprod import listing
from coprod.forms import add_service_errors
from coprod.listing import Sort
from coprod.permissions import AuthenticatedRequest, requires
from projects import selectors, services
from projects.forms.commissioning import CommissionFilterForm, CommissionForm
from projects.models import Commission

COMMISSION_SORTS = {
    "starts_on": Sort("Start date", ("starts_on",)),
    "project": Sort("Project", (Lower("project__title"), "starts_on")),
    "supplier": Sort(
        "Supplier", (Lower("organisation__name"), Lower("person__full_name"), "starts_on")
    ),
    "value": Sort("Value", ("value", "starts_on")),
    "status": Sort("Status", ("status", "starts_on")),
}


@requires("project_read", fully=True)
@require_safe
def commission_list(request: AuthenticatedRequest) -> HttpResponse:
    """Work commissioned from user-led organisations and people, 50 to a page."""
    filter_form = CommissionFilterForm(listing.filter_data(request))
    commissions = selectors.commission_list(request.user, filters=filter_form.filters())
    context = {
        "filter_form": filter_form,
        "listing": listing.list_page(
            request,
            commissions,
            sorts=COMMISSION_SORTS,
            default="-starts_on",
            singular="commission",
            plural="commissions",
        ),
        "total_value": selectors.commissioned_value(commissions),
    }
    return render(request, "projects/commission_list.html", context)


@requires("project_write")
def commission_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record work commissioned for a project."""
    project = get_object_or_404(selectors.projects_visible_to(request.user), pk=pk)
    form = CommissionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_commission(
                project=project, by=request.user, **form.commission_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Commissioned work saved.")
            return redirect(f"{project.get_absolute_url()}#commissioning")
    context = {"form": form, "project": project, "commission": None}
    return render(request, "projects/commission_form.html", context)


@requires("project_write")
def commission_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit commissioned work, or move it on (commissioned, delivered, paid, cancelled)."""
    commission = get_object_or_404(
        Commission.objects.filter(
            project__in=selectors.projects_visible_to(request.user)
        ).select_related("project"),
        pk=pk,
    )
    project = commission.project
    form = CommissionForm(request.POST if request.method == "POST" else None, instance=commission)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_commission(
                commission=commission, by=request.user, changes=form.commission_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Commissioned work saved.")
            return redirect(f"{project.get_absolute_url()}#commissioning")
    context = {"form": form, "project": project, "commission": commission}
    return render(request, "projects/commission_form.html", context)
