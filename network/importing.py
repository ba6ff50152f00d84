"""Organisations to and from CSV: the list's export, and an import that is all or nothing.

Both use the same columns, so an exported file can be edited and imported elsewhere.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from coprod.models import User
from network import services
from network.models import Constituency, Membership, Organisation, Region

COLUMNS = (
    "name",
    "kind",
    "region",
    "constituencies",
    "email",
    "phone",
    "website",
    "address",
    "postcode",
    "user_or_carer_led",
    "status",
    "status_since",
)
REQUIRED_COLUMNS = ("name", "kind")
# A spreadsheet runs a cell starting with one of these as a formula; see OWASP "CSV injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def _safe_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _unescape_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def _label(choices: type[models.TextChoices], value: str | None) -> str:
    return choices(value).label if value else ""


def organisations_csv(organisations: Iterable[Organisation]) -> str:
    """CSV of organisations annotated by selectors.with_current_status, one per line.

    It starts with a byte-order mark so that Excel reads it as UTF-8.
    """
    dataset = tablib.Dataset(headers=COLUMNS)
    for organisation in organisations:
        row = (
            organisation.name,
            organisation.get_kind_display(),
            organisation.get_region_display(),
            "; ".join(c.name for c in organisation.constituencies.all()),
            organisation.email,
            organisation.phone,
            organisation.website,
            organisation.address,
            organisation.postcode,
            "yes" if organisation.is_user_or_carer_led else "no",
            _label(Membership.Status, organisation.current_status),  # type: ignore[attr-defined]
            str(organisation.current_since or ""),  # type: ignore[attr-defined]
        )
        dataset.append([_safe_cell(value) for value in row])
    return "\ufeff" + dataset.export("csv")


class ChoiceByNameField(forms.CharField):
    """A choice written as its label or its value, in any case."""

    def __init__(self, *, choices: type[models.TextChoices], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choice_class = choices

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        if not text:
            return text
        for choice in self.choice_class:
            if text.casefold() in (choice.value.casefold(), choice.label.casefold()):
                return choice.value
        raise ValidationError(
            "“%(text)s” is not a %(noun)s we know. Use one of: %(allowed)s.",
            params={
                "text": text,
                "noun": str(self.label).lower(),
                "allowed": ", ".join(self.choice_class.labels),
            },
        )


class OrganisationRowForm(forms.Form):
    """One row of an import file, checked as a form would check it."""

    name = forms.CharField(label="Name", max_length=200)
    kind = ChoiceByNameField(label="Kind", choices=Organisation.Kind)
    region = ChoiceByNameField(label="Region", choices=Region, required=False)
    constituencies = forms.CharField(label="Constituencies", required=False)
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Phone", max_length=30, required=False)
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    address = forms.CharField(label="Address", required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    user_or_carer_led = forms.CharField(label="User or carer led", required=False)
    status = ChoiceByNameField(label="Status", choices=Membership.Status, required=False)
    status_since = forms.DateField(
        label="Status since",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Write the date as YYYY-MM-DD, for example 2025-03-31."},
    )

    def __init__(self, *args: Any, constituencies: dict[str, Constituency], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.known_constituencies = constituencies

    def clean_constituencies(self) -> list[Constituency]:
        names = [name.strip() for name in self.cleaned_data["constituencies"].split(";")]
        names = [name for name in names if name]
        unknown = [name for name in names if name.casefold() not in self.known_constituencies]
        if unknown:
            raise ValidationError(
                "%(unknown)s: not a constituency we know. Use any of: %(allowed)s, "
                "separated by semicolons.",
                params={
                    "unknown": ", ".join(f"“{name}”" for name in unknown),
                    "allowed": ", ".join(c.name for c in self.known_constituencies.values()),
                },
            )
        return [self.known_constituencies[name.casefold()] for name in names]

    def clean_user_or_carer_led(self) -> bool:
        answer = self.cleaned_data["user_or_carer_led"].strip().casefold()
        if answer in YES or answer == "":
            return True
        if answer in NO:
            return False
        raise ValidationError("Write “yes” or “no”.")

    def organisation_fields(self) -> dict[str, Any]:
        """The row as keyword arguments of services.create_organisation."""
        data = dict(self.cleaned_data)
        data["is_user_or_carer_led"] = data.pop("user_or_carer_led")
        data["region"] = data["region"] or Region.NATIONAL
        data["status"] = data["status"] or Membership.Status.PROSPECTIVE
        data["status_since"] = data["status_since"] or timezone.localdate()
        return data


@dataclass(frozen=True)
class ImportRow:
    number: int  # as a spreadsheet numbers it: the headings are row 1
    values: dict[str, str]
    errors: list[str]
    fields: dict[str, Any]


@dataclass(frozen=True)
class ImportPreview:
    rows: list[ImportRow]
    problems: list[str]  # with the file as a whole

    @property
    def rows_with_errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.problems and not self.rows_with_errors


def _column(heading: str) -> str:
    return heading.strip().lower().replace(" ", "_")


def _file_problems(headings: list[str]) -> list[str]:
    problems = []
    missing = [column for column in REQUIRED_COLUMNS if column not in headings]
    if missing:
        problems.append(f"The file needs a column headed {' and '.join(missing)} in row 1.")
    unknown = [heading for heading in headings if heading not in COLUMNS]
    if unknown:
        problems.append(
            f"Row 1 has headings we do not know: {', '.join(unknown)}. "
            f"Use only: {', '.join(COLUMNS)}."
        )
    repeated = sorted({heading for heading in headings if headings.count(heading) > 1})
    if repeated:
        problems.append(f"These headings appear more than once: {', '.join(repeated)}.")
    return problems


def read_organisations(text: str) -> ImportPreview:
    """Check every row of a CSV of organisations; nothing is saved."""
    try:
        dataset = tablib.Dataset().load(text, format="csv")
    except tablib.InvalidDimensions:
        return ImportPreview(
            rows=[],
            problems=[
                "Some rows have more cells than there are headings in row 1. "
                "Check for commas in values that are not inside quotation marks."
            ],
        )
    headings = [_column(heading) for heading in dataset.headers or []]
    problems = _file_problems(headings)
    if problems:
        return ImportPreview(rows=[], problems=problems)
    if not len(dataset):
        return ImportPreview(rows=[], problems=["The file has headings but no organisations."])

    constituencies = {c.name.casefold(): c for c in Constituency.objects.all()}
    existing = {name.casefold() for name in Organisation.objects.values_list("name", flat=True)}
    first_row_named: dict[str, int] = {}
    rows = []
    for number, cells in enumerate(dataset, start=2):
        values = {
            column: _unescape_cell(cell.strip())
            for column, cell in zip(headings, cells, strict=True)
        }
        form = OrganisationRowForm(values, constituencies=constituencies)
        errors = [
            f"{form.fields[field].label}: {message}"
            for field, messages in form.errors.items()
            for message in messages
        ]
        name = values["name"].casefold()
        if name in existing:
            errors.append(
                f"Name: an organisation called “{values['name']}” is already in the network."
            )
        elif name in first_row_named:
            errors.append(
                f"Name: “{values['name']}” is also on row {first_row_named[name]}. "
                "Each organisation can be in the file once."
            )
        if name:
            first_row_named.setdefault(name, number)
        rows.append(
            ImportRow(
                number=number,
                values=values,
                errors=errors,
                fields=form.organisation_fields() if not errors else {},
            )
        )
    return ImportPreview(rows=rows, problems=[])


@transaction.atomic
def import_organisations(*, preview: ImportPreview, by: User) -> list[Organisation]:
    """Add every organisation of a preview with no errors; any failure adds none."""
    if not preview.is_valid:
        raise ValueError("Only a preview with no errors can be imported.")
    return [services.create_organisation(by=by, **row.fields) for row in preview.rows]


def column_guide() -> list[tuple[str, str]]:
    """What to write in each column, for the import page."""
    constituencies = ", ".join(Constituency.objects.values_list("name", flat=True))
    return [
        ("name", "The organisation's name. Required, and not already in the network."),
        ("kind", f"Required. One of: {', '.join(Organisation.Kind.labels)}."),
        ("region", f"One of: {', '.join(Region.labels)}. Empty means National."),
        ("constituencies", f"Any of: {constituencies}. Separate them with semicolons."),
        ("email", "The organisation's contact email address."),
        ("phone", "The organisation's contact phone number."),
        ("website", "The full address, starting https://"),
        ("address", "The postal address, without the postcode."),
        ("postcode", "The postcode."),
        (
            "user_or_carer_led",
            "yes or no: run by people who use services or by carers. Empty means yes.",
        ),
        ("status", f"One of: {', '.join(Membership.Status.labels)}. Empty means Prospective."),
        ("status_since", "The day the status began, as YYYY-MM-DD. Empty means today."),
    ]
