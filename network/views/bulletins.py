"""Bulletins: written by staff, the chair and the core group; sent by staff; read by all."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from coprod import listing
from coprod.forms import add_service_errors
from coprod.listing import Sort, by_label
from coprod.permissions import AuthenticatedRequest, requires
from coprod.spreadsheets import csv_response
from network import selectors, signed_links
from network.forms.bulletins import STOP, BulletinForm, EasyReadPointForm, PreferencesForm
from network.models import Bulletin, Delivery, Person, PrintPack
from network.rendering import markdown_to_html
from network.selectors import bulletins as bulletin_selectors
from network.services import bulletins as bulletin_services

BULLETIN_SORTS = {
    "title": Sort("Title", ("title",)),
    "status": Sort("Status", (by_label("status", Bulletin.Status.choices), "-created_at")),
    "created": Sort("Written", ("created_at",)),
}
DELIVERY_SORTS = {
    "name": Sort("Name", ("person__full_name",)),
    "channel": Sort("Channel", (by_label("channel", Delivery.Channel.choices),)),
    "status": Sort("Status", (by_label("status", Delivery.Status.choices), "person__full_name")),
    "attempts": Sort("Attempts", ("attempts",)),
}


def _bulletin(request: AuthenticatedRequest, pk: int) -> Bulletin:
    return get_object_or_404(bulletin_selectors.bulletins_visible_to(request.user), pk=pk)


@requires("bulletin_archive")
@require_GET
def bulletin_list(request: AuthenticatedRequest) -> HttpResponse:
    """The bulletins a person may read (and, for writers, the drafts), newest first."""
    bulletins = listing.list_page(
        request,
        bulletin_selectors.bulletins_visible_to(request.user),
        sorts=BULLETIN_SORTS,
        default="-created",
        singular="bulletin",
        plural="bulletins",
    )
    context = {"listing": bulletins, "bulletins": bulletins.rows}
    return render(request, "network/bulletin_list.html", context)


@requires("bulletin_send")
def bulletin_add(request: AuthenticatedRequest) -> HttpResponse:
    """Write a draft bulletin and choose who it is for."""
    form = BulletinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            bulletin = bulletin_services.save_bulletin(
                by=request.user, constituencies=data.pop("constituencies"), **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The draft “{bulletin.title}” has been saved.")
            return redirect(bulletin)
    return render(request, "network/bulletin_add.html", {"form": form})


@requires("bulletin_send")
def bulletin_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a draft's text or audience."""
    bulletin = _bulletin(request, pk)
    if not bulletin.is_draft:
        messages.error(request, "This bulletin has been sent, so it cannot be changed.")
        return redirect(bulletin)
    title = bulletin.title  # the form changes the instance as it validates
    form = BulletinForm(request.POST if request.method == "POST" else None, instance=bulletin)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            bulletin_services.save_bulletin(
                by=request.user,
                bulletin=bulletin,
                constituencies=data.pop("constituencies"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The draft “{bulletin.title}” has been saved.")
            return redirect(bulletin)
    context = {"form": form, "bulletin": bulletin, "title": title}
    return render(request, "network/bulletin_edit.html", context)


@requires("bulletin_archive")
@require_GET
def bulletin_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The bulletin; for staff, how sending is going (with a "Check again" button)."""
    bulletin = _bulletin(request, pk)
    is_sender = request.can.fully("bulletin_send")
    context = {
        "bulletin": bulletin,
        "body_html": markdown_to_html(bulletin.body),
        "points": list(bulletin.easy_read_points.all()),
        "statistics": (
            bulletin_selectors.delivery_statistics(bulletin)
            if is_sender and not bulletin.is_draft
            else None
        ),
        "packs": list(bulletin_selectors.print_packs(bulletin)) if is_sender else [],
    }
    return render(request, "network/bulletin_detail.html", context)


@requires("bulletin_send")
@require_POST
def bulletin_you_said(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add "you said, we did" since the last bulletin to the end of a draft, to edit there."""
    bulletin = _bulletin(request, pk)
    try:
        added = bulletin_services.add_you_said_we_did(bulletin=bulletin, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(bulletin)
    messages.success(
        request,
        f"Added {added} “you said, we did” to the end of the draft. "
        "Check the wording before it is sent.",
    )
    return redirect("network:bulletin-edit", pk=bulletin.pk)


@requires("bulletin_send")
def bulletin_easy_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The draft's easy-read version: its points, and a form to add one."""
    bulletin = _bulletin(request, pk)
    form = EasyReadPointForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            bulletin_services.add_easy_read_point(bulletin=bulletin, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Point added to the easy-read version.")
            return redirect("network:bulletin-easy-read", bulletin.pk)
    context = {"bulletin": bulletin, "form": form, "points": bulletin.easy_read_points.all()}
    return render(request, "network/bulletin_easy_read.html", context)


@requires("bulletin_send")
@require_POST
def easy_read_point_remove(request: AuthenticatedRequest, pk: int, position: int) -> HttpResponse:
    """Take a point out of a draft's easy-read version."""
    bulletin = _bulletin(request, pk)
    point = get_object_or_404(bulletin.easy_read_points, position=position)
    try:
        bulletin_services.remove_easy_read_point(point=point)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Point removed from the easy-read version.")
    return redirect("network:bulletin-easy-read", bulletin.pk)


@requires("bulletin_send")
@require_GET
def bulletin_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The bulletin as each channel will see it: email (HTML and text), easy read, print."""
    bulletin = _bulletin(request, pk)
    email = bulletin_services.preview_context(bulletin, easy_read=False)
    context = {
        "bulletin": bulletin,
        "email": email,
        "plain_text": render_to_string("emails/bulletin_body.txt", email),
        "easy_read": bulletin_services.preview_context(bulletin, easy_read=True),
    }
    return render(request, "network/bulletin_preview.html", context)


@requires("bulletin_send", fully=True)
@require_GET
def bulletin_recipients(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who would get the bulletin today, by email or by post, and who is left out and why."""
    bulletin = _bulletin(request, pk)
    recipients = bulletin_selectors.bulletin_recipients(bulletin, timezone.localdate())
    return render(
        request,
        "network/bulletin_recipients.html",
        {"bulletin": bulletin, "recipients": recipients},
    )


@requires("bulletin_send", fully=True)
def bulletin_send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Confirm, then record the deliveries and queue the emails and the print packs."""
    bulletin = _bulletin(request, pk)
    if not bulletin.is_draft:
        messages.error(request, "This bulletin has already been sent.")
        return redirect(bulletin)
    error = ""
    if request.method == "POST" and request.POST.get("confirm") == "true":
        try:
            bulletin_services.send_bulletin(bulletin=bulletin, by=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, f"“{bulletin.title}” is being sent.")
            return redirect(bulletin)
    recipients = bulletin_selectors.bulletin_recipients(bulletin, timezone.localdate())
    context = {
        "heading": f"Send “{bulletin.title}”?",
        "consequences": [
            f"{len(recipients.by_email)} people will be emailed it.",
            f"{len(recipients.by_post)} people will be posted it: "
            "print packs and a mailing list will be made.",
            f"{len(recipients.left_out)} people are left out (see the list of recipients).",
        ],
        "warning": error,
        "button": "Yes, send the bulletin",
        "back_url": bulletin.get_absolute_url(),
        "hidden": {},
    }
    return render(request, "includes/confirm_page.html", context, status=200)


@requires("bulletin_send", fully=True)
@require_GET
def bulletin_deliveries(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Each delivery: to whom, how, its status, attempts, error and any possible repeat."""
    bulletin = _bulletin(request, pk)
    deliveries = listing.list_page(
        request,
        bulletin_selectors.bulletin_deliveries(bulletin),
        sorts=DELIVERY_SORTS,
        default="status",
        singular="delivery",
        plural="deliveries",
    )
    context = {
        "bulletin": bulletin,
        "listing": deliveries,
        "deliveries": deliveries.rows,
        "statistics": bulletin_selectors.delivery_statistics(bulletin),
    }
    return render(request, "network/bulletin_deliveries.html", context)


@requires("bulletin_send", fully=True)
@require_POST
def bulletin_retry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Queue the bulletin's failed emails again."""
    bulletin = _bulletin(request, pk)
    count = bulletin_services.retry_failed_deliveries(bulletin=bulletin)
    messages.success(request, f"{count} failed email{'s' if count != 1 else ''} queued again.")
    return redirect(bulletin)


@requires("bulletin_send", fully=True)
@require_POST
def deliveries_reconcile(request: AuthenticatedRequest) -> HttpResponse:
    """Queue again any delivery a lost task or worker left behind (the beat task's button)."""
    result = bulletin_services.reconcile_deliveries()
    messages.success(
        request,
        f"{result.requeued + result.flagged} emails queued again; "
        f"{result.flagged} of them may reach their person twice and are flagged.",
    )
    return redirect("network:bulletin-list")


@requires("bulletin_send", fully=True)
@require_POST
def bulletin_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Make the print packs again (after a failure, or a change of the easy-read version)."""
    bulletin = _bulletin(request, pk)
    packs = bulletin_services.request_print_packs(bulletin=bulletin)
    if packs:
        messages.success(request, "The print packs are being made.")
    else:
        messages.error(request, "Nobody is to be posted this bulletin.")
    return redirect(bulletin)


@requires("bulletin_send", fully=True)
@require_GET
def print_pack_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A ready print pack's PDF."""
    pack = get_object_or_404(PrintPack.objects.select_related("bulletin"), pk=pk)
    if pack.status != PrintPack.Status.READY or not pack.file:
        raise Http404("This print pack is not ready.")
    # A streaming response: typed as HttpResponse for the decorators, as Django's own views do.
    return FileResponse(  # type: ignore[return-value]
        pack.file.open("rb"),
        as_attachment=True,
        filename=f"{pack.bulletin.title} ({pack.get_format_display()}).pdf",
        content_type="application/pdf",
    )


@requires("bulletin_send", fully=True)
@require_GET
def mailing_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Names and postal addresses of the people to post the bulletin to, with the format."""
    bulletin = _bulletin(request, pk)
    rows = []
    for delivery in bulletin_selectors.mailing_list(bulletin):
        address, _, postcode = delivery.address.rpartition("\n")
        rows.append((delivery.person.full_name, address, postcode, delivery.get_channel_display()))
    return csv_response(
        filename=f"bulletin-{bulletin.pk}-mailing-list.csv",
        headers=["Name", "Address", "Postcode", "Format"],
        rows=rows,
    )


@requires("person_contact", fully=True)
@require_POST
def person_email_working(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Staff have checked a refused address: bulletins may be emailed to it again."""
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    bulletin_services.mark_email_working(person=person, by=request.user)
    messages.success(request, f"{person.full_name}'s email address is marked as working.")
    return redirect(person)


# --- Signed links: no sign-in ---------------------------------------------------------


def _person_or_404(token: str, purpose: str) -> Person:
    person = signed_links.person_for(token, purpose)
    if person is None:
        raise Http404("This link is not valid. Use the link in your latest bulletin.")
    return person


def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """A person changes how they get bulletins, or stops them, from the link in one."""
    person = _person_or_404(token, signed_links.PREFERENCES)
    current = STOP if person.unsubscribed_at else person.preferred_channel
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        person=person,
        initial={"choice": current},
    )
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["choice"]
        bulletin_services.set_bulletin_preferences(
            person=person,
            channel=person.preferred_channel if choice == STOP else choice,
            unsubscribe=choice == STOP,
        )
        messages.success(
            request,
            "You will not be sent bulletins."
            if choice == STOP
            else "Your choice is saved. It applies from the next bulletin.",
        )
        return redirect(reverse("network:preferences", args=[token]))
    return render(request, "network/preferences.html", {"form": form, "person": person})


@csrf_exempt  # one-click unsubscribe (RFC 8058): mail programs POST without a form
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop bulletins for the person the link was made for (asks first, unless one-click)."""
    person = _person_or_404(token, signed_links.UNSUBSCRIBE)
    if request.method == "POST":
        bulletin_services.unsubscribe(person=person)
        return render(request, "network/unsubscribed.html", {"person": person})
    context = {
        "person": person,
        "preferences_url": reverse(
            "network:preferences", args=[signed_links.token_for(person, signed_links.PREFERENCES)]
        ),
    }
    return render(request, "network/unsubscribe.html", context)
