"""People, the organisations they represent, their role terms, invitations and own details."""

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coprod import spreadsheets
from coprod.permissions import AuthenticatedRequest, requires, role_labels, roles_of
from network import selectors, services
from network.forms.people import (
    MyDetailsForm,
    PeriodEndForm,
    PersonFilter,
    PersonForm,
    RepresentativeForm,
    RoleTermForm,
)
from network.models import Person, Representative, RoleTerm

EXPORT_HEADERS = [
    "Name",
    "Pronouns",
    "Email",
    "Phone",
    "Postal address",
    "Postcode",
    "Preferred way to be contacted",
    "Access needs",
    "Other access needs",
    "Organisations represented",
    "Current roles",
    "Consent to be contacted",
]


@requires("person_list")
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    """Everyone the network keeps in touch with, searched and filtered."""
    filterset = PersonFilter(request.GET, queryset=selectors.person_list(request.user))
    return render(
        request, "network/person_list.html", {"filterset": filterset, "people": filterset.qs}
    )


@requires("person_list")
def person_export(request: AuthenticatedRequest) -> HttpResponse:
    """The filtered people list as CSV, without lived experience."""
    people = selectors.person_list(request.user).prefetch_related("access_needs")
    filterset = PersonFilter(request.GET, queryset=people)
    return spreadsheets.csv_response(
        filename=f"people-{timezone.localdate():%Y-%m-%d}.csv",
        headers=EXPORT_HEADERS,
        rows=_people_rows(filterset.qs),
    )


def _people_rows(people: Iterable[Person]) -> Iterable[list[str]]:
    for person in people:
        yield [
            person.full_name,
            person.pronouns,
            person.email,
            person.phone,
            person.address,
            person.postcode,
            person.get_preferred_channel_display(),
            "; ".join(need.name for need in person.access_needs.all()),
            person.access_needs_other,
            "; ".join(r.organisation.name for r in person.current_representations),  # type: ignore[attr-defined]
            "; ".join(term.get_role_display() for term in person.current_terms),  # type: ignore[attr-defined]
            _consent_status(person),
        ]


def _consent_status(person: Person) -> str:
    if person.consent_withdrawn_on:
        return f"Withdrawn on {person.consent_withdrawn_on:%-d %B %Y}"
    if person.consent_given_on:
        return f"Given on {person.consent_given_on:%-d %B %Y}"
    return "Not recorded"


@requires("person_list")
def person_add(request: AuthenticatedRequest) -> HttpResponse:
    """Add a person; from an organisation's page, as its representative from today."""
    organisation = None
    if organisation_id := request.GET.get("organisation", ""):
        organisation = get_object_or_404(
            selectors.organisations_visible_to(request.user),
            pk=organisation_id if organisation_id.isdigit() else 0,
        )
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(
                by=request.user, represents=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            joined = f" as a representative of {organisation}" if organisation else ""
            messages.success(request, f"{person} added{joined}.")
            return redirect(person)
    context = {"form": form, "organisation": organisation}
    return render(request, "network/person_add.html", context)


@login_required
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A person's whole record for staff; anyone else sees their own on My details."""
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    if not request.can.fully("person_contact"):
        return redirect("network:my-details")
    person = selectors.person_detail(person)
    user = person.user
    can_sign_in = bool(user and user.has_usable_password())
    context = {
        "person": person,
        "can_sign_in": can_sign_in,
        "can_invite": bool(person.email) and not can_sign_in,
        "sign_in_roles": role_labels(roles_of(user)) if user else [],
        "today": timezone.localdate(),
    }
    return render(request, "network/person_detail.html", context)


@requires("person_list")
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a person's details, consent and (sensitive) lived experience."""
    person = get_object_or_404(
        selectors.people_visible_to(request.user).prefetch_related("access_needs"), pk=pk
    )
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(person=person, by=request.user, changes=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Details of {person} saved.")
            return redirect(person)
    return render(request, "network/person_edit.html", {"form": form, "person": person})


@requires("person_list")
@require_POST
def person_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Email a person a link to choose a password and sign in."""
    person = get_object_or_404(
        selectors.people_visible_to(request.user).select_related("user"), pk=pk
    )
    if person.user and person.user.has_usable_password():
        messages.info(request, f"{person} can already sign in.")
        return redirect(person)
    try:
        services.invite_person(person=person, by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invitation sent to {person} at {person.email}.")
    return redirect(person)


@requires("audit")
def person_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who changed a person's record, organisations and role terms, and when."""
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    entries = selectors.history_for(
        person.history.all(),
        Representative.history.filter(person_id=person.pk),
        RoleTerm.history.filter(person_id=person.pk),
    )
    return render(request, "network/person_history.html", {"person": person, "entries": entries})


@requires("network_change")
def representative_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record that a person represents an organisation from a date."""
    person = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    form = RepresentativeForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            representative = services.add_representative(
                person=person, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"{person} represents {representative.organisation} from "
                f"{representative.started_on:%-d %B %Y}.",
            )
            return redirect(person)
    return render(request, "network/representative_add.html", {"form": form, "person": person})


@requires("network_change")
def representative_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """End a person's representation of an organisation on a date."""
    representative = get_object_or_404(
        Representative.objects.filter(
            person__in=selectors.people_visible_to(request.user), ended_on=None
        ).select_related("person__user", "organisation"),
        pk=pk,
    )
    form = PeriodEndForm(request.POST or None, started_on=representative.started_on)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_representative(
                representative=representative, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"{representative.person} represents {representative.organisation} until "
                f"{representative.ended_on:%-d %B %Y}.",
            )
            return redirect(representative.person)
    return render(
        request,
        "network/representative_end.html",
        {"form": form, "representative": representative},
    )


@requires("network_change")
def role_term_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Start a person's term in a role; their login gets the role's access."""
    person = get_object_or_404(
        selectors.people_visible_to(request.user).select_related("user"), pk=pk
    )
    form = RoleTermForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.start_role_term(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"{person}'s term as {term.get_role_display()} starts on "
                f"{term.started_on:%-d %B %Y}.",
            )
            return redirect(person)
    return render(request, "network/role_term_add.html", {"form": form, "person": person})


@requires("network_change")
def role_term_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """End a role term on a date; their login loses the role's access."""
    term = get_object_or_404(
        RoleTerm.objects.filter(
            person__in=selectors.people_visible_to(request.user), ended_on=None
        ).select_related("person__user"),
        pk=pk,
    )
    form = PeriodEndForm(request.POST or None, started_on=term.started_on)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_role_term(term=term, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                f"{term.person}'s term as {term.get_role_display()} ends on "
                f"{term.ended_on:%-d %B %Y}.",
            )
            return redirect(term.person)
    return render(request, "network/role_term_end.html", {"form": form, "term": term})


@login_required
def my_details(request: AuthenticatedRequest) -> HttpResponse:
    """The signed-in person's own record, and the details they may change themselves."""
    person = selectors.own_person(request.user)
    if person is None:
        return render(request, "network/my_details.html", {"person": None})
    person = selectors.person_detail(person)
    form = MyDetailsForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(person=person, by=request.user, changes=form.changes())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Your details have been saved.")
            return redirect("network:my-details")
    organisations = [r.organisation for r in person.representations.all() if r.ended_on is None]
    return render(
        request,
        "network/my_details.html",
        {"person": person, "form": form, "organisations": organisations},
    )
