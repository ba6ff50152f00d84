"""After a meeting: the register, minutes, actions, "you said, we did" and the PDFs."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from coprod import listing
from coprod.forms import add_service_errors, date_parts
from coprod.listing import Sort
from coprod.pdf import render_pdf
from coprod.permissions import AuthenticatedRequest, requires
from network.forms.meeting_records import (
    ActionForm,
    ActionListFilter,
    ActionStatusForm,
    AddAttendeeForm,
    ApproveMinutesForm,
    ContributionYearForm,
    FeedbackForm,
    MinutesForm,
    RegisterFormSet,
)
from network.models import Action, Meeting, Minutes, Person
from network.selectors import meeting_records as selectors
from network.selectors import own_person, people_visible_to
from network.services import meeting_records as services


@dataclass(frozen=True)
class RegisterLine:
    """A row of the register page: the person's name beside their row of the formset."""

    name: str
    form: Form


@requires("meeting_record")
def meeting_register(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The whole register on one page: everyone invited or recorded, saved in one go."""
    meeting = get_object_or_404(Meeting, pk=pk)
    rows = selectors.register_rows(meeting)
    names = {row.person_id: row.name for row in rows}
    initial = [{"person": r.person_id, "status": r.status, "capacity": r.capacity} for r in rows]
    people = selectors.people_to_add_to_register(meeting)
    if request.method == "POST":
        formset = RegisterFormSet(request.POST, initial=initial)
        add_form = AddAttendeeForm(request.POST, people=people, prefix="add")
        if formset.is_valid() and add_form.is_valid():
            entries = [
                services.AttendanceEntry(
                    person_id=form.cleaned_data["person"],
                    status=form.cleaned_data["status"],
                    capacity=form.cleaned_data["capacity"],
                )
                for form in formset
            ]
            added = add_form.cleaned_data["person"]
            if added:
                entries.append(
                    services.AttendanceEntry(
                        person_id=added.pk,
                        status="attended",
                        capacity=add_form.cleaned_data["capacity"],
                    )
                )
            try:
                services.record_attendance(meeting=meeting, by=request.user, entries=entries)
            except services.RegisterError as error:
                for index, fields in error.rows.items():
                    form = formset.forms[index] if index < len(formset.forms) else add_form
                    for name, message in fields.items():
                        form.add_error(name, message)
            else:
                messages.success(request, f"Register saved: {len(entries)} people.")
                return redirect(_minutes_url(meeting))
    else:
        formset = RegisterFormSet(initial=initial)
        add_form = AddAttendeeForm(people=people, prefix="add")
    lines = [
        RegisterLine(name=names.get(_posted_person(form), "Someone not in the records"), form=form)
        for form in formset
    ]
    has_errors = any(form.errors for form in formset) or bool(add_form.errors)
    context = {
        "meeting": meeting,
        "formset": formset,
        "lines": lines,
        "add_form": add_form,
        "has_errors": has_errors or bool(formset.non_form_errors()),
    }
    return render(request, "network/register.html", context)


def _posted_person(form: Form) -> int:
    value = form["person"].value()
    return int(value) if str(value).isdigit() else 0


def _minutes_url(meeting: Meeting) -> str:
    return reverse("network:meeting-minutes", args=[meeting.pk])


def _minutes_of(meeting: Meeting) -> Minutes | None:
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


@requires("minutes_read")
@require_GET
def meeting_minutes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A meeting's minutes, outcomes, "you said, we did" and actions.

    Staff see drafts and the tools to write; everyone else only approved minutes (404
    before approval, or for a meeting they may not read).
    """
    meeting = get_object_or_404(selectors.minutes_visible_to(request.user), pk=pk)
    is_writer = request.can("meeting_record")
    context: dict[str, Any] = {
        "meeting": meeting,
        "minutes": _minutes_of(meeting),
        "items": list(selectors.agenda_items_of(meeting)),
        "actions": list(selectors.actions_of(meeting)),
        "attendance": selectors.meeting_attendance_counts(meeting),
        "is_writer": is_writer,
        "today": timezone.localdate(),
    }
    if is_writer:
        context["action_form"] = ActionForm(
            people=Person.objects.order_by("full_name"), items=selectors.agenda_items_of(meeting)
        )
        context["feedback_form"] = FeedbackForm(items=selectors.agenda_items_of(meeting))
    return render(request, "network/minutes.html", context)


@requires("meeting_record")
def minutes_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Write the draft minutes: general notes and an outcome for each agenda item."""
    meeting = get_object_or_404(Meeting.objects.select_related("minutes"), pk=pk)
    minutes = _minutes_of(meeting)
    items = list(selectors.agenda_items_of(meeting))
    if minutes and minutes.status != Minutes.Status.DRAFT:
        messages.info(request, "These minutes have been circulated, so they can no longer change.")
        return redirect(_minutes_url(meeting))
    if request.method == "POST":
        form = MinutesForm(request.POST, items=items, minutes=minutes)
        if form.is_valid():
            try:
                services.save_minutes(
                    meeting=meeting,
                    by=request.user,
                    summary=form.cleaned_data["summary"],
                    outcomes=form.outcomes(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Draft minutes saved.")
                return redirect(_minutes_url(meeting))
    else:
        form = MinutesForm(items=items, minutes=minutes)
    return render(request, "network/minutes_edit.html", {"form": form, "meeting": meeting})


@requires("meeting_record")
def minutes_circulate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """After a confirmation page: email the draft to everyone who attended."""
    meeting = get_object_or_404(Meeting.objects.select_related("minutes"), pk=pk)
    minutes = _minutes_of(meeting)
    if minutes is None or minutes.status != Minutes.Status.DRAFT:
        messages.info(request, "Only draft minutes can be circulated.")
        return redirect(_minutes_url(meeting))
    if request.method == "POST" and request.POST.get("confirm") == "true":
        services.circulate_minutes(minutes=minutes, by=request.user)
        messages.success(request, "Minutes circulated to those who attended.")
        return redirect(_minutes_url(meeting))
    people = services.circulation_list(minutes)
    without_email = [person.full_name for person in people if not person.email]
    consequences = [
        f"The draft is emailed to the {len(people) - len(without_email)} people who attended "
        "and have an email address.",
        "The minutes can no longer be changed.",
    ]
    if without_email:
        consequences.append(
            "These people have no email address: send them a copy by post: "
            + ", ".join(without_email)
            + "."
        )
    return render(
        request,
        "includes/confirm_page.html",
        {
            "heading": f"Circulate the draft minutes of {meeting.title}?",
            "consequences": consequences,
            "hidden": {},
            "button": "Yes, circulate the minutes",
            "back_url": _minutes_url(meeting),
        },
    )


@requires("meeting_record")
def minutes_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record how and when the minutes were approved, after a confirmation page."""
    meeting = get_object_or_404(Meeting.objects.select_related("minutes"), pk=pk)
    minutes = _minutes_of(meeting)
    if minutes is None or minutes.status == Minutes.Status.APPROVED:
        messages.info(request, "There are no minutes waiting for approval.")
        return redirect(_minutes_url(meeting))
    form = ApproveMinutesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        how, on = form.cleaned_data["how"], form.cleaned_data["on"]
        if request.POST.get("confirm") == "true":
            try:
                services.approve_minutes(minutes=minutes, by=request.user, how=how, on=on)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Minutes approved: members can now read them.")
                return redirect(_minutes_url(meeting))
        else:
            return render(
                request,
                "includes/confirm_page.html",
                {
                    "heading": f"Approve the minutes of {meeting.title}?",
                    "consequences": [
                        f"They are recorded as approved {Minutes.ApprovedHow(how).label.lower()}"
                        f" on {date_format(on, 'j F Y')}.",
                        "Everyone who may read this meeting's records can read them.",
                        "They can no longer be changed.",
                    ],
                    "hidden": {"how": how, **date_parts("on", on)},
                    "button": "Yes, approve the minutes",
                    "back_url": _minutes_url(meeting),
                },
            )
    return render(request, "network/minutes_approve.html", {"form": form, "meeting": meeting})


@requires("meeting_record")
def action_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add an action agreed at the meeting (the form is also on the minutes page)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        people=Person.objects.order_by("full_name"),
        items=selectors.agenda_items_of(meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Action added.")
            return redirect(_minutes_url(meeting) + "#actions")
    return render(request, "network/action_add.html", {"form": form, "meeting": meeting})


@requires("meeting_record")
@require_POST
def action_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark an action done or no longer needed (a button on the lists)."""
    action = get_object_or_404(Action.objects.select_related("meeting"), pk=pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose done or no longer needed.")
    else:
        try:
            services.close_action(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Action marked {action.get_status_display().lower()}.")
    back = request.POST.get("next", "")
    if back == "list":
        return redirect("network:action-list")
    return redirect(_minutes_url(action.meeting) + "#actions")


ACTION_SORTS = {
    "due": Sort("Due on", ("due_on",)),
    "meeting": Sort("Meeting", ("meeting__starts_at",)),
    "owner": Sort("Owner", ("owner__full_name",)),
}


@requires("agenda_arrange")
@require_GET
def action_list(request: AuthenticatedRequest) -> HttpResponse:
    """Actions across meetings: open, overdue or done, overdue ones marked in words."""
    filters = ActionListFilter(request.GET)
    show = filters.cleaned_data["show"] if filters.is_valid() else ""
    today = timezone.localdate()
    page = listing.list_page(
        request,
        selectors.action_list(show=show, today=today),
        sorts=ACTION_SORTS,
        default="due",
        singular="action",
        plural="actions",
    )
    context = {"listing": page, "filters": filters, "today": today}
    return render(request, "network/action_list.html", context)


@requires("meeting_record")
def feedback_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record "you said, we did" for an item on the meeting's agenda."""
    meeting = get_object_or_404(Meeting, pk=pk)
    form = FeedbackForm(
        request.POST if request.method == "POST" else None,
        items=selectors.agenda_items_of(meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_feedback(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"“You said, we did” recorded for {form.cleaned_data['item']}."
            )
            return redirect(_minutes_url(meeting) + "#feedback")
    return render(request, "network/feedback_add.html", {"form": form, "meeting": meeting})


@requires("minutes_read")
@require_GET
def meeting_pack(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The meeting pack as a PDF: agenda, papers, attendance, minutes and actions."""
    meeting = get_object_or_404(selectors.minutes_visible_to(request.user), pk=pk)
    sees_names = request.can("meeting_record")
    context = {
        "meeting": meeting,
        "minutes": _minutes_of(meeting),
        "items": list(selectors.agenda_items_of(meeting)),
        "actions": list(selectors.actions_of(meeting)),
        "attendance": selectors.meeting_attendance_counts(meeting),
        "attendees": list(selectors.attendees_of(meeting)) if sees_names else None,
        "large_print": request.GET.get("large_print") == "1",
    }
    pdf = render_pdf("print/meeting_pack.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="meeting-pack-{meeting.pk}.pdf"'
    return response


def _contribution_letter(
    request: AuthenticatedRequest, person: Person | None, *, back_url: str, is_own: bool
) -> HttpResponse:
    """The letter as a PDF for a valid year with meetings; otherwise the page that asks."""
    form = ContributionYearForm(request.GET if "year" in request.GET else None)
    context: dict[str, Any] = {
        "form": form,
        "person": person,
        "back_url": back_url,
        "is_own": is_own,
    }
    if person is not None and form.is_valid():
        year = form.cleaned_data["year"]
        records = list(selectors.contributions_in(person, year))
        if records:
            pdf = render_pdf(
                "print/contribution_letter.html",
                {
                    "person": person,
                    "year": year,
                    "records": records,
                    "today": timezone.localdate(),
                    "large_print": person.preferred_channel == Person.Channel.LARGE_PRINT,
                },
            )
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = (
                f'attachment; filename="record-of-contribution-{year}.pdf"'
            )
            return response
        context["empty_year"] = year
    return render(request, "network/contribution_letter.html", context)


@login_required
@require_GET
def my_contribution_letter(request: AuthenticatedRequest) -> HttpResponse:
    """A letter listing the meetings I attended in a year, for my own records."""
    return _contribution_letter(
        request, own_person(request.user), back_url=reverse("network:my-details"), is_own=True
    )


@requires("person_list")
@require_GET
def person_contribution_letter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Staff download the record of contribution for a person."""
    person = get_object_or_404(people_visible_to(request.user), pk=pk)
    return _contribution_letter(
        request, person, back_url=reverse("network:person-detail", args=[pk]), is_own=False
    )
