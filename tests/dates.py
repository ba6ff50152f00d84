"""Dates as a form receives them: typed as day, month and year (coprod.forms.DateField)."""

from datetime import date


def date_parts(name: str, value: date | str | None) -> dict[str, str]:
    """The three posted values of the date field `name`; a str is "YYYY-MM-DD" or typed as is."""
    if value is None or value == "":
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    if isinstance(value, str):
        year, month, day = value.split("-")
    else:
        year, month, day = str(value.year), str(value.month), str(value.day)
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def shows_typed_date(html: str, name: str, value: str) -> bool:
    """Whether the page keeps the date "YYYY-MM-DD" typed into the three boxes of `name`."""
    return all(
        f'name="{part}" value="{typed}"' in html for part, typed in date_parts(name, value).items()
    )
