"""Charts drawn on the server: well-formed SVG, named by a title, text escaped, bars to scale,
and the template that shows each with its data table."""

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from reporting.charts import grouped_bar_chart, horizontal_bar_chart, year_on_year_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup; fails if not well formed


def bar_widths(root: ET.Element) -> list[float]:
    return [float(rect.get("width")) for rect in root.iter(f"{SVG}rect") if rect.get("class")]


def texts(root: ET.Element, css_class: str) -> list[str]:
    return [
        "".join(element.itertext())
        for element in root.iter(f"{SVG}text")
        if element.get("class") == css_class
    ]


def test_a_horizontal_chart_is_well_formed_svg_named_by_its_title_and_summary():
    chart = horizontal_bar_chart(
        chart_id="staff-trained",
        title="Staff trained by team",
        category="Team",
        value_label="Staff trained",
        rows=[("Digital", 12), ("Research", 4)],
    )
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "staff-trained-title staff-trained-desc"
    assert root.find(f"{SVG}title").text == "Staff trained by team"
    assert root.find(f"{SVG}title").get("id") == "staff-trained-title"
    assert root.find(f"{SVG}desc").text == chart.summary
    assert chart.summary == "Digital is highest, at 12; Research is lowest, at 4."
    assert texts(root, "chart-label") == ["Digital", "Research"]
    assert texts(root, "chart-value") == ["12", "4"]
    assert [(row.label, row.values, row.cells) for row in chart.rows] == [
        ("Digital", (12,), ("12",)),
        ("Research", (4,), ("4",)),
    ]


def test_bar_lengths_are_proportional_to_the_values():
    chart = horizontal_bar_chart(
        chart_id="bars",
        title="Bars",
        category="Row",
        value_label="Value",
        rows=[("A", 40), ("B", 10), ("C", 30), ("D", 0)],
    )
    widths = bar_widths(parse(chart))
    assert len(widths) == 3  # nothing is drawn for 0, but its value is still written
    assert widths[0] / widths[1] == pytest.approx(4, abs=0.01)
    assert widths[2] / widths[1] == pytest.approx(3, abs=0.01)
    assert texts(parse(chart), "chart-value")[-1] == "0"


def test_every_value_is_written_at_the_end_of_its_bar():
    chart = horizontal_bar_chart(
        chart_id="ends", title="Ends", category="Row", value_label="Value", rows=[("A", 5)]
    )
    root = parse(chart)
    [bar] = [rect for rect in root.iter(f"{SVG}rect") if rect.get("class")]
    [value] = [text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-value"]
    assert float(value.get("x")) > float(bar.get("width"))


def test_labels_and_titles_are_escaped():
    nasty = '<script>alert("x")</script> & Co'
    chart = horizontal_bar_chart(
        chart_id="nasty",
        title=f"Title {nasty}",
        category="Row",
        value_label="Value",
        rows=[(nasty, 3)],
        summary=f"Summary {nasty}",
    )
    markup = str(chart.svg)
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    root = parse(chart)
    assert root.find(f"{SVG}title").text == f"Title {nasty}"
    assert root.find(f"{SVG}desc").text == f"Summary {nasty}"
    assert texts(root, "chart-label") == [nasty]


def test_a_chart_id_cannot_break_out_of_its_attributes():
    with pytest.raises(ValueError, match="lowercase letters"):
        horizontal_bar_chart(
            chart_id='x" onload="alert(1)', title="T", category="C", value_label="V", rows=[]
        )


def test_negative_or_non_numeric_values_are_refused():
    with pytest.raises(ValueError, match="numbers of 0 or more"):
        horizontal_bar_chart(
            chart_id="a", title="T", category="C", value_label="V", rows=[("A", -1)]
        )
    with pytest.raises(ValueError, match="numbers of 0 or more"):
        horizontal_bar_chart(
            chart_id="a", title="T", category="C", value_label="V", rows=[("A", "3")]
        )


def test_a_grouped_chart_names_each_bar_and_gives_each_series_its_own_pattern():
    chart = grouped_bar_chart(
        chart_id="milestones",
        title="Milestones by status",
        category="Phase",
        series=("done", "due", "late"),
        rows=[("Phase one", (3, 0, 1)), ("Phase two", (1, 4, 0))],
    )
    root = parse(chart)
    assert texts(root, "chart-value") == [
        "3 done",
        "0 due",
        "1 late",
        "1 done",
        "4 due",
        "0 late",
    ]
    patterns = [p.get("id") for p in root.iter(f"{SVG}pattern")]
    assert patterns == ["milestones-series-0", "milestones-series-1", "milestones-series-2"]
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("class")]
    assert fills == [
        "url(#milestones-series-0)",
        "url(#milestones-series-2)",
        "url(#milestones-series-0)",
        "url(#milestones-series-1)",
    ]
    widths = bar_widths(root)
    assert widths[3] / widths[0] == pytest.approx(4 / 3, abs=0.01)  # 4 due against 3 done
    assert chart.summary == "In total: 4 done, 4 due and 1 late."


def test_this_year_is_compared_with_last_year():
    chart = year_on_year_chart(
        chart_id="attendance",
        title="Attendance by capacity",
        category="Capacity",
        year=2025,
        rows=[("Carers", 120, 98), ("People who use services", 1500, 1250)],
    )
    assert chart.series == ("in 2025", "in 2024")
    assert texts(parse(chart), "chart-value") == [
        "120 in 2025",
        "98 in 2024",
        "1,500 in 2025",
        "1,250 in 2024",
    ]
    assert chart.summary == "In total: 1,620 in 2025 and 1,348 in 2024."


def test_a_grouped_chart_needs_a_value_for_every_series():
    with pytest.raises(ValueError, match="2 values for 3 series"):
        grouped_bar_chart(
            chart_id="g", title="T", category="C", series=("a", "b", "c"), rows=[("A", (1, 2))]
        )


def test_an_empty_chart_is_still_well_formed_and_says_so():
    chart = horizontal_bar_chart(
        chart_id="empty", title="T", category="C", value_label="V", rows=[]
    )
    assert parse(chart).find(f"{SVG}title").text == "T"
    assert chart.summary == "There is nothing to show yet."


def test_long_labels_wrap_onto_several_lines():
    label = "Phase two: develop a common approach to the user and carer voice in every project"
    chart = horizontal_bar_chart(
        chart_id="w", title="T", category="C", value_label="V", rows=[(label, 1)]
    )
    [text] = [t for t in parse(chart).iter(f"{SVG}text") if t.get("class") == "chart-label"]
    lines = [span.text for span in text.iter(f"{SVG}tspan")]
    assert len(lines) == 2
    assert " ".join(lines) == label


def test_the_template_shows_the_figure_then_its_data_table():
    chart = grouped_bar_chart(
        chart_id="milestones",
        title="Milestones <by> status",
        category="Phase",
        series=("done", "late"),
        rows=[("Phase & one", (3, 1))],
    )
    html = render_to_string("reporting/_chart.html", {"chart": chart})
    root = ET.fromstring(html.replace("&nbsp;", " "))  # noqa: S314 - our own markup
    assert root.tag == "figure"
    svg = root.find(f"{SVG}svg")
    assert svg is not None
    assert svg.get("role") == "img"
    table = root.find(".//table")
    assert list(root).index(root.find("div")) > list(root).index(svg)  # the table follows
    assert "".join(table.find("caption").itertext()) == "Milestones <by> status: the figures"
    assert [th.text for th in table.iter("th") if th.get("scope") == "col"] == [
        "Phase",
        "Done",
        "Late",
    ]
    [row] = table.find("tbody").findall("tr")
    assert row.find("th").get("scope") == "row"
    assert row.find("th").text == "Phase & one"
    assert [td.text for td in row.findall("td")] == ["3", "1"]
    assert "Milestones &lt;by&gt; status" in html
