"""Jinja2 environments, one per language, for a folder of templates (widgets, workspace, mail).

gettext is installed per environment rather than per request, so rendering
is thread-safe (widgets render on the reader threads) and a template never
sees another request's language.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket

from socialproof.i18n import LANGUAGE_NAMES, formatter, translations


class _CompiledOnce(BytecodeCache):
    """Each template's compiled code, kept for the life of the process and checked against its source.

    Every environment here is built with the same options (below), so a template's code is the same in
    each: compiled once, not once per language and per app (a test run builds hundreds of apps)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)  # set aside by Jinja if the source changed since

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledOnce()


class Templates:
    """One folder of templates, with an environment per language (built once, then shared)."""

    def __init__(
        self,
        folder: Path,
        globals: Mapping[str, Any] | None = None,
        filters: Mapping[str, Callable[..., Any]] | None = None,
    ) -> None:
        self.folder = folder
        self.globals = dict(globals or {})
        self.filters = dict(filters or {})
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
            bytecode_cache=COMPILED,
        )
        # Added to the environment by the i18n extension at run time, so no stub declares it.
        env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
        env.globals.update(lang=lang, fmt=formatter(lang), language_names=LANGUAGE_NAMES, **self.globals)
        env.filters.update(self.filters)
        return env

    def render(self, lang: str, template: str | list[str], **context: Any) -> str:
        """Render the first template that exists: most specific first."""
        names = [template] if isinstance(template, str) else template
        return self.environment(lang).select_template(names).render(**context)
