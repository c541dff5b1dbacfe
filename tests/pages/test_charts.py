"""Charts: golden SVG files, compared byte for byte, plus properties every chart must have.

The golden files live in ``tests/golden/charts/``.  After an intended change to a chart, look
at the new output first (open the files in a browser), then regenerate them with::

    OPEX_UPDATE_GOLDEN=1 pytest tests/pages/test_charts.py

and review the diff before committing.  Without the variable a difference fails the test.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from generator.pages.charts import (
    HEAT_NONE,
    bar_svg,
    heat_class,
    heat_legend_html,
    radar_svg,
    trend_svg,
)
from generator.records.vocabulary import DIMENSION_LABELS, DIMENSIONS
from tests.support.golden import check_golden

NS = "{http://www.w3.org/2000/svg}"
D = dt.date

LATEST = dict(zip(DIMENSIONS, (75.0, 50.0, 75.0, 50.0, 25.0, 50.0, 60.0), strict=True))
PREVIOUS = dict(zip(DIMENSIONS, (50.0, 50.0, 50.0, 25.0, 25.0, 75.0, 40.0), strict=True))
HISTORY = [
    (D(2024, 1, 10), 40.5),
    (D(2024, 5, 2), 55.0),
    (D(2025, 3, 1), 48.0),
    (D(2025, 9, 1), 100.0),
]

CASES: dict[str, Callable[[], str]] = {
    "radar.svg": lambda: radar_svg(
        LATEST, DIMENSION_LABELS, title="Alignment of Ana Ruiz, 2025-09-01"
    ),
    "radar-compare.svg": lambda: radar_svg(
        LATEST, DIMENSION_LABELS, title="Alignment of Ana Ruiz, 2025-09-01", compare=PREVIOUS
    ),
    "radar-escaped.svg": lambda: radar_svg(
        {"a": 33.333, "b": 120.0, "c": -5.0},
        {"a": "<script>alert(1)</script>", "b": 'Quote " & amp', "c": "C"},
        title="Tom & Jerry <b>",
    ),
    "trend.svg": lambda: trend_svg(HISTORY, title="Overall alignment of Ana Ruiz"),
    "trend-one.svg": lambda: trend_svg(
        [(D(2025, 2, 3), 61.0)], title="Overall alignment of Ben Okafor"
    ),
    "trend-none.svg": lambda: trend_svg([], title="Overall alignment of Cora Lind"),
    "bar-groups.svg": lambda: bar_svg(
        [("Operational", 54.5), ("Functional", 100.0), ("OpEx", None), ("Customer-side", 0.0)],
        title="Mean alignment by group",
        max_value=100,
    ),
    "bar-causes.svg": lambda: bar_svg(
        [
            ("Incentives set against the flow", 3),
            ("Discouraged by slow returns", 1),
            ("Time pressure", 4),
            ("Other", 0),
        ],
        title="Suspected root causes",
    ),
    "heat-legend.html": heat_legend_html,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    check_golden(f"charts/{name}", CASES[name]() + "\n")


SVG_CASES = sorted(n for n in CASES if n.endswith(".svg"))


@pytest.mark.parametrize("name", SVG_CASES)
def test_accessible_self_contained_svg(name: str) -> None:
    output = CASES[name]()
    root = ET.fromstring(output)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label")
    children = list(root)
    assert [c.tag for c in children[:2]] == [f"{NS}title", f"{NS}desc"]
    assert children[0].text == root.get("aria-label")
    assert children[1].text  # the data in words
    assert "opex-chart" in (root.get("class") or "").split()
    for element in root.iter():
        for attr in ("class",):
            for css in (element.get(attr) or "").split():
                assert css.startswith("opex-chart"), css
        assert element.tag not in (f"{NS}script", f"{NS}style", f"{NS}image", f"{NS}foreignObject")
        assert not any("href" in key for key in element.attrib)
    assert "http" not in output.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "\n\n" not in output  # one raw HTML block in Markdown


@pytest.mark.parametrize("name", SVG_CASES)
def test_numbers_have_at_most_one_decimal(name: str) -> None:
    output = re.sub(r'opacity="[0-9.]+"', "", CASES[name]())
    assert not re.search(r"\d\.\d{2,}", output)
    assert "-0 " not in output and "-0," not in output and '"-0"' not in output


@pytest.mark.parametrize("name", sorted(CASES))
def test_deterministic(name: str) -> None:
    assert CASES[name]() == CASES[name]()


def test_text_is_escaped() -> None:
    output = CASES["radar-escaped.svg"]()
    assert "<script>" not in output and "<b>" not in output
    assert "<title>Tom &amp; Jerry &lt;b&gt;</title>" in output
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output
    assert "Quote &quot; &amp; amp" in output
    # values are clamped to 0-100 and written with at most one decimal
    assert (
        "<desc>Scores out of 100: &lt;script&gt;alert(1)&lt;/script&gt; 33.3, Quote &quot; &amp; amp 100.0, C 0.0.</desc>"
        in output
    )


def test_radar_labels_and_compare() -> None:
    plain = CASES["radar.svg"]()
    assert "opex-chart-compare" not in plain and "opex-chart-legend" not in plain
    with_previous = CASES["radar-compare.svg"]()
    assert with_previous.count("opex-chart-compare") == 2  # the polygon and its legend line
    assert 'stroke-dasharray="4 3"' in with_previous
    assert "Previous: Talk 50.0, Walk 50.0," in with_previous
    for label in ("Talk", "Walk", "culture", "Artifacts"):
        assert f">{label}</tspan>" in plain
    # every label fits inside the view box (estimated glyph widths)
    root = ET.fromstring(plain)
    x0, y0, w, h = (float(v) for v in (root.get("viewBox") or "").split())
    for text in root.iter(f"{NS}tspan"):
        assert x0 <= float(text.get("x") or 0) <= x0 + w
        assert y0 <= float(text.get("y") or 0) <= y0 + h


def test_trend_points() -> None:
    many = ET.fromstring(CASES["trend.svg"]())
    assert len(list(many.iter(f"{NS}circle"))) == 4
    assert len(list(many.iter(f"{NS}polyline"))) == 1
    labels = [t.text for t in many.iter(f"{NS}text") if "opex-chart-axis" in (t.get("class") or "")]
    assert labels == ["2024-01-10", "2025-09-01"]
    one = ET.fromstring(CASES["trend-one.svg"]())
    assert len(list(one.iter(f"{NS}circle"))) == 1
    assert not list(one.iter(f"{NS}polyline"))
    assert "No assessments yet." in CASES["trend-none.svg"]()
    # order of the input does not matter
    assert trend_svg(list(reversed(HISTORY)), title="t") == trend_svg(HISTORY, title="t")


def test_trend_on_a_fixed_span_shares_the_time_axis() -> None:
    """Charts side by side (a trend per group) put one date at one place; a lone point at the
    end of the span keeps its labels inside the chart."""
    span = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    late = ET.fromstring(trend_svg([(dt.date(2025, 12, 31), 60.0)], title="t", span=span))
    circle = next(late.iter(f"{NS}circle"))
    assert circle.get("cx") == "468"  # the right end of the plot (480 - 12)
    anchors = {
        t.get("text-anchor")
        for t in late.iter(f"{NS}text")
        if "opex-chart-axis" in (t.get("class") or "")
    }
    assert anchors == {"end"}
    mid = ET.fromstring(trend_svg([(dt.date(2025, 7, 2), 60.0)], title="t", span=span))
    assert float(next(mid.iter(f"{NS}circle")).get("cx") or 0) == pytest.approx(
        34 + 434 * 182 / 364, abs=0.1
    )


def test_bar_lengths_follow_max_value() -> None:
    root = ET.fromstring(bar_svg([("a", 50.0), ("b", 100.0)], title="t", max_value=200))
    widths = [float(r.get("width") or 0) for r in root.iter(f"{NS}rect")]
    assert widths[1] == pytest.approx(2 * widths[0], abs=0.1)
    root = ET.fromstring(bar_svg([("a", 50.0), ("b", 100.0)], title="t"))
    full = [float(r.get("width") or 0) for r in root.iter(f"{NS}rect")]
    assert full[1] == pytest.approx(2 * full[0], abs=0.1)
    assert full[1] == pytest.approx(2 * widths[1], abs=0.1)
    assert "no data" in CASES["bar-groups.svg"]()


@pytest.mark.parametrize(
    ("value", "css"),
    [
        (None, HEAT_NONE),
        (0.0, "opex-heat-0"),
        (19.9, "opex-heat-0"),
        (20.0, "opex-heat-1"),
        (39.9, "opex-heat-1"),
        (40.0, "opex-heat-2"),
        (59.9, "opex-heat-2"),
        (60.0, "opex-heat-3"),
        (79.9, "opex-heat-3"),
        (80.0, "opex-heat-4"),
        (100.0, "opex-heat-4"),
        (float("nan"), HEAT_NONE),
    ],
)
def test_heat_class(value: float | None, css: str) -> None:
    assert heat_class(value) == css


def test_heat_legend_names_every_class() -> None:
    legend = heat_legend_html()
    for css in (
        "opex-heat-0",
        "opex-heat-1",
        "opex-heat-2",
        "opex-heat-3",
        "opex-heat-4",
        HEAT_NONE,
    ):
        assert f"opex-heat-swatch {css}" in legend
    assert "\n" not in legend
