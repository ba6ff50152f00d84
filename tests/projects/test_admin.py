"""Projects' records in the Django admin: every list and form opens for a superuser."""

import pytest
from django.contrib import admin
from django.urls import reverse

from projects import models
from tests.factories import UserFactory
from tests.projects.factories import ClaimFactory, CommissionFactory, ImpactFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_every_projects_model_opens_in_the_admin(client):
    claim = ClaimFactory()
    objects = {
        models.Claim: claim,
        models.InvolvementActivity: claim.activity,
        models.Project: claim.activity.project,
        models.Programme: claim.activity.project.programme,
        models.Commission: CommissionFactory(),
        models.ImpactRecord: ImpactFactory(),
        models.InvolvementPlan: PlanFactory(),
        models.Checkpoint: models.Checkpoint.objects.first(),
        models.PaymentSetting: models.PaymentSetting.objects.create(pk=1),
    }
    registered = {model for model in admin.site._registry if model._meta.app_label == "projects"}
    assert registered == set(objects)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model, obj in objects.items():
        info = (model._meta.app_label, model._meta.model_name)
        assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
        change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        assert client.get(change).status_code == 200, model
