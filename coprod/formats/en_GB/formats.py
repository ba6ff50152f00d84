"""UK dates as GOV.UK writes them: "3 April 2026" (Django's en_GB default is "3 Apr 2026")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j F Y"
