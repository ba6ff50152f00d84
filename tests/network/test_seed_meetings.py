"""The demo's meetings: two years of the calendar, agendas in every state, registers."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count

from network.models import (
    Action,
    AgendaItem,
    AttendanceRecord,
    Feedback,
    Invitation,
    Meeting,
    Minutes,
)


@pytest.fixture
def demo(db):
    with time_machine.travel(date(2026, 12, 4), tick=False):
        call_command("seed_demo", stdout=StringIO())


def test_each_past_year_has_its_two_full_network_meetings_and_the_rest(demo):
    kinds = dict(
        Meeting.objects.filter(starts_at__year=2025).values_list("kind").annotate(n=Count("pk"))
    )
    assert kinds == {
        "strategic": 1,
        "products": 1,
        "core-group": 4,
        "advisory-group": 4,
        "workshop": 1,
    }
    groups = Meeting.objects.exclude(advisory_group=None).values("advisory_group").distinct()
    assert groups.count() == 2


def test_agendas_go_through_every_state(demo):
    states = dict(Meeting.objects.values_list("agenda_status").annotate(n=Count("pk")))
    assert states == {"draft": 1, "signed-off": 1, "published": 22}
    draft = Meeting.objects.get(agenda_status="draft")
    assert draft.kind == "strategic"
    assert draft.starts_at.date() == date(2027, 3, 10)
    proposals = AgendaItem.objects.filter(meeting=draft, status="proposed")
    assert proposals.count() == 4
    assert proposals.filter(is_member_suggestion=True).count() == 1
    signed = Meeting.objects.get(agenda_status="signed-off")
    assert signed.signed_off_version == signed.agenda_versions.get(number=2)


def test_published_meetings_have_invitations_and_past_ones_a_register(demo):
    published = Meeting.objects.filter(agenda_status="published")
    assert not published.filter(invitations=None).exists()
    assert not Meeting.objects.exclude(agenda_status="published").exclude(invitations=None)
    assert AttendanceRecord.objects.count() == Invitation.objects.count()
    capacities = set(AttendanceRecord.objects.values_list("capacity", flat=True))
    assert {"services", "carer", "staff", "board"} <= capacities
    assert Invitation.objects.filter(email_status="by-post").exists()


def test_minutes_actions_and_feedback(demo):
    assert Minutes.objects.count() == 22
    assert Minutes.objects.filter(status="circulated").exists()
    assert not Minutes.objects.filter(status="approved", approved_at=None).exists()
    assert Action.objects.filter(status="open", due_on__lt=date(2026, 12, 4)).exists()
    assert Action.objects.filter(status="done").exists()
    assert Feedback.objects.count() == 8  # two items of each full network meeting


def test_running_it_twice_adds_no_meeting(demo):
    counts = (Meeting.objects.count(), Invitation.objects.count(), AgendaItem.objects.count())
    with time_machine.travel(date(2026, 12, 4), tick=False):
        call_command("seed_demo", stdout=StringIO())
    assert (
        Meeting.objects.count(),
        Invitation.objects.count(),
        AgendaItem.objects.count(),
    ) == counts
