"""factory_boy factories for every model the tests touch."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from coprod.models import User
from network import models as network


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", "coprod-demo")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if create and extracted:
            self.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in extracted])

    @factory.post_generation
    def verified_email(self, create: bool, extracted: bool | None, **kwargs) -> None:
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class ConstituencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Constituency
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Constituency {n}")
    slug = factory.Sequence(lambda n: f"constituency-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Organisation

    name = factory.Sequence(lambda n: f"Voices Together {n}")
    kind = network.Organisation.Kind.USER_CONTROLLED
    email = factory.Sequence(lambda n: f"contact{n}@org.example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Membership

    organisation = factory.SubFactory(OrganisationFactory)
    status = network.Membership.Status.ACTIVE
    started_on = date(2024, 1, 1)


class MemberOrganisationFactory(OrganisationFactory):
    """An organisation with an open, active membership since 1 January 2024."""

    class Meta:
        skip_postgeneration_save = True

    membership = factory.RelatedFactory(MembershipFactory, factory_related_name="organisation")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Person

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"member{n}@people.example.org")
    phone = "020 7946 0000"


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Representative

    organisation = factory.SubFactory(MemberOrganisationFactory)
    person = factory.SubFactory(PersonFactory)
    started_on = date(2024, 1, 1)


class RoleTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.RoleTerm

    person = factory.SubFactory(PersonFactory)
    role = network.RoleTerm.Role.CORE_GROUP
    started_on = date(2024, 1, 1)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Target

    measure = network.Target.Measure.KIND
    kind = network.Organisation.Kind.LOCAL
    minimum = 3


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Candidate

    organisation = factory.SubFactory(OrganisationFactory)
    gap = "Young people's voice"


class AdviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Advice

    candidate = factory.SubFactory(CandidateFactory)
    author = factory.SubFactory(UserFactory)
    text = "They run a strong young carers' forum; worth approaching."


class AnnualReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.AnnualReview

    year = 2025
    held_on = date(2025, 11, 12)
    findings = "Members asked for more feedback on what happened to their input."
    decisions = "Add a 'you said, we did' section to every bulletin."


class ContactRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.ContactRecord

    contacted_on = date(2025, 3, 3)
    method = network.ContactRecord.Method.PHONE
    organisation = factory.SubFactory(OrganisationFactory)
    note = "Talked about the spring meeting."


# --- Meetings -------------------------------------------------------------------------


class AdvisoryGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.AdvisoryGroup

    name = factory.Sequence(lambda n: f"Advisory group {n}")


class AdvisoryGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.AdvisoryGroupMember

    group = factory.SubFactory(AdvisoryGroupFactory)
    person = factory.SubFactory(PersonFactory)
    capacity = network.AdvisoryGroupMember.Capacity.CARER
    started_on = date(2024, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A strategic network meeting for members and the Board, on 12 March 2025, 10:30-15:30."""

    class Meta:
        model = network.Meeting

    title = factory.Sequence(lambda n: f"Network meeting {n}")
    kind = network.Meeting.Kind.STRATEGIC
    starts_at = factory.LazyFunction(
        lambda: datetime(2025, 3, 12, 10, 30, tzinfo=ZoneInfo("Europe/London"))
    )
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + timedelta(hours=5))
    place = "Community Hall, 1 High Street, Leeds LS1 1AA"
    has_step_free_access = True
    invites_members = True
    invites_board = True


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Invitation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    purpose = network.AgendaItem.Purpose.DISCUSS
    minutes_needed = 20
    status = network.AgendaItem.Status.ON_AGENDA
    position = factory.Sequence(lambda n: n + 1)


class AttendanceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.AttendanceRecord

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    status = network.AttendanceRecord.Status.ATTENDED
    capacity = network.AttendanceRecord.Capacity.REPRESENTATIVE


class MinutesFactory(factory.django.DjangoModelFactory):
    """Minutes approved by the chair on 20 March 2025."""

    class Meta:
        model = network.Minutes

    meeting = factory.SubFactory(MeetingFactory)
    summary = "The network agreed its priorities for the year."
    status = network.Minutes.Status.APPROVED
    approved_how = factory.LazyAttribute(
        lambda minutes: network.Minutes.ApprovedHow.CHAIR if minutes.status == "approved" else ""
    )
    approved_at = factory.LazyAttribute(
        lambda minutes: (
            datetime(2025, 3, 20, 12, tzinfo=ZoneInfo("Europe/London"))
            if minutes.status == "approved"
            else None
        )
    )


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Action

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Send the papers to members ({n})")
    owner = factory.SubFactory(PersonFactory)
    due_on = date(2025, 4, 1)


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Feedback

    item = factory.SubFactory(AgendaItemFactory)
    you_said = "Papers came too late to read with support."
    we_did = "Papers now go out two weeks before each meeting."
    recorded_on = date(2025, 4, 2)


class BulletinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Bulletin

    title = factory.Sequence(lambda n: f"Spring bulletin {n}")
    body = "## Our spring meeting\n\nThe network meets in **Leeds** on 4 May."


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = network.Delivery

    bulletin = factory.SubFactory(BulletinFactory, status=network.Bulletin.Status.SENT)
    person = factory.SubFactory(PersonFactory)
    channel = network.Delivery.Channel.EMAIL
    address = factory.LazyAttribute(lambda delivery: delivery.person.email)
    status = network.Delivery.Status.SENT
