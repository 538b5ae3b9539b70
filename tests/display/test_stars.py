"""A rating's stars: how many are filled, and where each one sits."""

from __future__ import annotations

import re

import pytest

from socialproof.display.stars import GAP_PX, star_row


def filled(value: float) -> str:
    """The filled stars as the eye counts them: "*" a whole one (a move and 9 lines: 20 numbers), "/" a half."""
    shapes = star_row(value, 20).filled.split("z")[:-1]
    return "".join("*" if len(re.findall(r"-?[\d.]+", shape)) == 20 else "/" for shape in shapes)


@pytest.mark.parametrize(
    ("value", "seen"),
    [
        (0, ""),
        (0.2, ""),
        (0.3, "/"),
        (1, "*"),
        (4.1, "****"),
        (4.3, "****/"),
        (4.5, "****/"),
        (4.75, "*****"),
        (5, "*****"),
    ],
)
def test_a_star_is_filled_from_three_quarters_and_half_filled_from_a_quarter(value: float, seen: str):
    assert filled(value) == seen


@pytest.mark.parametrize("size", [16, 18, 20, 24, 32])
def test_five_stars_of_the_size_asked_sit_two_pixels_apart(size: int):
    row = star_row(3, size)
    assert row.width == 5 * size + 4 * GAP_PX
    box = float(row.view_width)
    steps = [float(step) for step in re.findall(r"m([\d.]+) 0", row.every)]
    assert len(steps) == 4 and row.every.count("z") == 5
    # In pixels: one star's width and the gap to the next, and the box as wide as the row.
    assert all(step * size / 24 == pytest.approx(size + GAP_PX, abs=0.01) for step in steps)
    assert box * size / 24 == pytest.approx(row.width, abs=0.01)
