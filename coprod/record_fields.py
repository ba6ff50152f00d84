"""Choosing records by their key, safe from numbers too big for any database to hold.

Django's model choice fields look a posted key up as it comes; a key past 2**63 makes
SQLite raise OverflowError (a server error) instead of "Select a valid choice".
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

LARGEST_KEY = 2**63 - 1  # BigAutoField's largest value


def is_too_big(value: Any) -> bool:
    """A posted key that no database row can have."""
    text = str(value).strip().lstrip("+-")
    return text.isdigit() and int(text) > LARGEST_KEY


class RecordChoiceField(forms.ModelChoiceField):
    """Choose one record; an impossible key is an invalid choice."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and is_too_big(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choose several records; an impossible key is an invalid choice."""

    def clean(self, value: Any) -> Any:
        for key in value if isinstance(value, list | tuple) else ():
            if is_too_big(key):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        return super().clean(value)
