"""The permission layer: roles are groups; superusers count as staff; refusals are 403."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from coprod.permissions import Role, has_role, role_required, roles_of
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_five_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


@pytest.mark.django_db
def test_a_person_may_hold_several_roles():
    user = UserFactory(roles=["chair", "board"])
    assert roles_of(user) == {"chair", "board"}
    assert has_role(user, Role.BOARD)
    assert not has_role(user, Role.STAFF)


@pytest.mark.django_db
def test_superusers_count_as_staff():
    assert has_role(UserFactory(is_superuser=True), Role.STAFF)


@pytest.mark.django_db
def test_role_required_refuses_other_roles_with_403_and_lets_the_role_in():
    @role_required(Role.CHAIR)
    def view(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = UserFactory(roles=["board"])
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = UserFactory(roles=["chair"])
    assert view(request).status_code == 200


@pytest.mark.django_db
def test_navigation_shows_each_role_only_what_it_may_use(role_clients):
    from django.urls import reverse

    home = reverse("home")
    member_page = role_clients["member"].get(home).content.decode()
    staff_page = role_clients["staff"].get(home).content.decode()
    assert ">People<" in staff_page
    assert ">People<" not in member_page
    assert ">Recruitment<" not in role_clients["board"].get(home).content.decode()
