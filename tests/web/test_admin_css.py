"""The workspace's colours, light and dark, as the stylesheet declares them: every pair holds WCAG AA."""

from __future__ import annotations

import re

import pytest

from socialproof.resources import WORKSPACE_TEMPLATES_DIR
from socialproof.shops.theme import contrast

CSS = (WORKSPACE_TEMPLATES_DIR / "admin.css").read_text()
DARK = CSS.index("@media (prefers-color-scheme: dark)")


def variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-f]{6})", block))


LIGHT_COLOURS = variables(CSS[:DARK])
SCHEMES = {"light": LIGHT_COLOURS, "dark": LIGHT_COLOURS | variables(CSS[DARK : CSS.index("}\n}", DARK)])}
# (text, background, the least contrast): text 4.5:1, the marks of a chart 3:1 (WCAG 1.4.3 and 1.4.11)
PAIRS = [
    ("text", "bg", 4.5),
    ("muted", "bg", 4.5),
    ("accent", "bg", 4.5),
    ("danger", "bg", 4.5),
    ("on-accent", "accent", 4.5),
    ("on-accent", "danger", 4.5),
    ("text", "surface", 4.5),
    ("ok-text", "ok-bg", 4.5),
    ("wait-text", "wait-bg", 4.5),
    ("bad-text", "bad-bg", 4.5),
    ("text", "hint-bg", 4.5),
    ("text", "report-bg", 4.5),
    ("focus", "bg", 3),
    ("star", "bg", 3),
    *((f"chart-{series}", "bg", 3) for series in ("1", "2", "3", "4", "5", "a", "b", "c")),
]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("fore", "back", "least"), PAIRS)
def test_each_colour_pair_holds_its_contrast(scheme, fore, back, least):
    colours = SCHEMES[scheme]
    assert contrast(colours[fore], colours[back]) >= least, f"{scheme}: {fore} on {back}"


def test_dark_declares_every_colour_light_does():
    assert set(variables(CSS[DARK:])) == set(LIGHT_COLOURS)
