"""Demo data for the plan of change: the seed document's timetable for change (three phases
and their milestones, in mixed states), a statement of values with two approved versions,
six policies under review, co-production champions and training sessions.

The seed's timetable ran from November 2011 to April 2013; here it is moved on by whole
years so that today falls in its third phase, and the demo shows milestones done, due and
late. Names are invented. Safe to re-run: anything already there is left alone. Run after
`seed_demo`, whose staff it names as owners (it adds them if they are missing).
"""

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from network import services as network_services
from network.models import Person
from reporting import services
from reporting.models import (
    Champion,
    CharterVersion,
    Milestone,
    Phase,
    Policy,
    TrainingSession,
)

SEED_YEAR = 2012  # the year the seed's timetable is mostly about

DONE, IN_PROGRESS, NOT_STARTED = (
    Milestone.Status.DONE,
    Milestone.Status.IN_PROGRESS,
    Milestone.Status.NOT_STARTED,
)

# (title, (start year offset, month, day), (end year offset, month, day), description,
#  milestones: (title, owner person or team, (year offset, month, day) due, status, evidence))
PHASES: list[tuple[str, tuple[int, int, int], tuple[int, int, int], str, list[tuple]]] = [
    (
        "Phase one",
        (-1, 11, 1),
        (0, 3, 31),
        "Recruit the members of the co-production network, develop plans for it, and "
        "recruit a service user trustee to the Board who will also chair the network.",
        [
            (
                "Recruit members of the co-production network",
                "Sam Okafor",
                (0, 3, 15),
                DONE,
                "28 member organisations active at the end of the phase.",
            ),
            (
                "Develop plans for the co-production network",
                "team:Co-production team",
                (0, 2, 1),
                DONE,
                "Plans agreed by the Board in February.",
            ),
            (
                "Recruit a service user trustee to the Board, who will also chair the network",
                "team:Governance team",
                (0, 3, 31),
                IN_PROGRESS,
                "Shortlist agreed; interviews with the chair of the Board to arrange.",
            ),
        ],
    ),
    (
        "Phase two",
        (0, 4, 1),
        (0, 9, 30),
        "Develop a common approach to the user and carer voice in programmes and projects, "
        "hold the first meeting of the new network, change the programme and project "
        "management systems, review commissioning and other policies, and develop the "
        "reporting on participation to the Board.",
        [
            (
                "Develop a common approach to the user and carer voice: the statement of "
                "principles and the review of the project management system",
                "Marcus Tenby",
                (0, 6, 30),
                DONE,
                "Statement of values approved; project checkpoints strengthened.",
            ),
            (
                "Hold the first meeting of the new network and develop it with the members",
                "team:Co-production team",
                (0, 7, 15),
                DONE,
                "First strategic meeting held with 24 member organisations.",
            ),
            (
                "Implement changes to the programme and project management systems",
                "Paula Hendry",
                (0, 9, 1),
                IN_PROGRESS,
                "Involvement plans now required at scoping; production next.",
            ),
            (
                "Review commissioning procedures and other policies, including human resources",
                "team:Human resources",
                (0, 9, 30),
                IN_PROGRESS,
                "Four of six policies reviewed.",
            ),
            (
                "Develop a structure for reporting on participation to the Board",
                "Nadia Hussain",
                (0, 8, 31),
                DONE,
                "Annual participation report agreed with the chair and core group.",
            ),
        ],
    ),
    (
        "Phase three",
        (0, 10, 1),
        (1, 4, 30),
        "Hold the second meeting of the co-production network, implement the changes to "
        "commissioning procedures and complete the reviews of other policies.",
        [
            (
                "Hold the second meeting of the co-production network",
                "team:Co-production team",
                (1, 3, 20),
                NOT_STARTED,
                "",
            ),
            (
                "Implement changes to commissioning procedures",
                "team:Commissioning team",
                (1, 2, 28),
                IN_PROGRESS,
                "User-led organisations invited to tender for two projects.",
            ),
            (
                "Brief every co-production champion on the new procedures",
                "Sam Okafor",
                (0, 11, 15),
                IN_PROGRESS,
                "Two of three champions briefed.",
            ),
            (
                "Complete the reviews of other policies",
                "team:Human resources",
                (1, 4, 30),
                NOT_STARTED,
                "",
            ),
        ],
    ),
]

PRINCIPLES_1 = [
    (
        "Equal partners",
        "People who use services and carers work with us as equal partners, sharing "
        "power in the decisions that affect them.",
    ),
    (
        "Involved from the start",
        "We involve people at the beginning of every programme and project, not only at the end.",
    ),
    (
        "Plain language",
        "We write and speak in simple, clear language, and offer easy read, large print "
        "and other formats.",
    ),
    (
        "Paid for their time",
        "We pay people who use services and carers for their time and expenses.",
    ),
    ("Feedback", "We tell people what we did with what they told us."),
]
# Version 2: one reworded, one replaced by a new one, one added.
REWORDED = (
    "Paid for their time",
    "We pay people who use services and carers for their time and expenses, promptly and "
    "in the way that suits them.",
)
REMOVED = "Feedback"
ADDED = [
    (
        "You said, we did",
        "After every meeting we tell members what we did with their input, and why.",
    ),
    (
        "Seldom-heard voices",
        "We seek out people whose voices are seldom heard, and make it easy for them to "
        "take part.",
    ),
]

# (name, owner, status, what changed, reviewed: (year offset, month, day) or None)
POLICIES = [
    (
        "Recruitment and selection",
        "Human resources",
        Policy.Status.CHANGED,
        "People who use services and carers sit on interview panels for posts that work "
        "with them.",
        (0, 6, 12),
    ),
    (
        "Expenses and payments to contributors",
        "Finance team",
        Policy.Status.CHANGED,
        "Payments within ten working days, by bank transfer or voucher, with help to "
        "check the effect on benefits.",
        (0, 5, 20),
    ),
    (
        "Project management handbook",
        "Programme office",
        Policy.Status.CHANGED,
        "An involvement plan is required at each checkpoint before a project moves on.",
        (0, 8, 3),
    ),
    ("Complaints procedure", "Governance team", Policy.Status.NO_CHANGE, "", (0, 7, 1)),
    ("Commissioning and procurement", "Commissioning team", Policy.Status.UNDER_REVIEW, "", None),
    ("Equality and diversity", "Human resources", Policy.Status.NOT_STARTED, "", None),
]

# (person, team, since: (year offset, month, day))
CHAMPIONS = [
    ("Marcus Tenby", "Research", (0, 5, 1)),
    ("Paula Hendry", "Digital", (0, 5, 1)),
    ("Nadia Hussain", "Practice development", (0, 9, 14)),
]

# (title, held: (year offset, month, day), run by, staff attending, co-delivered)
TRAINING = [
    (
        "Seminar for all staff: moving to co-production",
        (-1, 12, 6),
        "The co-production team and the chair of the network",
        48,
        True,
    ),
    ("Involvement plans at project checkpoints", (0, 5, 14), "Programme office", 22, False),
    ("Co-production in practice", (0, 9, 24), "Carers Together and Voices North", 17, True),
    ("Paying contributors fairly", (0, 11, 5), "Finance team", 12, False),
]


class Command(BaseCommand):
    help = (
        "Add the demo plan of change: three phases of milestones, a charter in two approved "
        "versions, six policies, champions and training. Run after seed_demo; safe to re-run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.today = timezone.localdate()
        self.shift = self.today.year - SEED_YEAR
        with transaction.atomic():
            self.seed_phases()
            self.seed_charter()
            self.seed_policies()
            self.seed_champions()
            self.seed_training()
        self.stdout.write(
            f"Plan of change: {Phase.objects.count()} phases, "
            f"{Milestone.objects.count()} milestones, "
            f"{CharterVersion.objects.count()} charter versions, "
            f"{Policy.objects.count()} policies, {Champion.objects.count()} champions, "
            f"{TrainingSession.objects.count()} training sessions."
        )

    def day(self, when: tuple[int, int, int]) -> date:
        """A day of the seed's timetable (years after 2012, month, day), moved on to now."""
        years, month, day = when
        return date(SEED_YEAR + self.shift + years, month, day)

    def person(self, full_name: str) -> Person:
        existing = Person.objects.filter(full_name=full_name).order_by("pk").first()
        if existing:
            return existing
        slug = full_name.lower().replace(" ", ".")  # as seed_demo names its people
        return network_services.create_person(
            by=None, full_name=full_name, email=f"{slug}@people.example.org"
        )

    def seed_phases(self) -> None:
        for title, starts, ends, description, milestones in PHASES:
            phase = Phase.objects.filter(title=title).first() or services.create_phase(
                by=None,
                title=title,
                starts_on=self.day(starts),
                ends_on=self.day(ends),
                description=description,
            )
            for name, owner, due, status, evidence in milestones:
                if phase.milestones.filter(title=name).exists():
                    continue
                is_team = owner.startswith("team:")
                services.add_milestone(
                    phase=phase,
                    by=None,
                    title=name,
                    owner=None if is_team else self.person(owner),
                    owner_team=owner.removeprefix("team:") if is_team else "",
                    due_on=self.day(due),
                    status=status,
                    evidence=evidence,
                )

    def seed_charter(self) -> None:
        if CharterVersion.objects.exists():
            return
        # Approved early in the first year and in the autumn, and never in the future.
        first_approved = min(self.day((0, 2, 15)), self.today - timedelta(days=60))
        second_approved = min(self.day((0, 10, 20)), self.today - timedelta(days=30))
        first = services.start_charter_version(by=None)
        for title, text in PRINCIPLES_1:
            services.add_principle(version=first, by=None, title=title, text=text)
        services.approve_charter_version(version=first, approved_on=first_approved, by=None)
        second = services.start_charter_version(by=None)
        reworded = second.principles.get(title=REWORDED[0])
        services.update_principle(principle=reworded, by=None, title=REWORDED[0], text=REWORDED[1])
        services.delete_principle(principle=second.principles.get(title=REMOVED), by=None)
        for title, text in ADDED:
            services.add_principle(version=second, by=None, title=title, text=text)
        services.approve_charter_version(version=second, approved_on=second_approved, by=None)

    def seed_policies(self) -> None:
        for name, owner, status, changes, reviewed in POLICIES:
            if Policy.objects.filter(name=name).exists():
                continue
            services.add_policy(
                by=None,
                name=name,
                owner=owner,
                status=status,
                changes=changes,
                reviewed_on=min(self.day(reviewed), self.today) if reviewed else None,
            )

    def seed_champions(self) -> None:
        for full_name, team, since in CHAMPIONS:
            person = self.person(full_name)
            if Champion.objects.filter(person=person).exists():
                continue
            services.add_champion(person=person, team=team, started_on=self.day(since), by=None)

    def seed_training(self) -> None:
        for title, held, run_by, staff, co_delivered in TRAINING:
            if TrainingSession.objects.filter(title=title).exists():
                continue
            services.record_training_session(
                by=None,
                title=title,
                held_on=self.day(held),
                run_by=run_by,
                staff_attending=staff,
                is_co_delivered=co_delivered,
            )
