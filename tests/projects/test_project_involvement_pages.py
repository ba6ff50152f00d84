"""The level-of-involvement map, totals, commissioned work, advisory groups, activities linked
to meetings, edited and deleted, through the pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from coprod.forms import date_parts
from network.models import AdvisoryGroupMember
from projects.models import Commission, InvolvementActivity
from tests.factories import (
    AdvisoryGroupFactory,
    AdvisoryGroupMemberFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.projects.factories import (
    ActivityFactory,
    ClaimFactory,
    CommissionFactory,
    ProgrammeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_the_level_map_counts_activities_at_each_level_by_project(staff_client):
    programme = ProgrammeFactory()
    end_of_life = ProjectFactory(programme=programme, title="Dying well at home")
    for level in ("informed", "consulted", "co-produced", "co-produced"):
        ActivityFactory(project=end_of_life, level=level)
    quiet = ProjectFactory(programme=programme, title="Quiet project")
    ActivityFactory(project=quiet, level="consulted")
    response = staff_client.get(programme.get_absolute_url())
    rows = {
        project.title: (
            project.informed_count,
            project.consulted_count,
            project.involved_count,
            project.co_produced_count,
        )
        for project in response.context["listing"].rows
    }
    assert rows == {"Dying well at home": (1, 1, 0, 2), "Quiet project": (0, 1, 0, 0)}
    assert "Level of involvement reached" in response.content.decode()


def test_the_level_map_costs_the_same_with_more_projects(staff_client, django_assert_num_queries):
    programme = ProgrammeFactory()
    ActivityFactory(project=ProjectFactory(programme=programme))
    url = reverse("projects:project-list")
    staff_client.get(url)
    with django_assert_num_queries(7) as few:
        staff_client.get(url)
    for _ in range(4):
        ActivityFactory(project=ProjectFactory(programme=programme), level="co-produced")
    with django_assert_num_queries(len(few.captured_queries)):
        staff_client.get(url)


def test_the_programme_totals_count_commissioned_work_not_cancelled(staff_client):
    programme = ProgrammeFactory()
    project = ProjectFactory(programme=programme)
    CommissionFactory(project=project, value=Decimal("1500.00"))
    CommissionFactory(project=project, value=Decimal("300.00"), status="cancelled")
    CommissionFactory(value=Decimal("999.00"))  # another programme
    response = staff_client.get(programme.get_absolute_url())
    assert response.context["summary"].commissioned_value == Decimal("1500.00")


def test_staff_commission_work_from_a_person(staff_client):
    project = ProjectFactory()
    person = PersonFactory(full_name="Olive Older")
    response = staff_client.post(
        reverse("projects:commission-add", args=[project.pk]),
        {
            "supplier_kind": "person",
            "person": person.pk,
            "organisation": "",
            "description": "Advise on the films at every stage.",
            "value": "450",
            "status": "commissioned",
            **date_parts("starts_on", date(2025, 2, 3)),
        },
    )
    assert response.status_code == 302
    commission = Commission.objects.get()
    assert (commission.person, commission.organisation, commission.value) == (
        person,
        None,
        Decimal("450.00"),
    )


def test_a_commission_without_its_supplier_shows_errors_beside_the_fields(staff_client):
    project = ProjectFactory()
    response = staff_client.post(
        reverse("projects:commission-add", args=[project.pk]),
        {"supplier_kind": "organisation", "value": "abc", "description": "Focus groups"},
    )
    assert response.context["form"].errors == {
        "organisation": ["Choose the organisation."],
        "value": ["Enter the value as an amount of money, like 1500.00."],
        "starts_on": ["Enter the start date"],
        "status": ["Choose the status."],
    }
    assert "Focus groups" in response.content.decode()


def test_an_organisation_not_user_led_is_not_offered(staff_client):
    provider = OrganisationFactory(is_user_or_carer_led=False)
    response = staff_client.get(reverse("projects:commission-add", args=[ProjectFactory().pk]))
    assert provider not in response.context["form"].fields["organisation"].queryset


def test_the_project_page_names_organisations_but_not_people_to_the_board(board_client):
    project = ProjectFactory()
    CommissionFactory(project=project, organisation=OrganisationFactory(name="Carers Voice"))
    CommissionFactory(
        project=project, organisation=None, person=PersonFactory(full_name="Olive Older")
    )
    page = board_client.get(project.get_absolute_url()).content.decode()
    assert "Carers Voice" in page
    assert "Olive Older" not in page
    assert "A person who uses services or a carer" in page


def test_staff_set_up_a_group_and_add_members_in_their_capacities(staff_client):
    project = ProjectFactory(title="Dying well at home")
    staff_client.post(
        reverse("projects:advisory-group-add", args=[project.pk]),
        {"name": "Dying well at home advisory group"},
    )
    project.refresh_from_db()
    assert project.advisory_group.name == "Dying well at home advisory group"
    person = PersonFactory()
    url = reverse("projects:advisory-member-add", args=[project.pk])
    response = staff_client.post(url, {"person": person.pk})
    assert response.context["form"].errors == {
        "capacity": ["Choose the capacity they join in."],
        "started_on": ["Enter the date they joined"],
    }
    staff_client.post(
        url,
        {
            "person": person.pk,
            "capacity": "commissioner",
            **date_parts("started_on", date(2025, 1, 6)),
        },
    )
    member = AdvisoryGroupMember.objects.get()
    assert (member.person, member.capacity) == (person, "commissioner")
    end = staff_client.post(
        reverse("projects:advisory-member-end", args=[member.pk]),
        date_parts("ended_on", date(2024, 12, 1)),
    )
    assert end.context["form"].errors == {
        "ended_on": ["The end date must be on or after the day the place started, 6 January 2025."]
    }


def test_the_group_page_lists_its_meetings(staff_client):
    group = AdvisoryGroupFactory()
    project = ProjectFactory(advisory_group=group)
    AdvisoryGroupMemberFactory(group=group, person=PersonFactory(full_name="Carol Carer"))
    MeetingFactory(title="First PAG meeting", kind="advisory-group", advisory_group=group)
    MeetingFactory(title="A strategic meeting")
    response = staff_client.get(reverse("projects:advisory-group", args=[project.pk]))
    page = response.content.decode()
    assert [meeting.title for meeting, _ in response.context["meetings"]] == ["First PAG meeting"]
    assert "Carol Carer" in page
    assert [(row.label, row.count) for row in response.context["by_capacity"]] == [
        ("Carer", 1),
        ("Person who uses services", 0),
        ("Commissioner", 0),
        ("Provider", 0),
        ("Chair", 0),
        ("Staff", 0),
    ]


def test_an_activity_linked_to_a_meeting_shows_it_on_the_project_page(staff_client):
    project = ProjectFactory()
    meeting = MeetingFactory(title="Second PAG meeting", kind="advisory-group")
    ActivityFactory(project=project, meeting=meeting, kind="advisory-group")
    assert "Second PAG meeting" in staff_client.get(project.get_absolute_url()).content.decode()


def test_staff_correct_an_activity(staff_client):
    activity = ActivityFactory(carers=4, people_who_use_services=3)
    response = staff_client.post(
        reverse("projects:activity-edit", args=[activity.pk]),
        {
            **date_parts("held_on", activity.held_on),
            "project": activity.project_id,
            "kind": "workshop",
            "level": "co-produced",
            "people_who_use_services": "3",
            "carers": "5",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.carers, activity.level) == (5, "co-produced")


def test_a_bad_correction_is_shown_and_kept(staff_client):
    activity = ActivityFactory()
    response = staff_client.post(
        reverse("projects:activity-edit", args=[activity.pk]),
        {"project": activity.project_id, "carers": "lots", "notes": "Keep me"},
    )
    errors = response.context["form"].errors
    assert errors["carers"] == ["Enter the number of carers as a whole number."]
    assert "Keep me" in response.content.decode()


def test_staff_delete_an_activity_after_confirming(staff_client):
    activity = ActivityFactory()
    url = reverse("projects:activity-delete", args=[activity.pk])
    assert "Yes, delete the activity" in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"confirm": "true"})
    assert response.status_code == 302
    assert not InvolvementActivity.objects.filter(pk=activity.pk).exists()


def test_an_activity_with_claims_is_not_deleted(staff_client):
    claim = ClaimFactory()
    url = reverse("projects:activity-delete", args=[claim.activity_id])
    response = staff_client.post(url, {"confirm": "true"})
    assert (
        "This activity has payment claims, so it cannot be deleted." in response.content.decode()
    )
    assert InvolvementActivity.objects.filter(pk=claim.activity_id).exists()
