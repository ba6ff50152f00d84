"""Bulletin pages: writing drafts with errors beside fields, the archive per role,
preferences and unsubscribing by signed link, print packs and the mailing list."""

import io
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from network.models import Bulletin, Delivery, PrintPack
from network.services import bulletins as services
from network.signed_links import PREFERENCES, UNSUBSCRIBE, token_for
from tests.factories import (
    BulletinFactory,
    DeliveryFactory,
    MeetingFactory,
    PersonFactory,
    RepresentativeFactory,
)

CONSENTED = {"consent_given_on": date(2024, 1, 1), "consent_method": "writing"}


@pytest.mark.django_db
def test_a_draft_is_written_by_the_chair(chair_client):
    response = chair_client.post(
        reverse("network:bulletin-add"),
        {"title": "Autumn news", "body": "Hello **all**", "audience": "members"},
    )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302
    assert response.url == bulletin.get_absolute_url()
    assert (bulletin.title, bulletin.status, bulletin.audience) == (
        "Autumn news",
        "draft",
        "members",
    )


@pytest.mark.django_db
def test_empty_and_incomplete_drafts_show_errors_beside_fields_and_keep_input(staff_client):
    page = staff_client.post(reverse("network:bulletin-add"), {}).content.decode()
    assert "There is a problem" in page
    for message in ["Enter the bulletin&#x27;s title", "Enter what the bulletin says"]:
        assert message in page
    page = staff_client.post(
        reverse("network:bulletin-add"),
        {"title": "Kept title", "body": "Kept body", "audience": "chosen"},
    ).content.decode()
    assert "Choose at least one organisation kind or constituency" in page
    assert 'value="Kept title"' in page
    page = staff_client.post(
        reverse("network:bulletin-add"), {"title": "T", "body": "B", "audience": "meeting"}
    ).content.decode()
    assert "Choose the meeting whose invitees get the bulletin" in page
    assert Bulletin.objects.count() == 0


@pytest.mark.django_db
def test_a_meeting_audience_is_saved_with_its_meeting(staff_client):
    meeting = MeetingFactory()
    staff_client.post(
        reverse("network:bulletin-add"),
        {"title": "T", "body": "B", "audience": "meeting", "meeting": meeting.pk},
    )
    assert Bulletin.objects.get().meeting == meeting


@pytest.mark.django_db
def test_a_sent_bulletin_cannot_be_changed(staff_client):
    bulletin = BulletinFactory(status=Bulletin.Status.SENT)
    response = staff_client.post(
        reverse("network:bulletin-edit", args=[bulletin.pk]), {"title": "Changed"}
    )
    assert response.status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.title != "Changed"


@pytest.mark.django_db
def test_easy_read_points_are_added_in_order_and_need_a_picture(staff_client):
    bulletin = BulletinFactory()
    url = reverse("network:bulletin-easy-read", args=[bulletin.pk])
    page = staff_client.post(url, {"text": "We meet in May."}).content.decode()
    assert "Choose a picture" in page
    staff_client.post(url, {"text": "We meet in May.", "picture": "calendar"})
    staff_client.post(url, {"text": "Tell us what you think.", "picture": "question"})
    points = list(bulletin.easy_read_points.values_list("position", "picture", "text"))
    assert points == [
        (1, "calendar", "We meet in May."),
        (2, "question", "Tell us what you think."),
    ]
    page = staff_client.get(url).content.decode()
    assert "img/easy-read/calendar" in page


@pytest.mark.django_db
def test_the_member_archive_lists_only_bulletins_sent_to_them(
    member_client, member_person, django_assert_num_queries
):
    DeliveryFactory(person=member_person, bulletin__title="Mine")
    DeliveryFactory(bulletin__title="Someone else's")
    BulletinFactory(title="A draft")
    url = reverse("network:bulletin-list")
    member_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = member_client.get(url).content.decode()
    assert "Mine" in page
    assert "Someone else" not in page
    assert "A draft" not in page
    for _ in range(5):
        DeliveryFactory(person=member_person)
    with django_assert_num_queries(len(queries)):
        member_client.get(url)


@pytest.mark.django_db
def test_the_board_reads_sent_bulletins_not_drafts(board_client):
    DeliveryFactory(bulletin__title="Sent one")
    BulletinFactory(title="A draft")
    page = board_client.get(reverse("network:bulletin-list")).content.decode()
    assert "Sent one" in page
    assert "A draft" not in page


@pytest.mark.django_db
def test_the_recipients_page_lists_who_is_left_out_and_why(staff_client):
    organisation = RepresentativeFactory().organisation
    RepresentativeFactory(
        organisation=organisation, person=PersonFactory(full_name="Nora Noconsent")
    )
    RepresentativeFactory(
        organisation=organisation,
        person=PersonFactory(full_name="Pat Post", preferred_channel="post", **CONSENTED),
    )
    bulletin = BulletinFactory()
    page = staff_client.get(reverse("network:bulletin-recipients", args=[bulletin.pk]))
    text = page.content.decode()
    assert "Nora Noconsent" in text
    assert "No consent to be contacted" in text
    assert "Pat Post" in text
    assert "No postal address" in text


# --- Signed links ----------------------------------------------------------------------


@pytest.mark.django_db
def test_preferences_change_the_channel_for_the_next_bulletin():
    person = PersonFactory(address="1 Road", postcode="LS1 1AA", **CONSENTED)
    url = reverse("network:preferences", args=[token_for(person, PREFERENCES)])
    client = Client()
    page = client.get(url).content.decode()
    assert "We do not track you" in page
    response = client.post(url, {"choice": "large-print"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.preferred_channel, person.unsubscribed_at) == ("large-print", None)
    client.post(url, {"choice": "stop"})
    person.refresh_from_db()
    assert person.unsubscribed_at is not None


@pytest.mark.django_db
def test_preferences_without_the_needed_address_say_so_beside_the_field():
    person = PersonFactory(**CONSENTED)
    url = reverse("network:preferences", args=[token_for(person, PREFERENCES)])
    page = Client().post(url, {"choice": "post"}).content.decode()
    assert "We do not have your postal address" in page
    person.refresh_from_db()
    assert person.preferred_channel == "email"


@pytest.mark.django_db
def test_a_link_for_one_person_changed_or_reused_for_another_is_refused():
    mine, theirs = PersonFactory(), PersonFactory()
    token = token_for(mine, UNSUBSCRIBE)
    client = Client()
    assert client.post(reverse("network:unsubscribe", args=[token[:-1] + "x"])).status_code == 404
    assert (
        client.post(reverse("network:preferences", args=[token]), {"choice": "stop"}).status_code
        == 404
    )
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (mine.unsubscribed_at, theirs.unsubscribed_at) == (None, None)


@pytest.mark.django_db
def test_one_click_unsubscribe_needs_no_csrf_token_and_the_next_bulletin_skips_them(
    staff_user, django_capture_on_commit_callbacks
):
    organisation = RepresentativeFactory(person=PersonFactory(**CONSENTED)).organisation
    leaving = PersonFactory(**CONSENTED)
    RepresentativeFactory(person=leaving, organisation=organisation)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("network:unsubscribe", args=[token_for(leaving, UNSUBSCRIBE)]),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        bulletin = services.send_bulletin(bulletin=BulletinFactory(), by=staff_user)
    assert leaving.email not in [m.to[0] for m in mail.outbox]
    assert not bulletin.deliveries.filter(person=leaving).exists()


# --- Print packs ----------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
def test_posted_copies_get_pdfs_in_each_format_and_a_mailing_list(
    staff_user, staff_client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    organisation = RepresentativeFactory().organisation
    for name, channel, email in [
        ("Pat Post", "post", "pat@example.org"),
        ("Lou Large", "large-print", "lou@example.org"),
        ("Eve Easy", "easy-read", ""),
    ]:
        person = PersonFactory(
            full_name=name,
            preferred_channel=channel,
            email=email,
            address=f"{name} House\nLeeds",
            postcode="LS1 1AA",
            **CONSENTED,
        )
        RepresentativeFactory(person=person, organisation=organisation)
    bulletin = BulletinFactory(title="Summer news")
    services.add_easy_read_point(bulletin=bulletin, picture="meeting", text="We meet on 4 May.")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_bulletin(bulletin=bulletin, by=staff_user)
    packs = {pack.format: pack for pack in PrintPack.objects.filter(bulletin=bulletin)}
    assert sorted(packs) == ["easy-read", "large-print", "standard"]
    assert {pack.status for pack in packs.values()} == {"ready"}
    standard = pdf_text(packs["standard"].file.read())
    assert "Summer news" in standard
    assert "The network meets in Leeds on 4 May." in standard
    assert "Summer news" in pdf_text(packs["large-print"].file.read())
    assert "We meet on 4 May." in pdf_text(packs["easy-read"].file.read())
    response = staff_client.get(
        reverse("network:print-pack-download", args=[packs["standard"].pk])
    )
    assert response.status_code == 200
    assert "Summer news" in pdf_text(b"".join(response.streaming_content))
    csv = staff_client.get(reverse("network:mailing-list", args=[bulletin.pk])).content.decode()
    assert csv.splitlines() == [
        "\ufeffName,Address,Postcode,Format",
        'Eve Easy,"Eve Easy House',
        'Leeds",LS1 1AA,Easy read by post',
        'Lou Large,"Lou Large House',
        'Leeds",LS1 1AA,Large print by post',
        'Pat Post,"Pat Post House',
        'Leeds",LS1 1AA,Print by post',
    ]
    assert Delivery.objects.filter(bulletin=bulletin, status="to-post").count() == 3


@pytest.mark.django_db
def test_unsubscribing_works_even_when_the_record_lacks_the_channels_detail():
    person = PersonFactory(email="", preferred_channel="email", **CONSENTED)
    url = reverse("network:preferences", args=[token_for(person, PREFERENCES)])
    response = Client().post(url, {"choice": "stop"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.unsubscribed_at is not None
