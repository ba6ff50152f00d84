"""The involvement log: one quick form, clear messages beside the fields, an audit history."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects import services
from projects.models import InvolvementActivity
from tests.dates import date_parts, shows_typed_date
from tests.factories import MemberOrganisationFactory, PersonFactory
from tests.projects.factories import ActivityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_log_activity_saves_the_activity_with_its_author_in_the_history(staff_user):
    project = ProjectFactory()
    organisation = MemberOrganisationFactory()
    activity = services.log_activity(
        project=project,
        by=staff_user,
        held_on=date(2025, 3, 4),
        kind="advisory-group",
        level="co-produced",
        carers=4,
        people_who_use_services=3,
        organisations=[organisation],
    )
    assert list(activity.organisations.all()) == [organisation]
    assert activity.logged_by == staff_user
    assert {entry.history_user for entry in activity.history.all()} == {staff_user}


def test_an_activity_needs_at_least_one_participant(staff_user):
    with pytest.raises(ValidationError) as caught:
        services.log_activity(
            project=ProjectFactory(),
            by=staff_user,
            held_on=date(2025, 3, 4),
            kind="workshop",
            level="informed",
        )
    assert "Enter how many people took part: at least one." in caught.value.messages


def test_negative_counts_and_money_are_refused(staff_user):
    with pytest.raises(ValidationError) as caught:
        services.log_activity(
            project=ProjectFactory(),
            by=staff_user,
            held_on=date(2025, 3, 4),
            kind="workshop",
            level="informed",
            carers=-1,
            people_who_use_services=2,
            payments=Decimal("-5"),
        )
    assert caught.value.message_dict["carers"] == ["Enter 0 or more."]
    assert caught.value.message_dict["payments"] == ["Enter an amount of £0 or more."]


def form_data(project, held_on="2025-03-04", **changes):
    data = {
        **date_parts("held_on", held_on),
        "project": project.pk,
        "kind": "advisory-group",
        "level": "co-produced",
        "people_who_use_services": "3",
        "carers": "4",
        "other_participants": "",
        "hours": "14",
        "payments": "300",
        "expenses": "",
        "notes": "Met at the library.",
    }
    data.update(changes)
    return data


def test_the_log_form_records_an_activity_and_goes_to_the_project(staff_client, staff_user):
    project = ProjectFactory()
    organisation = MemberOrganisationFactory()
    response = staff_client.post(
        reverse("projects:activity-add"), form_data(project, organisations=[organisation.pk])
    )
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    activity = InvolvementActivity.objects.get()
    assert (activity.carers, activity.people_who_use_services, activity.other_participants) == (
        4,
        3,
        0,
    )
    assert activity.expenses == Decimal("0")
    assert list(activity.organisations.all()) == [organisation]
    assert activity.logged_by == staff_user


def test_save_and_log_another_comes_back_to_the_form_for_the_same_project(staff_client):
    project = ProjectFactory()
    response = staff_client.post(
        reverse("projects:activity-add"), form_data(project, log_another="1")
    )
    assert response.url == f"{reverse('projects:activity-add')}?project={project.pk}"
    page = staff_client.get(response.url).content.decode()
    assert f'<option value="{project.pk}" selected>' in page


def test_the_form_starts_with_today_and_the_project_given(staff_client):
    project = ProjectFactory()
    response = staff_client.get(f"{reverse('projects:activity-add')}?project={project.pk}")
    form = response.context["form"]
    assert form["project"].value() == project.pk
    assert form["held_on"].value() is not None
    assert [value for value, _ in form.fields["level"].choices] == [
        "informed",
        "consulted",
        "involved",
        "co-produced",
    ]


def test_a_bad_log_form_shows_each_problem_beside_its_field_and_keeps_the_input(staff_client):
    project = ProjectFactory()
    response = staff_client.post(
        reverse("projects:activity-add"),
        form_data(
            project,
            held_on="2025-13-04",
            kind="",
            carers="-2",
            people_who_use_services="3",
            payments="lots",
            notes="Keep this note",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["held_on"] == ["Enter a real date"]
    assert errors["kind"] == ["Choose the kind of activity."]
    assert errors["carers"] == ["Enter 0 or more."]
    assert errors["payments"] == ["Enter the payments as an amount of money, like 150.00."]
    page = response.content.decode()
    assert "There is a problem" in page
    assert shows_typed_date(page, "held_on", "2025-13-04")
    # Tied to its field (the shared field template renders the message itself).
    assert 'aria-describedby="id_carers_1_error" class="numberinput" aria-invalid="true"' in page
    assert "Enter 0 or more." in page
    assert "Keep this note" in page
    assert not InvolvementActivity.objects.exists()


def test_nobody_taking_part_is_explained_beside_the_first_count(staff_client):
    project = ProjectFactory()
    response = staff_client.post(
        reverse("projects:activity-add"),
        form_data(project, people_who_use_services="0", carers="", other_participants=""),
    )
    assert response.context["form"].errors["people_who_use_services"] == [
        "Enter how many people took part: at least one person who uses services, carer or "
        "other participant."
    ]


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_log_activities(role_clients, role):
    project = ProjectFactory()
    client = role_clients[role]
    assert client.get(reverse("projects:activity-add")).status_code == 403
    assert client.post(reverse("projects:activity-add"), form_data(project)).status_code == 403
    assert not InvolvementActivity.objects.exists()


def test_the_csv_export_has_one_row_per_activity_for_staff(staff_client):
    person = PersonFactory(full_name="Ada Lovelace")
    organisation = MemberOrganisationFactory(name="Older Carers Circle")
    ActivityFactory(
        project__title="Dying well at home",
        organisations=[organisation],
        people=[person],
        payments=Decimal("150.00"),
    )
    response = staff_client.get(reverse("projects:activity-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == [
        "Date",
        "Programme",
        "Project",
        "Kind of activity",
        "Level of involvement",
    ]
    assert rows[1][0] == "2025-03-04"
    assert rows[1][2] == "Dying well at home"
    assert rows[1][8] == "Older Carers Circle"
    assert rows[1][9] == "Ada Lovelace"
    assert rows[1][11] == "150.00"
    assert len(rows) == 2


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_the_csv_export_is_for_staff_only(role_clients, role):
    assert role_clients[role].get(reverse("projects:activity-export")).status_code == 403
