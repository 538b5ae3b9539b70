"""Bar chart geometry: heights in proportion, a round axis, months named without overlapping."""

from __future__ import annotations

import pytest

from socialproof.display import charts


def test_stacked_parts_are_in_proportion_and_the_axis_tops_out_round():
    chart = charts.bars([("2026-01", (1, 3)), ("2026-02", (2, 0))], ("1", "5"), stacked=True)
    first = [b for b in chart.bars if b.month == "2026-01"]
    assert [b.height for b in first][1] == pytest.approx(3 * first[0].height)  # three times one
    assert first[1].y + first[1].height == pytest.approx(first[0].y)  # stacked on top of it
    assert [t.value for t in chart.ticks] == [0, 1, 2, 3, 4]  # the largest column is 4
    assert chart.ticks[-1].y == pytest.approx(charts.TOP)  # the top tick is the top of the plot
    assert chart.ticks[0].y == chart.baseline


def test_side_by_side_bars_share_their_month_slot():
    chart = charts.bars([("2026-01", (10, 4, 2))], ("a", "b", "c"), stacked=False)
    a, b, c = chart.bars
    assert a.x < b.x < c.x and a.width == b.width == c.width
    assert a.height == pytest.approx(2.5 * b.height)
    assert [t.value for t in chart.ticks] == [0, 5, 10]


@pytest.mark.parametrize(("largest", "top"), [(7, 8), (38, 40), (101, 150), (0.3, 0.3), (1234, 1500)])
def test_the_axis_top_is_a_round_number_at_or_above_the_largest(largest, top):
    chart = charts.bars([("2026-01", (largest,))], ("a",), stacked=False)
    assert chart.ticks[-1].value == pytest.approx(top)


def test_shares_run_from_none_to_all_and_many_months_are_named_in_turn():
    chart = charts.bars(
        [(f"20{25 + m // 12}-{m % 12 + 1:02d}", (0.5,)) for m in range(24)], ("b",), stacked=False, percent=True
    )
    assert [t.value for t in chart.ticks] == [0, 0.25, 0.5, 0.75, 1.0]
    assert [label.month for label in chart.labels][:3] == ["2025-01", "2025-03", "2025-05"]  # every other of 24
    assert len(chart.labels) <= charts.MAX_LABELS


def test_nothing_to_draw_is_an_empty_chart():
    assert charts.bars([], ("a",), stacked=False).bars == []
