"""Who is invited, publishing the agenda, and one invitation email per person, never two."""

from datetime import date, datetime
from smtplib import SMTPException, SMTPServerDisconnected
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network import tasks
from network.models import Invitation, Meeting, Membership, Person, RoleTerm
from network.selectors.meetings import audience_of, invitees_left_out, invitees_of
from network.services.meetings import email_invitation, publish_agenda
from tests.factories import (
    AdvisoryGroupMemberFactory,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
    RoleTermFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2025, 3, 1, 9, tzinfo=LONDON), tick=False),
]


@pytest.fixture
def staff(db):
    return UserFactory(roles=["staff"])


def signed_off(**fields) -> Meeting:
    return MeetingFactory(agenda_status=Meeting.AgendaStatus.SIGNED_OFF, **fields)


def test_invitees_follow_the_audience_flags_each_person_once():
    rep = RepresentativeFactory(person__full_name="Ann Rep").person
    RoleTermFactory(person=rep, role=RoleTerm.Role.BOARD)  # also on the Board: still once
    trustee = RoleTermFactory(person__full_name="Ben Board", role=RoleTerm.Role.BOARD).person
    RoleTermFactory(person__full_name="Cat Core", role=RoleTerm.Role.CORE_GROUP)
    RoleTermFactory(person__full_name="Sid Staff", role=RoleTerm.Role.STAFF)
    lapsed = OrganisationFactory()
    MembershipFactory(organisation=lapsed, status=Membership.Status.LAPSED)
    RepresentativeFactory(person__full_name="Lou Lapsed", organisation=lapsed)
    RepresentativeFactory(person__full_name="Ex Rep", ended_on=date(2025, 1, 31))
    RoleTermFactory(person__full_name="Old Board", role="board", ended_on=date(2024, 12, 31))

    meeting = MeetingFactory(invites_members=True, invites_board=True)

    assert list(invitees_of(meeting)) == [rep, trustee]


def test_core_group_staff_and_advisory_group_are_invited_when_named():
    chair = RoleTermFactory(person__full_name="Cha Chair", role=RoleTerm.Role.CHAIR).person
    core = RoleTermFactory(person__full_name="Cat Core", role=RoleTerm.Role.CORE_GROUP).person
    staff = RoleTermFactory(person__full_name="Sid Staff", role=RoleTerm.Role.STAFF).person
    place = AdvisoryGroupMemberFactory(person__full_name="Ada Adviser")
    AdvisoryGroupMemberFactory(group=place.group, ended_on=date(2025, 2, 1))  # left the group
    RepresentativeFactory(person__full_name="Ann Rep")

    core_meeting = MeetingFactory(
        kind=Meeting.Kind.CORE_GROUP,
        invites_members=False,
        invites_board=False,
        invites_core_group=True,
        invites_staff=True,
    )
    group_meeting = MeetingFactory(
        kind=Meeting.Kind.ADVISORY_GROUP,
        invites_members=False,
        invites_board=False,
        advisory_group=place.group,
    )

    assert set(invitees_of(core_meeting)) == {chair, core, staff}
    assert list(invitees_of(group_meeting)) == [place.person]


def test_people_who_withdrew_consent_are_left_out_with_the_reason():
    stays = RepresentativeFactory(person__full_name="Ann Rep").person
    gone = RepresentativeFactory(
        person__full_name="Wyn Withdrawn",
        person__consent_given_on=date(2024, 1, 1),
        person__consent_method=Person.ConsentMethod.EMAIL,
        person__consent_withdrawn_on=date(2025, 2, 14),
    ).person
    meeting = MeetingFactory()

    assert list(audience_of(meeting)) == [stays, gone]
    assert list(invitees_of(meeting)) == [stays]
    left_out = invitees_left_out(meeting)
    assert [(item.person, item.reason) for item in left_out] == [
        (gone, "Withdrew consent to be contacted on 14 February 2025")
    ]


def test_publishing_is_refused_until_the_agenda_is_signed_off(staff):
    RepresentativeFactory()
    meeting = MeetingFactory(agenda_status=Meeting.AgendaStatus.DRAFT)

    with pytest.raises(ValidationError) as refused:
        publish_agenda(meeting=meeting, by=staff)

    assert refused.value.messages == [
        "The agenda must be signed off before it is published. "
        "Ask the chair, or the core group member they named, to sign it off."
    ]
    meeting.refresh_from_db()
    assert meeting.agenda_status == Meeting.AgendaStatus.DRAFT
    assert meeting.published_at is None
    assert Invitation.objects.count() == 0


def test_publishing_twice_is_refused(staff):
    meeting = signed_off()
    publish_agenda(meeting=meeting, by=staff)
    with pytest.raises(ValidationError) as refused:
        publish_agenda(meeting=meeting, by=staff)
    assert refused.value.messages == ["This agenda has already been published."]


def test_publishing_invites_everyone_and_emails_each_once(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    ann = RepresentativeFactory(person__full_name="Ann Rep", person__email="ann@example.org")
    ben = RepresentativeFactory(person__full_name="Ben Rep", person__email="ben@example.org")
    posted = RepresentativeFactory(
        person__full_name="Pat Post",
        person__preferred_channel=Person.Channel.LARGE_PRINT,
        person__address="2 Low Road, Leeds",
        person__postcode="LS2 2BB",
    ).person
    meeting = signed_off(title="Spring strategic meeting")
    AgendaItemFactory(meeting=meeting, title="Welcome", position=1, minutes_needed=15)
    AgendaItemFactory(meeting=meeting, title="Business plan", position=2, presenter="Chris Chair")

    with django_capture_on_commit_callbacks(execute=True):
        created = publish_agenda(meeting=meeting, by=staff)

    meeting.refresh_from_db()
    assert meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED
    assert meeting.published_at == datetime(2025, 3, 1, 9, tzinfo=LONDON)
    assert len(created) == 3
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.org", "ben@example.org"]
    message = next(m for m in mailoutbox if m.to == ["ann@example.org"])
    assert message.subject == "Invitation: Spring strategic meeting, 12 March 2025"
    assert "1. 10:30 to 10:45: Welcome" in message.body
    assert "2. 10:45 to 11:05: Business plan" in message.body
    assert "To discuss, presented by Chris Chair" in message.body
    assert message.attachments[0][0] == f"meeting-{meeting.pk}.ics"
    assert f"UID:{meeting.calendar_uid}" in message.attachments[0][1]
    statuses = dict(Invitation.objects.values_list("person__full_name", "email_status"))
    assert statuses == {"Ann Rep": "sent", "Ben Rep": "sent", "Pat Post": "by-post"}
    assert Invitation.objects.get(person=ann.person).email_attempts == 1
    assert Invitation.objects.get(person=ben.person).notified_sequence == 0
    assert Invitation.objects.get(person=posted).emailed_at is None


def test_publishing_makes_the_rows_in_constant_queries(staff):
    def queries_to_publish(invitees: int) -> int:
        Invitation.objects.all().delete()
        for _ in range(invitees):
            RepresentativeFactory()
        meeting = signed_off()
        with CaptureQueriesContext(connection) as queries:
            publish_agenda(meeting=meeting, by=staff)
        assert meeting.invitations.count() == Person.objects.count()
        return len(queries)

    assert queries_to_publish(2) == queries_to_publish(12)


def test_the_task_run_twice_sends_one_email(staff, mailoutbox):
    RepresentativeFactory(person__email="ann@example.org")
    meeting = signed_off()
    publish_agenda(meeting=meeting, by=staff)  # tasks not run: no on-commit callbacks here
    invitation = Invitation.objects.get()

    assert tasks.send_meeting_invitation(invitation.pk) is True
    assert tasks.send_meeting_invitation(invitation.pk) is False

    assert [m.to for m in mailoutbox] == [["ann@example.org"]]
    invitation.refresh_from_db()
    assert invitation.email_status == Invitation.EmailStatus.SENT
    assert invitation.email_attempts == 1


def test_a_row_left_sending_is_never_sent_again(mailoutbox):
    invitation = Invitation.objects.create(
        meeting=signed_off(), person=PersonFactory(), email_status=Invitation.EmailStatus.SENDING
    )
    assert email_invitation(invitation_id=invitation.pk) is False
    assert mailoutbox == []


def test_a_failure_is_recorded_then_the_retry_sends(settings, mailoutbox, monkeypatch):
    invitation = Invitation.objects.create(
        meeting=signed_off(), person=PersonFactory(email="flaky@example.org")
    )
    calls = {"count": 0}
    real_send = EmailMultiAlternatives.send

    def flaky_send(self, fail_silently=False):
        calls["count"] += 1
        if calls["count"] == 1:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)

    with pytest.raises(SMTPServerDisconnected):
        email_invitation(invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.email_status == Invitation.EmailStatus.FAILED
    assert invitation.email_error == "Connection unexpectedly closed"
    assert invitation.email_attempts == 1

    assert email_invitation(invitation_id=invitation.pk) is True
    invitation.refresh_from_db()
    assert invitation.email_status == Invitation.EmailStatus.SENT
    assert invitation.email_error == ""
    assert invitation.email_attempts == 2
    assert len(mailoutbox) == 1


def test_someone_without_an_email_address_is_marked_failed_not_sent(mailoutbox):
    invitation = Invitation.objects.create(
        meeting=signed_off(),
        person=PersonFactory(email="", preferred_channel=Person.Channel.TELEPHONE),
    )
    assert email_invitation(invitation_id=invitation.pk) is False
    invitation.refresh_from_db()
    assert invitation.email_status == Invitation.EmailStatus.FAILED
    assert invitation.email_error == "No email address on record: reach this person another way."
    assert mailoutbox == []


def test_the_task_retries_transient_errors_with_backoff():
    task = tasks.send_meeting_invitation
    assert set(task.autoretry_for) == {SMTPException, ConnectionError, TimeoutError}
    assert task.retry_backoff is True
    assert task.max_retries == 5
