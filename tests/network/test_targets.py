"""The targets page: staff set the network's size and the numbers per kind and constituency."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import services
from network.models import Constituency, Organisation, Target
from tests.factories import ConstituencyFactory, TargetFactory

URL = reverse("network:target-list")
LOCAL = Organisation.Kind.LOCAL

pytestmark = pytest.mark.django_db


def blank_form() -> dict[str, str]:
    """Every field of the form as an unchanged page would post it."""
    data = {"total": "30"}
    data.update({f"kind_{kind}": "" for kind in Organisation.Kind.values})
    data.update(
        {f"constituency_{pk}": "" for pk in Constituency.objects.values_list("pk", flat=True)}
    )
    return data


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["chair", "core group", "board", "member"])
def test_only_staff_may_see_or_change_targets(role_clients, role):
    client = role_clients[role]

    assert client.get(URL).status_code == 403
    assert client.post(URL, {**blank_form(), "total": "12"}).status_code == 403
    assert Target.objects.get(measure=Target.Measure.TOTAL).minimum == 30


def test_the_form_shows_the_current_targets(staff_client):
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=4)
    young = Constituency.objects.get(name="Young people")
    TargetFactory(measure=Target.Measure.CONSTITUENCY, kind="", constituency=young, minimum=5)

    response = staff_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="total" value="30"' in html
    assert 'name="kind_local" value="4"' in html
    assert f'name="constituency_{young.pk}" value="5"' in html
    assert "Young people" in html


def test_saving_sets_changed_targets_and_removes_blanked_ones(staff_client, staff_user):
    TargetFactory(measure=Target.Measure.KIND, kind=Organisation.Kind.EQUALITY, minimum=2)
    older = Constituency.objects.get(name="Older people")
    data = {
        **blank_form(),
        "total": "32",
        "kind_local": "6",
        f"constituency_{older.pk}": "3",
        "kind_equality": "",
    }

    response = staff_client.post(URL, data)

    assert response.status_code == 302
    assert response.url == URL
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Targets saved."]
    targets = {(t.measure, t.kind, t.constituency_id): t.minimum for t in Target.objects.all()}
    assert targets == {
        ("total", "", None): 32,
        ("kind", "local", None): 6,
        ("constituency", "", older.pk): 3,
    }
    assert Target.history.filter(kind="local").get().history_user == staff_user
    assert Target.history.filter(kind="equality", history_type="-").exists()


def test_unchanged_numbers_are_not_saved_again(staff_client):
    TargetFactory(measure=Target.Measure.KIND, kind=LOCAL, minimum=4)
    before = Target.history.count()

    staff_client.post(URL, {**blank_form(), "kind_local": "4"})

    assert Target.history.count() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("total", "", "This field is required."),
        ("total", "0", "Enter a whole number from 1 to 1000."),
        ("total", "99999999999999999999", "Enter a whole number from 1 to 1000."),
        ("total", "1001", "Enter a whole number from 1 to 1000."),
        ("kind_local", "-1", "Enter a whole number from 0 to 1000, or leave it empty"),
        ("kind_local", "99999999999999999999", "Enter a whole number from 0 to 1000, or leave"),
        ("kind_local", "three", "Enter a whole number."),
    ],
)
def test_bad_numbers_are_explained_and_nothing_is_saved(staff_client, field, value, message):
    response = staff_client.post(URL, {**blank_form(), "kind_carer-controlled": "5", field: value})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert message in " ".join(response.context["form"].errors[field])
    if value:
        assert f'name="{field}" value="{value}"' in html
    assert 'name="kind_carer-controlled" value="5"' in html
    assert not Target.objects.filter(measure=Target.Measure.KIND).exists()


def test_a_number_the_service_refuses_is_explained_not_a_server_error(staff_client, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"minimum": "Ensure this value is less than or equal to 9."})

    monkeypatch.setattr(services, "save_targets", refuse)

    response = staff_client.post(URL, {**blank_form(), "kind_local": "12"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Ensure this value is less than or equal to 9."
    ]
    assert 'name="kind_local" value="12"' in response.content.decode()


def test_the_service_refuses_a_number_too_big_to_store():
    with pytest.raises(ValidationError):
        services.set_target(measure=Target.Measure.KIND, kind=LOCAL, minimum=10**20, by=None)


def test_query_count_does_not_grow_with_constituencies(staff_client):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(URL).status_code == 200
        return len(queries)

    few = count_queries()
    for constituency in ConstituencyFactory.create_batch(5):
        TargetFactory(measure=Target.Measure.CONSTITUENCY, kind="", constituency=constituency)

    assert count_queries() == few


@pytest.mark.django_db
def test_the_database_keeps_one_target_per_kind_and_per_constituency():
    from django.db import IntegrityError, transaction

    from network.models import Constituency, Target

    Target.objects.create(measure="kind", kind="local", minimum=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(measure="kind", kind="local", minimum=4)
    constituency = Constituency.objects.first()
    Target.objects.create(measure="constituency", constituency=constituency, minimum=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(measure="constituency", constituency=constituency, minimum=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(measure="total", minimum=40)  # the migration made one already
