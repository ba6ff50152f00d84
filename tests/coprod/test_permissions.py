"""The capability table: roles are groups; answers come from SPEC's table, as data."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from coprod.permissions import (
    CAPABILITIES,
    TABLE,
    Access,
    Can,
    Role,
    UnknownCapability,
    requires,
    roles_of,
)
from tests.factories import UserFactory

SPEC = Path(__file__).resolve().parents[3] / "shared" / "SPEC.md"


@pytest.mark.django_db
def test_the_five_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


@pytest.mark.django_db
def test_a_person_may_hold_several_roles_and_gets_the_most_access_of_them():
    user = UserFactory(roles=["member", "board"])
    assert roles_of(user) == {"member", "board"}
    can = Can.of(user)
    assert can.access("organisation_view") == Access.PART
    assert can.access("bulletin_archive") == Access.ALL  # the Board's, not the member's
    assert can.access("payments") == Access.OWN
    assert not can("network_change")


@pytest.mark.django_db
def test_superusers_count_as_staff():
    assert Can.of(UserFactory(is_superuser=True)).fully("audit")


def test_signed_out_visitors_may_do_nothing_the_table_lists():
    can = Can.of(AnonymousUser())
    assert not any(can(capability.name) for capability in TABLE)


@pytest.mark.django_db
def test_a_name_that_is_not_in_the_table_is_an_error_not_a_quiet_no():
    can = Can.of(UserFactory(roles=["staff"]))
    with pytest.raises(UnknownCapability):
        can("organisation_delete")
    with pytest.raises(UnknownCapability):
        Template("{% if can.organisaton_edit %}yes{% endif %}").render(Context({"can": can}))
    with pytest.raises(UnknownCapability):
        requires("organisation_delete")


@pytest.mark.django_db
def test_templates_read_the_same_answers():
    template = Template(
        "{% if can.organisation_edit %}edit{% endif %} "
        "{% if can.all.organisation_edit %}all{% endif %}"
    )
    member = Can.of(UserFactory(roles=["member"]))
    staff = Can.of(UserFactory(roles=["staff"]))
    assert template.render(Context({"can": member})) == "edit "
    assert template.render(Context({"can": staff})) == "edit all"


@pytest.mark.django_db
def test_requires_refuses_other_roles_with_403_and_lets_the_role_in():
    @requires("recruitment")
    def view(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = UserFactory(roles=["board"])
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = UserFactory(roles=["chair"])
    assert view(request).status_code == 200


@pytest.mark.django_db
def test_requires_fully_refuses_roles_with_only_their_own_records():
    @requires("organisation_edit", fully=True)
    def view(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = UserFactory(roles=["member"])
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = UserFactory(roles=["staff"])
    assert view(request).status_code == 200


def _spec_rows() -> dict[str, list[str]]:
    """SPEC.md's "Who may do what" table: row text -> the six cells."""
    text = SPEC.read_text()
    table = text.split("## Who may do what", 1)[1].split("## Journeys", 1)[0]
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0] not in {"capability", ""} and not set(cells[0]) <= {"-"}:
            rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.skipif(not SPEC.exists(), reason="shared/SPEC.md is beside the project in CI")
def test_the_table_is_spec_md_row_for_row():
    rows = _spec_rows()
    assert sorted(rows) == sorted(capability.row for capability in TABLE)
    columns = [Role.STAFF, Role.CHAIR, Role.CORE_GROUP, Role.BOARD, Role.MEMBER]
    for capability in TABLE:
        cells = rows[capability.row]
        for role, cell in zip(columns, cells[:5], strict=True):
            allowed = cell not in {"-", ""}
            if capability.name == "admin":
                allowed = False  # the admin's own is_staff flag, not a role
            assert (role in capability.access) == allowed, (capability.name, role, cell)
            if cell == "own":
                assert capability.access[role] == Access.OWN, (capability.name, role)
            if cell in {"all", "yes"}:
                assert capability.access[role] == Access.ALL, (capability.name, role)
        assert bool(capability.signed_out) == (cells[5] not in {"-", ""}), capability.name
    assert set(CAPABILITIES) == {capability.name for capability in TABLE}
    assert all(re.fullmatch(r"[a-z_]+", name) for name in CAPABILITIES)


@pytest.mark.django_db
def test_navigation_shows_each_role_only_what_it_may_use(role_clients):
    home = reverse("reporting:home")
    member_page = role_clients["member"].get(home).content.decode()
    staff_page = role_clients["staff"].get(home).content.decode()
    board_page = role_clients["board"].get(home).content.decode()
    assert ">People<" in staff_page
    assert ">People<" not in member_page
    assert ">Recruitment<" not in board_page
    assert ">Network<" in board_page
    assert ">Network<" not in member_page
