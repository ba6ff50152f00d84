"""UK dates spelled out, "3 April 2026": the formats settings.py names, for en-gb."""

from django.conf import settings

DATE_FORMAT = settings.DATE_FORMAT
DATETIME_FORMAT = settings.DATETIME_FORMAT
