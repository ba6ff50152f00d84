"""How every form on the site renders: labelled fields, hints and errors tied in."""

from django import forms
from django.forms.renderers import TemplatesSetting


class CoprodFormRenderer(TemplatesSetting):
    """Render forms with the project's accessible templates (templates/includes/)."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


# Dates: the browser's date picker sends and expects ISO dates, whatever the language, and
# people who type a date get the same hint and the same message everywhere.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_HINT = "For example, 3 March 2025. Type it as year-month-day (2025-03-03) if you need to."
INVALID_DATE = "Enter a real date as year-month-day, for example 2025-03-03."
DATE_ERRORS = {"invalid": INVALID_DATE}


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
