"""Reads of meetings, their audiences, invitations and replies: who sees what, once."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from coprod.models import User
from coprod.periods import in_force_on
from coprod.permissions import Can, Role
from network.models import (
    AdvisoryGroupMember,
    AgendaItem,
    AgendaPaper,
    Invitation,
    Meeting,
    Membership,
    Person,
    Representative,
    RoleTerm,
)
from network.selectors.organisations import AnyUser

BY_POST = (Person.Channel.POST, Person.Channel.LARGE_PRINT, Person.Channel.EASY_READ)


def _active_member_representations(day: date) -> QuerySet[Representative]:
    """Representations in force on the day, of organisations whose membership is active."""
    active = Membership.objects.filter(
        in_force_on(day), status=Membership.Status.ACTIVE, organisation=OuterRef("organisation")
    )
    return Representative.objects.filter(in_force_on(day)).filter(Exists(active))


def _terms(day: date, *roles: str) -> QuerySet[RoleTerm]:
    return RoleTerm.objects.filter(in_force_on(day), role__in=roles)


def meetings_visible_to(user: AnyUser) -> QuerySet[Meeting]:
    """Every meeting for staff, the chair and the core group; the Board sees strategic
    meetings and those they are invited to; a member representative only the invited ones.

    Invited means an invitation, or being in the meeting's audience today: a current
    representative of an active member (`invites_members`), a current Board term
    (`invites_board`), a core group or chair term, a staff term, or an open place on its
    advisory group.
    """
    meetings = Meeting.objects.select_related("advisory_group")
    can = Can.of(user)
    if can.fully("meeting_view"):
        return meetings
    if not can("meeting_view") or not isinstance(user, User):
        return meetings.none()
    today = timezone.localdate()
    invited = Exists(Invitation.objects.filter(meeting=OuterRef("pk"), person__user=user))
    audience = (
        Q(invites_members=True)
        & Exists(_active_member_representations(today).filter(person__user=user))
        | Q(invites_board=True) & Exists(_terms(today, Role.BOARD).filter(person__user=user))
        | Q(invites_core_group=True)
        & Exists(_terms(today, Role.CHAIR, Role.CORE_GROUP).filter(person__user=user))
        | Q(invites_staff=True) & Exists(_terms(today, Role.STAFF).filter(person__user=user))
        | Exists(
            AdvisoryGroupMember.objects.filter(
                in_force_on(today), group=OuterRef("advisory_group"), person__user=user
            )
        )
    )
    seen = invited | audience
    if Role.BOARD in can.roles:
        seen |= Q(kind=Meeting.Kind.STRATEGIC)
    return meetings.filter(seen)


def audience_of(meeting: Meeting, day: date | None = None) -> QuerySet[Person]:
    """Everyone the meeting's audience flags name on a day (today), each once."""
    day = day or timezone.localdate()
    reaches = Q(pk__in=[])
    if meeting.invites_members:
        reaches |= Q(pk__in=_active_member_representations(day).values("person"))
    if meeting.invites_core_group:
        reaches |= Q(pk__in=_terms(day, Role.CHAIR, Role.CORE_GROUP).values("person"))
    if meeting.invites_board:
        reaches |= Q(pk__in=_terms(day, Role.BOARD).values("person"))
    if meeting.invites_staff:
        reaches |= Q(pk__in=_terms(day, Role.STAFF).values("person"))
    if meeting.advisory_group_id:
        places = AdvisoryGroupMember.objects.filter(
            in_force_on(day), group_id=meeting.advisory_group_id
        )
        reaches |= Q(pk__in=places.values("person"))
    return Person.objects.filter(reaches).order_by("full_name", "pk")


def _consent_withdrawn(day: date) -> Q:
    return Q(consent_withdrawn_on__isnull=False, consent_withdrawn_on__lte=day)


def invitees_of(meeting: Meeting, day: date | None = None) -> QuerySet[Person]:
    """The people to invite: the audience, less anyone who withdrew consent to be contacted."""
    day = day or timezone.localdate()
    return audience_of(meeting, day).exclude(_consent_withdrawn(day))


@dataclass(frozen=True)
class LeftOut:
    person: Person
    reason: str


def invitees_left_out(meeting: Meeting, day: date | None = None) -> list[LeftOut]:
    """The audience's people who are not invited, each with the reason."""
    day = day or timezone.localdate()
    return [
        LeftOut(
            person,
            "Withdrew consent to be contacted on "
            f"{date_format(person.consent_withdrawn_on, 'j F Y')}",
        )
        for person in audience_of(meeting, day).filter(_consent_withdrawn(day))
        if person.consent_withdrawn_on
    ]


def audience_description(meeting: Meeting) -> list[str]:
    """Who is invited, in words."""
    names = [
        (meeting.invites_members, "Member organisation representatives"),
        (meeting.invites_core_group, "The chair and the core group"),
        (meeting.invites_board, "Board members"),
        (meeting.invites_staff, "Staff"),
    ]
    described = [label for flag, label in names if flag]
    if meeting.advisory_group_id and meeting.advisory_group:
        described.append(f"Members of {meeting.advisory_group.name}")
    return described


def access_arrangements(meeting: Meeting) -> list[str]:
    """The access arrangements offered at the meeting, in words."""
    flags = [
        "has_step_free_access",
        "has_hearing_loop",
        "has_bsl_interpreter",
        "has_easy_read_papers",
        "welcomes_support_workers",
        "pays_travel_expenses",
    ]
    return [field_label(name) for name in flags if getattr(meeting, name)]


def field_label(name: str) -> str:
    """A meeting field's label, capitalised ("Step-free access")."""
    field = Meeting._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


@dataclass(frozen=True)
class Registration:
    """Where a meeting's places stand."""

    capacity: int | None
    attending: int
    waiting: int
    apologies: int
    no_reply: int
    closes_on: date | None
    is_open: bool

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.attending, 0)

    @property
    def invited(self) -> int:
        return self.attending + self.waiting + self.apologies + self.no_reply


def registration_of(meeting: Meeting) -> Registration:
    """The counts of replies, places left and whether registration is open (one query)."""
    counts = Invitation.objects.filter(meeting=meeting).aggregate(
        attending=Count("pk", filter=Q(reply=Invitation.Reply.ATTENDING)),
        waiting=Count("pk", filter=Q(reply=Invitation.Reply.WAITING)),
        apologies=Count("pk", filter=Q(reply=Invitation.Reply.APOLOGIES)),
        no_reply=Count("pk", filter=Q(reply=Invitation.Reply.NONE)),
    )
    return Registration(
        capacity=meeting.capacity,
        closes_on=meeting.registration_closes_on,
        is_open=meeting.registration_is_open_on(timezone.localdate()),
        **counts,
    )


def own_invitation(meeting: Meeting, user: AnyUser) -> Invitation | None:
    """The signed-in person's invitation to the meeting, if they have one."""
    if not user.is_authenticated:
        return None
    return Invitation.objects.filter(meeting=meeting, person__user=user).first()


def waiting_position(invitation: Invitation) -> int | None:
    """Their place in the waiting list (1 is next), or None if not waiting."""
    if invitation.reply != Invitation.Reply.WAITING or invitation.replied_at is None:
        return None
    ahead = Invitation.objects.filter(
        meeting_id=invitation.meeting_id, reply=Invitation.Reply.WAITING
    ).filter(
        Q(replied_at__lt=invitation.replied_at)
        | Q(replied_at=invitation.replied_at, pk__lt=invitation.pk)
    )
    return ahead.count() + 1


def replies_to(meeting: Meeting) -> QuerySet[Invitation]:
    """Every invitation to the meeting, with the person: staff's list of replies."""
    return (
        Invitation.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("person__full_name", "pk")
    )


def waiting_list(meeting: Meeting) -> QuerySet[Invitation]:
    """The waiting list, first come first served."""
    return replies_to(meeting).filter(reply=Invitation.Reply.WAITING).order_by("replied_at", "pk")


def print_list(meeting: Meeting) -> QuerySet[Invitation]:
    """Invitations that go by post (print, large print, easy read), with the address."""
    return replies_to(meeting).filter(email_status=Invitation.EmailStatus.BY_POST)


def not_emailed(meeting: Meeting) -> QuerySet[Invitation]:
    """Invitations whose email failed: someone must reach these people another way."""
    return replies_to(meeting).filter(email_status=Invitation.EmailStatus.FAILED)


@dataclass(frozen=True)
class AgendaLine:
    """One item on a meeting's agenda, with its place in the day."""

    number: int
    item: AgendaItem
    starts_at: datetime
    ends_at: datetime
    papers: list[AgendaPaper]


def agenda_of(meeting: Meeting) -> list[AgendaLine]:
    """The items on the agenda, in order, each timed from the meeting's start (two queries)."""
    items = (
        AgendaItem.objects.filter(meeting=meeting, status=AgendaItem.Status.ON_AGENDA)
        .prefetch_related("papers")
        .order_by("position", "pk")
    )
    lines = []
    start = meeting.starts_at
    for number, item in enumerate(items, start=1):
        end = start + timedelta(minutes=item.minutes_needed)
        lines.append(AgendaLine(number, item, start, end, list(item.papers.all())))
        start = end
    return lines


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first moment of the year and of the next, in local time."""
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def meetings_in_year(user: AnyUser, year: int) -> QuerySet[Meeting]:
    """The meetings of a calendar year the person may see, in date order."""
    first, after = _year_bounds(year)
    return (
        meetings_visible_to(user)
        .filter(starts_at__gte=first, starts_at__lt=after)
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class FullNetworkMeetings:
    """A year's full network meetings: one strategic and one products and programmes."""

    year: int
    strategic: int
    products: int

    @property
    def missing(self) -> list[str]:
        return [
            str(label)
            for count, label in (
                (self.strategic, Meeting.Kind.STRATEGIC.label),
                (self.products, Meeting.Kind.PRODUCTS.label),
            )
            if not count
        ]


def full_network_meetings_in(year: int) -> FullNetworkMeetings:
    """How many full network meetings of each kind the year holds, cancelled ones left out.

    Counted over every meeting (not only those the person sees): it is a fact about the
    network, not about anyone.
    """
    first, after = _year_bounds(year)
    counts = Meeting.objects.filter(
        starts_at__gte=first, starts_at__lt=after, cancelled_at=None
    ).aggregate(
        strategic=Count("pk", filter=Q(kind=Meeting.Kind.STRATEGIC)),
        products=Count("pk", filter=Q(kind=Meeting.Kind.PRODUCTS)),
    )
    return FullNetworkMeetings(year=year, **counts)


def upcoming_meetings(user: AnyUser) -> QuerySet[Meeting]:
    """Meetings the person may see that have not started yet, soonest first."""
    return (
        meetings_visible_to(user)
        .filter(starts_at__gte=timezone.now(), cancelled_at=None)
        .order_by("starts_at", "pk")
    )
