"""A shop's own look: accent colour, corner radius, font; light and dark; part of the page, or cards.

By default a widget is part of the shop's page: the page's font and text colour, no background or
panel of its own (widget.css). The ``card`` style gives each widget a panel of its own, as before.

The theme becomes CSS custom properties on the widget's host, below anything
the merchant sets on the placeholder, so page CSS still wins. An accent that
fails WCAG AA contrast (4.5:1) against the background it is used on is
refused: it colours links, and button text sits on it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from socialproof import policy
from socialproof.errors import FieldProblem, Invalid, Message
from socialproof.i18n import N_

LIGHT_BACKGROUND, DARK_BACKGROUND = "#ffffff", "#1c1917"
HEX = re.compile(r"#([0-9a-fA-F]{6})")
RADIUS_MAX = 24
FONT = re.compile(r"[A-Za-z0-9 ,\"'-]{1,120}")
STYLES = ("page", "card")  # page: the default, part of the shop's page
# The card style: each widget on a panel of its own, in its own font (the look before widgets joined the page).
CARD = """.sp { background: var(--sp-bg); color: var(--sp-text);
  font-family: var(--socialproof-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif); }
.sp-reviews, .sp-gallery { padding: 1.25rem; }
.sp-trust { border: 1px solid var(--sp-line); padding: 1rem 1.25rem; }
.sp-stars-widget, .sp-activity, .sp-recommend { padding: .125rem .5rem; }
"""


def rgb(colour: str) -> tuple[int, int, int]:
    value = HEX.fullmatch(colour.strip())
    if not value:
        raise ValueError(colour)
    digits = value.group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def theme_changes(
    current: dict[str, Any],
    accent: str | None = None,
    accent_dark: str | None = None,
    radius: int | str | None = None,
    font: str | None = None,
    style: str | None = None,
) -> dict[str, Any]:
    """The shop's theme with these changes, or Invalid naming each field that fails and why; '' clears.

    ``radius`` is a string only when typed into a form: '' clears it, anything else is refused."""
    theme = dict(current)
    errors: dict[str, FieldProblem] = {}
    for name, value, background in (
        ("accent", accent, LIGHT_BACKGROUND),
        ("accent_dark", accent_dark, DARK_BACKGROUND),
    ):
        if value is None:
            continue
        if value == "":
            theme.pop(name, None)
            continue
        try:
            ratio = contrast(value, background)
        except ValueError:
            errors[name] = N_("a colour as #rrggbb")
            continue
        if ratio < policy.CONTRAST_AA:
            errors[name] = Message(
                N_(
                    "%(colour)s has a contrast of %(ratio)s:1 against the widget background "
                    "%(background)s; WCAG AA needs %(needed)s:1"
                ),
                params={
                    "colour": value,
                    "ratio": f"{ratio:.1f}",
                    "background": background,
                    "needed": policy.CONTRAST_AA,
                },
            )
        else:
            theme[name] = value.lower()
    if radius == "":
        theme.pop("radius", None)
    elif radius is not None:
        if isinstance(radius, int) and 0 <= radius <= RADIUS_MAX:
            theme["radius"] = radius
        else:
            errors["radius"] = Message(N_("0 to %(max)s pixels"), params={"max": RADIUS_MAX})
    if font is not None:
        if font == "":
            theme.pop("font", None)
        elif FONT.fullmatch(font):
            theme["font"] = font
        else:
            errors["font"] = N_("a CSS font list such as Georgia, serif")
    if style in ("", "page"):
        theme.pop("style", None)
    elif style == "card":
        theme["style"] = style
    elif style is not None:
        errors["style"] = N_("page or card")
    if errors:
        raise Invalid(N_("The theme was not changed; nothing was saved."), errors)
    return theme


def theme_css(theme_json: str) -> str:
    """The shop's theme as CSS for the widget's host; empty when the shop has none."""
    theme = json.loads(theme_json or "{}")
    light = []
    if "accent" in theme:
        light.append(f"--socialproof-accent: {theme['accent']};")
    if "radius" in theme:
        light.append(f"--socialproof-radius: {int(theme['radius'])}px;")
    if "font" in theme:
        light.append(f"--socialproof-font: {theme['font']};")
    css = f":host, .sp-document {{ {' '.join(light)} }}\n" if light else ""
    if "accent_dark" in theme:
        css += f":host, .sp-document {{ --socialproof-accent-dark: {theme['accent_dark']}; }}\n"
    return css + (CARD if theme.get("style") == "card" else "")
