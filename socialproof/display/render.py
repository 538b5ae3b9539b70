"""The widget templates and what they share with the workspace's (environments: templating.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from socialproof.display.labels import TEMPLATE_GLOBALS
from socialproof.resources import WIDGETS_DIR
from socialproof.templating import Templates

# A five-point star in a 24 px box, and its exact left half (for ratings like 4.5).
STAR_PATH = "M12 1L14.47 8.6L22.46 8.6L16 13.3L18.47 20.9L12 16.2L5.53 20.9L8 13.3L1.54 8.6L9.53 8.6Z"
HALF_STAR_PATH = "M12 1L9.53 8.6L1.54 8.6L8 13.3L5.53 20.9L12 16.2Z"


def datetime_attr(value: str) -> str:
    """A stored ISO time as HTML's datetime attribute takes it: whole seconds in UTC (at most 3 fraction digits)."""
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def templates(folder: Path) -> Templates:
    """A folder of pages that show reviews: the widgets', the workspace's."""
    return Templates(
        folder,
        {"STAR_PATH": STAR_PATH, "HALF_STAR_PATH": HALF_STAR_PATH, **TEMPLATE_GLOBALS},
        {"datetime_attr": datetime_attr},
    )


WIDGET_TEMPLATES = templates(WIDGETS_DIR)
render = WIDGET_TEMPLATES.render
