"""The plan of change: the overview, its phases and their milestones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import Coalesce, Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from coprod import listing
from coprod.forms import add_service_errors
from coprod.listing import Sort, by_label
from coprod.permissions import AuthenticatedRequest, requires
from reporting import selectors, services
from reporting.forms import MilestoneForm, PhaseForm
from reporting.models import Champion, Milestone
from reporting.views.confirm import confirm_delete


@requires("plan_read")
@require_safe
def plan(request: AuthenticatedRequest) -> HttpResponse:
    """The plan at a glance: the phases as a timeline with their milestones, and the rest."""
    today = timezone.localdate()
    phases = selectors.plan_phases(today)
    context = {
        "today": today,
        "phases": phases,
        "counts": selectors.milestone_counts(today),
        "chart": selectors.milestones_by_phase_chart(phases),
        "charter": selectors.current_charter(),
        "policy_counts": selectors.policy_status_counts(),
        "champion_count": Champion.objects.aggregate(count=Count("pk"))["count"],
        "training": selectors.training_figures(),
    }
    return render(request, "reporting/plan.html", context)


MILESTONE_SORTS = {
    "title": Sort("Milestone", (Lower("title"),)),
    "owner": Sort("Owner", (Coalesce(Lower("owner__full_name"), Lower("owner_team")), "due_on")),
    "due": Sort("Due", ("due_on",)),
    "status": Sort("Status", (by_label("status", Milestone.Status.choices), "due_on")),
}


@requires("plan_read")
@require_safe
def phase_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A phase, its milestones 50 at a time, and how many are done, due and late."""
    phase = get_object_or_404(selectors.phases(), pk=pk)
    today = timezone.localdate()
    milestones = listing.list_page(
        request,
        selectors.phase_milestones(phase, today),
        sorts=MILESTONE_SORTS,
        default="due",
        singular="milestone",
        plural="milestones",
    )
    context = {
        "phase": phase,
        "today": today,
        "listing": milestones,
        "milestones": milestones.rows,
        "counts": selectors.milestone_counts(today, phase=phase),
    }
    return render(request, "reporting/phase_detail.html", context)


@requires("plan_edit")
def phase_add(request: AuthenticatedRequest) -> HttpResponse:
    """Add a phase to the timetable for change."""
    form = PhaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            phase = services.create_phase(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{phase}” added to the plan.")
            return redirect(phase)
    return render(request, "reporting/phase_form.html", {"form": form, "phase": None})


@requires("plan_edit")
def phase_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a phase's title, dates or description."""
    phase = get_object_or_404(selectors.phases(), pk=pk)
    title = phase.title  # the form changes the instance as it validates
    form = PhaseForm(request.POST if request.method == "POST" else None, instance=phase)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_phase(phase=phase, by=request.user, changes=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{phase}” saved.")
            return redirect(phase)
    return render(
        request, "reporting/phase_form.html", {"form": form, "phase": phase, "title": title}
    )


@requires("plan_edit")
def phase_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Delete a phase and its milestones, once confirmed."""
    phase = get_object_or_404(
        selectors.phases().annotate(milestone_count=Count("milestones")), pk=pk
    )
    count = phase.milestone_count  # type: ignore[attr-defined]
    return confirm_delete(
        request,
        heading=f"Delete “{phase}”?",
        consequences=[
            "The phase leaves the plan of change and the annual report.",
            f"Its {count} milestone{'' if count == 1 else 's'} "
            f"{'is' if count == 1 else 'are'} deleted with it."
            if count
            else "It has no milestones.",
        ],
        button="Yes, delete the phase",
        back_url=phase.get_absolute_url(),
        delete=lambda: services.delete_phase(phase=phase, by=request.user),
        done=f"“{phase}” deleted.",
        next_url=reverse("reporting:plan"),
    )


@requires("audit")
@require_safe
def phase_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who changed the phase and its milestones, and when."""
    phase = get_object_or_404(selectors.phases(), pk=pk)
    context = {
        "heading": f"History of {phase}",
        "intro": "Every change to the phase and its milestones, with who made it.",
        "back_url": phase.get_absolute_url(),
        "back_label": f"Back to {phase}",
        "entries": selectors.phase_history(phase),
    }
    return render(request, "reporting/history.html", context)


@requires("plan_edit")
def milestone_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a milestone to a phase."""
    phase = get_object_or_404(selectors.phases(), pk=pk)
    form = MilestoneForm(
        request.POST if request.method == "POST" else None, instance=Milestone(phase=phase)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_milestone(phase=phase, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Milestone added to “{phase}”.")
            return redirect(phase)
    return render(
        request, "reporting/milestone_form.html", {"form": form, "phase": phase, "milestone": None}
    )


@requires("plan_edit")
def milestone_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a milestone: its owner, due date, status or evidence."""
    milestone = get_object_or_404(selectors.milestones(), pk=pk)
    phase = milestone.phase
    form = MilestoneForm(request.POST if request.method == "POST" else None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_milestone(
                milestone=milestone, by=request.user, changes=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Milestone saved.")
            return redirect(phase)
    context = {"form": form, "phase": phase, "milestone": milestone}
    return render(request, "reporting/milestone_form.html", context)


@requires("plan_edit")
def milestone_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Delete a milestone, once confirmed."""
    milestone = get_object_or_404(selectors.milestones(), pk=pk)
    phase = milestone.phase
    return confirm_delete(
        request,
        heading=f"Delete the milestone “{milestone}”?",
        consequences=[
            f"It leaves “{phase}”, due {date_format(milestone.due_on)}, "
            "and no longer counts in the plan's figures."
        ],
        button="Yes, delete the milestone",
        back_url=phase.get_absolute_url(),
        delete=lambda: services.delete_milestone(milestone=milestone, by=request.user),
        done="Milestone deleted.",
        next_url=phase.get_absolute_url(),
    )
