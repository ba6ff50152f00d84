"""The review of policies and procedures, staff co-production champions and training."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from coprod import listing
from coprod.forms import add_service_errors
from coprod.listing import Sort, by_label
from coprod.permissions import AuthenticatedRequest, requires
from reporting import selectors, services
from reporting.forms import ChampionForm, PolicyForm, TrainingSessionForm
from reporting.models import Champion, Policy, TrainingSession
from reporting.views.confirm import confirm_delete


def _history_page(
    request: AuthenticatedRequest,
    record: Policy | Champion | TrainingSession,
    *,
    back_url: str,
    back_label: str,
) -> HttpResponse:
    context = {
        "heading": f"History of {record}",
        "intro": "Every change to this record, with who made it.",
        "back_url": back_url,
        "back_label": back_label,
        "entries": selectors.record_history(record),
    }
    return render(request, "reporting/history.html", context)


# --- Policies and procedures ---------------------------------------------------------------

POLICY_SORTS = {
    "name": Sort("Policy or procedure", (Lower("name"),)),
    "owner": Sort("Owner", (Lower("owner"), Lower("name"))),
    "status": Sort("Review status", (by_label("status", Policy.Status.choices), Lower("name"))),
    "reviewed": Sort("Reviewed on", ("reviewed_on", Lower("name"))),
}


@requires("plan_read")
@require_safe
def policy_list(request: AuthenticatedRequest) -> HttpResponse:
    """Every policy in the review, with how many are at each status."""
    policies = listing.list_page(
        request,
        selectors.policies(),
        sorts=POLICY_SORTS,
        default="name",
        singular="policy",
        plural="policies",
    )
    context = {
        "listing": policies,
        "policies": policies.rows,
        "status_counts": selectors.policy_status_counts(),
    }
    return render(request, "reporting/policy_list.html", context)


@requires("plan_read")
@require_safe
def policy_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One policy's review: its owner, status, what changed and when."""
    policy = get_object_or_404(selectors.policies(), pk=pk)
    return render(request, "reporting/policy_detail.html", {"policy": policy})


@requires("plan_edit")
def policy_add(request: AuthenticatedRequest) -> HttpResponse:
    """Add a policy or procedure to the review."""
    form = PolicyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.add_policy(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{policy}” added to the review.")
            return redirect(policy)
    return render(request, "reporting/policy_form.html", {"form": form, "policy": None})


@requires("plan_edit")
def policy_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record how a policy's review is going."""
    policy = get_object_or_404(selectors.policies(), pk=pk)
    name = policy.name  # the form changes the instance as it validates
    form = PolicyForm(request.POST if request.method == "POST" else None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(policy=policy, by=request.user, changes=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{policy}” saved.")
            return redirect(policy)
    context = {"form": form, "policy": policy, "name": name}
    return render(request, "reporting/policy_form.html", context)


@requires("plan_edit")
def policy_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Take a policy out of the review, once confirmed."""
    policy = get_object_or_404(selectors.policies(), pk=pk)
    return confirm_delete(
        request,
        heading=f"Delete “{policy}” from the review?",
        consequences=["It no longer counts in the review's figures or the annual report."],
        button="Yes, delete the policy",
        back_url=policy.get_absolute_url(),
        delete=lambda: services.delete_policy(policy=policy, by=request.user),
        done=f"“{policy}” deleted from the review.",
        next_url=reverse("reporting:policy-list"),
    )


@requires("audit")
@require_safe
def policy_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who changed a policy's review, and when."""
    policy = get_object_or_404(selectors.policies(), pk=pk)
    return _history_page(
        request, policy, back_url=policy.get_absolute_url(), back_label=f"Back to {policy}"
    )


# --- Co-production champions -----------------------------------------------------------------

CHAMPION_SORTS = {
    "name": Sort("Name", (Lower("person__full_name"),)),
    "team": Sort("Team", (Lower("team"), Lower("person__full_name"))),
    "since": Sort("Champion since", ("started_on", Lower("person__full_name"))),
}


@requires("plan_read")
@require_safe
def champion_list(request: AuthenticatedRequest) -> HttpResponse:
    """Staff who champion co-production, and their teams."""
    champions = listing.list_page(
        request,
        selectors.champions(),
        sorts=CHAMPION_SORTS,
        default="name",
        singular="champion",
        plural="champions",
    )
    context = {"listing": champions, "champions": champions.rows}
    return render(request, "reporting/champion_list.html", context)


@requires("plan_edit")
def champion_add(request: AuthenticatedRequest) -> HttpResponse:
    """Record a member of staff as a co-production champion."""
    form = ChampionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            champion = services.add_champion(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{champion.person} added as a champion.")
            return redirect("reporting:champion-list")
    return render(request, "reporting/champion_form.html", {"form": form, "champion": None})


def _champion(pk: int) -> Champion:
    return get_object_or_404(selectors.champions(), pk=pk)


@requires("plan_edit")
def champion_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a champion's team or start date."""
    champion = _champion(pk)
    form = ChampionForm(request.POST if request.method == "POST" else None, instance=champion)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in ("team", "started_on")}
        try:
            services.update_champion(champion=champion, by=request.user, changes=changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{champion.person}'s details saved.")
            return redirect("reporting:champion-list")
    return render(request, "reporting/champion_form.html", {"form": form, "champion": champion})


@requires("plan_edit")
def champion_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A champion steps down, once confirmed."""
    champion = _champion(pk)
    return confirm_delete(
        request,
        heading=f"Remove {champion.person} as a co-production champion?",
        consequences=[
            f"They leave the list of champions, where they have been since "
            f"{date_format(champion.started_on)}."
        ],
        button="Yes, remove the champion",
        back_url=reverse("reporting:champion-list"),
        delete=lambda: services.remove_champion(champion=champion, by=request.user),
        done=f"{champion.person} is no longer a champion.",
        next_url=reverse("reporting:champion-list"),
    )


@requires("audit")
@require_safe
def champion_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who changed a champion's record, and when."""
    champion = _champion(pk)
    return _history_page(
        request,
        champion,
        back_url=reverse("reporting:champion-list"),
        back_label="Back to the champions",
    )


# --- Training sessions -----------------------------------------------------------------------

TRAINING_SORTS = {
    "held": Sort("Date", ("held_on",)),
    "title": Sort("Session", (Lower("title"), "held_on")),
    "staff": Sort("Staff attending", ("staff_attending", "held_on")),
}


@requires("plan_read")
@require_safe
def training_list(request: AuthenticatedRequest) -> HttpResponse:
    """Co-production training held for staff, newest first, with the totals."""
    sessions = listing.list_page(
        request,
        selectors.training_sessions(),
        sorts=TRAINING_SORTS,
        default="-held",
        singular="training session",
        plural="training sessions",
    )
    context = {
        "listing": sessions,
        "sessions": sessions.rows,
        "figures": selectors.training_figures(),
    }
    return render(request, "reporting/training_list.html", context)


@requires("plan_edit")
def training_add(request: AuthenticatedRequest) -> HttpResponse:
    """Record a training session held for staff."""
    form = TrainingSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.record_training_session(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{session.title}” recorded.")
            return redirect("reporting:training-list")
    return render(request, "reporting/training_form.html", {"form": form, "session": None})


@requires("plan_edit")
def training_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Correct a training session's record."""
    session = get_object_or_404(selectors.training_sessions(), pk=pk)
    form = TrainingSessionForm(
        request.POST if request.method == "POST" else None, instance=session
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_training_session(
                session=session, by=request.user, changes=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{session.title}” saved.")
            return redirect("reporting:training-list")
    return render(request, "reporting/training_form.html", {"form": form, "session": session})


@requires("plan_edit")
def training_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Delete a training session recorded in error, once confirmed."""
    session = get_object_or_404(selectors.training_sessions(), pk=pk)
    return confirm_delete(
        request,
        heading=f"Delete the record of “{session.title}”?",
        consequences=[
            f"The session of {date_format(session.held_on)} and its "
            f"{session.staff_attending} staff no longer count in the training figures."
        ],
        button="Yes, delete the session",
        back_url=reverse("reporting:training-list"),
        delete=lambda: services.delete_training_session(session=session, by=request.user),
        done=f"“{session.title}” deleted.",
        next_url=reverse("reporting:training-list"),
    )


@requires("audit")
@require_safe
def training_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who changed a training session's record, and when."""
    session = get_object_or_404(selectors.training_sessions(), pk=pk)
    return _history_page(
        request,
        session,
        back_url=reverse("reporting:training-list"),
        back_label="Back to the training sessions",
    )
