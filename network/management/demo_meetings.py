"""Invented meetings for the demo: two years (or `years`) of the network's calendar.

Each year has its two full network meetings (strategic in spring, products and
programmes in autumn), four core group meetings, two project advisory groups meeting
twice, and a workshop. Agendas go through every state: past meetings are published, with
invitations, a register, approved minutes (the latest one still in draft), actions and
"you said, we did"; the next strategic meeting's agenda is a draft with proposals from the
chair, the core group and a member, and the next core group meeting's is signed off.

Rows are written directly (bulk, in a few queries a meeting) rather than through the
services, so that `--scale 30` stays quick; a meeting is found by its title and start
before anything is made, so a re-run changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from coprod.models import User
from network.models import (
    Action,
    AdvisoryGroup,
    AdvisoryGroupMember,
    AgendaItem,
    AgendaVersion,
    AttendanceRecord,
    Feedback,
    Invitation,
    Meeting,
    Minutes,
    Person,
    Representative,
    RoleTerm,
)

LONDON = ZoneInfo("Europe/London")
Kind = Meeting.Kind
Capacity = AttendanceRecord.Capacity

# (title, purpose, section, minutes needed): what each kind of meeting discusses.
NETWORK_ITEMS = [
    ("Welcome, introductions and access check", "inform", "Opening", 15),
    ("Business plan priorities for next year", "discuss", "Strategy", 45),
    ("How members want to be involved in projects", "discuss", "Involvement", 40),
    ("Payment for involvement: the new policy", "decide", "Involvement", 30),
    ("Recruiting young people's organisations", "decide", "The network", 25),
    ("Update from the Board", "inform", "Governance", 20),
]
CORE_ITEMS = [
    ("Minutes and actions from last time", "inform", "Opening", 10),
    ("Co-designing the next network meeting's agenda", "discuss", "Meetings", 40),
    ("Advice on recruitment candidates", "discuss", "The network", 30),
    ("The annual report: what the Board should read", "discuss", "Reporting", 30),
]
ADVISORY_ITEMS = [
    ("What good support looks like to you", "discuss", "Evidence", 45),
    ("Reviewing the draft guide", "discuss", "Content", 50),
    ("Agreeing the changes we recommend", "decide", "Content", 25),
]
WORKSHOP_ITEMS = [
    ("Stories of what helped", "discuss", "Session 1", 60),
    ("Designing the resource together", "discuss", "Session 2", 60),
]
PROPOSALS = [  # the next strategic meeting's agenda, still being co-designed
    ("Cost of living and taking part", "discuss", "Involvement", 30, "chair@example.org"),
    ("Accessible papers: easy read for every meeting", "decide", "Meetings", 20, "core"),
    ("Digital exclusion among older members", "discuss", "The network", 25, "core"),
    ("Carers' breaks and meeting times", "discuss", "Meetings", 20, "member@example.org"),
]
ADVISORY_GROUPS = [
    ("Young carers' resources advisory group", ["carer", "services", "provider", "staff"]),
    ("Dementia care guide advisory group", ["services", "carer", "commissioner", "chair"]),
]
YOU_SAID = [
    (
        "Papers arrived too late to read them with support.",
        "Papers now go out two weeks before each meeting, with easy-read summaries.",
    ),
    (
        "Members wanted to hear what happened to their advice.",
        "Each bulletin now has a 'you said, we did' section, and so does every meeting page.",
    ),
    (
        "Meetings starting at 10am were hard for carers.",
        "Network meetings now start at 10:30 and finish by 15:30.",
    ),
]


@dataclass
class Cast:
    """The people the demo's meetings invite, each with the capacity they come in."""

    staff: list[Person]
    chair: Person
    core: list[Person]
    board: list[Person]
    representatives: list[Person]
    member: Person
    staff_user: User | None
    chair_user: User | None

    def capacity_of(self, person: Person) -> str:
        if person in self.staff:
            return Capacity.STAFF
        if person in self.board:
            return Capacity.BOARD
        if person.lived_experience == Person.LivedExperience.CARER:
            return Capacity.CARER
        if person.lived_experience in (
            Person.LivedExperience.SERVICES,
            Person.LivedExperience.BOTH,
        ):
            return Capacity.SERVICES
        return Capacity.REPRESENTATIVE


def _cast() -> Cast:
    def holders(role: str) -> list[Person]:
        return list(
            Person.objects.filter(role_terms__role=role, role_terms__ended_on=None)
            .distinct()
            .order_by("pk")
        )

    chair = holders(RoleTerm.Role.CHAIR)[0]
    representatives = list(
        Person.objects.filter(
            pk__in=Representative.objects.filter(ended_on=None).values("person")
        ).order_by("pk")
    )
    member = Person.objects.get(email="member@example.org")
    return Cast(
        staff=holders(RoleTerm.Role.STAFF),
        chair=chair,
        core=[p for p in holders(RoleTerm.Role.CORE_GROUP) if p != chair],
        board=[p for p in holders(RoleTerm.Role.BOARD) if p != chair],
        representatives=representatives,
        member=member,
        staff_user=User.objects.filter(email="staff@example.org").first(),
        chair_user=User.objects.filter(email="chair@example.org").first(),
    )


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


class MeetingSeeder:
    """Makes the demo's meetings; see the module's docstring."""

    def __init__(self, *, today: date, rng: random.Random) -> None:
        self.today = today
        self.random = rng
        self.cast = _cast()
        self.groups = self._advisory_groups()

    # --- The calendar ------------------------------------------------------------------

    def seed(self, years: int = 2) -> int:
        """Seed `years` years of meetings up to the current one; returns meetings made."""
        made = 0
        for year in range(self.today.year - years + 1, self.today.year + 1):
            for spec in self._year(year):
                made += self._meeting(*spec)
        made += self._next_meetings()
        return made

    def _year(self, year: int) -> list[tuple[str, str, datetime, list, dict]]:
        everyone = {"invites_members": True, "invites_core_group": True}
        network = [
            (
                f"Strategic network meeting {year}",
                Kind.STRATEGIC,
                _at(date(year, 3, 11), 10, 30),
                NETWORK_ITEMS,
                {**everyone, "invites_board": True},
            ),
            (
                f"Products and programmes network meeting {year}",
                Kind.PRODUCTS,
                _at(date(year, 10, 14), 10, 30),
                NETWORK_ITEMS,
                {**everyone, "invites_staff": True},
            ),
        ]
        core = [
            (
                f"Core group meeting, {date(year, month, 1):%B %Y}",
                Kind.CORE_GROUP,
                _at(date(year, month, 6), 14),
                CORE_ITEMS,
                {"invites_core_group": True, "invites_staff": True},
            )
            for month in (1, 4, 7, 9)
        ]
        advisory = [
            (
                f"{group.name}: meeting {n}",
                Kind.ADVISORY_GROUP,
                _at(date(year, 2 + 4 * n + index, 18), 13),
                ADVISORY_ITEMS,
                {"advisory_group": group},
            )
            for index, group in enumerate(self.groups)
            for n in (1, 2)
        ]
        workshop = [
            (
                f"Workshop: designing easy-read papers together {year}",
                Kind.WORKSHOP,
                _at(date(year, 6, 17), 11),
                WORKSHOP_ITEMS,
                {"invites_members": True},
            )
        ]
        specs = network + core + advisory + workshop
        return [spec for spec in specs if spec[2].date() < self.today]

    def _next_meetings(self) -> int:
        """The next strategic meeting (a draft with proposals) and core group (signed off)."""
        year = self.today.year + 1
        made = self._meeting(
            f"Strategic network meeting {year}",
            Kind.STRATEGIC,
            _at(date(year, 3, 10), 10, 30),
            NETWORK_ITEMS[:2],
            {
                "invites_members": True,
                "invites_core_group": True,
                "invites_board": True,
                "members_may_suggest": True,
                "capacity": 60,
                "registration_closes_on": date(year, 3, 3),
            },
            state="draft",
        )
        made += self._meeting(
            f"Core group meeting, {date(year, 1, 1):%B %Y}",
            Kind.CORE_GROUP,
            _at(date(year, 1, 13), 14),
            CORE_ITEMS,
            {"invites_core_group": True, "invites_staff": True},
            state="signed-off",
        )
        return made

    # --- One meeting ---------------------------------------------------------------------

    def _meeting(
        self,
        title: str,
        kind: str,
        starts_at: datetime,
        items: list,
        audience: dict,
        state: str = "",
    ) -> int:
        if Meeting.objects.filter(title=title, starts_at=starts_at).exists():
            return 0
        online = kind in (Kind.CORE_GROUP, Kind.ADVISORY_GROUP)
        hours: int = {str(Kind.STRATEGIC): 5, str(Kind.PRODUCTS): 5, str(Kind.WORKSHOP): 3}.get(
            kind, 2
        )
        meeting = Meeting.objects.create(
            title=title,
            kind=kind,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            place="" if online else "Friends Meeting House, 12 Albion Street, Leeds LS1 6AG",
            online_link="https://meet.example.org/coprod" if online else "",
            has_step_free_access=not online,
            has_hearing_loop=not online,
            has_bsl_interpreter=kind in Meeting.FULL_NETWORK_KINDS,
            has_easy_read_papers=True,
            welcomes_support_workers=True,
            pays_travel_expenses=not online,
            created_by=self.cast.staff_user,
            **audience,
        )
        agenda = self._agenda(meeting, items)
        past = starts_at.date() < self.today
        if state == "draft":
            self._proposals(meeting, start=len(agenda))
            self._version(meeting, agenda, number=1)
            return 1
        version = self._version(meeting, agenda, number=1)
        if len(agenda) > 2:  # a second arrangement: the last two items swapped
            agenda[-1].position, agenda[-2].position = agenda[-2].position, agenda[-1].position
            AgendaItem.objects.bulk_update(agenda, ["position"])
            agenda.sort(key=lambda item: item.position)
            version = self._version(meeting, agenda, number=2, note="Board update moved last")
        meeting.agenda_status = Meeting.AgendaStatus.SIGNED_OFF
        meeting.signed_off_version = version
        meeting.signed_off_by = self.cast.chair_user
        meeting.signed_off_at = starts_at - timedelta(days=21)
        if state != "signed-off":
            meeting.agenda_status = Meeting.AgendaStatus.PUBLISHED
            meeting.published_at = starts_at - timedelta(days=20)
        meeting.save()
        if state != "signed-off":
            invited = self._invite(meeting)
            if past:
                self._record(meeting, invited, agenda)
        return 1

    def _invitees(self, meeting: Meeting) -> list[Person]:
        cast = self.cast
        people: list[Person] = []
        if meeting.invites_members:
            people += cast.representatives
        if meeting.invites_core_group:
            people += [cast.chair, *cast.core]
        if meeting.invites_board:
            people += cast.board
        if meeting.invites_staff:
            people += cast.staff
        if meeting.advisory_group is not None:
            people += [place.person for place in meeting.advisory_group.members.all()]
        return list(dict.fromkeys(people))  # each person once, in order

    def _invite(self, meeting: Meeting) -> list[Invitation]:
        sent_at = meeting.published_at or meeting.starts_at - timedelta(days=20)
        invitations = []
        for person in self._invitees(meeting):
            by_post = person.preferred_channel in (
                Person.Channel.POST,
                Person.Channel.LARGE_PRINT,
                Person.Channel.EASY_READ,
            )
            roll = self.random.random()
            reply = (
                Invitation.Reply.ATTENDING
                if roll < 0.7
                else Invitation.Reply.APOLOGIES
                if roll < 0.85
                else Invitation.Reply.NONE
            )
            invitations.append(
                Invitation(
                    meeting=meeting,
                    person=person,
                    reply=reply,
                    replied_at=sent_at + timedelta(days=3) if reply else None,
                    access_needs="A BSL interpreter, please." if roll < 0.05 else "",
                    email_status=(
                        Invitation.EmailStatus.BY_POST if by_post else Invitation.EmailStatus.SENT
                    ),
                    email_attempts=0 if by_post else 1,
                    emailed_at=None if by_post else sent_at,
                    notified_sequence=0,
                )
            )
        return Invitation.objects.bulk_create(invitations)

    def _agenda(self, meeting: Meeting, items: list) -> list[AgendaItem]:
        proposers = [self.cast.staff_user, self.cast.chair_user]
        return AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                title=title,
                purpose=purpose,
                section=section,
                presenter=self.random.choice(
                    [p.full_name for p in [self.cast.chair, *self.cast.core, *self.cast.staff]]
                ),
                minutes_needed=minutes,
                status=AgendaItem.Status.ON_AGENDA,
                position=position,
                proposed_by=proposers[position % 2],
                proposed_at=min(meeting.starts_at - timedelta(days=40 - position), timezone.now()),
            )
            for position, (title, purpose, section, minutes) in enumerate(items, start=1)
        )

    def _proposals(self, meeting: Meeting, start: int) -> None:
        users = {
            "chair@example.org": self.cast.chair_user,
            "member@example.org": self.cast.member.user,
            "core": User.objects.filter(email="core@example.org").first(),
        }
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                title=title,
                purpose=purpose,
                section=section,
                minutes_needed=minutes,
                status=AgendaItem.Status.PROPOSED,
                position=start + n,
                is_member_suggestion=who == "member@example.org",
                proposed_by=users[who],
                proposed_at=timezone.now() - timedelta(days=10 - n),
            )
            for n, (title, purpose, section, minutes, who) in enumerate(PROPOSALS, start=1)
        )

    def _version(
        self, meeting: Meeting, agenda: list[AgendaItem], *, number: int, note: str = ""
    ) -> AgendaVersion:
        clock = timezone.localtime(meeting.starts_at)
        frozen = []
        for item in agenda:
            frozen.append(
                {
                    "id": item.pk,
                    "title": item.title,
                    "purpose": item.purpose,
                    "section": item.section,
                    "presenter": item.presenter,
                    "minutes_needed": item.minutes_needed,
                    "starts": f"{clock:%H:%M}",
                }
            )
            clock += timedelta(minutes=item.minutes_needed)
        return AgendaVersion.objects.create(
            meeting=meeting,
            number=number,
            items=frozen,
            note=note or "First arrangement",
            saved_by=self.cast.staff_user,
            saved_at=min(meeting.starts_at - timedelta(days=30 - number), timezone.now()),
        )

    def _record(
        self, meeting: Meeting, invitations: list[Invitation], agenda: list[AgendaItem]
    ) -> None:
        """The register, minutes, actions and feedback of a meeting that has happened."""
        recorded_at = meeting.ends_at + timedelta(days=1)
        status_for: dict[str, str] = {
            Invitation.Reply.ATTENDING: AttendanceRecord.Status.ATTENDED,
            Invitation.Reply.APOLOGIES: AttendanceRecord.Status.APOLOGIES,
            Invitation.Reply.NONE: AttendanceRecord.Status.ABSENT,
        }
        places = self._capacities(meeting)
        AttendanceRecord.objects.bulk_create(
            AttendanceRecord(
                meeting=meeting,
                person=invitation.person,
                status=status_for.get(invitation.reply, AttendanceRecord.Status.ABSENT),
                capacity=places.get(invitation.person_id)
                or self.cast.capacity_of(invitation.person),
                recorded_by=self.cast.staff_user,
                recorded_at=recorded_at,
            )
            for invitation in invitations
        )
        for item in agenda:
            item.outcome = {
                "decide": "Agreed, with the changes members asked for.",
                "discuss": "Members' views recorded; staff to take them into the plan.",
                "inform": "Noted.",
            }[item.purpose]
        AgendaItem.objects.bulk_update(agenda, ["outcome"])
        latest = self.today - meeting.starts_at.date() < timedelta(days=60)
        Minutes.objects.create(
            meeting=meeting,
            summary="A full and friendly meeting; access arrangements worked well.",
            status=Minutes.Status.CIRCULATED if latest else Minutes.Status.APPROVED,
            circulated_at=recorded_at + timedelta(days=6),
            approved_at=None if latest else recorded_at + timedelta(days=30),
            approved_how="" if latest else Minutes.ApprovedHow.CHAIR,
            approved_by=None if latest else self.cast.chair_user,
            written_by=self.cast.staff_user,
        )
        owners = [*self.cast.staff, self.cast.chair]
        due = meeting.starts_at.date() + timedelta(days=30)
        Action.objects.bulk_create(
            Action(
                meeting=meeting,
                item=item,
                description=f"Follow up: {item.title.lower()}",
                owner=owners[n % len(owners)],
                due_on=due + timedelta(days=14 * n),
                status=(
                    Action.Status.DONE
                    if due + timedelta(days=14 * n) < self.today - timedelta(days=30)
                    else Action.Status.OPEN
                ),
                completed_on=(
                    due + timedelta(days=14 * n - 2)
                    if due + timedelta(days=14 * n) < self.today - timedelta(days=30)
                    else None
                ),
                created_by=self.cast.staff_user,
            )
            for n, item in enumerate(agenda[1:3])
        )
        if meeting.is_full_network_meeting:
            Feedback.objects.bulk_create(
                Feedback(
                    item=item,
                    you_said=said,
                    we_did=did,
                    recorded_by=self.cast.staff_user,
                    recorded_on=(meeting.ends_at + timedelta(days=40)).date(),
                )
                for item, (said, did) in zip(
                    agenda[1:3], self.random.sample(YOU_SAID, 2), strict=True
                )
            )

    def _capacities(self, meeting: Meeting) -> dict[int, str]:
        """The capacity each advisory group member comes in (others: from who they are)."""
        if meeting.advisory_group is None:
            return {}
        capacities: dict[str, str] = {
            AdvisoryGroupMember.Capacity.CARER: Capacity.CARER,
            AdvisoryGroupMember.Capacity.SERVICES: Capacity.SERVICES,
            AdvisoryGroupMember.Capacity.STAFF: Capacity.STAFF,
        }
        return {
            place.person_id: capacities.get(place.capacity, Capacity.OTHER)
            for place in meeting.advisory_group.members.all()
        }

    def _advisory_groups(self) -> list[AdvisoryGroup]:
        groups = []
        pool = [*self.cast.representatives, *self.cast.staff, self.cast.chair]
        for index, (name, capacities) in enumerate(ADVISORY_GROUPS):
            group, made = AdvisoryGroup.objects.get_or_create(
                name=name,
                defaults={"description": "Advises the project team from start to finish."},
            )
            if made:
                AdvisoryGroupMember.objects.bulk_create(
                    AdvisoryGroupMember(
                        group=group,
                        person=pool[(index * 5 + n * 3) % len(pool)],
                        capacity=capacity,
                        started_on=date(self.today.year - 2, 1, 10),
                    )
                    for n, capacity in enumerate(capacities * 2)
                )
            groups.append(group)
        return groups
