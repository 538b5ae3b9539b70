"""Keeps the translation catalogs in step with the code: ``python -m socialproof.catalogs``.

Extracts every message from the Python code and the widget templates (the
mapping is babel.cfg) and merges it into each language's messages.po, where a
translator fills in what is new. English is the source language, so its
catalog is filled with the message ids. tests/test_i18n.py fails when any
message is missing or untranslated in any catalog.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from socialproof.i18n import LANGUAGES
from socialproof.resources import LOCALE_DIR, PACKAGE_DIR

ROOT = PACKAGE_DIR.parent


def extract() -> Catalog:
    """Every message the code and templates use, as a template catalog."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    template = Catalog(project="socialproof")
    # errors.plural(singular, plural, num) marks a message with plural forms in the domain.
    keywords = {**DEFAULT_KEYWORDS, "plural": (1, 2)}
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords, strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def read_catalog(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="socialproof")
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def update(lang: str, template: Catalog) -> Catalog:
    catalog = read_catalog(lang)
    catalog.update(template, no_fuzzy_matching=True)
    if lang == "en":
        for message in catalog:
            if message.id and untranslated_message(message) != []:
                message.string = message.id if isinstance(message.id, str) else tuple(message.id)
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, no_location=True, omit_header=False, sort_output=True, ignore_obsolete=True)
    return catalog


def untranslated_message(message: Message) -> list[str]:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return [str(message.id)] if message.id and (not all(strings) or message.fuzzy) else []


def untranslated(catalog: Catalog) -> list[str]:
    return [m for message in catalog for m in untranslated_message(message)]


def main() -> None:
    template = extract()
    for lang in LANGUAGES:
        catalog = update(lang, template)
        missing = untranslated(catalog)
        print(f"{lang}: {len(catalog)} messages, {len(missing)} to translate")
    sys.exit(0)


if __name__ == "__main__":
    main()
