"""A project's advisory group: setting it up, its members in their capacities, its meetings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.views.decorators.http import require_safe

from coprod.forms import add_service_errors
from coprod.permissions import AuthenticatedRequest, requires
from network.models import AdvisoryGroup, AdvisoryGroupMember, Meeting
from projects import selectors, services
from projects.forms.advisory_groups import AdvisoryGroupForm, EndMemberForm, MemberForm
from projects.models import Project


def meeting_url(meeting: Meeting) -> str:
    """The meeting's page, or "" where the network's meeting pages are not installed yet."""
    try:
        return meeting.get_absolute_url()
    except NoReverseMatch:
        return ""


def _project_with_group_or_404(request: AuthenticatedRequest, pk: int) -> Project:
    return get_object_or_404(
        selectors.projects_visible_to(request.user)
        .exclude(advisory_group=None)
        .select_related("advisory_group"),
        pk=pk,
    )


@requires("project_read", fully=True)
@require_safe
def group_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A project's advisory group: its members by name and capacity, and its meetings."""
    project = _project_with_group_or_404(request, pk)
    group: AdvisoryGroup = project.advisory_group  # type: ignore[assignment]
    context = {
        "project": project,
        "group": group,
        "members": selectors.group_members(group),
        "by_capacity": selectors.current_members_by_capacity(group),
        "meetings": [
            (meeting, meeting_url(meeting)) for meeting in selectors.group_meetings(group)
        ],
    }
    return render(request, "projects/advisory_group.html", context)


@requires("project_write")
def group_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Set up a project's advisory group."""
    project = get_object_or_404(selectors.projects_visible_to(request.user), pk=pk)
    if project.advisory_group_id is not None:
        return redirect("projects:advisory-group", pk=project.pk)
    form = AdvisoryGroupForm(
        request.POST if request.method == "POST" else None,
        initial={"name": f"{project.title} advisory group"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_advisory_group(project=project, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Advisory group set up. Now add its members.")
            return redirect("projects:advisory-group", pk=project.pk)
    return render(request, "projects/advisory_group_add.html", {"form": form, "project": project})


@requires("project_write")
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Give a person a place on a project's advisory group, in a capacity."""
    project = _project_with_group_or_404(request, pk)
    form = MemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_advisory_member(
                group=project.advisory_group,  # type: ignore[arg-type]
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{member.person} added as {member.get_capacity_display().lower()}."
            )
            if "add_another" in request.POST:
                return redirect("projects:advisory-member-add", pk=project.pk)
            return redirect("projects:advisory-group", pk=project.pk)
    return render(request, "projects/advisory_member_add.html", {"form": form, "project": project})


@requires("project_write")
def member_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """End a person's place on an advisory group on a day."""
    member = get_object_or_404(
        AdvisoryGroupMember.objects.filter(
            group__project__in=selectors.projects_visible_to(request.user)
        ).select_related("person", "group__project"),
        pk=pk,
    )
    project = member.group.project
    form = EndMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_advisory_member(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{member.person}'s place on the group has ended.")
            return redirect("projects:advisory-group", pk=project.pk)
    context = {"form": form, "member": member, "project": project}
    return render(request, "projects/advisory_member_end.html", context)
