"""The projects pages for every role: staff write; chair, core group and Board read counts;
members read the projects their organisation took part in."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects import services
from projects.models import Programme, Project, StageChange
from tests.dates import date_parts, shows_typed_date
from tests.factories import MemberOrganisationFactory, PersonFactory
from tests.projects.factories import (
    ActivityFactory,
    ImpactFactory,
    PlanFactory,
    ProgrammeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

READERS = ["chair", "core group", "board"]


@pytest.fixture
def project(member_person):
    """A project in which the member's organisation took part, with a named contributor."""
    organisation = member_person.representations.get().organisation
    project = ProjectFactory(title="Dying well at home", stage="scoping")
    activity = ActivityFactory(
        project=project,
        organisations=[organisation],
        people=[PersonFactory(full_name="Olive Contributor")],
        notes="Olive chaired the discussion.",
    )
    ImpactFactory(project=project, activities=[activity])
    PlanFactory(project=project, stage="scoping")
    return project


@pytest.fixture
def other_project(db):
    return ProjectFactory(title="Safeguarding adults", programme__title="Other programme")


def read_urls(project):
    return [
        reverse("projects:project-list"),
        reverse("projects:project-detail", args=[project.pk]),
        reverse("projects:programme-list"),
        reverse("projects:programme-detail", args=[project.programme_id]),
    ]


def write_urls(project):
    return [
        reverse("projects:project-add"),
        reverse("projects:project-edit", args=[project.pk]),
        reverse("projects:project-move", args=[project.pk]),
        reverse("projects:plan-write", args=[project.pk, "development"]),
        reverse("projects:impact-add", args=[project.pk]),
        reverse("projects:checkpoint-edit"),
        reverse("projects:activity-add"),
        reverse("projects:programme-add"),
        reverse("projects:programme-edit", args=[project.programme_id]),
    ]


def test_anonymous_people_are_sent_to_sign_in(client, project):
    for url in [*read_urls(project), *write_urls(project)]:
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("account_login")), url


def test_staff_open_every_page(staff_client, project):
    for url in [*read_urls(project), *write_urls(project)]:
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", READERS)
def test_governance_reads_every_project_but_may_not_write(role_clients, role, project):
    client = role_clients[role]
    for url in read_urls(project):
        assert client.get(url).status_code == 200, url
    for url in write_urls(project):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


@pytest.mark.parametrize("role", READERS)
def test_governance_sees_counts_without_contributors_names(role_clients, role, project):
    page = role_clients[role].get(project.get_absolute_url())
    text = page.content.decode()
    assert "Olive Contributor" not in text
    assert "Olive chaired the discussion." not in text
    assert "The names of people who took part are not shown." in text
    assert page.context["totals"].carers == 4
    activity = page.context["project"].activities.all()[0]
    assert not hasattr(activity, "named_people")  # never loaded for them


def test_staff_see_named_contributors_and_notes(staff_client, project):
    text = staff_client.get(project.get_absolute_url()).content.decode()
    assert "Olive Contributor" in text
    assert "Olive chaired the discussion." in text


def test_members_see_only_projects_their_organisation_took_part_in(
    member_client, project, other_project
):
    listing = member_client.get(reverse("projects:project-list")).context["listing"]
    assert [p.title for p in listing.rows] == ["Dying well at home"]
    assert member_client.get(project.get_absolute_url()).status_code == 200
    assert member_client.get(other_project.get_absolute_url()).status_code == 404
    assert (
        member_client.get(
            reverse("projects:programme-detail", args=[other_project.programme_id])
        ).status_code
        == 404
    )
    programmes = member_client.get(reverse("projects:programme-list")).context["listing"].rows
    assert [p.title for p in programmes] == [project.programme.title]
    text = member_client.get(project.get_absolute_url()).content.decode()
    assert "Olive Contributor" not in text


def test_members_may_not_write(member_client, project):
    for url in write_urls(project):
        assert member_client.get(url).status_code == 403, url
        assert member_client.post(url).status_code == 403, url


def test_the_project_page_shows_the_chain_plan_activities_impact(staff_client, project):
    text = staff_client.get(project.get_absolute_url()).content.decode()
    assert "Plan for scoping" in text
    assert "Workshop" in text
    assert "The advisory group rewrote recommendation 3." in text
    assert "Added as a proposal" not in text  # made by a factory, not the service


# --- Adding, editing and moving projects ----------------------------------------------


def test_staff_add_a_project_as_a_proposal(staff_client, staff_user):
    programme = ProgrammeFactory()
    response = staff_client.post(
        reverse("projects:project-add"),
        {
            "title": "Dying well at home",
            "programme": programme.pk,
            "lead": staff_user.pk,
            "description": "A guide on integrated end of life care.",
            **date_parts("started_on", "2025-01-06"),
            **date_parts("ends_on", ""),
        },
    )
    project = Project.objects.get()
    assert response.url == project.get_absolute_url()
    assert project.stage == "proposal"
    text = staff_client.get(response.url).content.decode()
    assert "Added as a proposal" in text
    assert "6 January 2025" in text


def test_a_bad_project_form_shows_the_problems_and_keeps_the_input(staff_client, staff_user):
    response = staff_client.post(
        reverse("projects:project-add"),
        {
            "title": "Kept title",
            "lead": staff_user.pk,
            **date_parts("started_on", "2025-02-01"),
            **date_parts("ends_on", "2025-01-01"),
        },
    )
    errors = response.context["form"].errors
    assert errors["programme"] == ["Choose the programme the project belongs to."]
    assert errors["ends_on"] == ["The expected end date must be on or after the start date."]
    assert 'value="Kept title"' in response.content.decode()
    assert shows_typed_date(response.content.decode(), "ends_on", "2025-01-01")
    assert not Project.objects.exists()


def test_only_staff_can_lead_a_project(staff_client, chair_user):
    field = staff_client.get(reverse("projects:project-add")).context["form"].fields["lead"]
    assert chair_user not in field.queryset


def test_moving_without_a_plan_says_why_and_links_to_the_plan_form(staff_client, project):
    response = staff_client.post(
        reverse("projects:project-move", args=[project.pk]), {"to_stage": "development"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        "Write the involvement plan for development before the project moves into development."
        in text
    )
    plan_url = reverse("projects:plan-write", args=[project.pk, "development"])
    assert (
        f'<a class="govuk-link" href="{plan_url}">Write the involvement plan for development</a>'
        in text
    )
    project.refresh_from_db()
    assert project.stage == "scoping"


def test_moving_with_a_plan_records_the_move(staff_client, staff_user, project):
    PlanFactory(project=project, stage="development")
    response = staff_client.post(
        reverse("projects:project-move", args=[project.pk]),
        {"to_stage": "development", "note": "Scope agreed"},
    )
    assert response.url == project.get_absolute_url()
    change = StageChange.objects.get(project=project)
    assert (change.to_stage, change.changed_by, change.note) == (
        "development",
        staff_user,
        "Scope agreed",
    )
    text = staff_client.get(response.url).content.decode()
    assert "Scoping to development" in text


def test_the_move_form_offers_the_next_stage_first(staff_client, project):
    form = staff_client.get(project.get_absolute_url()).context["move_form"]
    assert form.fields["to_stage"].initial == "development"
    assert "scoping" not in dict(form.fields["to_stage"].choices)


def test_staff_set_the_checkpoints(staff_client):
    response = staff_client.post(
        reverse("projects:checkpoint-edit"), {"stages": ["development", "published"]}
    )
    assert response.status_code == 302
    from projects.services import checkpoint_stages

    assert checkpoint_stages() == {"development", "published"}


def test_staff_add_a_programme(staff_client):
    response = staff_client.post(
        reverse("projects:programme-add"), {"title": "Adult social care", "description": ""}
    )
    programme = Programme.objects.get()
    assert response.url == programme.get_absolute_url()


# --- The list: filters, sorting, counts ------------------------------------------------


def test_the_list_filters_by_stage_involvement_and_level(staff_client, project, other_project):
    url = reverse("projects:project-list")

    def titles(**params):
        return [p.title for p in staff_client.get(url, params).context["listing"].rows]

    assert titles(stage="scoping") == ["Dying well at home"]
    assert titles(has_involvement="no") == ["Safeguarding adults"]
    assert titles(has_involvement="yes") == ["Dying well at home"]
    assert titles(level="involved") == ["Dying well at home"]
    assert titles(level="co-produced") == []
    assert titles(programme=other_project.programme_id) == ["Safeguarding adults"]
    assert titles(lead=other_project.lead_id) == ["Safeguarding adults"]


def test_the_list_sorts_by_its_columns(staff_client, project, other_project):
    url = reverse("projects:project-list")
    by_activities = staff_client.get(url, {"sort": "-activities"}).context["listing"].rows
    assert [p.title for p in by_activities] == ["Dying well at home", "Safeguarding adults"]
    response = staff_client.get(url, {"sort": "stage"})
    by_stage = response.context["listing"].rows
    assert [p.title for p in by_stage] == ["Safeguarding adults", "Dying well at home"]
    by_lead = staff_client.get(url, {"sort": "-lead", "stage": "scoping"}).context["listing"]
    assert [p.title for p in by_lead.rows] == ["Dying well at home"]
    # The shared sort headings: the sorted column says so, and keeps the filters.
    page = response.content.decode()
    assert '<th scope="col" class="govuk-table__header" aria-sort="ascending">' in page
    assert 'href="?sort=-stage"' in page
    assert (
        'href="?stage=scoping&amp;sort=lead"'
        in staff_client.get(url, {"stage": "scoping"}).content.decode()
    )


def test_the_list_counts_come_from_the_database(staff_client, project):
    ActivityFactory(project=project, level="co-produced", carers=2, people_who_use_services=1)
    row = staff_client.get(reverse("projects:project-list")).context["listing"].rows[0]
    assert (row.activity_count, row.carers, row.people_who_use_services) == (2, 6, 4)
    assert row.highest_level == "Co-produced"


def test_the_list_has_fifty_projects_a_page(staff_client):
    programme = ProgrammeFactory()
    ProjectFactory.create_batch(51, programme=programme, lead=ProjectFactory().lead)
    response = staff_client.get(reverse("projects:project-list"))
    listing = response.context["listing"]
    assert len(listing.rows) == 50
    assert listing.page.paginator.num_pages == 2
    page = response.content.decode()
    assert "Projects 1 to 50 of 52" in page
    assert 'aria-label="Pages of projects"' in page
    assert 'href="?page=2"' in page


def test_the_programme_page_totals_its_projects(staff_client, project):
    ActivityFactory(
        project=project,
        carers=1,
        people_who_use_services=0,
        other_participants=5,
        payments=Decimal("1234.5"),
        expenses=Decimal("0.25"),
    )
    ActivityFactory(project=ProjectFactory(), carers=100)  # another programme
    response = staff_client.get(reverse("projects:programme-detail", args=[project.programme_id]))
    assert "£1,234.50 in payments, £0.25 in expenses" in response.content.decode()
    summary = response.context["summary"]
    assert summary.totals.activities == 2
    assert summary.totals.carers == 5
    assert summary.totals.other_participants == 5
    assert {row.level: row.count for row in summary.by_level}["involved"] == 2


def test_a_member_organisation_counts_only_through_its_own_activities(member_client, project):
    MemberOrganisationFactory()
    assert member_client.get(project.get_absolute_url()).status_code == 200


def test_moving_to_the_stage_it_is_at_is_explained(staff_client, project):
    response = staff_client.post(
        reverse("projects:project-move", args=[project.pk]), {"to_stage": "scoping"}
    )
    assert response.context["form"].errors["to_stage"] == [
        "Choose a stage other than the one the project is at."
    ]


def test_a_service_refusal_shows_beside_its_field_and_in_the_summary(
    staff_client, staff_user, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError(
            {"title": "A project with this title already exists.", "code": "Not a field here."}
        )

    monkeypatch.setattr(services, "create_project", refuse)
    response = staff_client.post(
        reverse("projects:project-add"),
        {
            "title": "Dying well at home",
            "programme": ProgrammeFactory().pk,
            "lead": staff_user.pk,
            **date_parts("started_on", "2025-01-06"),
            **date_parts("ends_on", ""),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["A project with this title already exists."]
    assert form.non_field_errors() == ["Not a field here."]
    page = response.content.decode()
    assert "<title>Error: Add a project" in page
    assert 'href="#id_title"' in page  # the error summary links to the field
    assert shows_typed_date(page, "started_on", "2025-01-06")


def test_programmes_sort_by_their_columns_and_their_projects_by_theirs(staff_client, project):
    busy = ProjectFactory(title="Another", programme__title="Zebra crossings").programme
    ProjectFactory(title="Yet another", programme=busy)
    url = reverse("projects:programme-list")
    by_title = staff_client.get(url).context["listing"]
    assert [p.title for p in by_title.rows] == [project.programme.title, "Zebra crossings"]
    by_projects = staff_client.get(url, {"sort": "-projects"}).context["listing"]
    assert [p.title for p in by_projects.rows] == ["Zebra crossings", project.programme.title]
    assert by_projects.caption == "2 programmes"
    response = staff_client.get(
        reverse("projects:programme-detail", args=[busy.pk]), {"sort": "-title"}
    )
    assert [p.title for p in response.context["listing"].rows] == ["Yet another", "Another"]
    assert "programme" not in response.context["listing"].headers
