"""Commissioned work has exactly one supplier, user-led or a person; advisory groups hold
members in their capacities over time; activities are corrected and deleted with care."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from network.models import AdvisoryGroupMember
from projects.models import Commission, InvolvementActivity
from projects.services import (
    add_advisory_member,
    create_advisory_group,
    create_commission,
    delete_activity,
    end_advisory_member,
    update_activity,
    update_commission,
)
from tests.factories import OrganisationFactory, PersonFactory
from tests.projects.factories import (
    ActivityFactory,
    ClaimFactory,
    CommissionFactory,
    ImpactFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

WORK = {
    "description": "Two focus groups with bereaved carers.",
    "value": Decimal("1200.00"),
    "starts_on": date(2025, 5, 1),
}


def test_work_is_commissioned_from_a_user_led_organisation(staff_user):
    organisation = OrganisationFactory(is_user_or_carer_led=True)
    commission = create_commission(
        project=ProjectFactory(), by=staff_user, organisation=organisation, **WORK
    )
    assert (commission.supplier_name, commission.status) == (organisation.name, "proposed")


def test_work_is_commissioned_from_one_person(staff_user):
    person = PersonFactory(full_name="Rita Carer")
    commission = create_commission(project=ProjectFactory(), by=staff_user, person=person, **WORK)
    assert commission.supplier_name == "Rita Carer"


def test_a_commission_needs_exactly_one_supplier(staff_user):
    for suppliers in ({}, {"organisation": OrganisationFactory(), "person": PersonFactory()}):
        with pytest.raises(ValidationError) as error:
            create_commission(project=ProjectFactory(), by=staff_user, **suppliers, **WORK)
        assert error.value.message_dict == {
            "organisation": ["Choose either an organisation or a person as the supplier."]
        }
    assert Commission.objects.count() == 0


def test_the_database_refuses_a_commission_with_two_suppliers():
    commission = CommissionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Commission.objects.filter(pk=commission.pk).update(person=PersonFactory())


def test_an_organisation_not_led_by_users_or_carers_is_refused(staff_user):
    provider = OrganisationFactory(is_user_or_carer_led=False)
    with pytest.raises(ValidationError) as error:
        create_commission(project=ProjectFactory(), by=staff_user, organisation=provider, **WORK)
    assert error.value.message_dict == {
        "organisation": ["Choose an organisation led by people who use services or carers."]
    }


def test_a_commission_moves_on_and_keeps_its_dates_in_order(staff_user):
    commission = CommissionFactory()
    update_commission(commission=commission, by=staff_user, changes={"status": "delivered"})
    commission.refresh_from_db()
    assert commission.status == "delivered"
    with pytest.raises(ValidationError) as error:
        update_commission(
            commission=commission, by=staff_user, changes={"ends_on": date(2025, 4, 1)}
        )
    assert error.value.messages == ["The end date must be on or after the start date."]


def test_a_project_gets_one_advisory_group(staff_user):
    project = ProjectFactory()
    group = create_advisory_group(project=project, by=staff_user, name="Dying well at home PAG")
    project.refresh_from_db()
    assert project.advisory_group == group
    with pytest.raises(ValidationError) as error:
        create_advisory_group(project=project, by=staff_user, name="A second group")
    assert error.value.code == "has_group"


def test_members_join_in_a_capacity_and_their_places_end(staff_user):
    group = create_advisory_group(project=ProjectFactory(), by=staff_user, name="PAG")
    person = PersonFactory()
    member = add_advisory_member(
        group=group, person=person, capacity="carer", started_on=date(2025, 1, 6), by=staff_user
    )
    with pytest.raises(ValidationError) as error:
        add_advisory_member(
            group=group,
            person=person,
            capacity="provider",
            started_on=date(2025, 2, 1),
            by=staff_user,
        )
    assert error.value.message_dict == {
        "person": [f"{person} is already a member of this group. End their place first."]
    }
    with pytest.raises(ValidationError) as error:
        end_advisory_member(member=member, ended_on=date(2025, 1, 5), by=staff_user)
    assert error.value.message_dict == {
        "ended_on": ["The end date must be on or after the day the place started, 6 January 2025."]
    }
    end_advisory_member(member=member, ended_on=date(2025, 6, 30), by=staff_user)
    assert AdvisoryGroupMember.objects.get().ended_on == date(2025, 6, 30)
    # Once the place has ended, the person may join again in another capacity.
    add_advisory_member(
        group=group, person=person, capacity="chair", started_on=date(2025, 7, 1), by=staff_user
    )


def test_an_activity_is_corrected(staff_user):
    activity = ActivityFactory(carers=4)
    person = PersonFactory()
    update_activity(
        activity=activity,
        by=staff_user,
        changes={"carers": 5, "notes": "One more carer came."},
        people=[person],
    )
    activity.refresh_from_db()
    assert (activity.carers, list(activity.people.all())) == (5, [person])
    assert activity.history.first().history_user == staff_user


def test_an_activity_with_claims_keeps_its_money_and_claimants(staff_user):
    claim = ClaimFactory()
    activity = claim.activity
    with pytest.raises(ValidationError) as error:
        update_activity(
            activity=activity,
            by=staff_user,
            changes={"payments": Decimal("10.00")},
            people=[claim.person],
        )
    assert list(error.value.message_dict) == ["payments"]
    with pytest.raises(ValidationError) as error:
        update_activity(activity=activity, by=staff_user, changes={"carers": 2}, people=[])
    assert error.value.message_dict == {
        "people": [f"Keep {claim.person.full_name} named: they have a claim for this activity."]
    }


def test_an_activity_is_deleted_and_its_history_kept(staff_user):
    activity = ActivityFactory()
    pk = activity.pk
    delete_activity(activity=activity, by=staff_user)
    assert not InvolvementActivity.objects.filter(pk=pk).exists()
    deleted = InvolvementActivity.history.filter(id=pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", staff_user)


def test_an_activity_with_claims_or_impact_is_not_deleted(staff_user):
    claimed = ClaimFactory().activity
    with pytest.raises(ValidationError) as error:
        delete_activity(activity=claimed, by=staff_user)
    assert error.value.code == "has_claims"
    with_impact = ActivityFactory()
    ImpactFactory(project=with_impact.project, activities=[with_impact])
    with pytest.raises(ValidationError) as error:
        delete_activity(activity=with_impact, by=staff_user)
    assert error.value.code == "has_impact"
    assert InvolvementActivity.objects.count() == 2
