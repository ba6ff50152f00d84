"""Organisations from a CSV file, on django-import-export: a dry run as the preview, then
the real import in one transaction, all of it or none.

Rows are matched to organisations by name, ignoring case: a name already in the network
updates that organisation, any other adds one. The writes go through network.services,
so every change is attributed in the history. The export writes the same columns, so a
downloaded file can be edited and imported again.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import tablib
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, connections, transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.formats import date_format
from import_export import fields, instance_loaders, resources, widgets
from import_export.results import Result, RowResult

from coprod.models import User
from coprod.spreadsheets import dataset_from_text, unescape_formula
from network import selectors, services
from network.models import (
    Constituency,
    Membership,
    Organisation,
    OrganisationImport,
    Person,
    Region,
    Representative,
)

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
    "representative_name",
    "representative_email",
)
# The columns the organisations export writes: no personal data, so no representatives.
EXPORT_COLUMNS = COLUMNS[:12]
REQUIRED_COLUMNS = ("name", "kind")
LABELS = {
    "name": "Name",
    "kind": "Kind",
    "region": "Region",
    "constituencies": "Constituencies",
    "email": "Email",
    "phone": "Phone",
    "website": "Website",
    "address": "Address",
    "postcode": "Postcode",
    "user_or_carer_led": "User or carer led",
    "status": "Membership status",
    "status_since": "Status since",
    "representative_name": "Representative's name",
    "representative_email": "Representative's email",
}
# The organisation's own fields, by column: these go through the resource's widgets.
MODEL_FIELDS = {
    "name": "name",
    "kind": "kind",
    "region": "region",
    "email": "email",
    "phone": "phone",
    "website": "website",
    "address": "address",
    "postcode": "postcode",
    "user_or_carer_led": "is_user_or_carer_led",
}
COLUMN_OF = {attribute: column for column, attribute in MODEL_FIELDS.items()}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
ENGLISH_REGIONS = [region for region in Region if region != Region.NATIONAL]
PREVIEW_ROWS = 500  # rows listed on the preview page; every problem is listed all the same


def background_rows() -> int:
    """Files with more rows than this are imported in the background once confirmed."""
    return getattr(settings, "ORGANISATION_IMPORT_BACKGROUND_ROWS", 1000)


def _long_date(day: date) -> str:
    return date_format(day, "j F Y")


# --- Reading one cell ---------------------------------------------------------------


class TextWidget(widgets.Widget):
    """Text, trimmed; required and no longer than the field allows."""

    def __init__(self, *, max_length: int | None = None, required_message: str = "") -> None:
        super().__init__()
        self.max_length = max_length
        self.required_message = required_message

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip()
        if not text and self.required_message:
            raise ValueError(self.required_message)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"Use {self.max_length} characters or fewer.")
        return text


class EmailWidget(widgets.Widget):
    """An email address, or nothing."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip()
        if len(text) > 254:
            raise ValueError("Use 254 characters or fewer.")
        if text:
            try:
                validate_email(text)
            except ValidationError as error:
                raise ValueError(
                    "Enter an email address in the correct format, like name@example.org."
                ) from error
        return text


class WebsiteWidget(widgets.Widget):
    """A web address; one written without https:// gets it."""

    field = forms.URLField(required=False, assume_scheme="https", max_length=200)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        try:
            return str(self.field.clean(str(value or "").strip()))
        except ValidationError as error:
            raise ValueError(
                "Enter a web address in the correct format, like https://www.example.org."
            ) from error


class ChoiceWidget(widgets.Widget):
    """A choice written as its label or its value, in any case; empty is None."""

    def __init__(self, choices: type[TextChoices], noun: str, required_message: str = "") -> None:
        super().__init__()
        self.choices = choices
        self.noun = noun
        self.required_message = required_message

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str | None:
        text = str(value or "").strip()
        if not text and self.required_message:
            raise ValueError(
                f"{self.required_message} Use one of: {', '.join(self.choices.labels)}."
            )
        if not text:
            return None
        for choice in self.choices:
            if text.casefold() in (choice.value.casefold(), choice.label.casefold()):
                return choice.value
        raise ValueError(
            f"“{text}” is not a {self.noun} we know. Use one of: {', '.join(self.choices.labels)}."
        )


class YesNoWidget(widgets.Widget):
    """Yes or no; empty is None."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool | None:
        answer = str(value or "").strip().casefold()
        if answer in YES:
            return True
        if answer in NO:
            return False
        if answer:
            raise ValueError("Write “yes” or “no”.")
        return None


class UKDateWidget(widgets.Widget):
    """A date written day first (03/04/2026 is 3 April 2026) or as 2026-04-03; empty is None."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> date | None:
        text = str(value or "").strip()
        if not text:
            return None
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a day, no time)
            except ValueError:
                continue
        raise ValueError(
            f"“{text}” is not a date we can read. Write the day first, "
            "for example 03/04/2026 for 3 April 2026."
        )


STATUS = ChoiceWidget(Membership.Status, "membership status")
STATUS_SINCE = UKDateWidget()
REPRESENTATIVE_NAME = TextWidget(max_length=200)
REPRESENTATIVE_EMAIL = EmailWidget()


# --- What a row will do -------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One field of one row: what it is now (empty for a new organisation) and will be."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class RowPreview:
    number: int  # as a spreadsheet numbers it: the headings are row 1
    name: str
    is_new: bool
    changes: list[Change]
    errors: list[Change]  # label and message, in the `label` and `new` of each

    @property
    def action(self) -> str:
        return "new" if self.is_new else "update"


@dataclass
class ImportPreview:
    rows: list[RowPreview] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # with the file as a whole

    @property
    def rows_with_errors(self) -> list[RowPreview]:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.problems and not self.rows_with_errors

    @property
    def added(self) -> int:
        return sum(row.is_new for row in self.rows)

    @property
    def updated(self) -> int:
        return sum(not row.is_new for row in self.rows)

    def error_messages(self) -> list[str]:
        """Every problem in one line each, as the background import stores them."""
        return [*self.problems] + [
            f"Row {row.number}, {error.label}: {error.new}"
            for row in self.rows_with_errors
            for error in row.errors
        ]


class ImportRejected(Exception):
    """The file had problems, so nothing was imported."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__("Nothing was imported.")
        self.preview = preview


@dataclass
class RowPlan:
    """The writes of one checked row, beyond the organisation's own fields."""

    changes: dict[str, Any] = field(default_factory=dict)  # attribute: new value (updates)
    constituencies: list[Constituency] | None = None
    status: str | None = None
    status_since: date | None = None
    representative_name: str = ""
    representative_email: str = ""
    person: Person | None = None
    adds_representative: bool = False
    preview: list[Change] = field(default_factory=list)  # what the preview shows


# --- The resource -------------------------------------------------------------------


class OrganisationsByName(instance_loaders.BaseInstanceLoader):
    """Every organisation loaded once, found by name in any case: a fixed number of queries."""

    def __init__(self, resource: "OrganisationResource", dataset: tablib.Dataset) -> None:
        super().__init__(resource, dataset)
        organisations = selectors.with_current_status(Organisation.objects.all())
        self.by_name = {
            organisation.name.casefold(): organisation
            for organisation in organisations.prefetch_related("constituencies")
        }
        resource.loader = self

    def get_instance(self, row: dict[str, str]) -> Organisation | None:
        return self.by_name.get(str(row.get("name") or "").strip().casefold())


class OrganisationResource(resources.ModelResource):
    """One organisation per row; the extra columns are planned here, saved by services."""

    name = fields.Field(
        attribute="name",
        column_name="name",
        widget=TextWidget(max_length=200, required_message="Enter the organisation's name."),
    )
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ChoiceWidget(
            Organisation.Kind, "kind", required_message="Enter the kind of organisation."
        ),
    )
    region = fields.Field(
        attribute="region",
        column_name="region",
        widget=ChoiceWidget(Region, "region"),
        saves_null_values=False,
    )
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    phone = fields.Field(attribute="phone", column_name="phone", widget=TextWidget(max_length=30))
    website = fields.Field(attribute="website", column_name="website", widget=WebsiteWidget())
    address = fields.Field(attribute="address", column_name="address", widget=TextWidget())
    postcode = fields.Field(
        attribute="postcode", column_name="postcode", widget=TextWidget(max_length=10)
    )
    is_user_or_carer_led = fields.Field(
        attribute="is_user_or_carer_led",
        column_name="user_or_carer_led",
        widget=YesNoWidget(),
        saves_null_values=False,
    )

    class Meta:
        model = Organisation
        fields = tuple(MODEL_FIELDS.values())
        import_id_fields = ("name",)
        instance_loader_class = OrganisationsByName
        skip_diff = True  # the preview lists its own changes, field by field
        clean_model_instances = False  # the services validate each save
        use_transactions = True

    def __init__(
        self, *, by: User | None = None, on_progress: Callable[[int], None] | None = None
    ):
        super().__init__()
        self.by = by
        self.on_progress = on_progress
        self.loader: OrganisationsByName | None = None
        self.preview = ImportPreview()
        self.plans: dict[int, RowPlan] = {}
        self.first_row_named: dict[str, int] = {}

    def before_import(self, dataset: tablib.Dataset, **kwargs: Any) -> None:
        """Load what every row is checked against, once."""
        self.constituencies = {c.name.casefold(): c for c in Constituency.objects.all()}
        self.people = {
            person.email.casefold(): person for person in Person.objects.exclude(email="")
        }
        self.open_representations = set(
            Representative.objects.filter(ended_on=None).values_list("organisation", "person")
        )

    def import_row(self, row: dict[str, str], instance_loader: Any, **kwargs: Any) -> RowResult:
        number = kwargs["row_number"] + 1
        row_result = super().import_row(row, instance_loader, **kwargs)
        plan = self.plans.pop(number, RowPlan())
        errors = _errors_of(row_result)
        self.preview.rows.append(
            RowPreview(
                number=number,
                name=str(row.get("name") or ""),
                is_new=self.loader is None or self.loader.get_instance(row) is None,
                changes=[] if errors else plan.preview,
                errors=errors,
            )
        )
        if self.on_progress is not None:
            self.on_progress(kwargs["row_number"])
        return row_result

    def import_instance(self, instance: Organisation, row: dict[str, str], **kwargs: Any) -> None:
        """Read every cell of the row; all the problems at once, by column."""
        number = kwargs["row_number"] + 1
        is_new = instance.pk is None
        before = {attribute: getattr(instance, attribute) for attribute in MODEL_FIELDS.values()}
        errors: dict[str, list[str]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            for attribute, messages in error.message_dict.items():
                errors[COLUMN_OF.get(attribute, attribute)] = messages

        if not is_new and instance.name.casefold() == before["name"].casefold():
            instance.name = before["name"]  # matched ignoring case: not a rename
        plan = RowPlan()
        self._check_name(row, number, errors)
        self._check_region(instance, errors)
        self._plan_constituencies(instance, row, plan, errors)
        self._plan_status(instance, row, plan, errors)
        self._plan_representative(instance, row, plan, errors)
        if errors:
            raise ValidationError(errors)

        preview: list[Change] = []
        for column, attribute in MODEL_FIELDS.items():
            old, new = before[attribute], getattr(instance, attribute)
            if is_new or old != new:
                if not is_new:
                    plan.changes[attribute] = new
                if is_new and new in ("", None):
                    continue
                preview.append(
                    Change(
                        LABELS[column],
                        _shown(instance, attribute, old),
                        _shown(instance, attribute, new),
                    )
                )
        if is_new:
            preview = [change for change in preview if change.label != "Name"]
            preview = [Change(c.label, "", c.new) for c in preview]
        plan.preview = preview + plan.preview
        self.plans[number] = plan

    def _check_name(self, row: dict[str, str], number: int, errors: dict[str, list[str]]) -> None:
        name = str(row.get("name") or "").strip()
        if not name:
            return
        first = self.first_row_named.setdefault(name.casefold(), number)
        if first != number:
            errors.setdefault("name", []).append(
                f"“{name}” is also on row {first}. Each organisation can be in the file once."
            )

    def _check_region(self, instance: Organisation, errors: dict[str, list[str]]) -> None:
        if "kind" in errors or "region" in errors:
            return
        if instance.kind == Organisation.Kind.LOCAL and instance.region == Region.NATIONAL:
            errors["region"] = [
                "Enter the region of this local organisation. Use one of: "
                f"{', '.join(region.label for region in ENGLISH_REGIONS)}."
            ]

    def _plan_constituencies(
        self,
        instance: Organisation,
        row: dict[str, str],
        plan: RowPlan,
        errors: dict[str, list[str]],
    ) -> None:
        if "constituencies" not in row:
            return
        names = [name.strip() for name in str(row["constituencies"] or "").split(";")]
        names = [name for name in names if name]
        unknown = [name for name in names if name.casefold() not in self.constituencies]
        if unknown:
            errors["constituencies"] = [
                f"{', '.join(f'“{name}”' for name in unknown)}: not a constituency we know. "
                f"Use any of: {', '.join(c.name for c in self.constituencies.values())}, "
                "separated by semicolons."
            ]
            return
        chosen = list(
            {
                self.constituencies[name.casefold()].pk: self.constituencies[name.casefold()]
                for name in names
            }.values()
        )
        current = [] if instance.pk is None else list(instance.constituencies.all())
        if {c.pk for c in chosen} != {c.pk for c in current}:
            plan.constituencies = chosen
            plan.preview.append(
                Change(
                    LABELS["constituencies"],
                    "; ".join(sorted(c.name for c in current)),
                    "; ".join(sorted(c.name for c in chosen)),
                )
            )

    def _plan_status(
        self,
        instance: Organisation,
        row: dict[str, str],
        plan: RowPlan,
        errors: dict[str, list[str]],
    ) -> None:
        status: str | None = None
        since: date | None = None
        try:
            status = STATUS.clean(row.get("status", ""))
        except ValueError as error:
            errors["status"] = [str(error)]
        try:
            since = STATUS_SINCE.clean(row.get("status_since", ""))
        except ValueError as error:
            errors["status_since"] = [str(error)]
        if "status" in errors or "status_since" in errors:
            return
        plan.status_since = since
        labels = dict(Membership.Status.choices)
        if instance.pk is None:
            plan.status = status or Membership.Status.PROSPECTIVE
            day = since or timezone.localdate()
            plan.preview.append(
                Change(LABELS["status"], "", f"{labels[plan.status]} from {_long_date(day)}")
            )
            return
        current = getattr(instance, "current_status", None)
        current_since = getattr(instance, "current_since", None)
        if status is None or status == current:
            return
        day = since or timezone.localdate()
        if current_since is not None and day < current_since:
            errors["status_since"] = [
                f"The new status must start on or after {_long_date(current_since)}, "
                "when the current one began."
            ]
            return
        plan.status = status
        old = (
            f"{labels[current]} since {_long_date(current_since)}"
            if current and current_since
            else "No status"
        )
        plan.preview.append(
            Change(LABELS["status"], old, f"{labels[status]} from {_long_date(day)}")
        )

    def _plan_representative(
        self,
        instance: Organisation,
        row: dict[str, str],
        plan: RowPlan,
        errors: dict[str, list[str]],
    ) -> None:
        try:
            name = REPRESENTATIVE_NAME.clean(row.get("representative_name", ""))
        except ValueError as error:
            errors["representative_name"] = [str(error)]
            name = ""
        try:
            email = REPRESENTATIVE_EMAIL.clean(row.get("representative_email", ""))
        except ValueError as error:
            errors["representative_email"] = [str(error)]
            return
        if not name and not email:
            return
        if not email:
            errors["representative_email"] = [
                f"Enter {name}'s email address, so we can find them or add them."
            ]
            return
        person = self.people.get(email.casefold())
        if person is None and not name:
            errors["representative_name"] = [
                f"Nobody has the email address {email} yet. Enter their full name to add them."
            ]
            return
        plan.representative_name = name
        plan.representative_email = email
        plan.person = person
        if person is not None and (instance.pk, person.pk) in self.open_representations:
            return
        plan.adds_representative = True
        day = plan.status_since or timezone.localdate()
        who = f"{person.full_name} ({email})" if person else f"{name} ({email}), a new person"
        plan.preview.append(Change("Representative", "", f"{who}, from {_long_date(day)}"))

    def save_instance(
        self, instance: Organisation, is_create: bool, row: dict[str, str], **kwargs: Any
    ) -> None:
        """Write a checked row through the services; a dry run writes nothing."""
        if self._is_dry_run(kwargs):
            return
        plan = self.plans[kwargs["row_number"] + 1]
        if is_create:
            organisation = services.create_organisation(
                by=self.by,
                constituencies=plan.constituencies or (),
                status=plan.status or Membership.Status.PROSPECTIVE,
                status_since=plan.status_since,
                **{attribute: getattr(instance, attribute) for attribute in MODEL_FIELDS.values()},
            )
            instance.pk = organisation.pk
            instance._state.adding = False
        else:
            organisation = instance
            changes: dict[str, Any] = dict(plan.changes)
            if plan.constituencies is not None:
                changes["constituencies"] = plan.constituencies
            if changes:
                services.update_organisation(
                    organisation=organisation, by=self.by, changes=changes
                )
            if plan.status:
                services.change_membership_status(
                    organisation=organisation,
                    status=plan.status,
                    on=plan.status_since or timezone.localdate(),
                    by=self.by,
                )
        if plan.adds_representative:
            person = plan.person or self.people.get(plan.representative_email.casefold())
            if person is None:
                person = services.create_person(
                    by=self.by, full_name=plan.representative_name, email=plan.representative_email
                )
                self.people[person.email.casefold()] = person
            if (organisation.pk, person.pk) not in self.open_representations:
                services.add_representative(
                    person=person,
                    organisation=organisation,
                    by=self.by,
                    started_on=plan.status_since or timezone.localdate(),
                )
                self.open_representations.add((organisation.pk, person.pk))

    def save_m2m(self, instance: Organisation, row: dict[str, str], **kwargs: Any) -> None:
        """Constituencies are saved with the organisation, by the services."""

    def after_import(self, dataset: tablib.Dataset, result: Result, **kwargs: Any) -> None:
        """Nothing to reset: the services save each row."""


def _shown(instance: Organisation, attribute: str, value: Any) -> str:
    """A field's value as the preview shows it."""
    if attribute == "is_user_or_carer_led":
        return "yes" if value else "no"
    if attribute == "kind":
        return Organisation.Kind(value).label if value else ""
    if attribute == "region":
        return Region(value).label if value else ""
    return str(value or "")


def _errors_of(row_result: RowResult) -> list[Change]:
    """A row's problems as (column label, message), in the file's column order."""
    errors: list[Change] = []
    if row_result.validation_error is not None:
        by_column = row_result.validation_error.message_dict
        order = {column: index for index, column in enumerate(COLUMNS)}
        for key in sorted(by_column, key=lambda key: order.get(_column_key(key), len(order))):
            column = _column_key(key)
            label = LABELS.get(column, "Row")
            errors.extend(Change(label, "", message) for message in by_column[key])
    for error in row_result.errors:
        errors.append(Change("Row", "", f"This row could not be saved: {error.error}"))
    return errors


def _column_key(key: str) -> str:
    """A model error's field as the column it came from (the services name model fields)."""
    return {"started_on": "status_since", "__all__": "row"}.get(key, COLUMN_OF.get(key, key))


# --- Reading a file -----------------------------------------------------------------


def _heading(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("'", "")


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


def read_rows(text: str) -> tuple[tablib.Dataset, list[str]]:
    """The file's rows with headings and cells tidied, and any problem with the file itself."""
    try:
        raw = dataset_from_text(text)
    except tablib.InvalidDimensions:
        return tablib.Dataset(), [
            "Some rows have more cells than there are headings in row 1. "
            "Check for commas in values that are not inside quotation marks."
        ]
    headings = [_heading(heading) for heading in raw.headers or []]
    problems = _file_problems(headings)
    if problems:
        return tablib.Dataset(), problems
    dataset = tablib.Dataset(headers=headings)
    for cells in raw:
        dataset.append([unescape_formula(str(cell or "").strip()) for cell in cells])
    if not len(dataset):
        return dataset, ["The file has headings but no organisations."]
    return dataset, []


def count_rows(text: str) -> int:
    """How many organisations a file holds (its rows below the headings)."""
    dataset, _ = read_rows(text)
    return len(dataset)


def check_organisations(text: str) -> ImportPreview:
    """What importing the file would do, row by row, and its problems; nothing is saved."""
    dataset, problems = read_rows(text)
    if problems:
        return ImportPreview(problems=problems)
    resource = OrganisationResource()
    resource.import_data(dataset, dry_run=True)
    return resource.preview


def import_organisations(
    *, text: str, by: User | None, on_progress: Callable[[int], None] | None = None
) -> ImportPreview:
    """Add or update every organisation of the file; any problem imports none (ImportRejected)."""
    dataset, problems = read_rows(text)
    if problems:
        raise ImportRejected(ImportPreview(problems=problems))
    resource = OrganisationResource(by=by, on_progress=on_progress)
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
        )
        if result.has_errors() or result.has_validation_errors() or not resource.preview.is_valid:
            transaction.set_rollback(True)
            raise ImportRejected(resource.preview)
    return resource.preview


# --- Big files, in the background ---------------------------------------------------


@transaction.atomic
def queue_import(*, text: str, filename: str, by: User) -> OrganisationImport:
    """Keep a confirmed file and run its import in the background once saved."""
    from network import tasks  # tasks import this module

    job = OrganisationImport(
        filename=filename[:200], content=text, rows_total=count_rows(text), created_by=by
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: tasks.import_organisations.delay(job.pk))
    return job


def _progress_writer(job_id: int) -> Callable[[int], None]:
    """Record rows done as the import goes, where the status page can see it meanwhile.

    The import's own transaction hides its writes until it ends, so progress goes through
    a second connection. SQLite allows one writer at a time: there progress is written
    when the import ends.
    """
    if connection.vendor == "sqlite":
        return lambda done: None
    side = connections.create_connection(connection.alias)
    table = connection.ops.quote_name(OrganisationImport._meta.db_table)

    def write(done: int) -> None:
        if done % 100 == 0:
            with side.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET rows_done = %s WHERE id = %s", [done, job_id])  # noqa: S608 (the table name is ours)

    write.close = side.close  # type: ignore[attr-defined]
    return write


def run_import(*, import_id: int) -> None:
    """Run a queued import once: all rows or none; a second run of the same import does nothing."""
    with transaction.atomic():
        job = OrganisationImport.objects.select_for_update().get(pk=import_id)
        if job.status != OrganisationImport.Status.QUEUED:
            return  # already run, or running: a duplicate or retried message
        job.status = OrganisationImport.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    progress = _progress_writer(job.pk)
    try:
        preview = import_organisations(text=job.content, by=job.created_by, on_progress=progress)
    except ImportRejected as rejected:
        mark_import_failed(import_id=job.pk, errors=rejected.preview.error_messages())
        return
    finally:
        getattr(progress, "close", lambda: None)()
    OrganisationImport.objects.filter(pk=job.pk).update(
        status=OrganisationImport.Status.DONE,
        rows_done=job.rows_total,
        added=preview.added,
        updated=preview.updated,
        content="",
        finished_at=timezone.now(),
    )


def mark_import_failed(*, import_id: int, errors: Sequence[str]) -> None:
    """Record that an import stopped and imported nothing, with the reasons."""
    OrganisationImport.objects.filter(pk=import_id).update(
        status=OrganisationImport.Status.FAILED,
        rows_done=0,
        errors=list(errors),
        finished_at=timezone.now(),
    )


def requeue_import(*, import_id: int) -> None:
    """Put a running import back in the queue, for a retry after a passing failure."""
    OrganisationImport.objects.filter(
        pk=import_id, status=OrganisationImport.Status.RUNNING
    ).update(status=OrganisationImport.Status.QUEUED, rows_done=0)


# --- The export, and the page's column guide ----------------------------------------


def organisation_rows(organisations: Iterable[Organisation]) -> Iterable[list[object]]:
    """Rows of the export for organisations annotated by selectors.with_current_status."""
    statuses = dict(Membership.Status.choices)
    for organisation in organisations:
        yield [
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
            statuses.get(organisation.current_status or "", ""),  # type: ignore[attr-defined]
            str(organisation.current_since or ""),  # type: ignore[attr-defined]
        ]


def column_guide() -> list[tuple[str, str]]:
    """What to write in each column, for the import page."""
    constituencies = ", ".join(Constituency.objects.values_list("name", flat=True))
    regions = ", ".join(region.label for region in ENGLISH_REGIONS)
    return [
        (
            "name",
            "Required. The organisation's name. A name already in the network, in any "
            "case, updates that organisation; any other name adds one.",
        ),
        ("kind", f"Required. One of: {', '.join(Organisation.Kind.labels)}."),
        (
            "region",
            f"One of: {Region.NATIONAL.label}, {regions}. Empty means National, or no "
            "change for an organisation already in the network. A local organisation "
            "needs one of the regions of England.",
        ),
        (
            "constituencies",
            f"Any of: {constituencies}. Separate them with semicolons. They replace the "
            "organisation's constituencies; empty means none.",
        ),
        ("email", "The organisation's contact email address. Empty removes it."),
        ("phone", "The organisation's contact phone number. Empty removes it."),
        ("website", "The full address, starting https://. Empty removes it."),
        ("address", "The postal address, without the postcode. Empty removes it."),
        ("postcode", "The postcode. Empty removes it."),
        (
            "user_or_carer_led",
            "yes or no: run by people who use services or by carers. Empty means yes, or "
            "no change for an organisation already in the network.",
        ),
        (
            "status",
            f"The membership status, one of: {', '.join(Membership.Status.labels)}. Empty "
            "means Prospective, or no change for an organisation already in the network.",
        ),
        (
            "status_since",
            "The day the status began, day first: 03/04/2026 is 3 April 2026 (2026-04-03 "
            "works too). Empty means today.",
        ),
        (
            "representative_name",
            "Optional. The full name of someone who represents the organisation.",
        ),
        (
            "representative_email",
            "Their email address, needed with a name. Someone already on file with this "
            "address is used as they are; anyone else is added. They represent the "
            "organisation from the status date.",
        ),
    ]
