"""GOV.UK Design System pages: errors beside each field and in the summary, dates typed in
three boxes, allauth's pages in the same components, and the shared includes."""

import re
from datetime import date

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from coprod.forms import DateField
from coprod.services import invitation_path, invite_user
from tests.dates import date_parts
from tests.factories import UserFactory

PASSWORD_TOO_SHORT = "This password is too short. It must contain at least 8 characters."  # noqa: S105
PASSWORDS_DIFFER = "You must type the same password each time."


def field_group(html: str, field_id: str) -> str:
    """The GOV.UK form group of one field, as rendered."""
    start = html.index(f'id="div_{field_id}"')
    following = html.find('id="div_id_', start + 1)
    return html[start : following if following != -1 else len(html)]


def summary(html: str) -> str:
    start = html.index('class="govuk-error-summary"')
    return html[start : html.index("</ul>", start)]


def assert_error_shown(html: str, field_id: str, message: str, anchor: str | None = None) -> None:
    """The message is beside the field (tied to it) and a summary link goes to the field."""
    group = field_group(html, field_id)
    assert "govuk-form-group--error" in group
    assert re.search(
        rf'<span id="{field_id}_\d+_error" class="govuk-error-message">\s*'
        rf'<span class="govuk-visually-hidden">Error:</span> {re.escape(message)}',
        group,
    ), group
    assert f'<a href="#{anchor or field_id}">{message}</a>' in summary(html)


# --- The date field ------------------------------------------------------------------


class WhenForm(forms.Form):
    when = DateField(label="When")


@pytest.mark.parametrize(
    ("typed", "message", "marked"),
    [
        (("3", "", "2026"), "The date must include a month", [1]),
        (("", "", "2026"), "The date must include a day and a month", [0, 1]),
        (("31", "2", "2026"), "Enter a real date", [0]),
        (("1", "13", "2026"), "Enter a real date", [1]),
        (("a", "2", "2026"), "Enter a real date", [0]),
        (
            ("31", "12", "9999"),
            "The year must be between 1900 and 2100, written with 4 numbers, like 2026",
            [2],
        ),
        (
            ("1", "1", "1"),
            "The year must be between 1900 and 2100, written with 4 numbers, like 2026",
            [2],
        ),
        (("", "", ""), "Enter the date", []),
    ],
)
def test_a_wrong_date_names_the_part_that_is_wrong(typed, message, marked):
    form = WhenForm(dict(zip(["when_0", "when_1", "when_2"], typed, strict=True)))

    assert not form.is_valid()
    assert form.errors["when"] == [message]
    html = render_to_string("includes/error_summary.html", {"form": form}) + str(form)
    for part in marked:
        assert f'<a href="#id_when_{part}">{message}</a>' in html
        assert re.search(rf'<input[^>]*govuk-input--error[^>]*id="id_when_{part}"', html)


def test_a_date_typed_as_day_month_and_year_is_that_date():
    form = WhenForm({"when_0": "3", "when_1": "4", "when_2": "2026"})

    assert form.is_valid()
    assert form.cleaned_data["when"] == date(2026, 4, 3)


def test_a_date_is_three_labelled_boxes_with_a_hint():
    html = str(WhenForm(initial={"when": date(2026, 4, 3)}))

    assert '<legend class="govuk-fieldset__legend">' in html
    assert 'class="govuk-date-input"' in html
    for part, label, value in (("0", "Day", "3"), ("1", "Month", "4"), ("2", "Year", "2026")):
        assert f'for="id_when_{part}">{label}</label>' in html
        assert f'name="when_{part}" value="{value}"' in html
    assert 'inputmode="numeric"' in html
    assert "For example, 27 3 2026." in html


def test_an_optional_date_may_be_left_empty():
    class Optional(forms.Form):
        when = DateField(required=False)

    form = Optional({"when_0": "", "when_1": "", "when_2": ""})
    assert form.is_valid()
    assert form.cleaned_data["when"] is None


def test_dates_are_shown_as_day_month_name_and_year(settings):
    assert settings.DATE_FORMAT == "j F Y"


@pytest.mark.django_db
def test_staff_type_a_date_and_see_it_written_out(staff_client):
    from tests.factories import RoleTermFactory

    term = RoleTermFactory(started_on=date(2024, 1, 1), person__full_name="Tam Term")
    url = reverse("network:role-term-end", args=[term.pk])

    response = staff_client.post(
        url, {**date_parts("ended_on", "2026-04-03"), "confirm": "true"}, follow=True
    )

    assert response.status_code == 200
    term.refresh_from_db()
    assert term.ended_on == date(2026, 4, 3)
    assert "3 April 2026" in response.content.decode()


# --- Errors beside the fields of the site's own forms ----------------------------------


@pytest.mark.django_db
def test_an_empty_form_shows_each_error_beside_its_field_and_in_the_summary(staff_client):
    response = staff_client.post(reverse("network:organisation-add"), {"name": ""})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Add an organisation" in html
    assert html.index("govuk-error-summary") < html.index("<h1")
    assert_error_shown(html, "id_name", "Enter the organisation&#x27;s name")
    assert_error_shown(html, "id_kind", "Choose the kind of organisation")
    assert_error_shown(
        html,
        "id_status_since",
        "Enter the date it has been in this status since",
        "id_status_since_0",
    )


@pytest.mark.django_db
def test_radios_link_the_summary_to_the_first_choice(staff_client):
    from tests.factories import MemberOrganisationFactory

    organisation = MemberOrganisationFactory()
    response = staff_client.post(
        reverse("network:membership-change", args=[organisation.pk]),
        date_parts("started_on", "2025-06-01"),
    )

    html = response.content.decode()
    assert '<a href="#id_status_1">Choose the new membership status</a>' in summary(html)
    assert re.search(
        r'<input\s+type="radio"\s+name="status"\s+class="govuk-radios__input"\s+id="id_status_1"',
        html,
    )


# --- allauth's pages -------------------------------------------------------------------


@pytest.mark.django_db
def test_password_change_shows_a_short_password_beside_the_field(client):
    user = UserFactory(email="pat@example.org")
    client.force_login(user)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "coprod-demo", "password1": "short", "password2": "short"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Change your password" in html
    assert_error_shown(html, "id_password1", PASSWORD_TOO_SHORT)


@pytest.mark.django_db
def test_password_change_shows_a_mismatch_beside_the_second_box(client):
    client.force_login(UserFactory(email="pat@example.org"))

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "coprod-demo",
            "password1": "a-long-passphrase",
            "password2": "another-passphrase",
        },
    )

    assert_error_shown(response.content.decode(), "id_password2", PASSWORDS_DIFFER)


@pytest.mark.django_db
def test_a_wrong_current_password_is_shown_beside_it(client):
    client.force_login(UserFactory(email="pat@example.org"))

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong",
            "password1": "a-long-passphrase",
            "password2": "a-long-passphrase",
        },
    )

    assert_error_shown(
        response.content.decode(), "id_oldpassword", "Please type your current password."
    )


@pytest.fixture
def set_password_url(client) -> str:
    """The invitation's set-password page (allauth's reset from key), reached by the link."""
    staff = UserFactory(roles=["staff"])
    user = invite_user(email="new@example.org", full_name="New Person", by=staff)
    response = client.get(invitation_path(user), follow=True)
    return response.redirect_chain[-1][0]


@pytest.mark.django_db
def test_the_invitation_asks_to_choose_a_password(client, set_password_url):
    html = client.get(set_password_url).content.decode()

    assert "<title>Choose your password" in html
    assert '<h1 class="govuk-heading-l">Choose your password</h1>' in html


@pytest.mark.django_db
def test_choosing_a_short_password_is_explained_beside_the_field(client, set_password_url):
    response = client.post(set_password_url, {"password1": "short", "password2": "short"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Choose your password" in html
    assert_error_shown(html, "id_password1", PASSWORD_TOO_SHORT)


@pytest.mark.django_db
def test_choosing_two_different_passwords_is_explained_beside_the_second(client, set_password_url):
    response = client.post(
        set_password_url, {"password1": "a-long-passphrase", "password2": "another-passphrase"}
    )

    assert_error_shown(response.content.decode(), "id_password2", PASSWORDS_DIFFER)


@pytest.mark.django_db
def test_password_reset_without_an_email_is_explained_beside_the_field(client):
    response = client.post(reverse("account_reset_password"), {"email": ""})

    assert response.status_code == 200
    assert_error_shown(response.content.decode(), "id_email", "This field is required.")


@pytest.mark.django_db
def test_a_wrong_password_is_in_the_summary_and_above_the_fields(client):
    UserFactory(email="chair@example.org")

    response = client.post(
        reverse("account_login"), {"login": "chair@example.org", "password": "x"}
    )

    html = response.content.decode()
    message = "The email address and/or password you specified are not correct."
    assert f'<a href="#form-non-field-error-1">{message}</a>' in summary(html)
    assert 'id="form-non-field-error-1"' in html


@pytest.mark.django_db
def test_sign_in_has_one_link_to_reset_the_password(client):
    html = client.get(reverse("account_login")).content.decode()

    assert html.count(reverse("account_reset_password")) == 1
    assert "Reset your password" in html


@pytest.mark.django_db
def test_two_factor_pages_use_the_design_system(client):
    client.force_login(UserFactory(email="pat@example.org", roles=["staff"]))

    index = client.get(reverse("mfa_index")).content.decode()
    reauthenticate = client.get(reverse("mfa_activate_totp"), follow=True).content.decode()
    wrong_password = client.post(reverse("account_reauthenticate"), {"password": "wrong"})
    client.post(reverse("account_reauthenticate"), {"password": "coprod-demo"})
    activate = client.get(reverse("mfa_activate_totp")).content.decode()

    assert 'class="govuk-input' in reauthenticate
    assert "govuk-error-message" in field_group(wrong_password.content.decode(), "id_password")

    assert '<h1 class="govuk-heading-l">' in index
    assert 'class="govuk-button' in index
    assert 'class="govuk-input' in activate
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"}).content.decode()
    assert "govuk-error-summary" in wrong
    assert "govuk-error-message" in field_group(wrong, "id_code")


# --- The page template and the shared includes -----------------------------------------


@pytest.mark.django_db
def test_pages_use_the_govuk_template_without_the_crown(staff_client):
    html = staff_client.get(reverse("reporting:home")).content.decode()

    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<a href="#content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="content"' in html
    assert 'aria-current="page"' in html
    assert "govuk-service-navigation" in html
    assert "crown" not in html.lower()
    assert "govuk-logo" not in html
    assert "<script>" not in html  # no inline script: a Content-Security-Policy follows
    assert '<script type="module" src="/static/js/coprod.js"></script>' in html


@pytest.mark.django_db
def test_success_messages_are_success_banners(staff_client):
    from tests.factories import RoleTermFactory

    term = RoleTermFactory(started_on=date(2024, 1, 1))
    response = staff_client.post(
        reverse("network:role-term-end", args=[term.pk]),
        {**date_parts("ended_on", "2025-06-30"), "confirm": "true"},
        follow=True,
    )

    html = response.content.decode()
    assert 'class="govuk-notification-banner govuk-notification-banner--success"' in html


def _request(path: str):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


# Pagination and sortable headers: tests/coprod/test_listing.py.


def test_a_confirmation_page_asks_yes_or_no():
    request = _request("/")
    html = render_to_string(
        "includes/confirm_page.html",
        {
            "heading": "Remove Ria Rep?",
            "consequences": ["They will no longer represent Carers Voice."],
            "button": "Yes, remove them",
            "hidden": {"ended_on_0": "30"},
            "back_url": "/people/1/",
        },
        request=request,
    )

    assert '<h1 class="govuk-heading-l">Remove Ria Rep?</h1>' in html
    assert "They will no longer represent Carers Voice." in html
    assert 'class="govuk-button govuk-button--warning"' in html
    assert "Yes, remove them" in html
    assert '<a class="govuk-link" href="/people/1/">No, go back</a>' in html
    assert 'method="post"' in html
    assert '<input type="hidden" name="ended_on_0" value="30">' in html
    assert '<input type="hidden" name="confirm" value="true">' in html


# --- Labels, admin and the error page --------------------------------------------------


class ContactForm(forms.Form):
    name = forms.CharField()
    phone = forms.CharField(required=False)
    agree = forms.BooleanField(required=False, label="Keep me posted")


class SearchForm(forms.Form):
    words = forms.CharField(required=False, label="Search")


def test_optional_fields_say_so_when_others_are_required():
    html = str(ContactForm())

    assert "Phone (optional)" in html
    assert "Name (optional)" not in html
    assert "Keep me posted (optional)" not in html


def test_a_form_of_only_optional_fields_is_not_marked():
    assert "(optional)" not in str(SearchForm())


def test_labels_made_from_records_are_escaped():
    form = SearchForm()
    form.fields["words"].label = "<script>alert(1)</script>"

    html = str(form)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_the_admin_underlines_its_links(client):
    admin = UserFactory(email="ada@example.org", roles=["staff"])
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)

    html = client.get(reverse("admin:index")).content.decode()

    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html


def test_the_error_page_stands_alone_in_the_house_style():
    html = render_to_string("500.html")

    assert '<html lang="en-GB" class="govuk-template">' in html
    assert "Sorry, something went wrong" in html
    assert "style=" not in html
