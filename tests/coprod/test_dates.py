"""Dates read the GOV.UK way everywhere: "3 April 2026"."""

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.utils.formats import date_format


def test_the_date_filter_and_date_format_write_uk_dates_in_full():
    assert date_format(date(2026, 4, 3)) == "3 April 2026"
    rendered = Template("{{ day|date }}").render(Context({"day": date(2026, 4, 3)}))
    assert rendered == "3 April 2026"


def test_date_and_time_read_the_same_way():
    moment = datetime(2026, 4, 3, 14, 5, tzinfo=UTC)
    assert date_format(moment, "DATETIME_FORMAT") == "3 April 2026, 14:05"
