"""The contact log: staff record calls, emails, letters, meetings and visits, and follow-ups."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coprod.permissions import AuthenticatedRequest, requires
from network import selectors, services
from network.forms.contacts import ContactForm
from network.models import Organisation, Person


def contact_log_section(
    request: AuthenticatedRequest,
    *,
    person: Person | None = None,
    organisation: Organisation | None = None,
) -> dict[str, Any]:
    """The log section of a person's or an organisation's page (None: not shown)."""
    page = selectors.contact_log_page(
        request.user,
        number=request.GET.get("contacts"),
        person=person,
        organisation=organisation,
    )
    return {"contact_log": page, "contact_log_next": request.get_full_path()}


@requires("contact_log")
def organisation_contact_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record a contact with an organisation, and with one of its representatives if named."""
    organisation = get_object_or_404(selectors.organisations_visible_to(request.user), pk=pk)
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        people=selectors.people_representing(organisation).order_by("full_name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_contact(
                by=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Contact with {organisation} recorded.")
            return redirect(organisation)
    context = {"form": form, "about": organisation}
    return render(request, "network/contact_add.html", context)


@requires("contact_log")
def person_contact_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record a contact with a person, on behalf of one of their organisations if named."""
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.organisations_represented_by(person).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_contact(by=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Contact with {person} recorded.")
            return redirect(person)
    context = {"form": form, "about": person}
    return render(request, "network/contact_add.html", context)


@requires("contact_log")
@require_POST
def follow_up_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark a contact's follow-up done, then go back to the page it was marked on."""
    record = get_object_or_404(
        selectors.contact_records_for_staff(request.user).filter(follow_up_on__isnull=False),
        pk=pk,
    )
    services.complete_follow_up(record=record, by=request.user)
    messages.success(request, f"Follow-up with {record.with_whom} marked as done.")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    page = record.person or record.organisation
    if page is None:  # the database makes every record name one or the other
        raise Http404
    return redirect(page)
