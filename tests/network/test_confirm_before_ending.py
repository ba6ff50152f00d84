"""Ending a representation or a role term asks first, says what follows, then says what changed."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from network.models import RoleTerm
from tests.dates import date_parts, shows_typed_date
from tests.factories import PersonFactory, RepresentativeFactory, RoleTermFactory, UserFactory


def _term_url(term) -> str:
    return reverse("network:role-term-end", args=[term.pk])


def _representation_url(representative) -> str:
    return reverse("network:representative-end", args=[representative.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def chair_term(db) -> RoleTerm:
    user = UserFactory(roles=["chair"])
    return RoleTermFactory(
        role=RoleTerm.Role.CHAIR, person__full_name="Ria Rep", person__user=user
    )


def test_the_date_leads_to_a_confirmation_page_and_nothing_changes_yet(staff_client, chair_term):
    response = staff_client.post(_term_url(chair_term), {**date_parts("ended_on", "2026-06-30")})

    assert response.status_code == 200
    assert response.templates[0].name == "includes/confirm_page.html"
    html = response.content.decode()
    heading = escape("End Ria Rep's term as Chair of the network on 30 June 2026?")
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert "They will no longer be able to sign off agendas" in html
    assert escape("Their sign-in keeps the role's access until the end of that day.") in html
    assert "The network will have no chair until a new chair" in html
    for name, value in {"ended_on_0": "30", "ended_on_1": "6", "ended_on_2": "2026"}.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in html
    assert '<input type="hidden" name="confirm" value="true">' in html
    assert (
        'class="govuk-button govuk-button--warning" data-module="govuk-button">'
        "Yes, end the term</button>"
    ) in html
    assert f'href="{chair_term.person.get_absolute_url()}">No, go back</a>' in html
    chair_term.refresh_from_db()
    assert chair_term.ended_on is None
    assert list(chair_term.person.user.groups.values_list("name", flat=True)) == ["chair"]


def test_confirming_ends_the_term_and_says_what_changed(staff_client, chair_term):
    response = staff_client.post(
        _term_url(chair_term), {**date_parts("ended_on", "2024-06-30"), "confirm": "true"}
    )

    assert response.status_code == 302
    assert response.url == chair_term.person.get_absolute_url()
    assert _messages(response) == ["Ria Rep's term as Chair of the network ends on 30 June 2024."]
    chair_term.refresh_from_db()
    assert chair_term.ended_on == date(2024, 6, 30)
    assert not chair_term.person.user.groups.exists()


def test_a_tampered_date_is_checked_again_when_confirmed(staff_client, chair_term):
    response = staff_client.post(
        _term_url(chair_term), {**date_parts("ended_on", "2023-12-31"), "confirm": "true"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"] == [
        "The end date cannot be before the start date, 1 January 2024. "
        "Enter that date or a later one."
    ]
    assert shows_typed_date(response.content.decode(), "ended_on", "2023-12-31")
    chair_term.refresh_from_db()
    assert chair_term.ended_on is None


def test_the_confirmation_names_the_other_roles_they_keep(staff_client):
    user = UserFactory(roles=["board", "member"])
    term = RoleTermFactory(role=RoleTerm.Role.BOARD, person__user=user)

    html = staff_client.post(
        _term_url(term), {**date_parts("ended_on", "2026-06-30")}
    ).content.decode()

    assert "They will no longer be able to read the representation page" in html
    assert (
        "They keep the access their other roles give: Member organisation representative." in html
    )


def test_ending_the_term_of_someone_without_a_sign_in_says_no_access_changes(staff_client):
    term = RoleTermFactory(role=RoleTerm.Role.CORE_GROUP, person__full_name="Nina No-login")

    html = staff_client.post(
        _term_url(term), {**date_parts("ended_on", "2026-06-30")}
    ).content.decode()

    assert "They do not sign in, so no sign-in loses access." in html
    assert "administrator rights" not in html


def test_a_superuser_is_told_their_admin_rights_remain(staff_client):
    user = UserFactory(roles=["staff"], is_superuser=True, is_staff=True)
    term = RoleTermFactory(
        role=RoleTerm.Role.STAFF, person__full_name="Ada Admin", person__user=user
    )
    warning = (
        "Ada Admin has administrator rights (superuser), which still let them see and "
        "change everything after their staff term ends. To remove them, untick "
        "“Superuser status” on their sign-in in the Django admin."
    )

    page = staff_client.post(
        _term_url(term), {**date_parts("ended_on", "2026-06-30")}
    ).content.decode()

    assert escape(warning) in page
    admin_url = reverse("admin:coprod_user_change", args=[user.pk])
    assert f'<a class="govuk-link" href="{admin_url}">' in page

    response = staff_client.post(
        _term_url(term), {**date_parts("ended_on", "2024-06-30"), "confirm": "true"}
    )

    assert _messages(response) == [f"Ada Admin's term as Staff ends on 30 June 2024. {warning}"]
    user.refresh_from_db()
    assert user.is_superuser


def test_an_ordinary_staff_member_is_not_warned_about_admin_rights(staff_client):
    term = RoleTermFactory(role=RoleTerm.Role.STAFF, person__user=UserFactory(roles=["staff"]))

    page = staff_client.post(
        _term_url(term), {**date_parts("ended_on", "2026-06-30")}
    ).content.decode()

    assert "administrator rights" not in page
    assert "as staff" in page


# --- Representations ----------------------------------------------------------------------


def test_ending_a_representation_asks_first_and_says_what_follows(staff_client):
    user = UserFactory(roles=["member"])
    representative = RepresentativeFactory(
        person__user=user, person__full_name="Ria Rep", organisation__name="Carers Voice"
    )

    response = staff_client.post(
        _representation_url(representative), {**date_parts("ended_on", "2026-06-30")}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert escape("End Ria Rep's representation of Carers Voice on 30 June 2026?") in html
    assert escape("They lose access to Carers Voice's records at the end of that day.") in html
    assert "their sign-in loses a member" in html
    assert '<input type="hidden" name="ended_on_0" value="30">' in html
    assert "Yes, end the representation</button>" in html
    representative.refresh_from_db()
    assert representative.ended_on is None


def test_a_second_organisation_keeps_the_members_access(staff_client):
    user = UserFactory(roles=["member"])
    representative = RepresentativeFactory(person__user=user)
    RepresentativeFactory(person=representative.person)

    html = staff_client.post(
        _representation_url(representative), {**date_parts("ended_on", "2026-06-30")}
    ).content.decode()

    assert "They lose access to" in html
    assert "loses a member" not in html


def test_a_representative_without_a_sign_in_loses_no_access(staff_client):
    representative = RepresentativeFactory(person=PersonFactory())

    html = staff_client.post(
        _representation_url(representative), {**date_parts("ended_on", "2026-06-30")}
    ).content.decode()

    assert "They will no longer represent" in html
    assert "They lose access to" not in html


def test_a_bad_date_never_reaches_the_confirmation_page(staff_client):
    representative = RepresentativeFactory()

    response = staff_client.post(
        _representation_url(representative),
        {"ended_on_0": "the end", "ended_on_1": "of June", "ended_on_2": "2026"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"] == ["Enter a real date"]
    assert "network/representative_end.html" in [t.name for t in response.templates]
    assert 'value="of June"' in response.content.decode()
