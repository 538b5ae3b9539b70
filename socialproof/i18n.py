"""Languages: gettext catalogs, Babel number and date formats, language choice.

Catalogs are the committed ``locale/*/LC_MESSAGES/messages.po`` files,
compiled in memory at start-up, so a stale compiled catalog can't ship.
English is the source language: a missing English entry falls back to the
message id, which is already English.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Iterable
from datetime import datetime, timedelta

from babel import Locale
from babel.dates import format_date, format_skeleton, format_timedelta
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from socialproof.resources import LOCALE_DIR

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}


def N_(message: str) -> str:
    """Marks a message for the catalogs; it is translated where it is shown."""
    return message


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def normalize(lang: str | None) -> str | None:
    """'fi-FI', 'FI', 'sv_SE' -> a supported language, or None."""
    if not lang:
        return None
    code = lang.strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def choose(*candidates: str | None, accept_language: str | None = None, default: str = DEFAULT_LANGUAGE) -> str:
    """The first supported language among explicit choices, then Accept-Language."""
    for candidate in candidates:
        if (lang := normalize(candidate)) is not None:
            return lang
    for lang in _accept_language(accept_language or ""):
        return lang
    return default


def _accept_language(header: str) -> Iterable[str]:
    weighted: list[tuple[float, int, str]] = []
    for part in header.split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        if (lang := normalize(tag)) is not None and weight > 0:
            weighted.append((-weight, len(weighted), lang))
    return [lang for _, _, lang in sorted(weighted)]


class Formatter:
    """Numbers, percentages and dates the way a reader of ``lang`` writes them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = Locale.parse(lang)
        self._t = translations(lang)
        self.gettext = self._t.gettext
        self.ngettext = self._t.ngettext

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=self.locale)

    def rating(self, value: float | None) -> str:
        """An average to one decimal: 4,6 in Finnish, 4.6 in English."""
        return "" if value is None else format_decimal(value, format="0.0", locale=self.locale)

    def change(self, value: float) -> str:
        """A change in an average, always signed: +0,3 or −0,5."""
        return format_decimal(value, format="+0.0;-0.0", locale=self.locale)

    def duration(self, hours: float) -> str:
        """A time span the way a reader says it: 5 tuntia, 2 dagar, 45 minutes."""
        return format_timedelta(timedelta(hours=hours), threshold=1.5, locale=self.locale)

    def percent(self, fraction: float) -> str:
        return format_percent(fraction, locale=self.locale)

    def alternatives(self, messages: Iterable[str]) -> str:
        """Catalog messages, each translated, as this language lists alternatives: "a, b, or c"."""
        return format_list([self.gettext(m) for m in messages], style="or", locale=self.locale)

    def language(self, code: str) -> str:
        """A language's name in the reader's: suomi, finska, Finnish."""
        return Locale.parse(code).get_display_name(self.locale) or code

    def country(self, code: str) -> str:
        return self.locale.territories.get(code, code)

    def month(self, year_month: str) -> str:
        """'2026-11' as the reader says a month: marraskuu 2026, november 2026, November 2026."""
        return format_skeleton("yMMMM", datetime.fromisoformat(year_month + "-01"), locale=self.locale)

    def month_number(self, year_month: str) -> str:
        """'2026-11' short, for a chart's axis: 11.2026, 11/2026, 2026-11."""
        return format_skeleton("yM", datetime.fromisoformat(year_month + "-01"), locale=self.locale)

    def date(self, iso: str) -> str:
        return format_date(datetime.fromisoformat(iso), format="long", locale=self.locale)


@functools.cache
def formatter(lang: str) -> Formatter:
    return Formatter(lang)
