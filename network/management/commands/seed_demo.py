"""Invented demo data for every part built so far, and one login per role.

Meetings come from `network/management/demo_meetings.py`.

Safe to re-run: records are found by their natural keys before anything is made, so a
second run changes nothing. `--scale N` adds N years of membership history and more
people, for benchmarks.
"""

import random
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coprod.testing import make_user
from network import services
from network.management.demo_meetings import MeetingSeeder
from network.models import (
    AccessNeed,
    AnnualReview,
    Candidate,
    Constituency,
    Meeting,
    Membership,
    Organisation,
    Person,
    Region,
    Representative,
    RoleTerm,
    Target,
)

PASSWORD = "coprod-demo"  # noqa: S105 - the documented demo password
Kind = Organisation.Kind

# Invented organisations: (name, kind, constituency names, region).
ORGANISATIONS = [
    ("Voices of Experience Network", Kind.USER_CONTROLLED, ["Mental health"], Region.NATIONAL),
    ("Survivors Speaking Out", Kind.USER_CONTROLLED, ["Mental health"], Region.NATIONAL),
    (
        "Disabled People's Alliance for Change",
        Kind.USER_CONTROLLED,
        ["Physical disability"],
        Region.NATIONAL,
    ),
    ("People First Together", Kind.USER_CONTROLLED, ["Learning disability"], Region.NATIONAL),
    ("Silver Voices Forum", Kind.USER_CONTROLLED, ["Older people"], Region.NATIONAL),
    ("Later Life Action", Kind.USER_CONTROLLED, ["Older people"], Region.NATIONAL),
    ("Young Voices in Care", Kind.USER_CONTROLLED, ["Young people"], Region.NATIONAL),
    ("Deaf Access Collective", Kind.USER_CONTROLLED, ["Sensory impairment"], Region.NATIONAL),
    ("Sight Loss Peer Network", Kind.USER_CONTROLLED, ["Sensory impairment"], Region.NATIONAL),
    ("Autistic Adults Speak", Kind.USER_CONTROLLED, ["Autistic people"], Region.NATIONAL),
    (
        "Living with Dementia Alliance",
        Kind.USER_CONTROLLED,
        ["People with dementia", "Older people"],
        Region.NATIONAL,
    ),
    ("National Carers Voice", Kind.CARER_CONTROLLED, ["Carers"], Region.NATIONAL),
    ("Young Carers Together", Kind.CARER_CONTROLLED, ["Carers", "Young people"], Region.NATIONAL),
    (
        "Parent Carers Forum England",
        Kind.CARER_CONTROLLED,
        ["Carers", "Learning disability"],
        Region.NATIONAL,
    ),
    ("Older Carers Circle", Kind.CARER_CONTROLLED, ["Carers", "Older people"], Region.NATIONAL),
    (
        "Mental Health Carers Link",
        Kind.CARER_CONTROLLED,
        ["Carers", "Mental health"],
        Region.NATIONAL,
    ),
    (
        "Black and Asian Mental Health Voices",
        Kind.EQUALITY,
        ["Ethnic minority communities", "Mental health"],
        Region.NATIONAL,
    ),
    ("Rainbow Care Network", Kind.EQUALITY, ["LGBTQ+"], Region.NATIONAL),
    (
        "Gypsy and Traveller Health Voice",
        Kind.EQUALITY,
        ["Ethnic minority communities"],
        Region.NATIONAL,
    ),
    (
        "Refugee Wellbeing Partnership",
        Kind.EQUALITY,
        ["Ethnic minority communities"],
        Region.LONDON,
    ),
    ("Homeless Health Peer Voices", Kind.EQUALITY, ["Homelessness"], Region.NATIONAL),
    ("Older LGBTQ+ Friends", Kind.EQUALITY, ["LGBTQ+", "Older people"], Region.NATIONAL),
    (
        "Chinese Carers Association",
        Kind.EQUALITY,
        ["Carers", "Ethnic minority communities"],
        Region.NORTH_WEST,
    ),
    ("Disabled Women's Voice", Kind.EQUALITY, ["Physical disability"], Region.NATIONAL),
    ("Tyneside User Forum", Kind.LOCAL, ["Mental health"], Region.NORTH_EAST),
    ("Bristol Older People's Forum", Kind.LOCAL, ["Older people"], Region.SOUTH_WEST),
    ("Leeds Young Persons' Panel", Kind.LOCAL, ["Young people"], Region.YORKSHIRE),
    ("Norfolk Rural Carers", Kind.LOCAL, ["Carers"], Region.EAST),
    (
        "Birmingham Disability Action",
        Kind.LOCAL,
        ["Physical disability", "Learning disability"],
        Region.WEST_MIDLANDS,
    ),
    ("Nottingham Recovery Voices", Kind.LOCAL, ["Mental health"], Region.EAST_MIDLANDS),
]
LAPSED = [
    ("Kent Peer Support Forum", Kind.LOCAL, ["Mental health"], Region.SOUTH_EAST),
    ("National Hearing Voices Group", Kind.USER_CONTROLLED, ["Mental health"], Region.NATIONAL),
]
PROSPECTIVE = [
    ("Youth Advocacy Collective", Kind.EQUALITY, ["Young people"], Region.NATIONAL),
    ("Care Leavers United", Kind.USER_CONTROLLED, ["Young people"], Region.NATIONAL),
    ("Cornwall Older People's Network", Kind.LOCAL, ["Older people"], Region.SOUTH_WEST),
    ("Deafblind Voices", Kind.USER_CONTROLLED, ["Sensory impairment"], Region.NATIONAL),
]

# Demo logins: (email, full name, roles, superuser, role terms).
# email, name, superuser, role terms: a login's roles follow from its terms (and, for the
# member, from the representation seeded below), never from the login itself.
LOGINS = [
    ("admin@example.org", "Alex Admin", True, ["staff"]),
    ("staff@example.org", "Sam Okafor", False, ["staff"]),
    ("chair@example.org", "Jo Whitfield", False, ["chair", "board"]),
    ("core@example.org", "Priya Natarajan", False, ["core group"]),
    ("board@example.org", "Martin Hale", False, ["board"]),
    ("member@example.org", "Grace Mensah", False, []),
]
CORE_GROUP = ["Dev Patel", "Aisha Rahman", "Tom Baxter", "Helen Morris"]
BOARD = ["Ruth Adeyemi", "Peter Lowe", "Fiona Grant"]
STAFF = ["Marcus Tenby", "Paula Hendry", "Nadia Hussain"]  # invented, like every demo name
FIRST = [
    "Amal",
    "Ben",
    "Carys",
    "Daniel",
    "Efua",
    "Farah",
    "Gareth",
    "Hannah",
    "Imran",
    "Julia",
    "Kwame",
    "Lena",
    "Marcus",
    "Niamh",
    "Owen",
    "Parveen",
    "Rhys",
    "Sofia",
    "Tariq",
    "Yvonne",
]
LAST = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Francis",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Murphy",
    "Nwosu",
    "O'Brien",
    "Price",
    "Roberts",
    "Singh",
    "Taylor",
    "Williams",
]


class Command(BaseCommand):
    help = (
        "Load invented demo data and the demo logins (password coprod-demo). Safe to re-run. "
        "Use --scale N for N years of membership history, for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="years of history (default 1)")

    @transaction.atomic
    def handle(self, *args: Any, scale: int = 1, **options: Any) -> None:
        self.random = random.Random(2011)  # the same data on every machine
        self.today = timezone.localdate()
        self.constituencies = self.seed_constituencies()
        logins = self.seed_logins()
        organisations = self.seed_organisations()
        self.seed_representatives(organisations, logins)
        self.seed_targets()
        self.seed_recruitment(logins)
        self.seed_reviews()
        if scale > 1:
            self.seed_history(scale)
        MeetingSeeder(today=self.today, rng=self.random).seed(years=max(2, scale))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {Organisation.objects.count()} organisations, "
                f"{Person.objects.count()} people, {Meeting.objects.count()} meetings. "
                f"Sign in at /accounts/login/ with password "
                f"{PASSWORD} as: " + ", ".join(email for email, *_ in LOGINS)
            )
        )

    def seed_constituencies(self) -> dict[str, Constituency]:
        """The reference list (made by a migration), and any the demo names that is missing:
        a test database flushed between tests has lost the migration's rows."""
        rows = ORGANISATIONS + LAPSED + PROSPECTIVE
        names = {name for *_, constituencies, _ in rows for name in constituencies}
        for name in names - set(Constituency.objects.values_list("name", flat=True)):
            Constituency.objects.create(name=name, slug=slugify(name))
        return {c.name: c for c in Constituency.objects.all()}

    def person(self, full_name: str, **fields: Any) -> Person:
        existing = Person.objects.filter(full_name=full_name).first()
        if existing:
            return existing
        slug = full_name.lower().replace(" ", ".").replace("'", "")
        fields.setdefault("email", f"{slug}@people.example.org")
        fields.setdefault("consent_given_on", self.today - timedelta(days=400))
        fields.setdefault("consent_method", Person.ConsentMethod.ONLINE)
        return services.create_person(by=None, **fields, full_name=full_name)

    def term(self, person: Person, role: str, started_on: date) -> None:
        if not person.role_terms.filter(role=role, ended_on=None).exists():
            services.start_role_term(person=person, role=role, started_on=started_on, by=None)

    def seed_logins(self) -> dict[str, Person]:
        people = {}
        started = date(self.today.year - 2, 4, 1)
        for email, full_name, superuser, terms in LOGINS:
            user = make_user(
                email=email,
                roles=[],
                password=PASSWORD,
                full_name=full_name,
                superuser=superuser,
            )
            person = self.person(full_name, email=email, user=user)
            for role in terms:
                self.term(person, role, started)
            services.apply_roles(person=person, by=None)  # also on a re-run
            people[email] = person
        for name in CORE_GROUP:
            self.term(
                self.person(name, lived_experience=Person.LivedExperience.SERVICES),
                RoleTerm.Role.CORE_GROUP,
                started,
            )
        for name in BOARD:
            self.term(self.person(name), RoleTerm.Role.BOARD, started)
        for name in STAFF:
            self.term(self.person(name), RoleTerm.Role.STAFF, started)
        return people

    def organisation(
        self,
        name: str,
        kind: str,
        constituencies: list[str],
        region: str,
        status: str,
        since: date,
    ) -> Organisation:
        existing = Organisation.objects.filter(name=name).first()
        if existing:
            return existing
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
        return services.create_organisation(
            by=None,
            name=name,
            kind=kind,
            region=region,
            constituencies=[self.constituencies[c] for c in constituencies],
            email=f"hello@{slug}.example.org",
            phone=f"020 7946 {self.random.randint(0, 9999):04d}",
            website=f"https://{slug}.example.org",
            address=f"{self.random.randint(1, 200)} High Street",
            status=status,
            status_since=since,
        )

    def seed_organisations(self) -> list[Organisation]:
        founded = date(self.today.year - 2, 6, 1)
        active = [
            self.organisation(
                *row,
                Membership.Status.ACTIVE,
                founded + timedelta(days=self.random.randint(0, 300)),
            )
            for row in ORGANISATIONS
        ]
        for row in LAPSED:
            organisation = self.organisation(*row, Membership.Status.ACTIVE, founded)
            services.change_membership_status(
                organisation=organisation,
                status=Membership.Status.LAPSED,
                on=date(self.today.year - 1, 9, 1),
                by=None,
                note="No contact for a year",
            )
        for row in PROSPECTIVE:
            self.organisation(*row, Membership.Status.PROSPECTIVE, self.today - timedelta(days=60))
        return active

    def seed_representatives(
        self, organisations: list[Organisation], logins: dict[str, Person]
    ) -> None:
        needs = list(AccessNeed.objects.all())
        member = logins["member@example.org"]
        if not member.representations.exists():
            services.add_representative(
                person=member,
                organisation=organisations[12],
                started_on=date(self.today.year - 1, 1, 15),
                by=None,
            )
        for index, organisation in enumerate(organisations):
            name = f"{FIRST[index % len(FIRST)]} {LAST[(index * 7) % len(LAST)]}"
            person = self.person(
                name,
                preferred_channel=self.random.choice(list(Person.Channel.values)),
                lived_experience=self.random.choice(list(Person.LivedExperience.values)),
                phone=f"07700 900{index:03d}",
                address=f"{index + 3} Station Road",
                postcode=f"LS{index % 9 + 1} 1AA",  # post, large print and easy read need it
            )
            if self.random.random() < 0.4:
                person.access_needs.set(self.random.sample(needs, min(2, len(needs))))
            if not Representative.objects.filter(
                person=person, organisation=organisation
            ).exists():
                services.add_representative(
                    person=person,
                    organisation=organisation,
                    started_on=organisation.memberships.earliest("started_on").started_on,
                    by=None,
                )

    def seed_targets(self) -> None:
        young, older = self.constituencies["Young people"], self.constituencies["Older people"]
        for constituency in (young, older):
            if not Target.objects.filter(constituency=constituency).exists():
                services.set_target(
                    measure=Target.Measure.CONSTITUENCY,
                    minimum=4,
                    constituency=constituency,
                    by=None,
                )
        for kind, minimum in [
            (Kind.USER_CONTROLLED, 10),
            (Kind.CARER_CONTROLLED, 5),
            (Kind.EQUALITY, 8),
            (Kind.LOCAL, 5),
        ]:
            if not Target.objects.filter(kind=kind).exists():
                services.set_target(
                    measure=Target.Measure.KIND, kind=kind, minimum=minimum, by=None
                )

    def seed_recruitment(self, logins: dict[str, Person]) -> None:
        chair, staff = logins["chair@example.org"].user, logins["staff@example.org"].user
        stages = [
            Candidate.Stage.IDENTIFIED,
            Candidate.Stage.APPROACHED,
            Candidate.Stage.INVITED,
            Candidate.Stage.IDENTIFIED,
        ]
        gaps = [
            "Young people's organisations are below target",
            "Care leavers are not represented",
            "Older people in rural areas",
            "Deafblind people are not represented",
        ]
        for (name, *_), stage, gap in zip(PROSPECTIVE, stages, gaps, strict=True):
            organisation = Organisation.objects.get(name=name)
            if organisation.candidacies.exists():
                continue
            candidate = services.add_candidate(organisation=organisation, gap=gap, by=staff)
            if stage != Candidate.Stage.IDENTIFIED:
                services.move_candidate(candidate=candidate, stage=stage, by=staff)
            if stage == Candidate.Stage.APPROACHED:
                services.add_advice(
                    candidate=candidate,
                    by=chair,
                    recommendation="recommend",
                    text="I know their coordinator; they would bring young people with "
                    "experience of care. Offer travel costs up front.",
                )

    def seed_reviews(self) -> None:
        participants = list(Person.objects.filter(role_terms__ended_on=None).distinct()[:8])
        texts = {
            self.today.year - 2: (
                "The first year recruited 28 members. Members asked for clearer roles and more "
                "feedback on what happened to their input. Young people were under-represented.",
                "Publish a 'you said, we did' update after every meeting. Recruit at least two "
                "more young people's organisations.",
            ),
            self.today.year - 1: (
                "Attendance at both network meetings rose. Two organisations lapsed. Members "
                "valued the co-designed agendas and asked for papers in easy read.",
                "Continue the network for its third year. Offer easy read papers as standard.",
            ),
        }
        for year, (findings, decisions) in texts.items():
            if not AnnualReview.objects.filter(year=year).exists():
                services.record_annual_review(
                    by=None,
                    year=year,
                    held_on=date(year, 11, 20),
                    findings=findings,
                    decisions=decisions,
                    participants=participants,
                )

    def seed_history(self, years: int) -> None:
        """Organisations that joined and lapsed over `years` years, with representatives."""
        for year in range(self.today.year - years, self.today.year):
            for n in range(10):
                name = f"Historic Forum {year}-{n:02d}"
                kind = self.random.choice(list(Kind.values))
                constituencies = self.random.sample(list(self.constituencies), 2)
                organisation = self.organisation(
                    name,
                    kind,
                    constituencies,
                    Region.NATIONAL,
                    Membership.Status.ACTIVE,
                    date(year, 1 + n, 1),
                )
                if organisation.memberships.count() == 1:
                    services.change_membership_status(
                        organisation=organisation,
                        status=Membership.Status.LAPSED,
                        on=date(year, 12, 1),
                        by=None,
                    )
                    person = self.person(f"{name} Representative")
                    services.add_representative(
                        person=person,
                        organisation=organisation,
                        started_on=date(year, 1 + n, 1),
                        by=None,
                    )
