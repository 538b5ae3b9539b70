"""The widget templates and what they share with the workspace's (environments: templating.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from socialproof.display.labels import TEMPLATE_GLOBALS
from socialproof.display.stars import STAR_PATH, star_row
from socialproof.resources import WIDGETS_DIR
from socialproof.templating import Templates


def datetime_attr(value: str) -> str:
    """A stored ISO time as HTML's datetime attribute takes it: whole seconds in UTC (at most 3 fraction digits)."""
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def templates(folder: Path) -> Templates:
    """A folder of pages that show reviews: the widgets', the workspace's."""
    return Templates(
        folder,
        {"STAR_PATH": STAR_PATH, "star_row": star_row, **TEMPLATE_GLOBALS},
        {"datetime_attr": datetime_attr},
    )


WIDGET_TEMPLATES = templates(WIDGETS_DIR)
render = WIDGET_TEMPLATES.render
