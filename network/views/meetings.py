"""Meetings: the list and the year, one meeting, adding, changing, cancelling and publishing
it (staff), its calendar entry and printed agenda, replies and the print list."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from coprod import listing
from coprod.forms import add_service_errors
from coprod.listing import Sort, by_label
from coprod.pdf import render_pdf
from coprod.permissions import AuthenticatedRequest, requires
from network.calendar_entries import calendar_filename, meeting_calendar
from network.forms.meetings import (
    CancelForm,
    MeetingForm,
    MeetingListForm,
    ReplyForm,
    meeting_errors,
)
from network.models import Invitation, Meeting
from network.selectors import meeting_records
from network.selectors import meetings as selectors
from network.services import meetings as services

MEETING_SORTS = {
    "date": Sort("Date", ("starts_at",)),
    "title": Sort("Title", (Lower("title"), "starts_at")),
    "kind": Sort("Kind", (by_label("kind", Meeting.Kind.choices), "starts_at")),
}


def _visible_meeting(request: AuthenticatedRequest, pk: int) -> Meeting:
    return get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)


@requires("meeting_view")
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    """The meetings the person may see, by year and kind, newest (or soonest) first."""
    form = MeetingListForm(listing.filter_data(request))
    meetings = selectors.meetings_visible_to(request.user)
    default = "-date"
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            meetings = meetings.filter(starts_at__year=data["year"])
        if data["kind"]:
            meetings = meetings.filter(kind=data["kind"])
        if data["when"] == MeetingListForm.UPCOMING:
            meetings = meetings.filter(starts_at__gte=timezone.now())
            default = "date"
        elif data["when"] == MeetingListForm.PAST:
            meetings = meetings.filter(starts_at__lt=timezone.now())
    page = listing.list_page(
        request,
        meetings,
        sorts=MEETING_SORTS,
        default=default,
        singular="meeting",
        plural="meetings",
    )
    context = {
        "form": form,
        "listing": page,
        "meetings": page.rows,
        "this_year": timezone.localdate().year,
    }
    return render(request, "network/meeting_list.html", context)


@requires("meeting_view")
def meeting_year(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """A calendar year's meetings, and whether it holds both full network meetings."""
    if not 2000 <= year <= 2100:
        raise Http404("No such year")
    context = {
        "year": year,
        "meetings": list(selectors.meetings_in_year(request.user, year)),
        "full_network": selectors.full_network_meetings_in(year),
        "previous_year": year - 1 if year > 2000 else None,
        "next_year": year + 1 if year < 2100 else None,
    }
    return render(request, "network/meeting_year.html", context)


@requires("meeting_view")
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One meeting: when and where, access, who is invited, places, and the person's reply."""
    meeting = _visible_meeting(request, pk)
    invitation = selectors.own_invitation(meeting, request.user)
    context = {
        "meeting": meeting,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "audience": selectors.audience_description(meeting),
        "arrangements": selectors.access_arrangements(meeting),
        "registration": selectors.registration_of(meeting),
        "invitation": invitation,
        "waiting_position": selectors.waiting_position(invitation) if invitation else None,
        "may_reply": invitation is not None
        and not meeting.is_cancelled
        and meeting.starts_at > timezone.now(),
        "shows_agenda_pdf": _shows_agenda(request, meeting),
        "has_happened": meeting.starts_at <= timezone.now(),
        "after": meeting_records.after_the_meeting(meeting, request.user),
    }
    return render(request, "network/meeting_detail.html", context)


def _meeting_form_page(
    request: AuthenticatedRequest, form: MeetingForm, meeting: Meeting | None
) -> HttpResponse:
    return render(request, "network/meeting_form.html", {"form": form, "meeting": meeting})


@requires("meeting_record")
def meeting_add(request: AuthenticatedRequest) -> HttpResponse:
    """Add a meeting or event."""
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(by=request.user, **form.meeting_fields())
        except ValidationError as error:
            add_service_errors(form, meeting_errors(error))
        else:
            messages.success(request, f"“{meeting.title}” has been added.")
            return redirect(meeting)
    return _meeting_form_page(request, form, None)


@requires("meeting_record")
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a meeting; invitees are sent the new date, time or place."""
    meeting = _visible_meeting(request, pk)
    if meeting.is_cancelled:
        messages.error(request, "This meeting was cancelled, so it cannot be changed.")
        return redirect(meeting)
    form = MeetingForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        sequence = meeting.calendar_sequence
        try:
            services.update_meeting(
                meeting=meeting, by=request.user, changes=form.meeting_fields()
            )
        except ValidationError as error:
            add_service_errors(form, meeting_errors(error))
        else:
            saved = "Meeting details saved."
            if meeting.calendar_sequence > sequence:
                saved += " Everyone emailed the invitation is being sent the new details."
            messages.success(request, saved)
            return redirect(meeting)
    return _meeting_form_page(request, form, meeting)


@requires("meeting_record")
def meeting_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Cancel a meeting, with the reason, once confirmed."""
    meeting = _visible_meeting(request, pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") != "true":
            emailed = meeting.invitations.filter(email_status=Invitation.EmailStatus.SENT)
            return render(
                request,
                "includes/confirm_page.html",
                {
                    "heading": f"Cancel “{meeting.title}”?",
                    "consequences": [
                        "The meeting is marked cancelled, with your reason.",
                        f"{emailed.count()} people who were emailed the invitation are "
                        "emailed a cancellation that removes it from their calendar.",
                    ],
                    "hidden": {"reason": form.cleaned_data["reason"]},
                    "button": "Yes, cancel the meeting",
                    "back_url": meeting.get_absolute_url(),
                },
            )
        try:
            services.cancel_meeting(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{meeting.title}” has been cancelled.")
            return redirect(meeting)
    return render(request, "network/meeting_cancel.html", {"form": form, "meeting": meeting})


@requires("meeting_record")
def meeting_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Publish the signed-off agenda and invite everyone, once confirmed."""
    meeting = _visible_meeting(request, pk)
    problem = ""
    if request.method == "POST" and request.POST.get("confirm") == "true":
        try:
            created = services.publish_agenda(meeting=meeting, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                f"The agenda is published. {len(created)} people have been invited; "
                "the emails are on their way.",
            )
            return redirect(meeting)
    invitees = selectors.invitees_of(meeting)
    by_post = invitees.filter(preferred_channel__in=selectors.BY_POST).count()
    total = invitees.count()
    context = {
        "meeting": meeting,
        "problem": problem or _publish_refusal(meeting),
        "invitee_count": total,
        "by_email": total - by_post,
        "by_post": by_post,
        "left_out": selectors.invitees_left_out(meeting),
    }
    return render(request, "network/meeting_publish.html", context)


def _publish_refusal(meeting: Meeting) -> str:
    """Why the agenda cannot be published now, or "" when it can."""
    if meeting.is_cancelled:
        return "This meeting was cancelled, so its agenda cannot be published."
    if meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED:
        return "This agenda has already been published."
    if meeting.agenda_status != Meeting.AgendaStatus.SIGNED_OFF:
        return (
            "The agenda must be signed off before it is published. "
            "Ask the chair, or the core group member they named, to sign it off."
        )
    return ""


@requires("meeting_view")
def meeting_calendar_file(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The meeting's calendar entry (.ics), to add to a calendar."""
    meeting = _visible_meeting(request, pk)
    response = HttpResponse(meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar_filename(meeting)}"'
    return response


def _shows_agenda(request: AuthenticatedRequest, meeting: Meeting) -> bool:
    """A published agenda is for everyone who sees the meeting; a draft for its arrangers."""
    return meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED or request.can("agenda_arrange")


@requires("meeting_view")
def meeting_agenda_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The agenda to print: standard, or large print with `?large=1`."""
    meeting = _visible_meeting(request, pk)
    if not _shows_agenda(request, meeting):
        raise Http404("The agenda is not published yet")
    large = request.GET.get("large") == "1"
    context = {
        "meeting": meeting,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "agenda": selectors.agenda_of(meeting),
        "arrangements": selectors.access_arrangements(meeting),
        "is_draft": meeting.agenda_status != Meeting.AgendaStatus.PUBLISHED,
        "large_print": large,
    }
    response = HttpResponse(render_pdf("print/agenda.html", context), "application/pdf")
    name = f"agenda-{meeting.pk}{'-large-print' if large else ''}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@requires("meeting_view")
def meeting_reply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An invitee's reply: coming or apologies, and their access needs for this meeting."""
    meeting = _visible_meeting(request, pk)
    invitation = selectors.own_invitation(meeting, request.user)
    if invitation is None:
        raise Http404("You have no invitation to this meeting")
    initial: dict[str, Any] = {"access_needs": invitation.access_needs}
    if invitation.reply:
        initial["reply"] = (
            Invitation.Reply.ATTENDING
            if invitation.reply == Invitation.Reply.WAITING
            else invitation.reply
        )
    form = ReplyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.reply_to_meeting(
                invitation=invitation,
                reply=form.cleaned_data["reply"],
                access_needs=form.cleaned_data["access_needs"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _reply_message(invitation))
            return redirect(meeting)
    context = {"form": form, "meeting": meeting, "invitation": invitation}
    return render(request, "network/meeting_reply.html", context)


def _reply_message(invitation: Invitation) -> str:
    if invitation.reply == Invitation.Reply.ATTENDING:
        return "Thank you: you have a place at the meeting."
    if invitation.reply == Invitation.Reply.WAITING:
        return (
            "The meeting is full, so you are on the waiting list. "
            "We will email you if a place comes free."
        )
    return "Thank you: your apologies have been sent."


REPLY_SORTS = {
    "name": Sort("Name", (Lower("person__full_name"),)),
    "reply": Sort(
        "Reply",
        (
            Case(
                *[
                    When(reply=value, then=Value(position))
                    for position, value in enumerate(Invitation.Reply.values)
                ]
            ),
            "replied_at",
        ),
    ),
    "replied": Sort("Replied on", ("replied_at",)),
    "email": Sort("Invitation", (by_label("email_status", Invitation.EmailStatus.choices),)),
}


@requires("meeting_record")
def meeting_replies(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Staff's list of replies, the counts, and the access needs people gave."""
    meeting = _visible_meeting(request, pk)
    page = listing.list_page(
        request,
        selectors.replies_to(meeting),
        sorts=REPLY_SORTS,
        default="name",
        singular="invitation",
        plural="invitations",
    )
    context = {
        "meeting": meeting,
        "registration": selectors.registration_of(meeting),
        "listing": page,
        "invitations": page.rows,
        "waiting": list(selectors.waiting_list(meeting)[:50]),
        "with_needs": list(selectors.replies_to(meeting).exclude(access_needs="")[:200]),
    }
    return render(request, "network/meeting_replies.html", context)


@requires("meeting_record")
def meeting_print_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who gets the agenda by post, with their address; problems listed first."""
    meeting = _visible_meeting(request, pk)
    by_post = list(selectors.print_list(meeting))
    context = {
        "meeting": meeting,
        "to_post": [i for i in by_post if i.person.address.strip() and i.person.postcode],
        "no_address": [i for i in by_post if not (i.person.address.strip() and i.person.postcode)],
        "not_emailed": list(selectors.not_emailed(meeting)),
        "shows_agenda_pdf": _shows_agenda(request, meeting),
    }
    return render(request, "network/meeting_print_list.html", context)
