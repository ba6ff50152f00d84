"""Charts drawn on the server as SVG, so they print, scale and read without JavaScript.

Each function returns a frozen `Chart`: the SVG markup, a title, a one-sentence summary
and the rows of data that `templates/reporting/_chart.html` shows as a table beneath it.
Legible in black and white and in large print: every bar has its value (and, where bars
are grouped, its series) written at its end, and each series has its own pattern, so
nothing depends on colour. Every piece of text is escaped as the markup is built.

The layout runs down the page (a row's label, then its bars), so a chart narrows to a
320 px screen without its words shrinking away.
"""

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float

# Sizes in the SVG's own units (its viewBox); the page scales the whole drawing.
WIDTH = 480
FONT = 16
LINE = 20  # the height of one line of a label
CHARACTER = 0.6 * FONT  # a generous average width of a character, for reserving space
BAR = 24
BAR_GAP = 6  # between the bars of one row
ROW_GAP = 18  # between rows
VALUE_GAP = 6  # between a bar's end and its value
INK = "#0b0c0c"
BRAND = "#1d3f8f"
LABEL_CHARACTERS = int(WIDTH / CHARACTER)
CHART_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class ChartRow:
    """One row of a chart's data: its label and one value per series."""

    label: str
    values: tuple[Number, ...]
    cells: tuple[str, ...]  # the values as written, unit and all


@dataclass(frozen=True)
class Chart:
    """A drawn chart, with what a reader without the picture needs: title, summary, data."""

    chart_id: str
    title: str
    summary: str
    category: str  # what the rows are (the heading of the data table's first column)
    series: tuple[str, ...]
    rows: tuple[ChartRow, ...]
    svg: SafeString


def horizontal_bar_chart(
    *,
    chart_id: str,
    title: str,
    category: str,
    value_label: str,
    rows: Sequence[tuple[str, Number]],
    unit: str = "",
    summary: str = "",
) -> Chart:
    """One bar per row, its value written at its end.

    `value_label` heads the data table's column of values ("Staff attending").
    """
    chart_rows = tuple(_row(label, (value,), unit) for label, value in rows)
    return _chart(
        chart_id=chart_id,
        title=title,
        category=category,
        series=(value_label,),
        rows=chart_rows,
        unit=unit,
        summary=summary or _single_summary(chart_rows),
        name_bars=False,
    )


def grouped_bar_chart(
    *,
    chart_id: str,
    title: str,
    category: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence[Number]]],
    unit: str = "",
    summary: str = "",
) -> Chart:
    """Each row a group of bars, one per series, each labelled "<value> <series>".

    Series are written so they read after a number: ("done", "due", "late"), or
    ("in 2025", "in 2024").
    """
    if len(series) < 2:
        raise ValueError("A grouped bar chart needs two or more series.")
    chart_rows = tuple(_row(label, tuple(values), unit) for label, values in rows)
    for row in chart_rows:
        if len(row.values) != len(series):
            raise ValueError(
                f"{row.label!r} has {len(row.values)} values for {len(series)} series."
            )
    return _chart(
        chart_id=chart_id,
        title=title,
        category=category,
        series=tuple(series),
        rows=chart_rows,
        unit=unit,
        summary=summary or _totals_summary(tuple(series), chart_rows, unit),
        name_bars=True,
    )


def year_on_year_chart(
    *,
    chart_id: str,
    title: str,
    category: str,
    year: int,
    rows: Sequence[tuple[str, Number, Number]],
    unit: str = "",
) -> Chart:
    """This year against last year, row by row: (label, this year's value, last year's)."""
    return grouped_bar_chart(
        chart_id=chart_id,
        title=title,
        category=category,
        series=(f"in {year}", f"in {year - 1}"),
        rows=[(label, (this_year, last_year)) for label, this_year, last_year in rows],
        unit=unit,
    )


def format_value(value: Number, unit: str = "") -> str:
    """A value as the chart and its table write it: 1,234 or 12.5, then the unit."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}{unit}"
    return f"{int(value):,}{unit}"


def _row(label: str, values: tuple[Number, ...], unit: str) -> ChartRow:
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"Chart values must be numbers of 0 or more, not {value!r}.")
    return ChartRow(
        label=str(label), values=values, cells=tuple(format_value(v, unit) for v in values)
    )


def _single_summary(rows: tuple[ChartRow, ...]) -> str:
    if not rows:
        return "There is nothing to show yet."
    if len(rows) == 1:
        return f"{rows[0].label}: {rows[0].cells[0]}."
    highest = max(rows, key=lambda row: row.values[0])
    lowest = min(rows, key=lambda row: row.values[0])
    if highest.values[0] == lowest.values[0]:
        return f"All {len(rows)} are the same: {highest.cells[0]} each."
    return (
        f"{highest.label} is highest, at {highest.cells[0]}; "
        f"{lowest.label} is lowest, at {lowest.cells[0]}."
    )


def _totals_summary(series: tuple[str, ...], rows: tuple[ChartRow, ...], unit: str) -> str:
    if not rows:
        return "There is nothing to show yet."
    totals = [
        f"{format_value(sum(row.values[index] for row in rows), unit)} {name}"
        for index, name in enumerate(series)
    ]
    return f"In total: {', '.join(totals[:-1])} and {totals[-1]}."


# --- Drawing ------------------------------------------------------------------------------


def _chart(
    *,
    chart_id: str,
    title: str,
    category: str,
    series: tuple[str, ...],
    rows: tuple[ChartRow, ...],
    unit: str,
    summary: str,
    name_bars: bool,
) -> Chart:
    if not CHART_ID.match(chart_id):
        raise ValueError(f"A chart's id is lowercase letters, digits and hyphens: {chart_id!r}")
    return Chart(
        chart_id=chart_id,
        title=title,
        summary=summary,
        category=category,
        series=series,
        rows=rows,
        svg=_svg(chart_id, title, summary, series, rows, name_bars=name_bars),
    )


def _bar_text(row: ChartRow, index: int, series: tuple[str, ...], name_bars: bool) -> str:
    return f"{row.cells[index]} {series[index]}" if name_bars else row.cells[index]


def _svg(
    chart_id: str,
    title: str,
    summary: str,
    series: tuple[str, ...],
    rows: tuple[ChartRow, ...],
    *,
    name_bars: bool,
) -> SafeString:
    # Room for the longest text written after a bar; the bars share what is left.
    longest = max(
        (
            len(_bar_text(row, index, series, name_bars))
            for row in rows
            for index in range(len(series))
        ),
        default=0,
    )
    plot = max(WIDTH - VALUE_GAP - longest * CHARACTER, WIDTH * 0.4)
    largest = max((value for row in rows for value in row.values), default=0)

    parts: list[str] = []
    y = 0.0
    for row in rows:
        lines = textwrap.wrap(row.label, LABEL_CHARACTERS) or [""]
        spans = "".join(
            f'<tspan x="0" dy="{FONT if number == 0 else LINE}">{escape(line)}</tspan>'
            for number, line in enumerate(lines)
        )
        parts.append(f'<text class="chart-label" font-weight="bold" y="{y:g}">{spans}</text>')
        y += FONT + LINE * (len(lines) - 1) + BAR_GAP
        for index, value in enumerate(row.values):
            length = plot * value / largest if largest else 0
            if length > 0:
                parts.append(
                    f'<rect class="chart-bar" x="0" y="{y:g}" width="{length:.2f}" '
                    f'height="{BAR}" fill="url(#{chart_id}-series-{index})" '
                    f'stroke="{INK}" stroke-width="1"/>'
                )
            parts.append(
                f'<text class="chart-value" x="{length + VALUE_GAP:.2f}" '
                f'y="{y + BAR / 2:g}" dominant-baseline="central">'
                f"{escape(_bar_text(row, index, series, name_bars))}</text>"
            )
            y += BAR + BAR_GAP
        y += ROW_GAP - BAR_GAP
    height = max(y - ROW_GAP + 2, LINE)
    patterns = "".join(
        _pattern(f"{chart_id}-series-{index}", index) for index in range(len(series))
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="coprod-chart" role="img" '
        f'focusable="false" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height:g}" width="100%" '
        f'font-size="{FONT}" fill="{INK}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>'
        f"<defs>{patterns}</defs>"
        f"{''.join(parts)}"
        "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every piece of text above went through escape()


def _pattern(pattern_id: str, index: int) -> str:
    """A fill that tells a series apart in black and white: solid, stripes, dots, checks."""
    kind = index % 4
    if kind == 0:
        inner = f'<rect width="8" height="8" fill="{BRAND}"/>'
    elif kind == 1:
        inner = (
            '<rect width="8" height="8" fill="#ffffff"/>'
            f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{BRAND}" stroke-width="2"/>'
        )
    elif kind == 2:
        inner = (
            '<rect width="8" height="8" fill="#ffffff"/>'
            f'<circle cx="4" cy="4" r="1.8" fill="{INK}"/>'
        )
    else:
        inner = (
            '<rect width="8" height="8" fill="#ffffff"/>'
            f'<path d="M0,4 h8 M4,0 v8" stroke="{INK}" stroke-width="1.5"/>'
        )
    return (
        f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f"{inner}</pattern>"
    )
