"""Bar charts as geometry for a server-rendered SVG: month columns, stacked or side by side.

Only numbers and places here; the template (workspace/templates/_chart.html) draws them,
words and numbers formatted in the reader's language, and the colours come from the
stylesheet's ``--chart-*`` variables, so light and dark both hold their contrast.
The same figures are always in a table beside the chart: the chart is for the eye.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 28  # room for the value axis on the left, months below
MAX_LABELS = 12  # month names beyond this would overlap: every other (or third…) is named


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: str  # the stylesheet's colour: "1" … "5" for star ratings, "a", "b", "c" side by side
    value: float
    month: str  # YYYY-MM


@dataclass(frozen=True)
class Tick:
    y: float
    value: float


@dataclass(frozen=True)
class Label:
    x: float
    month: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[Label]
    percent: bool  # values are shares 0…1, the axis in per cent
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def _nice_top(largest: float) -> tuple[float, float]:
    """A round axis top at or above ``largest`` and the step between its ticks (1, 2 or 5 times a power of ten)."""
    if largest <= 0:
        return 1.0, 1.0
    rough = largest / 4
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    return step * math.ceil(largest / step), step


def bars(
    columns: list[tuple[str, tuple[float, ...]]], series: tuple[str, ...], *, stacked: bool, percent: bool = False
) -> Chart:
    """One column per month (``(YYYY-MM, a value per series)``), its series stacked or side by side."""
    if not columns:
        return Chart([], [], [], percent)
    largest = max((sum(v) if stacked else max(v, default=0)) for _, v in columns)
    top, step = (1.0, 0.25) if percent else _nice_top(largest)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(columns)
    gap = min(slot * 0.25, 16)
    drawn: list[Bar] = []
    for i, (month, values) in enumerate(columns):
        x0 = LEFT + i * slot + gap / 2
        width = slot - gap
        base = float(HEIGHT - BOTTOM)
        for j, (name, value) in enumerate(zip(series, values, strict=True)):
            height = plot_h * value / top if top else 0.0
            if stacked:
                drawn.append(Bar(x0, base - height, width, height, name, value, month))
                base -= height
            else:
                each = width / len(series)
                drawn.append(Bar(x0 + j * each, base - height, each, height, name, value, month))
    every = math.ceil(len(columns) / MAX_LABELS)
    labels = [Label(LEFT + (i + 0.5) * slot, m) for i, (m, _) in enumerate(columns) if i % every == 0]
    ticks = [Tick(HEIGHT - BOTTOM - plot_h * (k * step) / top, k * step) for k in range(round(top / step) + 1)]
    return Chart(drawn, ticks, labels, percent)
