"""CSV files for spreadsheets: downloads that Excel opens safely, uploads in its encodings.

Every export goes through `csv_response`, every import reads its file with `read_upload`
and `dataset_from_text`, so all of them escape formulas and read encodings alike.
"""

import codecs
import csv
from collections.abc import Iterable, Sequence

import tablib
from django.http import HttpResponse

# A spreadsheet runs a cell starting with one of these as a formula; see OWASP "CSV injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnreadableFile(ValueError):
    """An upload that is not text in an encoding we read."""


def escape_formula(value: object) -> str:
    """The cell as text, with a leading apostrophe if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def unescape_formula(text: str) -> str:
    """Undo `escape_formula`, so an exported file imports with its values unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_response(
    *, filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """A CSV download in UTF-8 with a byte-order mark (so Excel reads it), formulas escaped."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([escape_formula(header) for header in headers])
    for row in rows:
        writer.writerow([escape_formula(cell) for cell in row])
    return response


def read_upload(content: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without a byte-order mark) or UTF-16.

    UTF-16 needs its byte-order mark, which Excel's "Unicode text" always writes. A file
    that is not UTF-8 is read as Windows-1252, what Excel writes as plain "CSV" on Windows.
    """
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                "The file says it is UTF-16 but cannot be read as such. "
                "Save it again from your spreadsheet as “CSV UTF-8”."
            ) from error
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def dataset_from_text(text: str) -> tablib.Dataset:
    """The rows of a CSV text (or tab-separated, as Excel's "Unicode text" is), headings first.

    Raises tablib.InvalidDimensions when a row has more cells than there are headings.
    """
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    return tablib.Dataset().load(text.lstrip("\ufeff"), format="csv", delimiter=delimiter)
