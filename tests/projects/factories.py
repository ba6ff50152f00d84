"""factory_boy factories for the projects app."""

from datetime import date
from decimal import Decimal

import factory

from projects import models
from tests.factories import OrganisationFactory, PersonFactory, UserFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Programme

    title = factory.Sequence(lambda n: f"Programme {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Project

    title = factory.Sequence(lambda n: f"Project {n}")
    programme = factory.SubFactory(ProgrammeFactory)
    lead = factory.SubFactory(UserFactory, roles=["staff"])
    started_on = date(2025, 1, 6)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InvolvementPlan

    project = factory.SubFactory(ProjectFactory)
    stage = models.Stage.SCOPING
    involves_carers = True
    level = models.Level.CONSULTED
    written_by = factory.SubFactory(UserFactory, roles=["staff"])


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InvolvementActivity
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    held_on = date(2025, 3, 4)
    kind = models.ActivityKind.WORKSHOP
    level = models.Level.INVOLVED
    people_who_use_services = 3
    carers = 4

    @factory.post_generation
    def organisations(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.organisations.set(extracted)

    @factory.post_generation
    def people(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.people.set(extracted)


class ImpactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImpactRecord
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    kind = models.ImpactRecord.Kind.RECOMMENDATION
    description = "The advisory group rewrote recommendation 3."

    @factory.post_generation
    def activities(self, create: bool, extracted: list | None, **kwargs) -> None:
        if create and extracted:
            self.activities.set(extracted)


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claimed (not yet approved) fee of 3 hours at £25, with £12.50 of travel."""

    class Meta:
        model = models.Claim

    activity = factory.SubFactory(ActivityFactory)
    person = factory.SubFactory(PersonFactory)
    fee_basis = models.Claim.FeeBasis.HOUR
    fee_units = Decimal("3")
    fee_rate = Decimal("25.00")
    fee = Decimal("75.00")
    travel = Decimal("12.50")
    entered_by = factory.SubFactory(UserFactory, roles=["staff"])


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commission

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory, is_user_or_carer_led=True)
    description = "Run two focus groups with carers."
    value = Decimal("1500.00")
    starts_on = date(2025, 5, 1)
