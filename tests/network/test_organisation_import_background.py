"""Big imports run as a Celery task, with a status page showing their progress."""

from datetime import date

import pytest
from celery.exceptions import Retry
from django.db import OperationalError, connection, connections
from django.urls import reverse

from network import imports, tasks
from network.forms.organisations import ImportConfirmForm
from network.models import Membership, Organisation, OrganisationImport
from tests.factories import OrganisationFactory, UserFactory

IMPORT_URL = reverse("network:organisation-import")
HEADINGS = "name,kind,region,status,status_since"

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-06-15 12:00", tick=False)]


def text_of(count: int, *extra: str) -> str:
    rows = [f"Group {n},local,London,active,03/04/2025" for n in range(count)]
    return "\n".join([HEADINGS, *rows, *extra])


def status_url(job: OrganisationImport) -> str:
    return reverse("network:organisation-import-status", args=[job.pk])


@pytest.fixture
def small_threshold(settings):
    settings.ORGANISATION_IMPORT_BACKGROUND_ROWS = 3


@pytest.fixture
def job(staff_user) -> OrganisationImport:
    text = text_of(4)
    return OrganisationImport.objects.create(
        filename="groups.csv", content=text, rows_total=4, created_by=staff_user
    )


def confirm(client, text: str):
    token = ImportConfirmForm.for_content(text, "groups.csv").initial["checked_file"]
    return client.post(IMPORT_URL, {"checked_file": token})


def test_the_threshold_is_a_thousand_rows_by_default():
    assert imports.background_rows() == 1000


def test_a_file_over_the_threshold_is_imported_by_the_task(
    staff_client, staff_user, small_threshold, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(staff_client, text_of(4))

    job = OrganisationImport.objects.get()
    assert response.status_code == 302
    assert response.url == status_url(job)
    assert (job.status, job.rows_done, job.rows_total, job.added, job.updated) == (
        "done",
        4,
        4,
        4,
        0,
    )
    assert (job.filename, job.created_by, job.content, job.errors) == (
        "groups.csv",
        staff_user,
        "",
        [],
    )
    assert job.finished_at is not None
    assert Organisation.objects.count() == 4
    group = Organisation.objects.get(name="Group 0")
    assert group.memberships.get().started_on == date(2025, 4, 3)
    assert group.history.earliest().history_user == staff_user


def test_a_file_at_the_threshold_is_imported_in_the_request(staff_client, small_threshold):
    response = confirm(staff_client, text_of(3))

    assert response.url == reverse("network:organisation-list")
    assert not OrganisationImport.objects.exists()
    assert Organisation.objects.count() == 3


def test_the_preview_says_a_big_file_will_be_imported_in_the_background(
    staff_client, small_threshold
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("groups.csv", text_of(4).encode(), "text/csv")

    html = staff_client.post(IMPORT_URL, {"file": upload}).content.decode()

    assert "This file is large, so it will be imported in the background." in html


def test_the_task_updates_organisations_already_in_the_network(job, staff_user):
    OrganisationFactory(name="group 1", kind=Organisation.Kind.LOCAL, region="north-east")

    tasks.import_organisations.delay(job.pk)

    job.refresh_from_db()
    assert (job.status, job.added, job.updated) == ("done", 3, 1)
    assert Organisation.objects.get(name="group 1").region == "london"


def test_running_the_task_twice_imports_once(job):
    tasks.import_organisations.delay(job.pk)
    Organisation.objects.filter(name="Group 0").update(region="east")

    tasks.import_organisations.delay(job.pk)

    assert Organisation.objects.count() == 4
    assert Organisation.objects.get(name="Group 0").region == "east"
    assert Membership.objects.count() == 4


def test_a_file_that_no_longer_imports_marks_the_import_failed_and_imports_nothing(staff_user):
    text = text_of(4, "Group 0,local,London,,")
    job = OrganisationImport.objects.create(content=text, rows_total=5, created_by=staff_user)

    tasks.import_organisations.delay(job.pk)

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.errors == [
        "Row 6, Name: “Group 0” is also on row 2. Each organisation can be in the file once."
    ]
    assert (job.rows_done, job.content) == (0, text)
    assert not Organisation.objects.exists()


def test_an_unexpected_fault_marks_the_import_failed(job, monkeypatch):
    def break_down(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(imports, "import_organisations", break_down)

    with pytest.raises(RuntimeError):
        tasks.import_organisations.delay(job.pk)

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.errors == [tasks.FAILED_MESSAGE]


# --- The status page ------------------------------------------------------------------


def test_the_status_page_shows_progress_with_a_check_again_button(staff_client, job):
    OrganisationImport.objects.filter(pk=job.pk).update(status="running", rows_done=2)

    response = staff_client.get(status_url(job))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Import of groups.csv" in html
    assert '<strong class="govuk-tag govuk-tag--blue">Importing</strong>' in html
    assert "2 of 4 imported" in html
    assert '<form method="get" data-refresh-seconds="5">' in html
    assert ">Check again</button>" in html
    assert "network/import-status.js" in html


def test_the_status_page_shows_the_outcome_once_done(staff_client, job):
    tasks.import_organisations.delay(job.pk)

    html = staff_client.get(status_url(job)).content.decode()

    assert '<strong class="govuk-tag govuk-tag--green">Imported</strong>' in html
    assert "4 of 4 imported" in html
    assert "4 organisations added, 0 updated" in html
    assert "Check again" not in html
    assert "import-status.js" not in html


def test_the_status_page_lists_why_an_import_failed(staff_client, job):
    imports.mark_import_failed(import_id=job.pk, errors=["Row 3, Kind: Enter the kind."])

    html = staff_client.get(status_url(job)).content.decode()

    assert "There is a problem: nothing has been imported" in html
    assert "<li>Row 3, Kind: Enter the kind.</li>" in html
    assert reverse("network:organisation-import") in html


def test_another_staff_member_may_follow_an_import(job):
    from django.test import Client

    client = Client()
    client.force_login(UserFactory(roles=["staff"]))

    assert client.get(status_url(job)).status_code == 200


def test_an_unknown_import_is_not_found(staff_client):
    url = reverse("network:organisation-import-status", args=[999])

    assert staff_client.get(url).status_code == 404


def test_the_status_page_only_reads(staff_client, job):
    assert staff_client.post(status_url(job)).status_code == 405


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_see_the_status_page(role, role_clients, job):
    assert role_clients[role].get(status_url(job)).status_code == 403
    assert role_clients[role].post(status_url(job)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, job):
    for response in (client.get(status_url(job)), client.post(status_url(job))):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_a_passing_database_fault_puts_the_import_back_in_the_queue_for_a_retry(job, monkeypatch):
    def fail(*, import_id: int) -> None:
        OrganisationImport.objects.filter(pk=import_id).update(status="running")
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(imports, "run_import", fail)

    with pytest.raises(Retry):
        tasks.import_organisations.delay(job.pk)

    job.refresh_from_db()
    assert (job.status, job.errors) == ("queued", [])


def test_a_database_fault_on_the_last_retry_marks_the_import_failed(job, monkeypatch):
    def fail(*, import_id: int) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(imports, "run_import", fail)

    with pytest.raises(OperationalError):
        tasks.import_organisations.apply(args=[job.pk], retries=3)

    job.refresh_from_db()
    assert (job.status, job.errors) == ("failed", [tasks.FAILED_MESSAGE])


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has one writer at a time: progress is written when the import ends",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_is_seen_from_outside_while_the_import_runs(monkeypatch):
    job = OrganisationImport.objects.create(content=text_of(250), rows_total=250)
    seen = []
    real_import = imports.import_organisations

    def watched(*, on_progress, **kwargs):
        def progress(done: int) -> None:
            on_progress(done)
            if done == 200:
                other = connections.create_connection(connection.alias)
                with other.cursor() as cursor:
                    cursor.execute(
                        "SELECT rows_done FROM network_organisationimport WHERE id = %s", [job.pk]
                    )
                    seen.append(cursor.fetchone()[0])
                other.close()

        return real_import(on_progress=progress, **kwargs)

    monkeypatch.setattr(imports, "import_organisations", watched)

    imports.run_import(import_id=job.pk)

    job.refresh_from_db()
    assert seen == [200]
    assert (job.status, job.rows_done) == ("done", 250)


def test_the_import_page_links_to_the_latest_background_imports(staff_client, job):
    html = staff_client.get(IMPORT_URL).content.decode()

    assert "Large files imported in the background" in html
    assert f'href="{status_url(job)}">groups.csv</a>' in html
    assert "15 June 2025 by Sam Staff" in html


def test_a_file_over_the_size_limit_is_refused(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.csv", b"name,kind\n" + b"x" * 3_000_000, "text/csv")

    response = staff_client.post(IMPORT_URL, {"file": upload})

    assert response.context["upload_form"].errors == {
        "file": ["The file is larger than 3 MB. Split it into smaller files."]
    }
