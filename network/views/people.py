"""People, the organisations they represent, their role terms, invitations and own details."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from coprod import listing, spreadsheets
from coprod.forms import add_service_errors, date_parts
from coprod.listing import Sort, by_label
from coprod.models import User
from coprod.permissions import AuthenticatedRequest, Role, requires, role_labels, roles_of
from network import selectors, services
from network.forms.people import (
    ConsentWithdrawalForm,
    MyDetailsForm,
    PeriodEndForm,
    PersonFilter,
    PersonForm,
    RepresentativeForm,
    RoleTermForm,
)
from network.models import Person, Representative, RoleTerm
from network.views.contacts import contact_log_section

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


PERSON_SORTS = {
    "name": Sort("Name", (Lower("full_name"),)),
    "channel": Sort(
        "Preferred way to be contacted",
        (by_label("preferred_channel", Person.Channel.choices), Lower("full_name")),
    ),
    # Given (earliest first), then not recorded, then withdrawn: as the column reads.
    "consent": Sort(
        "Consent to be contacted",
        (
            Case(
                When(consent_withdrawn_on__isnull=False, then=Value(3)),
                When(consent_given_on__isnull=False, then=Value(1)),
                default=Value(2),
            ),
            "consent_given_on",
            "consent_withdrawn_on",
            Lower("full_name"),
        ),
    ),
}


@requires("person_list")
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    """Everyone the network keeps in touch with, searched, filtered, sorted, 50 at a time."""
    filterset = PersonFilter(
        listing.filter_data(request), queryset=selectors.person_list(request.user)
    )
    people = listing.list_page(
        request,
        filterset.qs,
        sorts=PERSON_SORTS,
        default="name",
        singular="person",
        plural="people",
    )
    context = {"filterset": filterset, "listing": people, "people": people.rows}
    return render(request, "network/person_list.html", context)


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
        return f"Withdrawn on {date_format(person.consent_withdrawn_on)}"
    if person.consent_given_on:
        return f"Given on {date_format(person.consent_given_on)}"
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
            add_service_errors(form, error)
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
        **contact_log_section(request, person=person),
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
            add_service_errors(form, error)
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
        # The link starts with the address this page was served on (its host is one of
        # ALLOWED_HOSTS, so a forged Host header cannot redirect it).
        services.invite_person(
            person=person, by=request.user, site_url=request.build_absolute_uri("/")
        )
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
    entries = selectors.person_history(person)
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
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{person} represents {representative.organisation} from "
                f"{date_format(representative.started_on)}.",
            )
            return redirect(person)
    return render(request, "network/representative_add.html", {"form": form, "person": person})


@requires("network_change")
def representative_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """End a person's representation of an organisation on a date, once confirmed."""
    representative = get_object_or_404(
        Representative.objects.filter(
            person__in=selectors.people_visible_to(request.user), ended_on=None
        ).select_related("person__user", "organisation"),
        pk=pk,
    )
    person, organisation = representative.person, representative.organisation
    form = PeriodEndForm(
        request.POST if request.method == "POST" else None, started_on=representative.started_on
    )
    if request.method == "POST" and form.is_valid():
        ended_on = form.cleaned_data["ended_on"]
        if not form.cleaned_data["confirm"]:
            heading = (
                f"End {person}'s representation of {organisation} on {date_format(ended_on)}?"
            )
            return _confirm(
                request,
                heading=heading,
                consequences=_representation_consequences(representative, ended_on),
                hidden=date_parts("ended_on", ended_on),
                button="Yes, end the representation",
                back_url=person.get_absolute_url(),
            )
        try:
            services.end_representative(
                representative=representative, by=request.user, ended_on=ended_on
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{person} represents {organisation} until {date_format(ended_on)}.",
            )
            return redirect(person)
    return render(
        request,
        "network/representative_end.html",
        {"form": form, "representative": representative},
    )


def _representation_consequences(representative: Representative, ended_on: date) -> list[str]:
    organisation = representative.organisation
    lines = [f"They will no longer represent {organisation} in the network after that day."]
    if representative.person.user is not None:
        lines.append(f"They lose access to {organisation}'s records at the end of that day.")
        others = representative.person.representations.filter(ended_on=None).exclude(
            pk=representative.pk
        )
        if not others.exists():
            lines.append(
                "They represent no other organisation, so their sign-in loses a member's "
                "access too."
            )
    return lines


def _confirm(
    request: AuthenticatedRequest,
    *,
    heading: str,
    consequences: list[str],
    hidden: dict[str, str],
    button: str,
    back_url: str,
    warning: str = "",
    warning_link: str = "",
) -> HttpResponse:
    """The page asking to confirm something that cannot be undone, carrying the answers."""
    context: dict[str, Any] = {
        "heading": heading,
        "consequences": consequences,
        "hidden": hidden,
        "button": button,
        "back_url": back_url,
        "warning": warning,
        "warning_link": warning_link,
    }
    return render(request, "includes/confirm_page.html", context)


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
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{person}'s term as {term.get_role_display()} starts on "
                f"{date_format(term.started_on)}.",
            )
            return redirect(person)
    return render(request, "network/role_term_add.html", {"form": form, "person": person})


@requires("network_change")
def role_term_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """End a role term on a date, once confirmed; their login loses the role's access."""
    term = get_object_or_404(
        RoleTerm.objects.filter(
            person__in=selectors.people_visible_to(request.user), ended_on=None
        ).select_related("person__user"),
        pk=pk,
    )
    person, user = term.person, term.person.user
    form = PeriodEndForm(
        request.POST if request.method == "POST" else None, started_on=term.started_on
    )
    if request.method == "POST" and form.is_valid():
        ended_on = form.cleaned_data["ended_on"]
        keeps_admin_rights = term.role == Role.STAFF and user is not None and user.is_superuser
        if not form.cleaned_data["confirm"]:
            return _confirm(
                request,
                heading=(
                    f"End {person}'s term as {term.get_role_display()} on {date_format(ended_on)}?"
                ),
                consequences=_term_consequences(term, user),
                hidden=date_parts("ended_on", ended_on),
                button="Yes, end the term",
                back_url=person.get_absolute_url(),
                warning=SUPERUSER_WARNING.format(person=person) if keeps_admin_rights else "",
                warning_link=(
                    reverse("admin:coprod_user_change", args=[user.pk])
                    if keeps_admin_rights and user is not None
                    else ""
                ),
            )
        try:
            services.end_role_term(term=term, by=request.user, ended_on=ended_on)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = (
                f"{person}'s term as {term.get_role_display()} ends on {date_format(ended_on)}."
            )
            if keeps_admin_rights:
                message += " " + SUPERUSER_WARNING.format(person=person)
            messages.success(request, message)
            return redirect(person)
    return render(request, "network/role_term_end.html", {"form": form, "term": term})


# What a person can no longer do when a term ends (SPEC's table, in plain words).
ROLE_LOSSES = {
    Role.STAFF: (
        "They will no longer be able to see or change people's records, the contact log, "
        "meetings, projects or reports as staff."
    ),
    Role.CHAIR: (
        "They will no longer be able to sign off agendas or name core group members "
        "to sign them off."
    ),
    Role.CORE_GROUP: (
        "They will no longer be able to arrange draft agendas or advise on recruitment "
        "as a core group member."
    ),
    Role.BOARD: (
        "They will no longer be able to read the representation page, approved report "
        "editions or the plan of change as a Board member."
    ),
}
SUPERUSER_WARNING = (
    "{person} has administrator rights (superuser), which still let them see and change "
    "everything after their staff term ends. To remove them, untick “Superuser status” "
    "on their sign-in in the Django admin."
)


def _term_consequences(term: RoleTerm, user: User | None) -> list[str]:
    lines = [ROLE_LOSSES[Role(term.role)]]
    if user is None:
        lines.append("They do not sign in, so no sign-in loses access.")
    else:
        lines.append("Their sign-in keeps the role's access until the end of that day.")
        others = role_labels(roles_of(user) - {term.role})
        if others:
            lines.append(f"They keep the access their other roles give: {', '.join(others)}.")
    if term.role == Role.CHAIR:
        lines.append("The network will have no chair until a new chair's term starts.")
    return lines


@requires("network_change")
def person_consent_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record, once confirmed, that a person withdrew their consent to be contacted."""
    person = get_object_or_404(
        selectors.people_visible_to(request.user).filter(consent_withdrawn_on=None), pk=pk
    )
    form = ConsentWithdrawalForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        withdrawn_on = form.cleaned_data["withdrawn_on"]
        if not form.cleaned_data["confirm"]:
            return _confirm(
                request,
                heading=(
                    f"Record that {person} withdrew consent to be contacted on "
                    f"{date_format(withdrawn_on)}?"
                ),
                consequences=[
                    f"We will stop contacting {person} about the network: no bulletins, "
                    "invitations or surveys, by any means.",
                    "Their record stays, and their page will say when consent was withdrawn.",
                    "If they give consent again, record the new date on their record.",
                ],
                hidden=date_parts("withdrawn_on", withdrawn_on),
                button="Yes, withdraw consent",
                back_url=person.get_absolute_url(),
            )
        try:
            services.withdraw_consent(person=person, by=request.user, on=withdrawn_on)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{person} withdrew consent to be contacted on {date_format(withdrawn_on)}. "
                "We will not contact them about the network.",
            )
            return redirect(person)
    return render(request, "network/consent_withdraw.html", {"form": form, "person": person})


@login_required
def my_consent_withdraw(request: AuthenticatedRequest) -> HttpResponse:
    """A person withdraws their own consent to be contacted, from today, once confirmed."""
    person = selectors.own_person(request.user)
    if person is None:
        return redirect("network:my-details")
    if person.consent_withdrawn_on is not None:
        messages.info(
            request,
            f"You withdrew your consent to be contacted on "
            f"{date_format(person.consent_withdrawn_on)}.",
        )
        return redirect("network:my-details")
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            services.withdraw_consent(person=person, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("network:my-details")
        messages.success(
            request,
            f"You withdrew your consent to be contacted on {date_format(timezone.localdate())}. "
            "We will not contact you about the network any more.",
        )
        return redirect("network:my-details")
    return _confirm(
        request,
        heading="Withdraw your consent to be contacted?",
        consequences=[
            "We will stop contacting you about the network from today: no bulletins, "
            "invitations or surveys, by any means.",
            "You can still sign in and see your details.",
            "To be contacted again, ask the co-production team.",
        ],
        hidden={},
        button="Yes, withdraw my consent",
        back_url=reverse("network:my-details"),
    )


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
            services.update_person(person=person, by=request.user, changes=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your details have been saved.")
            return redirect("network:my-details")
    organisations = [r.organisation for r in person.representations.all() if r.ended_on is None]
    return render(
        request,
        "network/my_details.html",
        {"person": person, "form": form, "organisations": organisations},
    )
