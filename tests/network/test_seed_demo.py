"""The demo data: the logins of the README, 30 active members, safe to run twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from coprod.models import User
from network.models import AnnualReview, Candidate, Membership, Organisation, Person, RoleTerm
from network.selectors import network_size

DEMO_LOGINS = [
    "admin@example.org",
    "staff@example.org",
    "chair@example.org",
    "core@example.org",
    "board@example.org",
    "member@example.org",
]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def test_the_demo_has_thirty_active_members_over_the_four_kinds(demo):
    assert network_size().active == 30
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values)
    assert Membership.objects.filter(status="lapsed", ended_on=None).count() == 2
    assert Membership.objects.filter(status="prospective", ended_on=None).exists()


def test_the_demo_has_a_chair_a_core_group_of_five_and_a_pipeline(demo):
    assert RoleTerm.objects.filter(role="chair", ended_on=None).count() == 1
    assert RoleTerm.objects.filter(role="core group", ended_on=None).count() == 5
    assert Candidate.objects.exclude(stage__in=["joined", "declined"]).count() >= 3
    assert AnnualReview.objects.count() == 2


def test_running_it_twice_changes_nothing(demo):
    counts = (Organisation.objects.count(), Person.objects.count(), Membership.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (
        Organisation.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    ) == counts


def test_scale_adds_years_of_membership_history(demo):
    before = Organisation.objects.count()
    call_command("seed_demo", scale=3, stdout=StringIO())
    assert Organisation.objects.count() == before + 30


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_each_demo_login_signs_in_and_reaches_home(demo, client, email):
    response = client.post(
        reverse("account_login"), {"login": email, "password": "coprod-demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("reporting:home")
    assert response.status_code == 200
    assert User.objects.get(email=email).is_authenticated
