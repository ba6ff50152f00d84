"""A meeting's co-designed agenda: the page, proposals, arranging the draft, versions and
their comparison, sign-off, who may sign off, and the papers."""

import re
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from coprod.forms import add_service_errors
from coprod.permissions import AuthenticatedRequest, requires
from network.forms.agenda import (
    AgendaItemEditForm,
    AgendaItemForm,
    ArrangeForm,
    CompareForm,
    DelegateForm,
    MergeForm,
    SignOffForm,
)
from network.models import AgendaItem, Meeting
from network.papers import content_type
from network.selectors import agenda as selectors
from network.services import agenda as services

ITEM_FIELDS = ("title", "purpose", "section", "presenter", "minutes_needed", "description")


@requires("meeting_view")
@require_safe
def agenda(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The draft with its proposals and history for those who arrange it; the published
    agenda for everyone else who may see the meeting (404 until it is published)."""
    meeting = selectors.meeting_for_agenda(request.user, pk)
    if not selectors.sees_drafts(request.user):
        published = selectors.published_agenda(meeting)
        if published is None:
            raise Http404("The agenda is not published yet")
        context = {"meeting": meeting, "published": published}
        return render(request, "network/agenda_published.html", context)
    context = {
        "meeting": meeting,
        "draft": selectors.draft_agenda(meeting),
        "entries": selectors.agenda_history(meeting),
        "may_sign_off": selectors.may_sign_off(request.user, meeting),
    }
    return render(request, "network/agenda_detail.html", context)


@requires("agenda_propose")
def agenda_item_propose(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Propose an item (a representative's is a suggestion), with any papers."""
    meeting = get_object_or_404(selectors.meetings_open_for_proposals(request.user), pk=pk)
    sees_drafts = selectors.sees_drafts(request.user)
    if request.method == "POST":
        form = AgendaItemForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.propose_agenda_item(
                    meeting=meeting,
                    by=request.user,
                    papers=data["papers"],
                    **{name: data[name] for name in ITEM_FIELDS},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if item.is_member_suggestion:
                    messages.success(
                        request,
                        f"Thank you: “{item}” has been sent to the chair and staff "
                        "as a suggestion for the agenda.",
                    )
                else:
                    messages.success(request, f"“{item}” has been proposed.")
                if sees_drafts:
                    return redirect("network:agenda", pk=meeting.pk)
                return redirect("network:agenda-item-propose", pk=meeting.pk)
    else:
        form = AgendaItemForm()
    context = {"meeting": meeting, "form": form, "sees_drafts": sees_drafts}
    return render(request, "network/agenda_item_propose.html", context)


@requires("agenda_arrange")
def agenda_item_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change an item's details or add papers (a new version when it is on the agenda)."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting").exclude(status=AgendaItem.Status.MERGED),
        pk=pk,
        meeting__in=selectors.agenda_meetings_visible_to(request.user),
    )
    if request.method == "POST":
        form = AgendaItemEditForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_agenda_item(
                    item=item,
                    by=request.user,
                    changes={name: data[name] for name in ITEM_FIELDS},
                    papers=data["papers"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"“{item}” saved.")
                return redirect("network:agenda", pk=item.meeting_id)
    else:
        form = AgendaItemEditForm(initial={name: getattr(item, name) for name in ITEM_FIELDS})
    context = {"meeting": item.meeting, "item": item, "form": form, "papers": item.papers.all()}
    return render(request, "network/agenda_item_edit.html", context)


def _arrange_page(
    request: AuthenticatedRequest, meeting: Meeting, form: ArrangeForm
) -> HttpResponse:
    draft = selectors.draft_agenda(meeting)
    placed = {entry.item.pk: entry for entry in draft.placed}
    context = {
        "meeting": meeting,
        "form": form,
        "draft": draft,
        "rows": [(item, fields, placed.get(item.pk)) for item, fields in form.rows()],
        "last_number": len(draft.placed),
    }
    return render(request, "network/agenda_arrange.html", context)


@requires("agenda_arrange")
def agenda_arrange(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Place proposals, set the order, timings and sections, in one form; save a version."""
    meeting = selectors.meeting_for_agenda(request.user, pk)
    items = [
        item
        for item in selectors.agenda_items_of(meeting)
        if item.status != AgendaItem.Status.MERGED
    ]
    # The placed items first, in order, then proposals, then those not taken forward.
    rank = {AgendaItem.Status.ON_AGENDA: 0, AgendaItem.Status.PROPOSED: 1}
    items.sort(key=lambda item: rank.get(AgendaItem.Status(item.status), 2))
    if request.method == "POST":
        form = ArrangeForm(request.POST, items=items)
        if form.is_valid():
            try:
                version = services.arrange_agenda(
                    meeting=meeting,
                    placements=form.placements(),
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Arrangement saved as version {version.number}.")
                return redirect("network:agenda-arrange", pk=meeting.pk)
    else:
        form = ArrangeForm(items=items)
    return _arrange_page(request, meeting, form)


MOVE = re.compile(r"^(?P<item>\d{1,18})-(?P<direction>up|down)$")


@requires("agenda_arrange")
@require_POST
def agenda_item_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Move one item up or down: the "Move up" and "Move down" buttons, without script."""
    meeting = selectors.meeting_for_agenda(request.user, pk)
    arrange_url = reverse("network:agenda-arrange", args=[meeting.pk])
    match = MOVE.match(request.POST.get("move", ""))
    item = meeting.agenda_items.filter(pk=int(match["item"])).first() if match else None
    if match is None or item is None:
        messages.error(request, "Choose an item on the agenda to move.")
        return redirect(arrange_url)
    try:
        services.move_agenda_item(item=item, direction=match["direction"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{item}” moved {match['direction']}.")
    return redirect(f"{arrange_url}#item-{item.pk}")


@requires("agenda_arrange")
def agenda_merge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Merge two items: one is kept, the other points at it and its papers go with it."""
    meeting = selectors.meeting_for_agenda(request.user, pk)
    items = meeting.agenda_items.all()
    if request.method == "POST":
        form = MergeForm(request.POST, items=items)
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = services.merge_agenda_items(
                    item=data["item"], into=data["into"], by=request.user, note=data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"“{data['item']}” merged into “{data['into']}” (version {version.number}).",
                )
                return redirect("network:agenda-arrange", pk=meeting.pk)
    else:
        form = MergeForm(items=items)
    return render(request, "network/agenda_merge.html", {"meeting": meeting, "form": form})


@requires("agenda_arrange")
@require_safe
def agenda_versions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every saved version, who saved it and what changed, and a form to compare two."""
    meeting = selectors.meeting_for_agenda(request.user, pk)
    rows = selectors.agenda_versions(meeting)
    versions = [row.version for row in rows]
    initial = {"a": versions[1].number, "b": versions[0].number} if len(versions) > 1 else {}
    context = {
        "meeting": meeting,
        "rows": rows,
        "form": CompareForm(initial=initial, versions=versions),
    }
    return render(request, "network/agenda_versions.html", context)


@requires("agenda_arrange")
@require_safe
def agenda_compare(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """How one version differs from another, item by item, in words."""
    meeting = selectors.meeting_for_agenda(request.user, pk)
    versions = [row.version for row in selectors.agenda_versions(meeting)]
    by_number = {version.number: version for version in versions}
    differences = earlier = later = None
    if request.GET:
        form = CompareForm(request.GET, versions=versions)
        if form.is_valid():
            earlier, later = by_number[form.cleaned_data["a"]], by_number[form.cleaned_data["b"]]
            differences = selectors.compare_versions(earlier, later)
    else:
        initial = {"a": versions[1].number, "b": versions[0].number} if len(versions) > 1 else {}
        form = CompareForm(initial=initial, versions=versions)
    context = {
        "meeting": meeting,
        "form": form,
        "differences": differences,
        "earlier": earlier,
        "later": later,
        "version_count": len(versions),
    }
    return render(request, "network/agenda_compare.html", context)


@requires("agenda_sign_off")
def agenda_sign_off(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Show what is to be signed off (the latest version), then sign it off."""
    meeting = get_object_or_404(selectors.meetings_to_sign_off(request.user), pk=pk)
    latest = selectors.latest_version(meeting)
    if request.method == "POST":
        form = SignOffForm(request.POST)
        if form.is_valid():
            version = meeting.agenda_versions.filter(number=form.cleaned_data["version"]).first()
            try:
                if version is None:
                    raise ValidationError("Choose a version to sign off.")
                services.sign_off_agenda(meeting=meeting, version=version, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Version {version.number} of the agenda is signed off.")
                return redirect("network:agenda", pk=meeting.pk)
        else:
            # Only a hidden field: say so above the form, where the summary can link to it.
            form.add_error(None, "Check the version below, then sign it off.")
        latest = selectors.latest_version(meeting)
    else:
        form = SignOffForm(initial={"version": latest.number if latest else None})
    context = {
        "meeting": meeting,
        "form": form,
        "version": latest,
        "already_signed_off": (
            latest is not None
            and meeting.signed_off_version_id == latest.pk
            and meeting.agenda_status != Meeting.AgendaStatus.DRAFT
        ),
    }
    return render(request, "network/agenda_sign_off.html", context)


@requires("agenda_sign_off", fully=True)
def agenda_delegate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The chair names a core group member who may sign this agenda off, or no one."""
    meeting = selectors.meeting_for_agenda(request.user, pk)
    people = list(selectors.sign_off_delegate_choices())
    if request.method == "POST":
        form = DelegateForm(request.POST, people=people)
        if form.is_valid():
            person = form.cleaned_data["person"]
            try:
                services.name_sign_off_delegate(meeting=meeting, person=person, by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{person} may now sign off this agenda."
                    if person
                    else "Only you, the chair, may sign off this agenda.",
                )
                return redirect("network:agenda", pk=meeting.pk)
    else:
        current = meeting.sign_off_delegate_id
        initial = str(current) if current and str(current) in {str(p.pk) for p in people} else None
        form = DelegateForm(initial={"person": initial}, people=people)
    context = {"meeting": meeting, "form": form, "people": people}
    return render(request, "network/agenda_delegate.html", context)


# A file streams (FileResponse), which `requires` accepts like any other response.
@requires("meeting_view")  # type: ignore[type-var]
@require_safe
def agenda_paper(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """Download a paper, for those who may see the agenda it belongs to (never public)."""
    paper = selectors.paper_for(request.user, pk)
    name = PurePath(paper.file.name or paper.title).name
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404("The paper's file is missing") from None
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = content_type(name)
    return response
