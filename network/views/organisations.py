"""Organisations and their memberships: the list, its CSV export and import, each page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from coprod import listing, spreadsheets
from coprod.forms import add_service_errors
from coprod.listing import Sort, by_label
from coprod.permissions import AuthenticatedRequest, requires
from network import imports, selectors, services
from network.filters import OrganisationFilter, OrganisationNameSearch
from network.forms.organisations import (
    ImportConfirmForm,
    ImportUploadForm,
    MembershipChangeForm,
    OrganisationAddForm,
    OrganisationDetailsForm,
    OrganisationForm,
)
from network.models import Membership, Organisation, OrganisationImport, Region
from network.views.contacts import contact_log_section

NO_STATUS = "No status"


def _organisation_filter(request: AuthenticatedRequest) -> OrganisationNameSearch:
    """The list's filters: all of them for governance, a name search for everyone else."""
    filter_class = (
        OrganisationFilter if request.can.fully("organisation_view") else OrganisationNameSearch
    )
    return filter_class(
        listing.filter_data(request), queryset=selectors.organisation_list(request.user)
    )


ORGANISATION_SORTS = {
    "name": Sort("Name", (Lower("name"),)),
    "kind": Sort("Kind", (by_label("kind", Organisation.Kind.choices), Lower("name"))),
    "region": Sort("Region", (by_label("region", Region.choices), Lower("name"))),
    "membership": Sort(
        "Membership",
        (
            by_label("current_status", Membership.Status.choices, default=NO_STATUS),
            "current_since",
            Lower("name"),
        ),
    ),
}
NAME_SORTS = {"name": ORGANISATION_SORTS["name"]}  # what the Board and members see


@requires("organisation_view")
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    """The network's organisations: full rows for governance, member names for the rest."""
    organisations = _organisation_filter(request)
    page = listing.list_page(
        request,
        organisations.qs,
        sorts=ORGANISATION_SORTS if request.can.fully("organisation_view") else NAME_SORTS,
        default="name",
        singular="organisation",
        plural="organisations",
    )
    status_labels = dict(Membership.Status.choices)
    context = {
        "filter": organisations,
        "listing": page,
        "rows": [
            (organisation, status_labels.get(organisation.current_status, NO_STATUS))
            for organisation in page.rows
        ],
        "size": selectors.network_size(),
        "own_ids": selectors.own_organisation_ids(request.user),
    }
    return render(request, "network/organisation_list.html", context)


@requires("organisation_export")
def organisation_export(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation list, filtered as on the page, as a CSV file without personal data."""
    organisations = _organisation_filter(request).qs
    return spreadsheets.csv_response(
        filename=f"organisations-{timezone.localdate():%Y-%m-%d}.csv",
        headers=imports.EXPORT_COLUMNS,
        rows=imports.organisation_rows(organisations),
    )


@requires("organisation_edit", fully=True)
def organisation_add(request: AuthenticatedRequest) -> HttpResponse:
    """Add an organisation with its first membership status."""
    form = OrganisationAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{organisation} has been added.")
            return redirect(organisation)
    return render(request, "network/organisation_add.html", {"form": form})


def _imported_message(preview: imports.ImportPreview) -> str:
    added = ngettext(
        "%(count)d organisation added", "%(count)d organisations added", preview.added
    ) % {"count": preview.added}
    updated = ngettext(
        "%(count)d organisation updated", "%(count)d organisations updated", preview.updated
    ) % {"count": preview.updated}
    return f"Import finished: {added}, {updated}."


@requires("organisation_edit", fully=True)
def organisation_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a CSV of organisations, see what each row would change, then import all or none.

    A file of more rows than ORGANISATION_IMPORT_BACKGROUND_ROWS is imported in the
    background once confirmed, with its progress on a status page.
    """
    upload_form = ImportUploadForm()
    confirm_form = None
    preview = None
    if request.method == "POST" and "checked_file" in request.POST:
        confirm_form = ImportConfirmForm(request.POST)
        if confirm_form.is_valid():
            content = confirm_form.cleaned_data["content"]
            if imports.count_rows(content) > imports.background_rows():
                job = imports.queue_import(
                    text=content, filename=confirm_form.cleaned_data["filename"], by=request.user
                )
                return redirect(job)
            try:
                # Checked again as it is saved: the network may have changed since the preview.
                preview = imports.import_organisations(text=content, by=request.user)
            except imports.ImportRejected as rejected:
                preview = rejected.preview
            else:
                messages.success(request, _imported_message(preview))
                return redirect("network:organisation-list")
    elif request.method == "POST":
        upload_form = ImportUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            content = upload_form.cleaned_data["file"]
            preview = imports.check_organisations(content)
            confirm_form = ImportConfirmForm.for_content(content, filename=upload_form.filename)
    context = {
        "upload_form": upload_form,
        "confirm_form": confirm_form,
        "preview": preview,
        "shown_rows": preview.rows[: imports.PREVIEW_ROWS] if preview else [],
        "in_background": preview is not None and len(preview.rows) > imports.background_rows(),
        "columns": imports.column_guide(),
        "recent_imports": OrganisationImport.objects.select_related("created_by")[:5],
    }
    return render(request, "network/organisation_import.html", context)


@requires("organisation_edit", fully=True)
@require_GET
def organisation_import_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """How far a background import has got, and how it ended."""
    job = get_object_or_404(OrganisationImport.objects.select_related("created_by"), pk=pk)
    return render(request, "network/organisation_import_status.html", {"job": job})


@requires("organisation_view")
def organisation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An organisation's details, membership history, representatives and candidacy."""
    visible = get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)
    organisation = selectors.organisation_detail(visible, request.user)
    memberships = organisation.memberships.all()
    context = {
        "organisation": organisation,
        "current_membership": next((m for m in memberships if m.ended_on is None), None),
        **contact_log_section(request, organisation=organisation),
    }
    return render(request, "network/organisation_detail.html", context)


@requires("organisation_edit")
def organisation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Staff edit every detail; a representative edits their own organisation's contacts."""
    organisation = get_object_or_404(selectors.organisations_editable_by(request.user), pk=pk)
    name = organisation.name  # the form changes the instance as it validates
    form_class = (
        OrganisationForm if request.can.fully("organisation_edit") else OrganisationDetailsForm
    )
    form = form_class(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                organisation=organisation, by=request.user, changes=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Details of {organisation} saved.")
            return redirect(organisation)
    context = {"organisation": organisation, "name": name, "form": form}
    return render(request, "network/organisation_edit.html", context)


@requires("network_change")
def membership_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Move an organisation to a new membership status from a given day."""
    organisation = get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)
    current_status = organisation.current_status  # type: ignore[attr-defined]
    form = MembershipChangeForm(request.POST or None, current_status=current_status)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.change_membership_status(
                organisation=organisation,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["started_on"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            status = membership.get_status_display().lower()
            since = date_format(membership.started_on)
            messages.success(request, f"{organisation} is now {status} from {since}.")
            return redirect(organisation)
    context = {
        "organisation": organisation,
        "current_status": dict(Membership.Status.choices).get(current_status),
        "form": form,
    }
    return render(request, "network/membership_change.html", context)


@requires("audit")
def organisation_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who changed what: the organisation, its memberships and its representatives."""
    organisation = get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)
    entries = selectors.organisation_history(organisation)
    context = {"organisation": organisation, "entries": entries}
    return render(request, "network/organisation_history.html", context)
