"""The agenda's services, called directly: who may propose, arranging saves a version, moving,
merging, comparing two versions, sign-off, and any change after sign-off back to draft."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from network.models import AgendaItem, AgendaPaper, AgendaVersion, Meeting
from network.selectors.agenda import compare_versions, draft_agenda
from network.services.agenda import (
    Placement,
    arrange_agenda,
    merge_agenda_items,
    move_agenda_item,
    name_sign_off_delegate,
    propose_agenda_item,
    sign_off_agenda,
    update_agenda_item,
)
from tests.factories import (
    AgendaItemFactory,
    InvitationFactory,
    MeetingFactory,
    PersonFactory,
    RoleTermFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2025-03-01 09:00", tick=False)]

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name: str = "budget.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def propose(meeting, by, title="Budget", **fields) -> AgendaItem:
    return propose_agenda_item(meeting=meeting, by=by, title=title, purpose="discuss", **fields)


@pytest.fixture
def meeting() -> Meeting:
    return MeetingFactory(title="Spring strategic meeting", members_may_suggest=True)


@pytest.fixture
def agenda(meeting, staff_user) -> dict[str, AgendaItem]:
    """Three items on the agenda (20, 30 and 10 minutes) and one proposal, version 1 saved."""
    items = {
        "welcome": AgendaItemFactory(
            meeting=meeting, title="Welcome", minutes_needed=20, position=1
        ),
        "plan": AgendaItemFactory(
            meeting=meeting, title="Business plan", minutes_needed=30, position=2
        ),
        "close": AgendaItemFactory(meeting=meeting, title="Close", minutes_needed=10, position=3),
        "idea": AgendaItemFactory(
            meeting=meeting, title="Carers' week", status="proposed", position=0
        ),
    }
    arrange(meeting, staff_user, items, note="First draft")
    return items


def arrange(meeting, by, items, *, changes=None, note="") -> AgendaVersion:
    """Arrange with every item as it is, except the changes given (pk → fields)."""
    placements = []
    for item in AgendaItem.objects.filter(meeting=meeting).exclude(status="merged"):
        fields = {
            "status": item.status,
            "position": item.position if item.status == "on-agenda" else None,
            "minutes_needed": item.minutes_needed,
            "section": item.section,
        }
        fields.update((changes or {}).get(item.pk, {}))
        placements.append(Placement(item=item, **fields))
    return arrange_agenda(meeting=meeting, placements=placements, by=by, note=note)


def titles(meeting) -> list[str]:
    return [entry["title"] for entry in meeting.agenda_versions.order_by("-number")[0].items]


# --- Proposing ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff_user", "chair_user", "core_user"])
def test_staff_chair_and_core_propose_items_that_are_not_suggestions(request, meeting, role):
    user = request.getfixturevalue(role)
    item = propose(meeting, user, section="Planning", presenter="Sam", minutes_needed=25)
    item.refresh_from_db()
    assert (item.status, item.is_member_suggestion, item.proposed_by, item.minutes_needed) == (
        "proposed",
        False,
        user,
        25,
    )
    assert meeting.agenda_versions.count() == 0  # a proposal does not change the agenda


def test_a_member_proposes_a_suggestion_when_the_meeting_allows(meeting, member_user):
    item = propose(meeting, member_user, papers=[pdf()])
    assert item.is_member_suggestion is True
    assert [paper.title for paper in item.papers.all()] == ["budget.pdf"]


def test_a_member_may_not_propose_when_the_meeting_does_not_allow(member_user):
    meeting = MeetingFactory(members_may_suggest=False)
    with pytest.raises(PermissionDenied):
        propose(meeting, member_user)
    assert AgendaItem.objects.count() == 0


def test_a_member_may_not_propose_for_a_meeting_they_cannot_see(member_user):
    meeting = MeetingFactory(members_may_suggest=True, invites_members=False)
    with pytest.raises(PermissionDenied):
        propose(meeting, member_user)


def test_a_member_invited_in_person_may_suggest(member_person):
    meeting = MeetingFactory(members_may_suggest=True, invites_members=False)
    InvitationFactory(meeting=meeting, person=member_person)
    assert propose(meeting, member_person.user).is_member_suggestion is True


def test_the_board_may_not_propose(meeting, board_user):
    with pytest.raises(PermissionDenied):
        propose(meeting, board_user)


def test_a_bad_paper_saves_nothing(meeting, staff_user):
    fake = SimpleUploadedFile(
        "minutes.pdf", b"MZ\x90\x00 a program", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as error:
        propose(meeting, staff_user, papers=[pdf("good.pdf"), fake])
    assert error.value.message_dict == {
        "papers": [
            "minutes.pdf: the file's contents are not a .pdf file. Save it again as a PDF, "
            "Word or ODT document, a text file, or an image (PNG, JPEG, GIF or WebP), "
            "and choose it again"
        ]
    }
    assert (AgendaItem.objects.count(), AgendaPaper.objects.count()) == (0, 0)


# --- Arranging, moving, merging -----------------------------------------------------------


def test_arranging_saves_a_numbered_version_with_the_items_frozen(meeting, agenda, chair_user):
    version = arrange(
        meeting,
        chair_user,
        agenda,
        changes={
            agenda["idea"].pk: {"status": "on-agenda", "position": 2, "minutes_needed": 15},
            agenda["close"].pk: {"minutes_needed": 5},
        },
        note="Carers' week in",
    )
    assert (version.number, version.saved_by, version.note) == (2, chair_user, "Carers' week in")
    assert [(e["title"], e["minutes_needed"], e["starts"]) for e in version.items] == [
        ("Welcome", 20, "10:30"),
        ("Carers' week", 15, "10:50"),  # a new number goes before the item that kept it
        ("Business plan", 30, "11:05"),
        ("Close", 5, "11:35"),
    ]
    assert set(version.items[0]) == {
        "id",
        "title",
        "purpose",
        "section",
        "presenter",
        "minutes_needed",
        "starts",
    }


def test_a_proposal_not_taken_forward_leaves_the_agenda(meeting, agenda, staff_user):
    arrange(meeting, staff_user, agenda, changes={agenda["plan"].pk: {"status": "withdrawn"}})
    agenda["plan"].refresh_from_db()
    assert agenda["plan"].status == "withdrawn"
    assert titles(meeting) == ["Welcome", "Close"]


def test_saving_an_unchanged_arrangement_is_refused(meeting, agenda, staff_user):
    with pytest.raises(ValidationError, match="Nothing has changed"):
        arrange(meeting, staff_user, agenda)
    assert meeting.agenda_versions.count() == 1


def test_minutes_out_of_range_are_refused_beside_the_item(meeting, agenda, staff_user):
    with pytest.raises(ValidationError) as error:
        arrange(meeting, staff_user, agenda, changes={agenda["plan"].pk: {"minutes_needed": 0}})
    assert error.value.message_dict == {
        f"minutes_{agenda['plan'].pk}": ["Enter the minutes needed, from 1 to 480"]
    }


def test_moving_an_item_down_saves_a_version_saying_so(meeting, agenda, core_user):
    version = move_agenda_item(item=agenda["welcome"], direction="down", by=core_user)
    assert titles(meeting) == ["Business plan", "Welcome", "Close"]
    assert (version.number, version.note) == (2, "Moved “Welcome” from 1 to 2")


def test_the_last_item_cannot_move_down(meeting, agenda, staff_user):
    with pytest.raises(ValidationError, match="“Close” is already last on the agenda"):
        move_agenda_item(item=agenda["close"], direction="down", by=staff_user)


def test_merging_keeps_one_item_and_lists_the_others_papers_with_it(meeting, agenda, staff_user):
    AgendaPaper.objects.create(item=agenda["idea"], title="Carers week plan.pdf", file="x.pdf")
    version = merge_agenda_items(item=agenda["idea"], into=agenda["plan"], by=staff_user)
    agenda["idea"].refresh_from_db()
    assert (agenda["idea"].status, agenda["idea"].merged_into) == ("merged", agenda["plan"])
    assert version.note == "Merged “Carers' week” into “Business plan”"
    placed = {entry.item.title: entry for entry in draft_agenda(meeting).placed}
    assert [paper.title for paper in placed["Business plan"].papers] == ["Carers week plan.pdf"]
    assert [item.title for item in placed["Business plan"].merged] == ["Carers' week"]


def test_an_item_cannot_be_merged_into_itself(agenda, staff_user):
    with pytest.raises(ValidationError) as error:
        merge_agenda_items(item=agenda["plan"], into=agenda["plan"], by=staff_user)
    assert error.value.message_dict == {"into": ["Choose a different item to merge it into"]}


# --- Comparing ----------------------------------------------------------------------------


def test_comparing_names_items_added_removed_moved_retimed_and_renamed(
    meeting, agenda, staff_user
):
    first = meeting.agenda_versions.get(number=1)
    update_agenda_item(
        item=agenda["plan"], by=staff_user, changes={"title": "Business plan 2025-26"}
    )
    arrange(
        meeting,
        staff_user,
        agenda,
        changes={
            agenda["welcome"].pk: {"status": "withdrawn"},
            agenda["idea"].pk: {"status": "on-agenda", "position": 9},
            agenda["close"].pk: {"minutes_needed": 15},
        },
    )
    latest = meeting.agenda_versions.get(number=3)
    rows = [(row.title, row.changes) for row in compare_versions(first, latest)]
    assert rows == [
        (
            "Business plan 2025-26",
            ["Moved from 2 to 1", "Renamed from “Business plan”", "Starts at 10:30 (was 10:50)"],
        ),
        (
            "Close",
            ["Moved from 3 to 2", "Retimed from 10 to 15 minutes", "Starts at 11:00 (was 11:20)"],
        ),
        ("Carers' week", ["Added at 3"]),
        ("Welcome", ["Removed (was 1)"]),
    ]


# --- Sign-off -----------------------------------------------------------------------------


def test_the_chair_signs_off_the_latest_version(meeting, agenda, chair_user):
    version = meeting.agenda_versions.get()
    sign_off_agenda(meeting=meeting, version=version, by=chair_user)
    meeting.refresh_from_db()
    assert (meeting.agenda_status, meeting.signed_off_version, meeting.signed_off_by) == (
        "signed-off",
        version,
        chair_user,
    )


def test_the_core_member_the_chair_names_signs_off(meeting, agenda, chair_user, core_user):
    person = RoleTermFactory(person__user=core_user, started_on=date(2024, 1, 1)).person
    name_sign_off_delegate(meeting=meeting, person=person, by=chair_user)
    sign_off_agenda(meeting=meeting, version=meeting.agenda_versions.get(), by=core_user)
    meeting.refresh_from_db()
    assert (meeting.agenda_status, meeting.signed_off_by) == ("signed-off", core_user)


def test_a_core_member_not_named_may_not_sign_off(meeting, agenda, chair_user, core_user):
    RoleTermFactory(person__user=core_user)
    name_sign_off_delegate(meeting=meeting, person=RoleTermFactory().person, by=chair_user)
    with pytest.raises(PermissionDenied):
        sign_off_agenda(meeting=meeting, version=meeting.agenda_versions.get(), by=core_user)
    meeting.refresh_from_db()
    assert meeting.agenda_status == "draft"


@pytest.mark.parametrize("role", ["staff_user", "board_user"])
def test_staff_and_the_board_may_not_sign_off(request, meeting, agenda, role):
    with pytest.raises(PermissionDenied):
        sign_off_agenda(
            meeting=meeting,
            version=meeting.agenda_versions.get(),
            by=request.getfixturevalue(role),
        )


def test_an_older_version_cannot_be_signed_off(meeting, agenda, staff_user, chair_user):
    first = meeting.agenda_versions.get()
    move_agenda_item(item=agenda["close"], direction="up", by=staff_user)
    with pytest.raises(ValidationError, match="Version 2 has been saved since you looked"):
        sign_off_agenda(meeting=meeting, version=first, by=chair_user)


def test_only_a_current_core_group_member_can_be_named(meeting, chair_user):
    former = RoleTermFactory(started_on=date(2023, 1, 1), ended_on=date(2024, 12, 31)).person
    with pytest.raises(ValidationError) as error:
        name_sign_off_delegate(meeting=meeting, person=former, by=chair_user)
    assert error.value.message_dict == {"person": [f"{former} is not in the core group now"]}
    board_member = RoleTermFactory(role="board").person
    with pytest.raises(ValidationError):
        name_sign_off_delegate(meeting=meeting, person=board_member, by=chair_user)


def test_only_the_chair_names_who_signs_off(meeting, core_user):
    with pytest.raises(PermissionDenied):
        name_sign_off_delegate(meeting=meeting, person=RoleTermFactory().person, by=core_user)


# --- Any change after sign-off sends the agenda back to draft -----------------------------


@pytest.fixture
def signed_off(meeting, agenda, chair_user) -> Meeting:
    sign_off_agenda(meeting=meeting, version=meeting.agenda_versions.get(), by=chair_user)
    meeting.refresh_from_db()
    assert meeting.agenda_status == "signed-off"
    return meeting


@pytest.mark.parametrize("status", ["signed-off", "published"])
@pytest.mark.parametrize(
    "change",
    ["arrange", "edit", "place", "move", "merge", "add paper"],
)
def test_any_change_after_sign_off_needs_signing_off_again(
    signed_off, agenda, staff_user, status, change
):
    Meeting.objects.filter(pk=signed_off.pk).update(agenda_status=status)
    signed_off.refresh_from_db()
    if change == "arrange":
        arrange(signed_off, staff_user, agenda, changes={agenda["plan"].pk: {"section": "Plans"}})
    elif change == "edit":
        update_agenda_item(item=agenda["plan"], by=staff_user, changes={"presenter": "Ria"})
    elif change == "place":
        arrange(
            signed_off, staff_user, agenda, changes={agenda["idea"].pk: {"status": "on-agenda"}}
        )
    elif change == "move":
        move_agenda_item(item=agenda["plan"], direction="up", by=staff_user)
    elif change == "merge":
        merge_agenda_items(item=agenda["close"], into=agenda["plan"], by=staff_user)
    else:
        update_agenda_item(item=agenda["plan"], by=staff_user, changes={}, papers=[pdf()])
    signed_off.refresh_from_db()
    assert signed_off.agenda_status == "draft"
    assert signed_off.signed_off_version.number == 1  # the last sign-off stays on record
    assert signed_off.agenda_versions.count() == 2
    assert draft_agenda(signed_off).changed_since_sign_off is True


def test_a_new_proposal_or_an_edited_proposal_leaves_the_sign_off_alone(
    signed_off, agenda, staff_user, member_user
):
    propose(signed_off, member_user, title="Transport costs")
    update_agenda_item(item=agenda["idea"], by=staff_user, changes={"minutes_needed": 40})
    signed_off.refresh_from_db()
    assert (signed_off.agenda_status, signed_off.agenda_versions.count()) == ("signed-off", 1)


def test_a_merged_item_cannot_be_edited(agenda, staff_user):
    merge_agenda_items(item=agenda["idea"], into=agenda["plan"], by=staff_user)
    agenda["idea"].refresh_from_db()
    with pytest.raises(ValidationError, match="was merged into another item"):
        update_agenda_item(item=agenda["idea"], by=staff_user, changes={"title": "New"})


def test_edits_are_in_the_items_history_with_who_made_them(meeting, agenda, core_user):
    PersonFactory()  # unrelated records do not appear
    update_agenda_item(item=agenda["plan"], by=core_user, changes={"presenter": "Ria Rep"})
    record = agenda["plan"].history.first()
    assert (record.history_user, record.presenter) == (core_user, "Ria Rep")
