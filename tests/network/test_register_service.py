"""record_attendance (the register, saved in one go) and attendance_by_capacity (figures)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import AttendanceRecord
from network.selectors.meeting_records import attendance_by_capacity, register_rows
from network.services.meeting_records import AttendanceEntry, RegisterError, record_attendance
from tests.factories import (
    AttendanceRecordFactory,
    InvitationFactory,
    MeetingFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _entries(people, status="attended", capacity="representative"):
    return [AttendanceEntry(person_id=p.pk, status=status, capacity=capacity) for p in people]


def test_register_creates_then_updates_entries_with_history():
    meeting, staff = MeetingFactory(), UserFactory()
    ann, bo = PersonFactory(full_name="Ann"), PersonFactory(full_name="Bo")
    record_attendance(meeting=meeting, by=staff, entries=_entries([ann, bo]))
    record_attendance(
        meeting=meeting,
        by=staff,
        entries=[
            AttendanceEntry(person_id=ann.pk, status="apologies", capacity="carer"),
            AttendanceEntry(person_id=bo.pk, status="attended", capacity="representative"),
        ],
    )
    rows = list(
        AttendanceRecord.objects.order_by("person__full_name").values_list(
            "person__full_name", "status", "capacity", "recorded_by"
        )
    )
    assert rows == [
        ("Ann", "apologies", "carer", staff.pk),
        ("Bo", "attended", "representative", staff.pk),
    ]
    ann_record = AttendanceRecord.objects.get(person=ann)
    assert [h.status for h in ann_record.history.order_by("history_date")] == [
        "attended",
        "apologies",
    ]
    assert ann_record.history.earliest("history_date").history_user == staff


def test_bad_rows_are_named_and_nothing_is_saved():
    meeting = MeetingFactory()
    ann = PersonFactory()
    entries = [
        AttendanceEntry(person_id=ann.pk, status="attended", capacity="carer"),
        AttendanceEntry(person_id=999_999, status="sleeping", capacity="carer"),
        AttendanceEntry(person_id=ann.pk, status="absent", capacity="astronaut"),
        AttendanceEntry(person_id=None, status="attended", capacity="carer"),
    ]
    with pytest.raises(RegisterError) as raised:
        record_attendance(meeting=meeting, by=None, entries=entries)
    assert raised.value.rows == {
        1: {
            "person": "Choose someone who is in the network's records",
            "status": "Choose attended, apologies or absent",
        },
        2: {
            "person": "This person is on the register twice: keep one row",
            "capacity": "Choose the capacity they came in",
        },
        3: {"person": "Choose someone who is in the network's records"},
    }
    assert AttendanceRecord.objects.count() == 0


def _queries_to_save_register_of(count):
    meeting, staff = MeetingFactory(), UserFactory()
    people = PersonFactory.create_batch(count)
    # Half already on the register (to update), half new (to create).
    for person in people[: count // 2]:
        AttendanceRecordFactory(meeting=meeting, person=person, status="absent")
    entries = _entries(people)
    with CaptureQueriesContext(connection) as queries:
        record_attendance(meeting=meeting, by=staff, entries=entries)
    assert AttendanceRecord.objects.filter(meeting=meeting, status="attended").count() == count
    return len(queries)


def test_register_saves_5_or_40_people_in_the_same_number_of_queries():
    # Savepoint, people checked, entries read, bulk insert + its history, bulk update +
    # its history, savepoint released.
    assert _queries_to_save_register_of(5) == _queries_to_save_register_of(40) == 8


def test_register_rows_list_invited_and_recorded_people_with_suggestions(
    django_assert_num_queries,
):
    meeting = MeetingFactory()
    rep = RepresentativeFactory(person__full_name="Ada Rep").person
    staff = RoleTermFactory(person__full_name="Ben Staff", role="staff").person
    board = RoleTermFactory(person__full_name="Cat Board", role="board").person
    carer = PersonFactory(full_name="Dee Carer", lived_experience="carer")
    user = PersonFactory(full_name="Eve User", lived_experience="both")
    sorry = PersonFactory(full_name="Fay Sorry")
    came = PersonFactory(full_name="Gus Came")
    for person in (rep, staff, board, carer, user):
        InvitationFactory(meeting=meeting, person=person)
    InvitationFactory(meeting=meeting, person=sorry, reply="apologies")
    AttendanceRecordFactory(meeting=meeting, person=came, status="absent", capacity="other")
    PersonFactory(full_name="Not Invited")
    with django_assert_num_queries(1):
        rows = register_rows(meeting)
    assert [(r.name, r.status, r.capacity, r.is_recorded) for r in rows] == [
        ("Ada Rep", "attended", "representative", False),
        ("Ben Staff", "attended", "staff", False),
        ("Cat Board", "attended", "board", False),
        ("Dee Carer", "attended", "carer", False),
        ("Eve User", "attended", "services", False),
        ("Fay Sorry", "apologies", "other", False),
        ("Gus Came", "absent", "other", True),
    ]


def _meeting_on(day: date, **kwargs):
    starts = datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)
    return MeetingFactory(starts_at=starts, ends_at=starts + timedelta(hours=2), **kwargs)


def test_attendance_by_capacity_counts_attended_entries_in_the_period(
    django_assert_num_queries,
):
    spring, autumn = _meeting_on(date(2025, 3, 12)), _meeting_on(date(2025, 10, 1))
    before, after = _meeting_on(date(2024, 12, 31)), _meeting_on(date(2026, 1, 1))
    cancelled = _meeting_on(date(2025, 6, 1), cancelled_at=datetime(2025, 5, 1, tzinfo=LONDON))
    for meeting, capacity, count in [
        (spring, "services", 3),
        (spring, "carer", 2),
        (spring, "representative", 4),
        (autumn, "services", 1),
        (autumn, "staff", 2),
        (before, "services", 5),
        (after, "carer", 5),
        (cancelled, "carer", 5),
    ]:
        AttendanceRecordFactory.create_batch(count, meeting=meeting, capacity=capacity)
    AttendanceRecordFactory.create_batch(3, meeting=spring, capacity="carer", status="apologies")
    AttendanceRecordFactory(meeting=autumn, capacity="services", status="absent")

    with django_assert_num_queries(1):
        figures = attendance_by_capacity(date(2025, 1, 1), date(2025, 12, 31))

    assert figures.by_capacity == {
        "services": 4,
        "carer": 2,
        "representative": 4,
        "staff": 2,
        "board": 0,
        "other": 0,
    }
    assert figures.total == 12
    assert (figures.services, figures.carers) == (4, 2)
    assert figures.services_share == pytest.approx(4 / 12)
    assert figures.carers_share == pytest.approx(2 / 12)
    assert figures.rows()[0] == ("Person who uses services", 4)


def test_attendance_by_capacity_of_an_empty_period_is_zero():
    figures = attendance_by_capacity(date(2030, 1, 1), date(2030, 12, 31))
    assert figures.total == 0
    assert figures.services_share == 0.0
    assert figures.carers_share == 0.0
