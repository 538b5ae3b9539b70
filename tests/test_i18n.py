"""Languages: complete catalogs, right plurals, numbers and dates by Babel."""

import functools

import pytest

from socialproof.catalogs import extract, read_catalog, untranslated
from socialproof.i18n import LANGUAGES, choose, formatter


@functools.cache
def message_ids() -> frozenset[object]:
    """Every message of the code and the templates: read once a process, for all three languages."""
    return frozenset(m.id for m in extract() if m.id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_in_code_and_templates_is_translated(lang):
    catalog = read_catalog(lang)
    missing = sorted((i for i in message_ids() if i not in catalog), key=str)
    assert not missing, f"{lang}: run python -m socialproof.catalogs and translate {missing}"
    assert untranslated(catalog) == []


@pytest.mark.parametrize(
    "lang, one, many",
    [
        ("fi", "1 arvostelu", "5 arvostelua"),
        ("sv", "1 recension", "5 recensioner"),
        ("en", "1 review", "5 reviews"),
    ],
)
def test_plural_forms(lang, one, many):
    t = formatter(lang)
    assert t.ngettext("%(num)s review", "%(num)s reviews", 1) % {"num": 1} == one
    assert t.ngettext("%(num)s review", "%(num)s reviews", 5) % {"num": 5} == many


def test_numbers_and_dates_follow_the_language():
    assert formatter("fi").rating(4.6) == "4,6" and formatter("en").rating(4.6) == "4.6"
    assert formatter("fi").rating(5) == "5,0"
    assert formatter("fi").date("2026-11-22T10:00:00+00:00") == "22. marraskuuta 2026"
    assert formatter("en").date("2026-11-22T10:00:00+00:00") == "November 22, 2026"
    assert formatter("fi").number(1234) == "1\xa0234"


def test_language_choice_order():
    assert choose("sv-FI", "en") == "sv"
    assert choose(None, "", accept_language="de, en-GB;q=0.8, fi;q=0.9") == "fi"
    assert choose("de", accept_language="", default="en") == "en"
    assert choose() == "fi"
