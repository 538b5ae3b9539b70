"""Jinja2 environments for the widget templates, one per language.

gettext is installed per environment rather than per request, so rendering
is thread-safe (widgets render on the reader threads) and a template never
sees another request's language.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from socialproof.display.labels import TEMPLATE_GLOBALS
from socialproof.i18n import LANGUAGE_NAMES, formatter, translations
from socialproof.resources import WIDGETS_DIR

# A five-point star in a 24 px box, and its exact left half (for ratings like 4.5).
STAR_PATH = "M12 1L14.47 8.6L22.46 8.6L16 13.3L18.47 20.9L12 16.2L5.53 20.9L8 13.3L1.54 8.6L9.53 8.6Z"
HALF_STAR_PATH = "M12 1L9.53 8.6L1.54 8.6L8 13.3L5.53 20.9L12 16.2Z"


def datetime_attr(value: str) -> str:
    """A stored ISO time as HTML's datetime attribute takes it: whole seconds in UTC (at most 3 fraction digits)."""
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Templates:
    """One folder of templates, with an environment per language (built once, then shared)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.environment = functools.cache(self._environment)

    def _environment(self, lang: str) -> Environment:
        env = Environment(
            loader=FileSystemLoader(str(self.folder)),
            autoescape=select_autoescape(["html"]),
            extensions=["jinja2.ext.i18n"],
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates ship with the package: no file check on every render
        )
        # Added to the environment by the i18n extension at run time, so no stub declares it.
        env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
        fmt = formatter(lang)
        env.globals.update(
            lang=lang, fmt=fmt, language_names=LANGUAGE_NAMES, STAR_PATH=STAR_PATH, HALF_STAR_PATH=HALF_STAR_PATH
        )
        env.globals.update(TEMPLATE_GLOBALS)
        env.filters["datetime_attr"] = datetime_attr
        return env

    def render(self, lang: str, template: str | list[str], **context: Any) -> str:
        """Render the first template that exists: most specific first."""
        names = [template] if isinstance(template, str) else template
        return self.environment(lang).select_template(names).render(**context)


WIDGET_TEMPLATES = Templates(WIDGETS_DIR)
render = WIDGET_TEMPLATES.render
