"""A rating drawn as stars: the shape, and a row of five as one SVG of two paths."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

# A five-point star in a 24-unit box, from its top point in relative steps, so every star of a row is the same
# text (gzip keeps one copy); its exact left half for 4.5; and one whole star, as the rating field's radios draw it.
_STAR = "l2.47 7.6 7.99 0-6.46 4.7 2.47 7.6-6.47-4.7-6.47 4.7 2.47-7.6-6.46-4.7 7.99 0z"
_HALF_STAR = "l-2.47 7.6-7.99 0 6.46 4.7-2.47 7.6 6.47-4.7z"
_TOP = "M12 1"  # the first star's top point
STAR_PATH = _TOP + _STAR
GAP_PX = 2


@dataclass(frozen=True)
class StarRow:
    """Five stars ``size`` px high, ``GAP_PX`` apart: every star's shape, and over it the ones the rating
    fills. One element where a star each (an SVG with a <use> copy of a shared shape) made 17; a widget
    with ten reviews cost a phone's parser, style and layout that many times over."""

    width: int  # px
    view_width: str  # the same width in the stars' 24-unit box
    every: str  # the path of all five
    filled: str  # the path of the filled ones (a half star last), empty for none


def star_row(value: float, size: int) -> StarRow:
    """The row for an average or a rating: a star is filled from .75 of it, half from .25."""
    return _row(min(10, max(0, math.floor((value + 0.25) * 2))), size)


@functools.cache
def _row(halves: int, size: int) -> StarRow:
    step = _number(24 + GAP_PX * 24 / size)  # one star on to the next, in the box's units
    filled = [STAR_PATH] + [f"m{step} 0{_STAR}"] * 4
    shown = filled[: halves // 2]
    if halves % 2:
        shown.append((f"m{step} 0" if shown else _TOP) + _HALF_STAR)
    return StarRow(
        width=5 * size + 4 * GAP_PX,
        view_width=_number(120 + 4 * GAP_PX * 24 / size),
        every="".join(filled),
        filled="".join(shown),
    )


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
