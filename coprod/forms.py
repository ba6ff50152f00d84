"""How every form on the site renders: labelled fields, hints and errors tied in."""

from django.forms.renderers import TemplatesSetting


class CoprodFormRenderer(TemplatesSetting):
    """Render forms with the project's accessible templates (templates/includes/)."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
