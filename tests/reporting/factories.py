"""factory_boy factories for the plan of change."""

from datetime import date

import factory

from reporting import models
from tests.factories import PersonFactory


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Phase

    title = factory.Sequence(lambda n: f"Phase {n}")
    starts_on = date(2025, 4, 1)
    ends_on = date(2025, 10, 31)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Milestone

    phase = factory.SubFactory(PhaseFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    owner = factory.SubFactory(PersonFactory)
    due_on = date(2025, 6, 30)


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CharterVersion

    number = factory.Sequence(lambda n: n + 1)
    approved_on = date(2025, 2, 14)


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Principle

    version = factory.SubFactory(CharterVersionFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Principle {n}")
    text = "We share power with people who use services and carers."


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Policy

    name = factory.Sequence(lambda n: f"Policy {n}")
    owner = "Human resources"


class ChampionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Champion

    person = factory.SubFactory(PersonFactory)
    team = "Digital"
    started_on = date(2025, 1, 6)


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TrainingSession

    held_on = date(2025, 3, 12)
    title = factory.Sequence(lambda n: f"Co-production in practice {n}")
    run_by = "The co-production team"
    staff_attending = 12
