"""The statement of values (co-production charter): its versions, their principles, the
Board's approval and the comparison of two versions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from coprod import listing
from coprod.forms import add_service_errors
from coprod.listing import Sort
from coprod.permissions import AuthenticatedRequest, requires
from reporting import selectors, services
from reporting.forms import ApprovalForm, CharterCompareForm, PrincipleForm
from reporting.models import CharterVersion, Principle
from reporting.views.confirm import confirm_delete

VERSION_SORTS = {
    "number": Sort("Version", ("number",)),
    "approved": Sort("Approved by the Board", ("approved_on", "number")),
    "principles": Sort("Principles", ("principle_count", "number")),
}


@requires("plan_read")
@require_safe
def charter(request: AuthenticatedRequest) -> HttpResponse:
    """The version of the charter in force, every version, and the form to compare two."""
    versions = selectors.charter_versions_visible_to(request.user)
    current = selectors.current_charter()
    context = {
        "current": current,
        "listing": listing.list_page(
            request,
            versions,
            sorts=VERSION_SORTS,
            default="-number",
            singular="version",
            plural="versions",
        ),
        "compare_form": CharterCompareForm(versions=versions),
        "draft": versions.filter(approved_on=None).first() if request.can("plan_edit") else None,
    }
    return render(request, "reporting/charter.html", context)


@requires("plan_read")
@require_safe
def charter_version(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One version of the charter and its principles in order."""
    version = get_object_or_404(selectors.charter_versions_visible_to(request.user), pk=pk)
    context = {
        "version": selectors.charter_version(version),
        "editable": request.can("plan_edit") and not version.is_approved,
    }
    return render(request, "reporting/charter_version.html", context)


@requires("plan_edit")
def charter_version_add(request: AuthenticatedRequest) -> HttpResponse:
    """Start the next version as a draft, from the latest version's principles."""
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            version = services.start_charter_version(by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{version} started as a draft.")
            return redirect(version)
    latest = selectors.charter_versions_visible_to(request.user).order_by("-number").first()
    context = {"form": form, "latest": latest}
    return render(request, "reporting/charter_version_add.html", context)


def _draft(request: AuthenticatedRequest, pk: int) -> CharterVersion:
    """A version that is still a draft (an approved one cannot change: 404)."""
    drafts = selectors.charter_versions_visible_to(request.user).filter(approved_on=None)
    return get_object_or_404(drafts, pk=pk)


@requires("plan_edit")
def charter_version_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the day the Board approved a draft; the version is then fixed."""
    version = _draft(request, pk)
    form = ApprovalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            approved_on = form.cleaned_data["approved_on"]
            services.approve_charter_version(
                version=version, approved_on=approved_on, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{version} recorded as approved on {date_format(approved_on)}."
            )
            return redirect(version)
    return render(
        request, "reporting/charter_version_approve.html", {"form": form, "version": version}
    )


@requires("plan_edit")
def charter_version_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Delete a draft version and its principles, once confirmed."""
    version = _draft(request, pk)
    return confirm_delete(
        request,
        heading=f"Delete the draft {version}?",
        consequences=[
            f"Its {version.principle_count} principles are deleted with it."  # type: ignore[attr-defined]
        ],
        button="Yes, delete the draft",
        back_url=version.get_absolute_url(),
        delete=lambda: services.delete_charter_version(version=version, by=request.user),
        done=f"The draft {version} has been deleted.",
        next_url=reverse("reporting:charter"),
    )


@requires("audit")
@require_safe
def charter_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who changed a version of the charter and its principles, and when."""
    version = get_object_or_404(selectors.charter_versions_visible_to(request.user), pk=pk)
    context = {
        "heading": f"History of the charter's {str(version).lower()}",
        "intro": "Every change to this version and its principles, with who made it.",
        "back_url": version.get_absolute_url(),
        "back_label": f"Back to {str(version).lower()}",
        "entries": selectors.charter_history(version),
    }
    return render(request, "reporting/history.html", context)


@requires("plan_edit")
def principle_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a principle to a draft version, at a place in its list."""
    version = _draft(request, pk)
    places = version.principle_count + 1  # type: ignore[attr-defined]
    form = PrincipleForm(request.POST if request.method == "POST" else None, places=places)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_principle(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Principle added to {str(version).lower()}.")
            return redirect(version)
    context = {"form": form, "version": version, "principle": None}
    return render(request, "reporting/principle_form.html", context)


def _draft_principle(request: AuthenticatedRequest, pk: int) -> Principle:
    drafts = selectors.charter_versions_visible_to(request.user).filter(approved_on=None)
    return get_object_or_404(
        Principle.objects.select_related("version").filter(version__in=drafts), pk=pk
    )


@requires("plan_edit")
def principle_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Reword a draft version's principle or move it in the list."""
    principle = _draft_principle(request, pk)
    version = principle.version
    form = PrincipleForm(
        request.POST if request.method == "POST" else None,
        places=version.principles.count(),
        initial={"title": principle.title, "text": principle.text, "position": principle.position},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_principle(principle=principle, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{principle}” saved.")
            return redirect(version)
    context = {"form": form, "version": version, "principle": principle}
    return render(request, "reporting/principle_form.html", context)


@requires("plan_edit")
def principle_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Take a principle out of a draft version, once confirmed."""
    principle = _draft_principle(request, pk)
    version = principle.version
    return confirm_delete(
        request,
        heading=f"Delete the principle “{principle}”?",
        consequences=[f"It leaves the draft {version}; the principles after it move up."],
        button="Yes, delete the principle",
        back_url=version.get_absolute_url(),
        delete=lambda: services.delete_principle(principle=principle, by=request.user),
        done=f"“{principle}” deleted.",
        next_url=version.get_absolute_url(),
    )


@requires("plan_read")
@require_safe
def charter_compare(request: AuthenticatedRequest) -> HttpResponse:
    """What was added, removed and changed between two versions the person may see."""
    versions = selectors.charter_versions_visible_to(request.user)
    form = CharterCompareForm(request.GET or None, versions=versions)
    comparison = None
    if form.is_bound and form.is_valid():
        comparison = selectors.compare_charter_versions(
            form.cleaned_data["old"], form.cleaned_data["new"]
        )
    return render(
        request, "reporting/charter_compare.html", {"form": form, "comparison": comparison}
    )
