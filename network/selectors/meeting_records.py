"""Reads for the register, minutes, actions and "you said, we did", and who may read them.

Staff, the chair, the core group and the Board read every meeting's approved minutes
and feedback; a member representative reads only those of meetings they are invited to
(an invitation for their person, or a meeting for member representatives while they
represent an active member). Drafts are staff's alone.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from coprod.models import User
from coprod.periods import in_force_on
from coprod.permissions import Can, Role
from network.models import (
    Action,
    AgendaItem,
    AttendanceRecord,
    Feedback,
    Invitation,
    Meeting,
    Minutes,
    Person,
    Representative,
    RoleTerm,
)
from network.selectors.meetings import meetings_visible_to

Capacity = AttendanceRecord.Capacity


# --- Who may read which meeting's records ------------------------------------------------


def meetings_with_records_for(user: User) -> QuerySet[Meeting]:
    """Meetings whose approved minutes and feedback this person may read."""
    can = Can.of(user)
    meetings = Meeting.objects.all()
    if can.fully("minutes_read"):
        return meetings
    if not can("minutes_read"):
        return meetings.none()
    # A member reads the records of the meetings they are invited to: the meetings they see.
    return meetings_visible_to(user)


def minutes_visible_to(user: User) -> QuerySet[Meeting]:
    """Meetings whose minutes this person may open: any state for staff, else approved."""
    meetings = meetings_with_records_for(user).select_related("minutes")
    if Can.of(user)("meeting_record"):
        return meetings
    return meetings.filter(minutes__status=Minutes.Status.APPROVED)


# --- The register --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    """One person on a meeting's register, with what is recorded or what to suggest."""

    person_id: int
    name: str
    status: str
    capacity: str
    is_recorded: bool


def suggested_capacity(
    *, is_staff: bool, is_board: bool, is_representative: bool, lived_experience: str
) -> str:
    """The capacity a person most likely came in: their role, else their lived experience."""
    if is_staff:
        return Capacity.STAFF
    if is_board:
        return Capacity.BOARD
    if lived_experience in (Person.LivedExperience.SERVICES, Person.LivedExperience.BOTH):
        return Capacity.SERVICES
    if lived_experience == Person.LivedExperience.CARER:
        return Capacity.CARER
    if is_representative:
        return Capacity.REPRESENTATIVE
    return Capacity.OTHER


def register_rows(meeting: Meeting) -> list[RegisterRow]:
    """Everyone invited to the meeting plus anyone already recorded, by name: ONE query.

    Recorded entries keep their answers; others are suggested: apologies for people who
    replied with apologies (attended otherwise), and a capacity from their role or lived
    experience (see `suggested_capacity`). Only staff use the register, and staff may see
    lived experience.
    """
    day = timezone.localtime(meeting.starts_at).date()
    record = AttendanceRecord.objects.filter(meeting=meeting, person=OuterRef("pk"))
    invitation = Invitation.objects.filter(meeting=meeting, person=OuterRef("pk"))
    term = RoleTerm.objects.filter(in_force_on(day), person=OuterRef("pk"))
    people = (
        Person.objects.filter(Exists(invitation) | Exists(record))
        .annotate(
            recorded_status=Subquery(record.values("status")[:1]),
            recorded_capacity=Subquery(record.values("capacity")[:1]),
            reply=Subquery(invitation.values("reply")[:1]),
            is_staff=Exists(term.filter(role=Role.STAFF)),
            is_board=Exists(term.filter(role=Role.BOARD)),
            is_representative=Exists(
                Representative.objects.filter(in_force_on(day), person=OuterRef("pk"))
            ),
        )
        .order_by("full_name", "pk")
        .values(
            "pk",
            "full_name",
            "lived_experience",
            "recorded_status",
            "recorded_capacity",
            "reply",
            "is_staff",
            "is_board",
            "is_representative",
        )
    )
    rows = []
    for person in people:
        if person["recorded_status"]:
            status, capacity = person["recorded_status"], person["recorded_capacity"]
        else:
            status = (
                AttendanceRecord.Status.APOLOGIES
                if person["reply"] == Invitation.Reply.APOLOGIES
                else AttendanceRecord.Status.ATTENDED
            )
            capacity = suggested_capacity(
                is_staff=person["is_staff"],
                is_board=person["is_board"],
                is_representative=person["is_representative"],
                lived_experience=person["lived_experience"],
            )
        rows.append(
            RegisterRow(
                person_id=person["pk"],
                name=person["full_name"],
                status=status,
                capacity=capacity,
                is_recorded=bool(person["recorded_status"]),
            )
        )
    return rows


def people_to_add_to_register(meeting: Meeting) -> QuerySet[Person]:
    """People not yet on the register or invited: the choices for "add someone who came"."""
    return (
        Person.objects.exclude(invitations__meeting=meeting)
        .exclude(attendance__meeting=meeting)
        .order_by("full_name", "pk")
    )


# --- Attendance figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceByCapacity:
    """How many attendances there were in a period, by capacity.

    `by_capacity` maps every capacity (value) to its count, zeros included; `total` is all
    attendances (one person at two meetings counts twice). The shares are fractions of
    `total` (0.0 when nobody attended): people who use services and carers separately.
    """

    start: date
    end: date
    by_capacity: dict[str, int]
    total: int

    @property
    def services(self) -> int:
        return self.by_capacity[Capacity.SERVICES]

    @property
    def carers(self) -> int:
        return self.by_capacity[Capacity.CARER]

    @property
    def services_share(self) -> float:
        return self.services / self.total if self.total else 0.0

    @property
    def carers_share(self) -> float:
        return self.carers / self.total if self.total else 0.0

    def rows(self) -> list[tuple[str, int]]:
        """(capacity label, count) in the order of the capacities, for tables."""
        return [(label, self.by_capacity[value]) for value, label in Capacity.choices]


def attendance_by_capacity(start: date, end: date) -> AttendanceByCapacity:
    """Attended register entries by capacity, for meetings held from `start` to `end`
    (both days included, by the meeting's local start date; cancelled meetings left out).

    ONE query. The annual report reuses this for "attendance by capacity".
    """
    counts = dict(
        AttendanceRecord.objects.filter(
            status=AttendanceRecord.Status.ATTENDED,
            meeting__starts_at__date__gte=start,
            meeting__starts_at__date__lte=end,
            meeting__cancelled_at=None,
        )
        .order_by()
        .values_list("capacity")
        .annotate(count=Count("pk"))
        .values_list("capacity", "count")
    )
    by_capacity = {value: counts.get(value, 0) for value in Capacity.values}
    return AttendanceByCapacity(
        start=start, end=end, by_capacity=by_capacity, total=sum(by_capacity.values())
    )


def meeting_attendance_counts(meeting: Meeting) -> list[tuple[str, int]]:
    """(capacity label, how many attended) for one meeting, in capacity order: ONE query."""
    counts = dict(
        meeting.attendance.filter(status=AttendanceRecord.Status.ATTENDED)
        .order_by()
        .values_list("capacity")
        .annotate(count=Count("pk"))
        .values_list("capacity", "count")
    )
    return [(label, counts.get(value, 0)) for value, label in Capacity.choices]


# --- Minutes, actions, feedback ---------------------------------------------------------


def agenda_items_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items on the meeting's agenda, in order, with their "you said, we did"."""
    return meeting.agenda_items.filter(status=AgendaItem.Status.ON_AGENDA).prefetch_related(
        "feedback", "papers"
    )


def actions_of(meeting: Meeting) -> QuerySet[Action]:
    return meeting.actions.select_related("owner", "item").order_by("due_on", "pk")


class ActionFilter:
    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"
    CHOICES = [("", "All"), (OPEN, "Open"), (OVERDUE, "Overdue"), (DONE, "Done")]


def action_list(*, show: str, today: date) -> QuerySet[Action]:
    """Actions across meetings, with their meeting and owner: open, overdue, done or all."""
    actions = Action.objects.select_related("meeting", "owner", "item")
    if show == ActionFilter.OPEN:
        return actions.filter(status=Action.Status.OPEN)
    if show == ActionFilter.OVERDUE:
        return actions.filter(status=Action.Status.OPEN, due_on__lt=today)
    if show == ActionFilter.DONE:
        return actions.filter(status=Action.Status.DONE)
    return actions


def feedback_since(day: date) -> QuerySet[Feedback]:
    """ "You said, we did" recorded on or after the day, newest first, with item and meeting.

    For everyone's bulletins: callers show it only for meetings whose minutes are approved
    (this returns those only).
    """
    return (
        Feedback.objects.filter(
            recorded_on__gte=day, item__meeting__minutes__status=Minutes.Status.APPROVED
        )
        .select_related("item", "item__meeting")
        .order_by("-recorded_on", "-pk")
    )


@dataclass(frozen=True)
class AfterTheMeeting:
    """What the meeting page shows of a meeting's records to one person."""

    minutes_status: str  # in words ("Approved"); "" when no minutes are written yet
    may_read_minutes: bool
    feedback: list[Feedback]


def after_the_meeting(meeting: Meeting, user: User) -> AfterTheMeeting:
    """The minutes' state and the "you said, we did" the person may read (two queries)."""
    status = Minutes.objects.filter(meeting=meeting).values_list("status", flat=True).first()
    may_read = minutes_visible_to(user).filter(pk=meeting.pk).exists() if status else False
    feedback = (
        list(Feedback.objects.filter(item__meeting=meeting).select_related("item"))
        if may_read
        else []
    )
    label = str(Minutes.Status(status).label) if status else ""
    return AfterTheMeeting(minutes_status=label, may_read_minutes=may_read, feedback=feedback)


# --- Record of contribution ----------------------------------------------------------------


def contributions_in(person: Person, year: int) -> QuerySet[AttendanceRecord]:
    """The meetings a person attended in a calendar year, oldest first, with the meeting."""
    return (
        person.attendance.filter(
            status=AttendanceRecord.Status.ATTENDED,
            meeting__starts_at__year=year,
            meeting__cancelled_at=None,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )


def attendees_of(meeting: Meeting) -> QuerySet[AttendanceRecord]:
    """Who attended, by name, with their capacity (for staff only)."""
    return (
        meeting.attendance.filter(status=AttendanceRecord.Status.ATTENDED)
        .select_related("person")
        .order_by("person__full_name", "pk")
    )
