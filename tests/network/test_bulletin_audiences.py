"""The audience selector and who gets a bulletin by which channel, and who is left out why."""

from datetime import UTC, date, datetime

import pytest

from network.models import Audience, Bulletin, Membership, Organisation, Person
from network.selectors import AudienceChoice, audience_people
from network.selectors.bulletins import (
    NO_CONSENT,
    NO_EMAIL,
    NO_POSTAL_ADDRESS,
    NOT_WORKING,
    UNSUBSCRIBED,
    bulletin_recipients,
)
from tests.factories import (
    ConstituencyFactory,
    InvitationFactory,
    MemberOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
)

DAY = date(2025, 6, 1)
WHEN = datetime(2025, 6, 1, tzinfo=UTC)
CONSENTED = {"consent_given_on": date(2024, 1, 1), "consent_method": "writing"}


def names(people) -> list[str]:
    return [person.full_name for person in people]


@pytest.fixture
def network(db):
    """Two active members (one representative each, one with two), a lapsed one, roles."""
    carers = ConstituencyFactory(name="Carers", slug="carers")
    active = MemberOrganisationFactory(name="Active Voices", kind=Organisation.Kind.LOCAL)
    active.constituencies.add(carers)
    other = MemberOrganisationFactory(name="Other Voices")
    lapsed = OrganisationFactory(name="Lapsed Voices")
    MembershipFactory(organisation=lapsed, status=Membership.Status.LAPSED)
    ann = PersonFactory(full_name="Ann Active")
    RepresentativeFactory(person=ann, organisation=active)
    RepresentativeFactory(person=ann, organisation=other)  # two organisations: once
    RepresentativeFactory(person=PersonFactory(full_name="Otto Other"), organisation=other)
    RepresentativeFactory(person=PersonFactory(full_name="Lee Lapsed"), organisation=lapsed)
    RepresentativeFactory(
        person=PersonFactory(full_name="Ed Ended"), organisation=active, ended_on=date(2025, 1, 1)
    )
    RoleTermFactory(person=PersonFactory(full_name="Cat Chair"), role="chair")
    RoleTermFactory(person=PersonFactory(full_name="Cora Core"), role="core group")
    RoleTermFactory(
        person=PersonFactory(full_name="Cy Former"), role="core group", ended_on=date(2025, 1, 1)
    )
    RoleTermFactory(person=PersonFactory(full_name="Bo Board"), role="board")
    return {"carers": carers}


def test_all_active_members_are_current_representatives_of_active_members(network):
    people = audience_people(AudienceChoice(Audience.MEMBERS), DAY)
    assert names(people) == ["Ann Active", "Otto Other"]


def test_the_core_group_is_the_chair_and_core_terms_in_force(network):
    people = audience_people(AudienceChoice(Audience.CORE_GROUP), DAY)
    assert names(people) == ["Cat Chair", "Cora Core"]


def test_the_board_is_board_terms_in_force(network):
    assert names(audience_people(AudienceChoice(Audience.BOARD), DAY)) == ["Bo Board"]


def test_chosen_kinds_or_constituencies(network):
    by_kind = AudienceChoice(Audience.CHOSEN, kinds=[Organisation.Kind.LOCAL])
    assert names(audience_people(by_kind, DAY)) == ["Ann Active"]
    by_constituency = AudienceChoice(Audience.CHOSEN, constituency_ids=[network["carers"].pk])
    assert names(audience_people(by_constituency, DAY)) == ["Ann Active"]
    either = AudienceChoice(
        Audience.CHOSEN,
        kinds=[Organisation.Kind.USER_CONTROLLED],
        constituency_ids=[network["carers"].pk],
    )
    assert names(audience_people(either, DAY)) == ["Ann Active", "Otto Other"]


def test_a_meetings_invitees(db):
    invitation = InvitationFactory(person=PersonFactory(full_name="Ivy Invited"))
    InvitationFactory(person=PersonFactory(full_name="Nat Notthisone"))
    choice = AudienceChoice(Audience.MEETING, meeting_id=invitation.meeting_id)
    assert names(audience_people(choice, DAY)) == ["Ivy Invited"]


def test_audience_people_is_one_query(network, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(audience_people(AudienceChoice(Audience.MEMBERS), DAY))


@pytest.mark.django_db
def test_recipients_by_channel_and_reasons_left_out(django_assert_num_queries):
    organisation = MemberOrganisationFactory()

    def rep(name: str, **fields) -> Person:
        person = PersonFactory(full_name=name, **fields)
        RepresentativeFactory(person=person, organisation=organisation)
        return person

    rep("Em Email", **CONSENTED)
    rep("Po Post", preferred_channel="post", address="1 Road", postcode="LS1 1AA", **CONSENTED)
    rep("La Large", preferred_channel="large-print", address="2 Road", postcode="LS1 1AB",
        **CONSENTED)  # fmt: skip
    rep("Ez Easy", preferred_channel="easy-read", **CONSENTED)
    rep("Ep Easypost", preferred_channel="easy-read", email="", address="3 Road",
        postcode="LS1 1AC", **CONSENTED)  # fmt: skip
    rep("Nc Noconsent")
    rep("Un Unsub", unsubscribed_at=WHEN, **CONSENTED)
    rep("Bo Bounced", email_not_working_since=WHEN, **CONSENTED)
    rep("Ne Noemail", email="", **CONSENTED)
    rep("Np Noaddress", preferred_channel="post", **CONSENTED)
    bulletin = Bulletin.objects.create(title="Spring news", body="Hello")
    with django_assert_num_queries(2):
        recipients = bulletin_recipients(bulletin, DAY)
    assert [(r.person.full_name, r.channel, r.address) for r in recipients.by_email] == [
        ("Em Email", "email", Person.objects.get(full_name="Em Email").email),
        ("Ez Easy", "easy-read-email", Person.objects.get(full_name="Ez Easy").email),
    ]
    assert [(r.person.full_name, r.channel, r.address) for r in recipients.by_post] == [
        ("Ep Easypost", "easy-read-post", "3 Road\nLS1 1AC"),
        ("La Large", "large-print", "2 Road\nLS1 1AB"),
        ("Po Post", "post", "1 Road\nLS1 1AA"),
    ]
    assert [(r.person.full_name, r.reason) for r in recipients.left_out] == [
        ("Bo Bounced", NOT_WORKING),
        ("Nc Noconsent", NO_CONSENT),
        ("Ne Noemail", NO_EMAIL),
        ("Np Noaddress", NO_POSTAL_ADDRESS),
        ("Un Unsub", UNSUBSCRIBED),
    ]
