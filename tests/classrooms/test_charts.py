"""The report's charts: well-formed SVG that names itself, bars in proportion to
their values, every label escaped, and a plain sentence where there is nothing to draw."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from classrooms import charts
from classrooms.charts import Bar

# Pure functions; the marker only lets this file run on its own (the session's
# database is set up for the tests that declare they use it).
pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def parse(markup):
    return ET.fromstring(str(markup))


def widths(svg, kind="chart-bar"):
    return [
        float(r.get("width").rstrip("%")) for r in svg.iter(f"{SVG}rect") if r.get("class") == kind
    ]


def texts(svg):
    """What each text element shows, without the whole label its tooltip holds."""
    return [t.text for t in svg.iter(f"{SVG}text")]


def test_a_bar_chart_names_itself_and_reads_out_every_value():
    svg = parse(charts.bar_chart("c1", "Children by school", [Bar("Alpha", 3), Bar("Beta", 12)]))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").text == "Children by school"
    assert svg.find(f"{SVG}desc").text == "Alpha: 3; Beta: 12"
    # Every bar is labelled in text beside it, not by colour alone.
    assert {"3", "12"} <= set(texts(svg))


def test_bars_are_in_proportion_to_their_values():
    svg = parse(charts.bar_chart("c", "t", [Bar("a", 5), Bar("b", 20), Bar("c", 10)]))
    a, b, c = widths(svg)
    assert b == charts.LONGEST_BAR
    assert a / b == pytest.approx(0.25, abs=0.001) and c / b == pytest.approx(0.5, abs=0.001)


def test_a_fixed_scale_for_percentages():
    svg = parse(charts.bar_chart("c", "t", [Bar("a", 50, note="50%")], max_value=100))
    assert widths(svg) == [pytest.approx(charts.LONGEST_BAR / 2)]
    assert "50%" in texts(svg)


def test_zero_on_a_fixed_scale_is_a_figure():
    svg = parse(charts.bar_chart("c", "t", [Bar("a", 0, note="0% (0 of 3)")], max_value=100))
    assert widths(svg) == [] and "0% (0 of 3)" in texts(svg)


def test_the_second_part_of_a_bar_is_hatched_and_in_proportion():
    svg = parse(charts.bar_chart("c", "t", [Bar("a", 10, extra=30, note="10 + 30")]))
    (solid,), (hatched,) = widths(svg), widths(svg, "chart-extra")
    assert solid + hatched == pytest.approx(charts.LONGEST_BAR)
    assert hatched == pytest.approx(3 * solid)
    extra = next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "chart-extra")
    # A pattern, not only another colour, tells the two parts apart.
    assert extra.get("fill") == "url(#c-hatch)"
    assert svg.find(f"{SVG}defs/{SVG}pattern").get("id") == "c-hatch"


def test_labels_are_escaped():
    nasty = '</text><script>alert("x")</script> & <b>'
    markup = str(charts.bar_chart("c", nasty, [Bar(nasty, 1, note=nasty)]))
    assert "<script>" not in markup and "<b>" not in markup
    svg = parse(markup)  # still well-formed
    assert svg.find(f"{SVG}title").text == nasty
    assert nasty in texts(svg)
    columns = str(charts.column_chart("t", nasty, [(nasty, 2)]))
    assert "<script>" not in columns
    assert parse(columns).find(f"{SVG}title").text == nasty


def test_long_labels_are_shortened_in_the_chart_and_whole_in_its_title():
    title = "安全外出与防范拐卖" * 6
    svg = parse(charts.bar_chart("c", "t", [Bar(title, 1)]))
    label = next(t for t in svg.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None)
    assert label.text.endswith("…") and charts.text_width(label.text) <= charts.LABEL_WIDTH
    assert label.find(f"{SVG}title").text == title


def test_right_to_left_bars_grow_from_the_right():
    uyghur = "بىخەتەر كۆچۈش"
    svg = parse(charts.bar_chart("c", "t", [Bar(uyghur, 5), Bar("b", 10)], rtl=True))
    assert svg.get("direction") == "rtl"
    rects = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "chart-bar"]
    for rect in rects:
        right = float(rect.get("x").rstrip("%")) + float(rect.get("width").rstrip("%"))
        assert right == pytest.approx(100)
    assert uyghur in texts(svg)


@pytest.mark.parametrize(
    "markup",
    [
        lambda: charts.bar_chart("c", "t", []),
        lambda: charts.bar_chart("c", "t", [Bar("a", 0), Bar("b", 0)]),
        lambda: charts.column_chart("c", "t", []),
        lambda: charts.column_chart("c", "t", [("2026-09", 0)]),
    ],
)
def test_no_data_says_so_instead_of_drawing_empty_axes(markup):
    html = str(markup())
    assert "<svg" not in html
    assert "No data yet" in html


def test_columns_over_time_are_in_proportion_oldest_first():
    points = [("2026-09", 4), ("2026-10", 8), ("2026-11", 2)]
    svg = parse(charts.column_chart("c", "Children reached by month", points))
    heights = [float(r.get("height")) for r in svg.iter(f"{SVG}rect")]
    assert heights == [charts.COLUMN_PLOT / 2, charts.COLUMN_PLOT, charts.COLUMN_PLOT / 4]
    xs = [float(r.get("x").rstrip("%")) for r in svg.iter(f"{SVG}rect")]
    assert xs == sorted(xs)
    assert svg.find(f"{SVG}desc").text == "2026-09: 4; 2026-10: 8; 2026-11: 2"
    rtl = parse(charts.column_chart("c", "t", points, rtl=True))
    xs = [float(r.get("x").rstrip("%")) for r in rtl.iter(f"{SVG}rect")]
    assert xs == sorted(xs, reverse=True)


def test_many_columns_keep_their_labels_apart():
    points = [(f"2026-{n:02}", n) for n in range(1, 25)]
    svg = parse(charts.column_chart("c", "t", points))
    shown = [t for t in texts(svg) if t.startswith("2026-")]
    assert len(shown) <= 6 and shown[0] == "2026-01"
