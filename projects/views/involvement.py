"""Projects, their involvement plans, the involvement log and impact."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from coprod import listing
from coprod.forms import add_service_errors
from coprod.listing import Sort
from coprod.permissions import Access, AuthenticatedRequest, requires
from projects import selectors, services
from projects.forms.involvement import (
    ActivityForm,
    CheckpointForm,
    ImpactForm,
    MoveForm,
    PlanForm,
    ProgrammeForm,
    ProjectFilterForm,
    ProjectForm,
)
from projects.models import InvolvementPlan, Project, Stage
from projects.views.advisory_groups import meeting_url

# Stage and level sort in their order of progress, not by their names.
PROJECT_SORTS = {
    "title": Sort("Project", (Lower("title"),)),
    "programme": Sort("Programme", (Lower("programme__title"), Lower("title"))),
    "stage": Sort("Stage", ("stage_rank", Lower("title"))),
    "lead": Sort("Lead", (Lower("lead__full_name"), "lead__email", Lower("title"))),
    "activities": Sort("Activities", ("activity_count", Lower("title"))),
    "level": Sort("Highest level", ("highest_level_rank", Lower("title"))),
}
PROGRAMME_PROJECT_SORTS = {
    name: sort for name, sort in PROJECT_SORTS.items() if name != "programme"
}
PROGRAMME_SORTS = {
    "title": Sort("Programme", (Lower("title"),)),
    "projects": Sort("Projects", ("project_count", Lower("title"))),
    "activities": Sort("Activities", ("activity_count", Lower("title"))),
}


def _projects_page(
    request: AuthenticatedRequest, projects: QuerySet[Project], sorts: dict[str, Sort]
) -> listing.Listing:
    return listing.list_page(
        request, projects, sorts=sorts, default="title", singular="project", plural="projects"
    )


def _project_or_404(request: AuthenticatedRequest, pk: int) -> Project:
    return get_object_or_404(selectors.projects_visible_to(request.user), pk=pk)


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label).lower()


def _scope(request: AuthenticatedRequest) -> str:
    """How much of the projects the person reads: "all", "counts" or "own"."""
    scopes = {Access.ALL: "all", Access.PART: "counts", Access.OWN: "own"}
    access = request.can.access("project_read")
    return scopes[access] if access is not None else ""


# --- Projects -------------------------------------------------------------------------


@requires("project_read")
@require_safe
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    """Projects with their involvement counts, filtered and sorted, 50 to a page."""
    filter_form = ProjectFilterForm(listing.filter_data(request))
    projects = selectors.project_list(request.user, filters=filter_form.filters())
    context = {
        "filter_form": filter_form,
        "listing": _projects_page(request, projects, PROJECT_SORTS),
        "scope": _scope(request),
        "is_filtered": filter_form.is_bound and any(filter_form.filters().values()),
    }
    return render(request, "projects/project_list.html", context)


@requires("project_write")
def project_add(request: AuthenticatedRequest) -> HttpResponse:
    """Add a project; it starts as a proposal."""
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        initial={"lead": request.user.pk, "programme": request.GET.get("programme")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{project} has been added as a proposal.")
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@requires("project_read")
@require_safe
def project_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A project's details, stage history, plans, activities and impact."""
    project = selectors.project_detail(_project_or_404(request, pk), request.user)
    context = {
        "project": project,
        "shows_names": selectors.shows_contributor_names(request.user),
        "scope": _scope(request),
        "checkpoints": selectors.checkpoint_statuses(project, project.plans_in_order),  # type: ignore[attr-defined]
        "totals": selectors.involvement_totals(project.activities.all().order_by()),
        "move_form": MoveForm(project=project) if request.can("project_write") else None,
        "commissions": selectors.project_commissions(project),
        "commissioned_value": selectors.commissioned_value(project.commissions.all()),
        "by_capacity": (
            selectors.current_members_by_capacity(project.advisory_group)
            if project.advisory_group
            else []
        ),
    }
    for activity in project.activities.all():
        activity.meeting_url = meeting_url(activity.meeting) if activity.meeting else ""  # type: ignore[attr-defined]
    return render(request, "projects/project_detail.html", context)


@requires("project_write")
def project_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit a project's details."""
    project = _project_or_404(request, pk)
    form = ProjectForm(request.POST if request.method == "POST" else None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(project=project, by=request.user, changes=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Details of {project} saved.")
            return redirect(project)
    project.refresh_from_db(fields=["title"])  # the form changes the instance as it validates
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@requires("project_write")
def project_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Move a project to another stage; a checkpoint needs its involvement plan first."""
    project = _project_or_404(request, pk)
    form = MoveForm(request.POST if request.method == "POST" else None, project=project)
    plan_link = None
    if request.method == "POST" and form.is_valid():
        to_stage = form.cleaned_data["to_stage"]
        try:
            services.move_project(
                project=project, to_stage=to_stage, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            if error.code in ("plan_missing", "plan_not_accepted"):
                label = _stage_label(to_stage)
                plan_link = {
                    "url": reverse("projects:plan-write", args=[project.pk, to_stage]),
                    "text": (
                        f"Write the involvement plan for {label}"
                        if error.code == "plan_missing"
                        else f"See the reason for {label} waiting to be accepted"
                    ),
                }
            if plan_link:
                form.add_error("to_stage", error)
            else:
                add_service_errors(form, error)
        else:
            messages.success(request, f"{project} has moved to {_stage_label(to_stage)}.")
            return redirect(project)
    context = {"project": project, "form": form, "plan_link": plan_link}
    return render(request, "projects/project_move.html", context)


# --- Involvement plans ----------------------------------------------------------------


@requires("project_write")
def plan_write(request: AuthenticatedRequest, pk: int, stage: str) -> HttpResponse:
    """Write the involvement plan for a stage of a project, or a reason why not."""
    project = _project_or_404(request, pk)
    if stage not in Stage.values:
        raise Http404("No such stage.")
    plan = InvolvementPlan.objects.filter(project=project, stage=stage).first()
    form = PlanForm.for_plan(plan, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.write_plan(
                project=project, stage=stage, by=request.user, **form.plan_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            label = _stage_label(stage)
            if plan.is_reason:
                messages.success(
                    request,
                    f"Reason saved. A second member of staff must accept it before "
                    f"{project} can move into {label}.",
                )
            else:
                messages.success(request, f"Involvement plan for {label} saved.")
            return redirect(project)
    context = {"project": project, "stage_label": _stage_label(stage), "plan": plan, "form": form}
    return render(request, "projects/plan_form.html", context)


@requires("project_write")
def plan_accept(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A second member of staff accepts a reason why involvement is not appropriate."""
    plan = get_object_or_404(
        InvolvementPlan.objects.select_related("project", "written_by", "accepted_by"), pk=pk
    )
    problem = None
    if request.method == "POST":
        try:
            services.accept_plan(plan=plan, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                f"Reason accepted. {plan.project} may now move into {_stage_label(plan.stage)}.",
            )
            return redirect(plan.project)
    elif plan.written_by_id == request.user.pk and plan.accepted_by_id is None:
        problem = "You wrote this reason, so a second member of staff must accept it."
    context = {"plan": plan, "project": plan.project, "problem": problem}
    return render(request, "projects/plan_accept.html", context)


@requires("project_write")
def checkpoint_edit(request: AuthenticatedRequest) -> HttpResponse:
    """Choose the stages a project may enter only with an involvement plan."""
    current = sorted(services.checkpoint_stages())
    form = CheckpointForm(
        request.POST if request.method == "POST" else None, initial={"stages": current}
    )
    if request.method == "POST" and form.is_valid():
        services.set_checkpoints(stages=form.cleaned_data["stages"], by=request.user)
        messages.success(request, "Checkpoints saved.")
        return redirect("projects:checkpoint-edit")
    return render(request, "projects/checkpoint_edit.html", {"form": form})


# --- The involvement log and impact ---------------------------------------------------


@requires("project_write")
def activity_add(request: AuthenticatedRequest) -> HttpResponse:
    """The involvement log: one form, sensible defaults, then ready for the next one."""
    projects = selectors.projects_visible_to(request.user)
    initial = {}
    if request.GET.get("project", "").isdigit():
        initial["project"] = int(request.GET["project"])
    form = ActivityForm(
        request.POST if request.method == "POST" else None, projects=projects, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            activity = services.log_activity(by=request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{activity.get_kind_display()} on {date_format(activity.held_on)} logged for "
                f"{activity.project}.",
            )
            if "log_another" in request.POST:
                return redirect(
                    f"{reverse('projects:activity-add')}?project={activity.project_id}"
                )
            return redirect(activity.project)
    context = {
        "form": form,
        "recent": selectors.recent_activities_logged_by(request.user)[:10],
    }
    return render(request, "projects/activity_add.html", context)


@requires("project_read", fully=True)
@require_safe
def activity_export(request: AuthenticatedRequest) -> HttpResponse:
    """The whole involvement log as a CSV file, for staff."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"involvement-log-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            "Date",
            "Programme",
            "Project",
            "Kind of activity",
            "Level of involvement",
            "People who use services",
            "Carers",
            "Other participants",
            "Member organisations",
            "Named people",
            "Hours",
            "Payments (£)",
            "Expenses (£)",
            "Notes",
            "Logged by",
        ]
    )
    for activity in selectors.activity_log_export(request.user).iterator(chunk_size=500):
        writer.writerow(
            [
                activity.held_on.isoformat(),
                activity.project.programme.title,
                activity.project.title,
                activity.get_kind_display(),
                activity.get_level_display(),
                activity.people_who_use_services,
                activity.carers,
                activity.other_participants,
                "; ".join(o.name for o in activity.organisations.all()),
                "; ".join(p.full_name for p in activity.people.all()),
                "" if activity.hours is None else activity.hours,
                activity.payments,
                activity.expenses,
                activity.notes,
                activity.logged_by or "",
            ]
        )
    return response


@requires("project_write")
def impact_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record what changed in a project because of its activities."""
    project = _project_or_404(request, pk)
    form = ImpactForm(request.POST if request.method == "POST" else None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_impact(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Impact recorded.")
            return redirect(f"{project.get_absolute_url()}#impact")
    has_activities = project.activities.exists()
    context = {"project": project, "form": form, "has_activities": has_activities}
    return render(request, "projects/impact_add.html", context)


# --- Programmes -----------------------------------------------------------------------


@requires("project_read")
@require_safe
def programme_list(request: AuthenticatedRequest) -> HttpResponse:
    """Programmes with how many projects and activities each has."""
    programmes = listing.list_page(
        request,
        selectors.programme_list(request.user),
        sorts=PROGRAMME_SORTS,
        default="title",
        singular="programme",
        plural="programmes",
    )
    context = {"listing": programmes, "scope": _scope(request)}
    return render(request, "projects/programme_list.html", context)


@requires("project_read")
@require_safe
def programme_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A programme's totals, computed by the database, and its projects."""
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
    projects = selectors.project_list(request.user, filters={"programme": programme})
    context = {
        "programme": programme,
        "summary": selectors.programme_summary(programme, request.user),
        "scope": _scope(request),
        "listing": _projects_page(request, projects, PROGRAMME_PROJECT_SORTS),
    }
    return render(request, "projects/programme_detail.html", context)


@requires("project_write")
def programme_add(request: AuthenticatedRequest) -> HttpResponse:
    """Add a programme of work."""
    form = ProgrammeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{programme} has been added.")
            return redirect(programme)
    return render(request, "projects/programme_form.html", {"form": form, "programme": None})


@requires("project_write")
def programme_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit a programme's title and description."""
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
    form = ProgrammeForm(request.POST if request.method == "POST" else None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(
                programme=programme, by=request.user, changes=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Details of {programme} saved.")
            return redirect(programme)
    programme.refresh_from_db(fields=["title"])
    return render(request, "projects/programme_form.html", {"form": form, "programme": programme})


@requires("project_write")
def activity_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Correct an activity in the log."""
    activity = get_object_or_404(
        selectors.activities_visible_to(request.user).select_related("project"), pk=pk
    )
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        instance=activity,
        projects=selectors.projects_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        organisations = changes.pop("organisations")
        people = changes.pop("people")
        try:
            services.update_activity(
                activity=activity,
                by=request.user,
                changes=changes,
                organisations=organisations,
                people=people,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{activity} saved.")
            return redirect(f"{activity.project.get_absolute_url()}#activity-{activity.pk}")
    activity.refresh_from_db()  # the form changes the instance as it validates
    return render(request, "projects/activity_edit.html", {"form": form, "activity": activity})


@requires("project_write")
def activity_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Delete an activity logged by mistake, after a confirmation page."""
    activity = get_object_or_404(
        selectors.activities_visible_to(request.user).select_related("project"), pk=pk
    )
    project = activity.project
    problem = ""
    if request.method == "POST":
        try:
            services.delete_activity(activity=activity, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, f"{activity} deleted from {project}.")
            return redirect(f"{project.get_absolute_url()}#activities")
    elif activity.claims.exists():
        problem = "This activity has payment claims, so it cannot be deleted."
    elif activity.impacts.exists():
        problem = "Impact has been recorded from this activity, so it cannot be deleted."
    if problem:
        context = {"activity": activity, "problem": problem}
        return render(request, "projects/activity_delete_refused.html", context)
    context = {
        "heading": f"Delete the {activity.get_kind_display().lower()} on "
        f"{date_format(activity.held_on)}?",
        "consequences": [
            f"It no longer counts in the totals of {project}.",
            "Its details stay in the project's history, with your name.",
        ],
        "button": "Yes, delete the activity",
        "back_url": f"{project.get_absolute_url()}#activity-{activity.pk}",
        "hidden": {},
    }
    return render(request, "includes/confirm_page.html", context)
