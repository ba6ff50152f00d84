"""Through Django's SMTP backend to a real local SMTP server that answers 550 for one
address: the address is marked, the next bulletin skips it, the page's figures match."""

from datetime import date

import pytest

from network.models import Delivery
from network.services import bulletins as services
from tests.factories import (
    BulletinFactory,
    MemberOrganisationFactory,
    PersonFactory,
    RepresentativeFactory,
)
from tests.smtp_sink import SmtpSink

CONSENTED = {"consent_given_on": date(2024, 1, 1), "consent_method": "writing"}


@pytest.mark.django_db
def test_a_550_marks_the_address_and_the_next_bulletin_skips_it(
    settings, staff_user, staff_client, django_capture_on_commit_callbacks
):
    organisation = MemberOrganisationFactory()
    people = [PersonFactory(email=f"p{i}@example.org", **CONSENTED) for i in range(4)]
    for person in people:
        RepresentativeFactory(person=person, organisation=organisation)
    refused = people[0]
    with SmtpSink(refuse={refused.email}) as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        with django_capture_on_commit_callbacks(execute=True):
            first = services.send_bulletin(bulletin=BulletinFactory(), by=staff_user)
        assert sorted(sink.recipients) == sorted(p.email for p in people[1:])
        delivery = first.deliveries.get(person=refused)
        assert delivery.status == Delivery.Status.BOUNCED
        assert delivery.error == "550 5.1.1 No such mailbox here"
        refused.refresh_from_db()
        assert refused.email_not_working_since is not None
        page = staff_client.get(first.get_absolute_url()).content.decode()
        assert 'id="count-sent">3</td>' in page
        assert 'id="count-bounced">1</td>' in page
        assert 'id="count-queued">0</td>' in page
        assert "Delivered: 75% of 4 emails." in page
        with django_capture_on_commit_callbacks(execute=True):
            second = services.send_bulletin(bulletin=BulletinFactory(), by=staff_user)
        assert not second.deliveries.filter(person=refused).exists()
        assert sink.counts()[refused.email] == 0
        assert len(sink.recipients) == 6
