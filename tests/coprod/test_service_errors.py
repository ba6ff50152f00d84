"""A service's ValidationError lands on the form: beside its field, or above the form."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse

from coprod.forms import add_service_errors
from network import services
from network.models import Organisation, RoleTerm
from tests.dates import date_parts
from tests.factories import PersonFactory, RoleTermFactory


class ExampleForm(forms.Form):
    name = forms.CharField()
    started_on = forms.DateField()


def bound_form() -> ExampleForm:
    form = ExampleForm({"name": "Carers Voice", "started_on": "2025-03-03"})
    assert form.is_valid()
    return form


def test_a_message_for_a_field_goes_beside_that_field():
    form = bound_form()

    add_service_errors(form, ValidationError({"started_on": "Choose a later day."}))

    assert form.errors == {"started_on": ["Choose a later day."]}
    assert "started_on" not in form.cleaned_data


def test_a_message_for_a_field_the_form_lacks_goes_above_the_form():
    form = bound_form()

    add_service_errors(form, ValidationError({"role": "The network already has a chair."}))

    assert form.non_field_errors() == ["The network already has a chair."]
    assert set(form.errors) == {NON_FIELD_ERRORS}


def test_a_non_field_error_goes_above_the_form():
    form = bound_form()

    add_service_errors(form, ValidationError({NON_FIELD_ERRORS: ["Names must differ."]}))

    assert form.non_field_errors() == ["Names must differ."]
    assert set(form.errors) == {NON_FIELD_ERRORS}


def test_a_plain_list_of_messages_goes_above_the_form():
    form = bound_form()

    add_service_errors(form, ValidationError(["First problem.", "Second problem."]))

    assert form.non_field_errors() == ["First problem.", "Second problem."]


def test_field_and_unknown_messages_from_one_error_are_both_kept():
    form = bound_form()

    add_service_errors(
        form, ValidationError({"name": "Enter a shorter name.", "kind": "Choose a kind."})
    )

    assert form.errors["name"] == ["Enter a shorter name."]
    assert form.non_field_errors() == ["Choose a kind."]


@pytest.mark.django_db
@pytest.mark.time_machine("2025-06-15 12:00", tick=False)
def test_a_membership_starting_too_early_is_shown_beside_its_date(staff_client, staff_user):
    organisation = services.create_organisation(
        by=staff_user,
        name="Carers Voice",
        kind=Organisation.Kind.LOCAL,
        status="invited",
        status_since=date(2025, 4, 3),
    )

    response = staff_client.post(
        reverse("network:membership-change", args=[organisation.pk]),
        {"status": "active", **date_parts("started_on", "2025-04-01")},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "started_on": [
            "The new status must start on or after 3 April 2025, when the current one began."
        ]
    }


@pytest.mark.django_db
@pytest.mark.time_machine("2025-06-15 12:00", tick=False)
def test_a_chair_term_overlapping_an_earlier_one_is_refused_beside_the_role(staff_client):
    RoleTermFactory(
        role=RoleTerm.Role.CHAIR,
        started_on=date(2025, 1, 1),
        ended_on=date(2025, 5, 31),
        person__full_name="Chris Chair",
    )
    person = PersonFactory()

    response = staff_client.post(
        reverse("network:role-term-add", args=[person.pk]),
        {"role": RoleTerm.Role.CHAIR, **date_parts("started_on", "2025-03-03")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["role"] == [
        "Chris Chair is chair until 31 May 2025; start this term after that."
    ]
