"""Invented demo data for involvement in projects: programmes, projects at every stage with
their plans, a year of activities at every level, and the impact they had.

Run after `seed_demo` (it uses the demo staff logins and member organisations). Safe to
re-run: a project already there is left alone. `--scale N` adds N-1 times as many extra
projects with a year of activities each, for benchmarks.
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from coprod.models import User
from network import services as network_services
from network.models import (
    AdvisoryGroup,
    AdvisoryGroupMember,
    Meeting,
    Membership,
    Organisation,
    Person,
)
from projects import services
from projects.models import (
    STAGE_ORDER,
    ActivityKind,
    Checkpoint,
    Claim,
    Commission,
    ImpactRecord,
    InvolvementActivity,
    Level,
    PaymentSetting,
    Programme,
    Project,
    Stage,
)

LEAD_EMAIL = "staff@example.org"
SECOND_EMAIL = "admin@example.org"

PROGRAMMES = [
    (
        "Adult social care practice",
        "Guides, films and learning resources for people working in adult social care.",
    ),
    (
        "Integrated care",
        "Resources on health and social care working together, from hospital discharge to "
        "care at the end of life.",
    ),
    (
        "Children, young people and families",
        "Practice resources for children's services, young carers and families.",
    ),
]

# (title, programme index, stage, lead email): all invented.
PROJECTS = [
    ("Strengths-based assessment in practice", 0, Stage.PUBLISHED, LEAD_EMAIL),
    ("Co-producing care and support plans", 0, Stage.PRODUCTION, LEAD_EMAIL),
    ("Safeguarding adults: making it personal", 0, Stage.DEVELOPMENT, SECOND_EMAIL),
    ("Direct payments: a guide for new recipients", 0, Stage.CLOSED, SECOND_EMAIL),
    ("Supporting autistic adults at home", 0, Stage.SCOPING, LEAD_EMAIL),
    ("Loneliness among older people in rural areas", 0, Stage.PROPOSAL, LEAD_EMAIL),
    ("Recruiting personal assistants", 0, Stage.DEVELOPMENT, LEAD_EMAIL),
    ("Hospital discharge: getting home safely", 1, Stage.PUBLISHED, SECOND_EMAIL),
    ("Mental health crisis care in the community", 1, Stage.PRODUCTION, SECOND_EMAIL),
    ("Dementia-friendly home care", 1, Stage.DEVELOPMENT, LEAD_EMAIL),
    ("Housing with care for people with learning disabilities", 1, Stage.SCOPING, LEAD_EMAIL),
    ("Reablement after a fall", 1, Stage.PROPOSAL, SECOND_EMAIL),
    ("Digital care records: what people want to see", 1, Stage.CLOSED, LEAD_EMAIL),
    ("Young carers in schools", 2, Stage.PUBLISHED, LEAD_EMAIL),
    ("Transition to adult services", 2, Stage.PRODUCTION, LEAD_EMAIL),
    ("Care leavers' mental health", 2, Stage.DEVELOPMENT, SECOND_EMAIL),
    ("Parent carers and short breaks", 2, Stage.SCOPING, SECOND_EMAIL),
    ("Family group conferences", 2, Stage.PROPOSAL, LEAD_EMAIL),
    ("Advocacy for children in care", 2, Stage.PUBLISHED, SECOND_EMAIL),
]

END_OF_LIFE = "End of life care at home: working together"
# The end-of-life project's advisory group besides its chair: (key, invented name, capacity)
ADVISORY_MEMBERS = [
    ("carer", "Grace Okafor", AdvisoryGroupMember.Capacity.CARER),
    ("carer_2", "Dennis Holloway", AdvisoryGroupMember.Capacity.CARER),
    ("services", "Priya Natarajan", AdvisoryGroupMember.Capacity.SERVICES),
    ("services_2", "Tom Ellery", AdvisoryGroupMember.Capacity.SERVICES),
    ("commissioner", "Helen Marsh", AdvisoryGroupMember.Capacity.COMMISSIONER),
    ("provider", "Imran Qureshi", AdvisoryGroupMember.Capacity.PROVIDER),
]
PAYMENT_THRESHOLD = Decimal("500.00")

# Member organisations by name in seed_demo; used when they are there.
CARERS_ORGANISATIONS = ["Older Carers Circle", "National Carers Voice"]
OLDER_PEOPLE_ORGANISATIONS = ["Silver Voices Forum", "Later Life Action"]

IMPACT_TEXTS = {
    ImpactRecord.Kind.RECOMMENDATION: "The advisory group rewrote two recommendations so they "
    "start from what the person wants, not what the service offers.",
    ImpactRecord.Kind.REAL_EXPERIENCE: "Case studies in the resource now come from participants' "
    "own experience of using services.",
    ImpactRecord.Kind.DECISION: "The team dropped a planned checklist after participants said "
    "it would feel like a test.",
    ImpactRecord.Kind.CO_DESIGNED: "The summary leaflet was designed with participants, "
    "including its easy read version.",
}


class Command(BaseCommand):
    help = (
        "Load invented demo projects, involvement plans, a year of involvement activities and "
        "their impact. Run after seed_demo; safe to re-run. --scale N adds more projects."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="multiply the number of projects (default 1)"
        )

    @transaction.atomic
    def handle(self, *args: Any, scale: int = 1, **options: Any) -> None:
        self.random = random.Random(2013)  # the same data on every machine
        self.today = timezone.localdate()
        logins = {
            user.email: user for user in User.objects.filter(email__in=[LEAD_EMAIL, SECOND_EMAIL])
        }
        if len(logins) < 2:
            raise CommandError("Run seed_demo first: the demo staff logins are missing.")
        self.leads: dict[str, User] = logins
        self.organisations = list(
            Organisation.objects.filter(
                memberships__ended_on=None, memberships__status=Membership.Status.ACTIVE
            ).order_by("name")
        )
        self.people = list(Person.objects.filter(representations__ended_on=None).distinct())
        programmes = [self.programme(title, description) for title, description in PROGRAMMES]
        self.seed_end_of_life(programmes[1])
        for title, programme, stage, email in PROJECTS:
            self.seed_project(title, programmes[programme], stage, self.leads[email])
        for number in range(1, (scale - 1) * len(PROJECTS) + 1):
            self.seed_project(
                f"Extra project {number}",
                programmes[number % len(programmes)],
                STAGE_ORDER[number % len(STAGE_ORDER)],
                self.leads[LEAD_EMAIL if number % 2 else SECOND_EMAIL],
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Projects ready: {Programme.objects.count()} programmes, "
                f"{Project.objects.count()} projects, "
                f"{InvolvementActivity.objects.count()} activities, "
                f"{ImpactRecord.objects.count()} impact records."
            )
        )

    # --- Helpers ------------------------------------------------------------------------

    def programme(self, title: str, description: str) -> Programme:
        existing = Programme.objects.filter(title=title).first()
        return existing or services.create_programme(
            by=self.leads[LEAD_EMAIL], title=title, description=description
        )

    def other_staff(self, user: User) -> User:
        lead, second = self.leads[LEAD_EMAIL], self.leads[SECOND_EMAIL]
        return second if user == lead else lead

    def move_to(self, project: Project, stage: str, lead: User, *, reason_at: str = "") -> None:
        """Move a project stage by stage, writing the plan each checkpoint needs.

        The moves are dated through the project's life so far, as if made at the time.
        """
        checkpoints = set(Checkpoint.objects.values_list("stage", flat=True))
        stages = STAGE_ORDER[1 : STAGE_ORDER.index(stage) + 1]
        days = max((self.today - project.started_on).days, 1)
        for position, next_stage in enumerate(stages, start=1):
            if next_stage in checkpoints:
                if next_stage == reason_at:
                    plan = services.write_plan(
                        project=project,
                        stage=next_stage,
                        by=lead,
                        not_appropriate_reason=(
                            "This stage is design and typesetting of content already "
                            "co-produced with the advisory group; nothing new is decided."
                        ),
                    )
                    services.accept_plan(plan=plan, by=self.other_staff(lead))
                else:
                    self.write_plan(project, next_stage, lead)
            services.move_project(project=project, to_stage=next_stage, by=lead)
            moved_on = project.started_on + timedelta(days=days * position // (len(stages) + 1))
            project.stage_changes.filter(to_stage=next_stage).update(
                changed_at=datetime.combine(moved_on, time(10, 0), tzinfo=UTC)
            )
        project.stage_changes.filter(from_stage="").update(
            changed_at=datetime.combine(project.started_on, time(9, 0), tzinfo=UTC)
        )

    def write_plan(self, project: Project, stage: str, lead: User) -> None:
        level = {
            Stage.SCOPING: Level.CONSULTED,
            Stage.DEVELOPMENT: Level.CO_PRODUCED,
            Stage.PRODUCTION: Level.INVOLVED,
        }.get(Stage(stage), Level.INVOLVED)
        services.write_plan(
            project=project,
            stage=stage,
            by=lead,
            involves_people_who_use_services=True,
            involves_carers=True,
            involves_member_organisations=stage != Stage.PRODUCTION,
            involves_user_led_organisations=stage == Stage.SCOPING,
            activity_kinds=(
                [ActivityKind.ADVISORY_GROUP, ActivityKind.WORKSHOP]
                if stage == Stage.DEVELOPMENT
                else [ActivityKind.SURVEY, ActivityKind.REVIEWING]
            ),
            approach="Recruited through the network's member organisations; travel and care "
            "costs paid in advance; papers in easy read and large print.",
            level=level,
            payment_budget=Decimal(self.random.choice([400, 800, 1200, 2000])),
        )

    def activity(self, project: Project, lead: User, **fields: Any) -> InvolvementActivity:
        return services.log_activity(project=project, by=lead, **fields)

    def named(self, names: list[str]) -> list[Organisation]:
        return [o for o in self.organisations if o.name in names]

    # --- The projects -------------------------------------------------------------------

    def seed_project(self, title: str, programme: Programme, stage: str, lead: User) -> None:
        if Project.objects.filter(title=title).exists():
            return
        started = self.today - timedelta(days=self.random.randint(200, 420))
        project = services.create_project(
            by=lead,
            title=title,
            programme=programme,
            lead=lead,
            description=f"{title}: a practice resource made with people who use services "
            "and carers.",
            started_on=started,
            ends_on=started + timedelta(days=540),
        )
        reason_at = Stage.PRODUCTION if title.startswith("Direct payments") else ""
        self.move_to(project, stage, lead, reason_at=reason_at)
        if title.startswith("Recruiting personal assistants"):
            # A reason waiting for a second member of staff, for the home panel.
            services.write_plan(
                project=project,
                stage=Stage.PRODUCTION,
                by=lead,
                not_appropriate_reason="Production is a reprint of the pilot edition.",
            )
        if stage == Stage.PROPOSAL:
            return
        stage_depth = STAGE_ORDER.index(stage)
        days = (self.today - started).days
        # Some projects never get past consulting people: the level map shows where.
        levels = list(Level.values)[: self.random.randint(1, len(Level.values))]
        activities = []
        for number in range(stage_depth * 2):
            level = levels[number % len(levels)]
            kind = self.random.choice(list(ActivityKind.values))
            organisations = self.random.sample(
                self.organisations, k=min(2, len(self.organisations))
            )
            people = self.random.sample(self.people, k=min(2, len(self.people)))
            activities.append(
                self.activity(
                    project,
                    lead,
                    held_on=self.today - timedelta(days=self.random.randint(1, min(days, 365))),
                    kind=kind,
                    level=level,
                    people_who_use_services=self.random.randint(0, 6),
                    carers=self.random.randint(1, 5),
                    other_participants=self.random.randint(0, 3),
                    organisations=organisations,
                    people=people,
                    hours=Decimal(self.random.choice([2, 3, 6, 12, 20])),
                    payments=Decimal(self.random.choice([0, 50, 150, 300])),
                    expenses=Decimal(self.random.choice([0, 18, 42, 75])),
                    notes="",
                )
            )
        if stage_depth >= STAGE_ORDER.index(Stage.PRODUCTION) and activities:
            kind = self.random.choice(list(IMPACT_TEXTS))
            services.record_impact(
                project=project,
                by=lead,
                activities=activities[:2],
                kind=kind,
                description=IMPACT_TEXTS[kind],
                evidence="Compare the first draft with the published version.",
            )

    def seed_end_of_life(self, programme: Programme) -> None:
        """The seed's end-of-life care project: an advisory group that met twice, a workshop
        with bereaved carers, and films made with an older person's input at every stage."""
        if Project.objects.filter(title=END_OF_LIFE).exists():
            return
        lead = self.leads[LEAD_EMAIL]
        started = self.today - timedelta(days=330)
        project = services.create_project(
            by=lead,
            title=END_OF_LIFE,
            programme=programme,
            lead=lead,
            description=(
                "A guide, with films, on how health and social care can work together so "
                "that people who wish to can die well at home."
            ),
            started_on=started,
            ends_on=started + timedelta(days=365),
        )
        self.move_to(project, Stage.PUBLISHED, lead)
        chair = network_services.create_person(
            by=lead,
            full_name="Rosalind Achebe",
            email="rosalind.achebe@example.org",
            lived_experience=Person.LivedExperience.CARER,
        )
        film_adviser = network_services.create_person(
            by=lead,
            full_name="Walter Brennan-Shaw",
            email="walter.brennan-shaw@example.org",
            lived_experience=Person.LivedExperience.SERVICES,
        )
        carers = self.named(CARERS_ORGANISATIONS)
        older = self.named(OLDER_PEOPLE_ORGANISATIONS)
        group, members = self.advisory_group(project, lead, chair, started)
        meetings = [
            self.advisory_meeting(group, number, started + timedelta(days=days), lead)
            for number, days in ((1, 40), (2, 150))
        ]
        first = self.activity(
            project,
            lead,
            held_on=started + timedelta(days=40),
            kind=ActivityKind.ADVISORY_GROUP,
            level=Level.CO_PRODUCED,
            people_who_use_services=3,
            carers=4,
            other_participants=5,
            organisations=carers + older,
            people=[chair],
            meeting=meetings[0],
            hours=Decimal("36"),
            notes="First meeting of the project advisory group: carers, people who use "
            "services, commissioners and providers. Chaired by a former carer who is also "
            "an academic in end of life care. Agreed the scope of the guide.",
        )
        second = self.activity(
            project,
            lead,
            held_on=started + timedelta(days=150),
            kind=ActivityKind.ADVISORY_GROUP,
            level=Level.CO_PRODUCED,
            people_who_use_services=3,
            carers=4,
            other_participants=4,
            organisations=carers + older,
            people=[chair],
            meeting=meetings[1],
            hours=Decimal("33"),
            notes="Second meeting: reviewed the draft guide and how it was written; asked "
            "for the recommendations to reflect real-life experience and practice.",
        )
        workshop = self.activity(
            project,
            lead,
            held_on=started + timedelta(days=95),
            kind=ActivityKind.WORKSHOP,
            level=Level.INVOLVED,
            people_who_use_services=0,
            carers=9,
            other_participants=0,
            organisations=carers,
            hours=Decimal("27"),
            payments=Decimal("675.00"),
            expenses=Decimal("212.00"),
            notes="Facilitated workshop with carers, some recently bereaved: examples of "
            "good practice they had received or heard about.",
        )
        films = self.activity(
            project,
            lead,
            held_on=started + timedelta(days=200),
            kind=ActivityKind.FILM,
            level=Level.CO_PRODUCED,
            people_who_use_services=1,
            carers=0,
            other_participants=0,
            organisations=older,
            people=[film_adviser],
            hours=Decimal("48"),
            notes="An older person with experience of film production gave input at every "
            "stage of the films that support the guide.",
        )
        services.record_impact(
            project=project,
            by=lead,
            activities=[first, second],
            kind=ImpactRecord.Kind.RECOMMENDATION,
            description="The advisory group changed how the guide was produced and written: "
            "its recommendations were rewritten to reflect real-life experience and practice.",
            evidence="Minutes of the second advisory group meeting; drafts 2 and 3 of the guide.",
        )
        services.record_impact(
            project=project,
            by=lead,
            activities=[workshop, second],
            kind=ImpactRecord.Kind.REAL_EXPERIENCE,
            description="The guide's examples of good practice came from carers' own "
            "experience of services, gathered in the workshop and the advisory group.",
            evidence="The practice examples section of the published guide.",
        )
        services.record_impact(
            project=project,
            by=lead,
            activities=[films],
            kind=ImpactRecord.Kind.CO_DESIGNED,
            description="The films supporting the guide were co-produced with an older "
            "person at every stage, from storyboard to final cut.",
            evidence="The film credits and the production schedule.",
        )
        self.claims(lead, first, second, films, members, film_adviser)
        self.commissions(project, lead, film_adviser, carers)

    def advisory_group(
        self, project: Project, lead: User, chair: Person, started: date
    ) -> tuple[AdvisoryGroup, dict[str, Person]]:
        """The project advisory group: carers, people who use services, a commissioner and a
        provider, chaired by a former carer."""
        group = services.create_advisory_group(
            project=project,
            by=lead,
            name=f"{END_OF_LIFE}: project advisory group",
            description="Carers, people who use services, commissioners and providers who "
            "advise on the guide. Several who attend in a professional capacity are or were "
            "carers too.",
        )
        members = {"chair": chair}
        for key, name, capacity in ADVISORY_MEMBERS:
            members[key] = network_services.create_person(
                by=lead,
                full_name=name,
                email=f"{name.lower().replace(' ', '.')}@example.org",
            )
            services.add_advisory_member(
                group=group, person=members[key], capacity=capacity, started_on=started, by=lead
            )
        services.add_advisory_member(
            group=group,
            person=chair,
            capacity=AdvisoryGroupMember.Capacity.CHAIR,
            started_on=started,
            by=lead,
        )
        return group, members

    def advisory_meeting(
        self, group: AdvisoryGroup, number: int, day: date, lead: User
    ) -> Meeting:
        """One of the group's two meetings, as the network's meeting pages will show it."""
        starts = timezone.make_aware(datetime.combine(day, time(10, 30)))
        return Meeting.objects.create(
            title=f"End of life care advisory group: meeting {number}",
            kind=Meeting.Kind.ADVISORY_GROUP,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            place="Coprod offices, meeting room 2 (step-free, hearing loop)",
            has_step_free_access=True,
            has_hearing_loop=True,
            pays_travel_expenses=True,
            invites_staff=True,
            advisory_group=group,
            created_by=lead,
        )

    def claims(
        self,
        lead: User,
        first: InvolvementActivity,
        second: InvolvementActivity,
        films: InvolvementActivity,
        members: dict[str, Person],
        film_adviser: Person,
    ) -> None:
        """Claims for the advisory group and the films: paid, approved, waiting, declined."""
        second_staff = self.other_staff(lead)
        if not PaymentSetting.objects.exists():
            services.set_payment_threshold(threshold=PAYMENT_THRESHOLD, by=lead)
        for activity, paid in ((first, True), (second, False)):
            for key in ("chair", "carer", "services", "services_2"):
                claim = services.enter_claim(
                    activity=activity,
                    person=members[key],
                    by=lead,
                    fee_basis=Claim.FeeBasis.SESSION,
                    fee_units=Decimal("1"),
                    fee_rate=Decimal("150.00") if key == "chair" else Decimal("75.00"),
                    travel=Decimal(self.random.choice(["18.40", "32.00", "46.75"])),
                    care=Decimal("60.00") if key == "carer" else Decimal("0"),
                )
                services.approve_claim(claim=claim, by=second_staff)
                if paid:
                    services.mark_claim_paid(claim=claim, by=lead, paid_on=self.today)
            # A carer who receives benefits declined payment; the decision is recorded.
            services.record_declined_payment(
                activity=activity,
                person=members["carer_2"],
                by=lead,
                reason="Payment could affect my Carer's Allowance.",
            )
        # The older person's input at every stage of the films, by the hour: above the
        # yearly threshold, so staff see the warning on his page.
        services.enter_claim(
            activity=films,
            person=film_adviser,
            by=lead,
            fee_basis=Claim.FeeBasis.HOUR,
            fee_units=Decimal("24"),
            fee_rate=Decimal("25.00"),
            travel=Decimal("96.40"),
        )

    def commissions(
        self, project: Project, lead: User, film_adviser: Person, carers: list[Organisation]
    ) -> None:
        """Work commissioned from a carer-led organisation and from the film adviser."""
        user_led = [organisation for organisation in carers if organisation.is_user_or_carer_led]
        if user_led:
            services.create_commission(
                project=project,
                by=lead,
                organisation=user_led[0],
                description="Recruit and support bereaved carers for the workshop, and "
                "co-facilitate it.",
                value=Decimal("1200.00"),
                starts_on=project.started_on + timedelta(days=60),
                ends_on=project.started_on + timedelta(days=100),
                status=Commission.Status.PAID,
            )
        services.create_commission(
            project=project,
            by=lead,
            person=film_adviser,
            description="Review the storyboards and rough cuts of the films.",
            value=Decimal("400.00"),
            starts_on=project.started_on + timedelta(days=180),
            ends_on=project.started_on + timedelta(days=240),
            status=Commission.Status.DELIVERED,
        )
