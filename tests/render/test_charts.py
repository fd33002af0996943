"""The server-drawn SVG charts: bands where figures have bounds, labels escaped."""

from __future__ import annotations

import re

from claimledger.render.charts import CHAR_PX, credibility_bars, estimates_chart, nice_ticks, origin_graph

SCRIPT = "<script>alert(1)</script>"


def _row(
    published: str, value: float | None, low: float | None, high: float | None, qualifier: str, who: str
):  # type: ignore[no-untyped-def]
    return {
        "published": published,
        "value": value,
        "low": low,
        "high": high,
        "qualifier": qualifier,
        "origin": who,
        "source": who,
        "text": f"{value} {SCRIPT}",
    }


def test_estimates_chart_draws_a_band_and_a_series_per_source() -> None:
    rows = [
        _row("2025-03-01", 50, None, None, "approximate", "HUR"),
        _row("2025-03-05", None, 100, 200, "range", "HUR"),
        _row("2025-03-03", 1000, None, None, "upper_bound", f"{SCRIPT}"),
    ]
    svg = str(estimates_chart(rows))
    assert svg.count('<g class="est">') == 3
    assert svg.count("<polygon") == 1  # HUR has two figures: one shaded band between them
    assert SCRIPT not in svg and "&lt;script&gt;" in svg


def test_estimates_chart_without_dates_says_so() -> None:
    assert "No dated figures" in str(estimates_chart([_row("", 5, None, None, "exact", "x")]))


def test_origin_graph_has_one_node_per_distinct_name_per_column() -> None:
    reports = [
        {"origin": "Pentagon", "source": "Pentagon", "outlet": "A"},
        {"origin": "Pentagon", "source": "CNN", "outlet": "B"},
        {"origin": None, "source": SCRIPT, "outlet": "B"},
    ]
    svg = str(origin_graph(reports))
    assert svg.count('class="node n0"') == 2 and svg.count('class="node n1"') == 3
    assert svg.count('class="node n2"') == 2 and svg.count('class="edge"') == 6
    assert SCRIPT not in svg


def test_credibility_bars_scale_to_the_largest() -> None:
    svg = str(
        credibility_bars(
            [
                {"credibility": 1, "label": "Confirmed", "claims": 4},
                {"credibility": 6, "label": "x", "claims": 0},
            ]
        )
    )
    assert 'width="130.0"' in svg and 'width="0.0"' in svg


def test_no_two_series_share_a_colour_however_many_there_are() -> None:
    import re

    rows = [
        _row(f"2025-03-{d:02d}", 10 + n, None, None, "exact", f"source {n}")
        for n in range(30)
        for d in (1, 2)
    ]
    svg = str(estimates_chart(rows))
    dots = re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="4" fill="(#[0-9a-f]{6})"/>', svg)
    assert len(dots) == 60 and len(set(dots)) == 30  # two figures a source, one colour each


def test_a_bar_count_of_five_digits_stays_inside_the_chart() -> None:
    import re

    rows = [
        {"credibility": g, "label": "Improbable", "claims": 12_345 if g == 3 else 10} for g in range(1, 7)
    ]
    svg = str(credibility_bars(rows))
    width = float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))  # type: ignore[union-attr]
    for x, count in re.findall(r'<text x="([\d.]+)" y="\d+" class="tick">([\d,]+)</text>', svg):
        assert float(x) + 7 * len(f"{int(count):,}") <= width  # about 7 px a digit at 11 px


def test_ticks_land_on_round_values() -> None:
    assert nice_ticks(115) == [0, 50, 100, 150]
    assert nice_ticks(57.5) == [0, 20, 40, 60]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(8.2e8) == [0, 2.5e8, 5e8, 7.5e8, 1e9]
    rows = [
        _row("2025-03-01", 100, None, None, "exact", "a"),
        _row("2025-03-02", 37, None, None, "exact", "b"),
    ]
    labels = re.findall(r'text-anchor="end" class="tick">([\d,.]+)</text>', str(estimates_chart(rows)))
    assert labels == ["0", "50", "100", "150"]  # 0, 28.75, 57.5, ... before


def test_long_axis_labels_and_the_last_date_stay_inside_the_chart() -> None:
    """PolNeAR's '%' figures reach hundreds of millions: '800,000,000' was cut to '00,000,000',
    and the last date ran into the legend."""
    rows = [
        _row("2015-11-08", 8.2e8, None, None, "exact", "a"),
        _row("2015-11-16", 12, None, None, "exact", "b"),
    ]
    svg = str(estimates_chart(rows))
    for x, label in re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end" class="tick">([^<]+)</text>', svg
    ):
        assert float(x) - CHAR_PX * len(label) >= 0, label
    last = re.search(r'<text x="([\d.]+)" y="\d+" text-anchor="(\w+)" class="tick">2015-11-16</text>', svg)
    assert last is not None and last.group(2) == "end"
    legend_x = min(float(v) for v in re.findall(r'<rect x="([\d.]+)" y="-?\d+" width="10"', svg))
    assert float(last.group(1)) <= legend_x


def test_a_legend_of_many_sources_fits_the_chart_and_says_what_it_leaves_out() -> None:
    rows = [_row("2025-03-01", 10 + n, None, None, "exact", f"source {n}") for n in range(30)]
    svg = str(estimates_chart(rows))
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))  # type: ignore[union-attr]
    ys = [int(v) for v in re.findall(r'<text x="\d+" y="(\d+)" class="legend">', svg)]
    assert ys and max(ys) <= height
    shown = len(re.findall(r'class="legend">source \d+</text>', svg))
    assert f"+ {30 - shown} more (in the table)" in svg
