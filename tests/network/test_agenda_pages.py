"""The agenda's pages: what each role sees, forms with their errors beside the fields, the
papers' downloads, and query counts that do not grow with the agenda."""

import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from network.models import AgendaItem, AgendaPaper, Meeting
from network.services.agenda import (
    Placement,
    arrange_agenda,
    move_agenda_item,
    propose_agenda_item,
    update_agenda_item,
)
from tests.factories import AgendaItemFactory, MeetingFactory, RoleTermFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-03-01 09:00", tick=False)]

PDF = b"%PDF-1.4\n%fake but well-begun\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting(staff_user, chair_user) -> Meeting:
    """Welcome (20), Business plan (30) on the agenda as version 1; a member's suggestion."""
    meeting = MeetingFactory(title="Spring strategic meeting", members_may_suggest=True)
    welcome = AgendaItemFactory(
        meeting=meeting, title="Welcome", minutes_needed=20, position=1, proposed_by=chair_user
    )
    AgendaItemFactory(
        meeting=meeting, title="Business plan", minutes_needed=30, position=2, presenter="Sam"
    )
    AgendaItemFactory(
        meeting=meeting,
        title="Transport costs",
        status="proposed",
        position=0,
        is_member_suggestion=True,
    )
    arrange(meeting, staff_user)
    AgendaPaper.objects.create(
        item=welcome, title="welcome.pdf", file=ContentFile(PDF, name="welcome.pdf")
    )
    return meeting


def arrange(meeting, by, **changes):
    placements = [
        Placement(
            item=item,
            status=changes.get(item.title, item.status),
            position=item.position or None,
            minutes_needed=item.minutes_needed,
            section=item.section,
        )
        for item in meeting.agenda_items.exclude(status="merged")
    ]
    return arrange_agenda(meeting=meeting, placements=placements, by=by)


def text(response) -> str:
    """The page's visible words, one space between each."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(body.split())


def url(name, meeting_or_pk) -> str:
    return reverse(name, args=[getattr(meeting_or_pk, "pk", meeting_or_pk)])


# --- The agenda page ----------------------------------------------------------------------


def test_drafters_see_the_draft_in_order_with_start_times_and_proposers(core_client, meeting):
    response = core_client.get(url("network:agenda", meeting))
    assert response.status_code == 200
    page = text(response)
    assert (
        "1 10:30 Welcome To discuss welcome.pdf (paper, downloads a file) Not named 20 Chris Chair"
        in page
    )
    assert "2 10:50 Business plan To discuss Sam 30" in page
    assert "2 items, 50 minutes: from 10:30 to 11:20." in page
    assert "Proposals not yet placed" in page
    assert "Transport costs" in page
    assert "Member suggestion" in page


def test_the_page_says_when_the_agenda_changed_since_sign_off(
    core_client, meeting, chair_user, staff_user
):
    meeting.agenda_status = "signed-off"
    meeting.signed_off_version = meeting.agenda_versions.get()
    meeting.signed_off_by = chair_user
    meeting.save()
    move_agenda_item(
        item=meeting.agenda_items.get(title="Welcome"), direction="down", by=staff_user
    )
    page = text(core_client.get(url("network:agenda", meeting)))
    assert (
        "Draft Changed since sign-off: needs signing off again. "
        "Version 1 was signed off by Chris Chair." in page
    )


def test_the_history_says_who_changed_which_item(core_client, meeting, core_user):
    item = meeting.agenda_items.get(title="Business plan")
    update_agenda_item(item=item, by=core_user, changes={"presenter": "Ria Rep"})
    page = text(core_client.get(url("network:agenda", meeting)))
    assert "Corey Core Changed agenda item: Business plan Presenter: from Sam to Ria Rep" in page


@pytest.mark.parametrize("client", ["member_client", "board_client"])
def test_members_and_the_board_get_404_until_the_agenda_is_published(request, meeting, client):
    assert request.getfixturevalue(client).get(url("network:agenda", meeting)).status_code == 404


@pytest.mark.parametrize("client", ["member_client", "board_client"])
def test_once_published_members_see_the_signed_off_version_only(
    request, meeting, staff_user, client
):
    meeting.agenda_status = "published"
    meeting.signed_off_version = meeting.agenda_versions.get()
    meeting.save()
    # A later change the members must not see until it is signed off and published again
    AgendaItem.objects.filter(title="Business plan").update(title="Secret new title")
    response = request.getfixturevalue(client).get(url("network:agenda", meeting))
    page = text(response)
    assert "1 10:30 Welcome To discuss welcome.pdf (paper, downloads a file) Not named 20" in page
    assert "2 10:50 Business plan To discuss Sam 30" in page
    assert "Secret new title" not in page
    assert "Transport costs" not in page
    assert "Proposed by" not in page


def test_a_member_not_invited_gets_404(member_client):
    meeting = MeetingFactory(invites_members=False, agenda_status="published")
    assert member_client.get(url("network:agenda", meeting)).status_code == 404


# --- Proposing ----------------------------------------------------------------------------


def test_a_member_suggests_an_item_with_a_paper(member_client, member_user, meeting):
    paper = SimpleUploadedFile("costs.pdf", PDF, content_type="application/pdf")
    response = member_client.post(
        url("network:agenda-item-propose", meeting),
        {"title": "Travel costs", "purpose": "decide", "minutes_needed": "15", "papers": [paper]},
    )
    assert response.status_code == 302
    assert response.url == url("network:agenda-item-propose", meeting)
    item = meeting.agenda_items.get(title="Travel costs")
    assert (item.is_member_suggestion, item.proposed_by, item.status) == (
        True,
        member_user,
        "proposed",
    )
    assert [p.title for p in item.papers.all()] == ["costs.pdf"]


def test_a_member_cannot_reach_the_form_where_members_may_not_suggest(member_client):
    meeting = MeetingFactory(members_may_suggest=False)
    assert member_client.get(url("network:agenda-item-propose", meeting)).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "run.exe",
            b"MZ\x90\x00",
            "run.exe: the selected file must be a PDF, Word or ODT document, a text file, "
            "or an image (PNG, JPEG, GIF or WebP)",
        ),
        (
            "report.pdf",
            b"MZ\x90\x00 a program",
            "report.pdf: the file's contents are not a .pdf file.",
        ),
        (
            "photo.png",
            b"\xff\xd8\xff\xe0 a jpeg",
            "photo.png: the file's contents are not a .png file.",
        ),
        ("empty.txt", b"", "empty.txt: the selected file is empty"),
        (
            "big.pdf",
            b"%PDF-" + b"0" * (10 * 1024 * 1024),
            "big.pdf: the selected file must be smaller than 10 MB",
        ),
    ],
)
def test_a_paper_of_the_wrong_type_or_size_is_refused_beside_the_field(
    staff_client, meeting, name, content, message
):
    response = staff_client.post(
        url("network:agenda-item-propose", meeting),
        {
            "title": "Budget",
            "purpose": "decide",
            "minutes_needed": "15",
            "papers": [SimpleUploadedFile(name, content)],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    group = html[html.index('id="div_id_papers"') :]
    group = group[: group.index("<input")]  # the label, hint and errors above the input
    assert f'<span class="govuk-visually-hidden">Error:</span> {escape(message)}' in group
    assert "There is a problem" in html
    assert 'value="Budget"' in html  # input kept
    assert not meeting.agenda_items.filter(title="Budget").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", "Café notes".encode()),
        ("paper.docx", b"PK\x03\x04rest of a zip"),
        (
            "paper.odt",
            b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.text",
        ),
        ("picture.jpeg", b"\xff\xd8\xff\xe0jpeg"),
    ],
)
def test_accepted_papers(staff_client, meeting, name, content):
    response = staff_client.post(
        url("network:agenda-item-propose", meeting),
        {
            "title": "Budget",
            "purpose": "decide",
            "minutes_needed": "15",
            "papers": [SimpleUploadedFile(name, content)],
        },
    )
    assert response.status_code == 302
    assert [p.title for p in AgendaPaper.objects.filter(item__title="Budget")] == [name]


def test_an_empty_proposal_shows_each_error_beside_its_field(staff_client, meeting):
    response = staff_client.post(
        url("network:agenda-item-propose", meeting), {"minutes_needed": "500", "section": "Plans"}
    )
    html = response.content.decode()
    for message in (
        "Enter the item&#x27;s title",
        "Choose what the item is for",
        "Enter the minutes needed, a whole number from 1 to 480",
    ):
        assert html.count(message) == 2  # in the summary and beside the field
    assert 'value="Plans"' in html


# --- Editing, arranging, moving, merging --------------------------------------------------


def test_editing_an_item_on_the_agenda_saves_a_version(chair_client, meeting):
    item = meeting.agenda_items.get(title="Business plan")
    response = chair_client.post(
        reverse("network:agenda-item-edit", args=[item.pk]),
        {"title": "Business plan 2025", "purpose": "decide", "minutes_needed": "30"},
    )
    assert response.status_code == 302
    assert (
        meeting.agenda_versions.order_by("-number").first().note == "Changed “Business plan 2025”"
    )


def test_arranging_by_place_numbers_in_one_form(staff_client, meeting):
    items = {item.title: item.pk for item in meeting.agenda_items.all()}
    data = {
        "note": "Transport first",
        **{f"minutes_{pk}": "20" for pk in items.values()},
        **{f"section_{pk}": "" for pk in items.values()},
        f"status_{items['Welcome']}": "on-agenda",
        f"position_{items['Welcome']}": "2",
        f"status_{items['Business plan']}": "withdrawn",
        f"position_{items['Business plan']}": "",
        f"status_{items['Transport costs']}": "on-agenda",
        f"position_{items['Transport costs']}": "1",
    }
    response = staff_client.post(url("network:agenda-arrange", meeting), data)
    assert response.status_code == 302
    version = meeting.agenda_versions.order_by("-number").first()
    assert (version.number, version.note) == (2, "Transport first")
    assert [(e["title"], e["starts"]) for e in version.items] == [
        ("Transport costs", "10:30"),
        ("Welcome", "10:50"),
    ]


def test_bad_values_in_the_arrangement_are_shown_beside_the_item(staff_client, meeting):
    item = meeting.agenda_items.get(title="Welcome")
    response = staff_client.get(url("network:agenda-arrange", meeting))
    data = {field.html_name: field.value() or "" for field in response.context["form"]}
    data[f"minutes_{item.pk}"] = "999"
    data[f"position_{item.pk}"] = "x"
    response = staff_client.post(url("network:agenda-arrange", meeting), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"minutes_{item.pk}": ["Enter the minutes needed, a whole number from 1 to 480"],
        f"position_{item.pk}": ["Enter the place as a whole number, like 3"],
    }
    assert 'value="999"' in response.content.decode()
    assert meeting.agenda_versions.count() == 1


def test_move_down_button_moves_the_item_and_returns_to_it(staff_client, meeting):
    item = meeting.agenda_items.get(title="Welcome")
    page = staff_client.get(url("network:agenda-arrange", meeting)).content.decode()
    assert f'value="{item.pk}-down"' in page
    assert f'value="{item.pk}-up"' not in page
    response = staff_client.post(
        url("network:agenda-item-move", meeting), {"move": f"{item.pk}-down"}
    )
    assert response.url == url("network:agenda-arrange", meeting) + f"#item-{item.pk}"
    assert [e["title"] for e in meeting.agenda_versions.order_by("-number").first().items] == [
        "Business plan",
        "Welcome",
    ]


def test_moving_an_item_of_another_meeting_is_refused(staff_client, meeting):
    other = AgendaItemFactory()
    response = staff_client.post(
        url("network:agenda-item-move", meeting), {"move": f"{other.pk}-up"}, follow=True
    )
    assert "Choose an item on the agenda to move." in text(response)


def test_merging_two_items(staff_client, meeting):
    items = {item.title: item for item in meeting.agenda_items.all()}
    response = staff_client.post(
        url("network:agenda-merge", meeting),
        {"item": items["Transport costs"].pk, "into": items["Business plan"].pk, "note": ""},
    )
    assert response.status_code == 302
    items["Transport costs"].refresh_from_db()
    assert items["Transport costs"].merged_into == items["Business plan"]


def test_merging_an_item_into_itself_is_an_error_beside_the_field(staff_client, meeting):
    pk = meeting.agenda_items.get(title="Welcome").pk
    response = staff_client.post(url("network:agenda-merge", meeting), {"item": pk, "into": pk})
    assert response.context["form"].errors == {
        "into": ["Choose a different item to merge it into"]
    }


# --- Versions, compare, sign-off, delegate ------------------------------------------------


def test_comparing_two_versions_reads_in_words(core_client, meeting, staff_user):
    move_agenda_item(
        item=meeting.agenda_items.get(title="Welcome"), direction="down", by=staff_user
    )
    response = core_client.get(url("network:agenda-compare", meeting) + "?a=1&b=2")
    page = text(response)
    assert (
        "Business plan 2. at 10:50, 30 minutes 1. at 10:30, 30 minutes "
        "Moved from 2 to 1 Starts at 10:30 (was 10:50)" in page
    )
    assert (
        "Welcome 1. at 10:30, 20 minutes 2. at 11:00, 20 minutes "
        "Moved from 1 to 2 Starts at 11:00 (was 10:30)" in page
    )
    versions = text(core_client.get(url("network:agenda-versions", meeting)))
    assert "2 1 March 2025, 09:00 Sam Staff Moved “Welcome” from 1 to 2 2 50" in versions


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("?a=1&b=1", {"b": ["Choose two different versions"]}),
        (
            "?a=x&b=99",
            {"a": ["Choose a version from the list"], "b": ["Choose a version from the list"]},
        ),
        ("?a=99999999999999999999999&b=1", {"a": ["Choose a version from the list"]}),
    ],
)
def test_comparing_bad_versions_shows_errors_beside_the_fields(
    core_client, meeting, staff_user, query, errors
):
    move_agenda_item(
        item=meeting.agenda_items.get(title="Welcome"), direction="down", by=staff_user
    )
    response = core_client.get(url("network:agenda-compare", meeting) + query)
    assert response.status_code == 200
    assert response.context["form"].errors == errors


def test_the_chair_sees_what_they_sign_and_signs_it_off(chair_client, chair_user, meeting):
    page = text(chair_client.get(url("network:agenda-sign-off", meeting)))
    assert "Sign off version 1 of the agenda?" in page
    assert "1 10:30 Welcome Not named 20 2 10:50 Business plan Sam 30" in page
    response = chair_client.post(url("network:agenda-sign-off", meeting), {"version": "1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.agenda_status, meeting.signed_off_by) == ("signed-off", chair_user)


def test_signing_off_a_version_overtaken_says_so(chair_client, staff_user, meeting):
    move_agenda_item(
        item=meeting.agenda_items.get(title="Welcome"), direction="down", by=staff_user
    )
    response = chair_client.post(url("network:agenda-sign-off", meeting), {"version": "1"})
    assert response.status_code == 200
    assert "Version 2 has been saved since you looked. Check version 2, then sign it off." in text(
        response
    )
    assert 'name="version" value="2"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.agenda_status == "draft"


def test_the_chair_names_a_core_member_who_then_signs_off(
    chair_client, core_client, core_user, meeting
):
    person = RoleTermFactory(
        person__full_name="Corey Core", person__user=core_user, started_on=date(2024, 1, 1)
    ).person
    assert core_client.get(url("network:agenda-sign-off", meeting)).status_code == 404
    response = chair_client.post(url("network:agenda-delegate", meeting), {"person": person.pk})
    assert response.status_code == 302
    assert (
        core_client.post(url("network:agenda-sign-off", meeting), {"version": "1"}).status_code
        == 302
    )
    meeting.refresh_from_db()
    assert (meeting.sign_off_delegate, meeting.signed_off_by) == (person, core_user)


def test_naming_someone_outside_the_core_group_is_an_error_beside_the_field(chair_client, meeting):
    RoleTermFactory(person__full_name="Cora Core")
    outsider = RoleTermFactory(role="board").person
    response = chair_client.post(url("network:agenda-delegate", meeting), {"person": outsider.pk})
    assert response.context["form"].errors == {
        "person": ["Choose a core group member from the list, or no one"]
    }


# --- Papers -------------------------------------------------------------------------------


def test_a_paper_downloads_as_an_attachment(core_client, meeting):
    paper = AgendaPaper.objects.get()
    response = core_client.get(reverse("network:agenda-paper", args=[paper.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="welcome.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_members_get_a_paper_only_once_its_agenda_is_published(member_client, meeting):
    paper = AgendaPaper.objects.get()
    paper_url = reverse("network:agenda-paper", args=[paper.pk])
    assert member_client.get(paper_url).status_code == 404
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_status="published", signed_off_version=meeting.agenda_versions.get()
    )
    assert member_client.get(paper_url).status_code == 200


def test_a_suggestions_paper_not_on_the_published_agenda_stays_hidden(
    member_client, member_user, meeting
):
    item = propose_agenda_item(
        meeting=meeting,
        by=member_user,
        title="Parking",
        purpose="discuss",
        papers=[SimpleUploadedFile("parking.txt", b"Parking is hard")],
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_status="published", signed_off_version=meeting.agenda_versions.get()
    )
    paper = item.papers.get()
    assert member_client.get(reverse("network:agenda-paper", args=[paper.pk])).status_code == 404


# --- Query counts -------------------------------------------------------------------------


def agenda_with(count: int, staff_user) -> Meeting:
    meeting = MeetingFactory(members_may_suggest=True)
    for n in range(count):
        item = AgendaItemFactory(
            meeting=meeting, position=n + 1, minutes_needed=5, proposed_by=staff_user
        )
        AgendaPaper.objects.create(item=item, title=f"p{n}.pdf", file=f"p{n}.pdf")
        AgendaItemFactory(meeting=meeting, status="proposed", position=0, proposed_by=staff_user)
    merged = AgendaItemFactory(meeting=meeting, status="merged", merged_into=item, position=0)
    AgendaPaper.objects.create(item=merged, title="m.pdf", file="m.pdf")
    arrange(meeting, staff_user)
    return meeting


@pytest.mark.parametrize(
    "name", ["network:agenda", "network:agenda-arrange", "network:agenda-versions"]
)
def test_drafters_pages_cost_the_same_for_5_or_30_items(
    staff_client, staff_user, django_assert_num_queries, name
):
    small, large = agenda_with(5, staff_user), agenda_with(30, staff_user)
    staff_client.get(url(name, small))  # warm the session and permission caches
    with CaptureQueriesContext(connection) as small_queries:
        assert staff_client.get(url(name, small)).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        assert staff_client.get(url(name, large)).status_code == 200


def test_the_published_page_costs_the_same_for_5_or_30_items(
    member_client, staff_user, django_assert_num_queries
):
    meetings = []
    for count in (5, 30):
        meeting = agenda_with(count, staff_user)
        Meeting.objects.filter(pk=meeting.pk).update(
            agenda_status="published", signed_off_version=meeting.agenda_versions.get()
        )
        meetings.append(meeting)
    member_client.get(url("network:agenda", meetings[0]))
    with CaptureQueriesContext(connection) as small_queries:
        assert member_client.get(url("network:agenda", meetings[0])).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        response = member_client.get(url("network:agenda", meetings[1]))
    assert len(response.context["published"]) == 30
