"""How every form on the site renders (GOV.UK Design System, via crispy-forms-gds) and dates."""

from datetime import date
from typing import Any, NoReturn

from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
DATE_HINT = "For example, 27 3 2026."
REAL_DATE = "Enter a real date"
PARTS = ("day", "month", "year")


class CoprodBoundField(BoundField):
    """A field whose label says "(optional)" when others on its form are required.

    Forms where every field is optional (filters, searches) are left unmarked. The label
    is escaped here because crispy-forms-gds marks labels safe when it renders them.
    """

    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        label = str(self.label)
        if (
            not field.required
            and not isinstance(field.widget, forms.CheckboxInput)
            and any(other.required for other in form.fields.values())
        ):
            label = f"{label} (optional)"
        self.label = conditional_escape(label)


class CoprodFormRenderer(TemplatesSetting):
    """`{{ form }}` and `{{ field.as_field_group }}` render GOV.UK components (includes/)."""

    bound_field_class = CoprodBoundField

    form_template_name = "includes/form_fields.html"
    field_template_name = "includes/field.html"


class DateField(forms.MultiValueField):
    """A date typed as day, month and year (the GOV.UK date input), between 1900 and 2100.

    Each message names the part that is wrong, and that part is marked: crispy-forms-gds
    reads the errors kept on each part's widget to link the error summary to it.
    """

    widget = DateInputWidget
    default_error_messages = {
        "required": "Enter the date",
        "incomplete": "The date must include a {parts}",
        "invalid": REAL_DATE,
        "year_range": (
            f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}, "
            "written with 4 numbers, like 2026"
        ),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs["help_text"] = kwargs.get("help_text") or DATE_HINT
        parts = tuple(forms.CharField(required=False) for _ in PARTS)
        super().__init__(fields=parts, require_all_fields=False, **kwargs)
        for part in self.widget.widgets:
            part.attrs["inputmode"] = "numeric"

    def clean(self, value: Any) -> date | None:
        for part in self.fields:
            part.widget.errors = []
        if self.disabled and not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        typed = [str(part or "").strip() for part in (value or ("", "", ""))]
        if not any(typed):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = [index for index, part in enumerate(typed) if not part]
        if missing:
            names = " and a ".join(PARTS[index] for index in missing)
            message = self.error_messages["incomplete"].format(parts=names)
            self._fail(missing, message, "incomplete")
        not_numbers = [index for index, part in enumerate(typed) if not part.isdigit()]
        if not_numbers:
            self._fail(not_numbers, self.error_messages["invalid"], "invalid")
        day, month, year = (int(part) for part in typed)
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            self._fail([2], self.error_messages["year_range"], "year_range")
        if not 1 <= month <= 12:
            self._fail([1], self.error_messages["invalid"], "invalid")
        cleaned = self.compress([day, month, year])
        if cleaned is None:
            self._fail([0], self.error_messages["invalid"], "invalid")
        self.validate(cleaned)
        self.run_validators(cleaned)
        return cleaned

    def _fail(self, indexes: list[int], message: Any, code: str) -> NoReturn:
        for index in indexes:
            self.fields[index].widget.errors = [message]
        raise ValidationError(message, code=code)

    def compress(self, data_list: list[Any]) -> date | None:
        """The date of [day, month, year], or None when there is no such day."""
        try:
            return date(int(data_list[2]), int(data_list[1]), int(data_list[0]))
        except (TypeError, ValueError):
            return None

    def validate(self, value: Any) -> None:
        """The parts were checked in clean(); here only `required` of a whole date applies."""
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


def add_service_errors(form: forms.BaseForm, error: forms.ValidationError) -> None:
    """Show a service's ValidationError on the form: each message beside its field.

    Messages for a field the form does not have (or for no field) go to the form's
    non-field errors, so the error summary still lists them and nothing is lost.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = name if name in form.fields else None
        form.add_error(field, errors)


def date_parts(name: str, value: date) -> dict[str, str]:
    """A date as the three values a DateField named `name` posts (for hidden inputs)."""
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }
