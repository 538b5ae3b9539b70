"""What a review is about, as words and two-word phrases in their base forms, for Finnish, Swedish and English.

Finnish inflects heavily ("toimitus", "toimituksen", "toimitukseen" are one word to a
reader), so Finnish words go to their base form with Voikko, the Finnish spelling and
morphology library (Debian's ``libvoikko1`` and ``voikko-fi``); Voikko also says a word's
class, so pronouns, conjunctions and the like drop out. Swedish and English words are
cut to their Snowball stems (PyStemmer), which group "delivered" with "delivery". Stop
words (stopwords.py) go in every language. A phrase is two such words side by side.

Without Voikko's library on the machine, Finnish words are cut to Snowball's Finnish stems,
which leave some inflections apart ("toimitus", "toimituks"); the log says so once, and
``socialproof doctor`` says which analysis this machine makes.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import Stemmer

from socialproof.insights.stopwords import STOP_WORDS

log = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # letters, with an apostrophe inside (don't, it's)
SHORTEST = 2  # letters: shorter ones say nothing on their own
# Voikko's word classes that carry meaning in a review: nouns, adjectives, verbs, names of places and things.
MEANINGFUL = {"nimisana", "laatusana", "nimisana_laatusana", "teonsana", "paikannimi", "erisnimi"}


@dataclass(frozen=True)
class Term:
    key: str  # base forms: "toimitus", or "nopea toimitus" for a phrase
    shown: str  # as the review wrote it, lower-cased: "toimitukset", "nopea toimitus"

    @property
    def phrase(self) -> bool:
        return " " in self.key


class _Voikko:
    """One Voikko for the process, used by one thread at a time (the library keeps state per instance)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._voikko: object | None = None
        self._tried = False

    def _load(self) -> None:
        if not self._tried:
            self._tried = True
            try:
                import libvoikko

                self._voikko = libvoikko.Voikko("fi")
            except Exception as missing:  # the library or its Finnish dictionary is not installed
                log.warning("Voikko is not available (%s): Finnish words are cut to Snowball stems", missing)

    def available(self) -> bool:
        with self._lock:
            self._load()
            return self._voikko is not None

    def base(self, word: str) -> str | None:
        """The word's base form, '' when it is of a class that says nothing, None without Voikko."""
        with self._lock:
            self._load()
            if self._voikko is None:
                return None
            analyses = self._voikko.analyze(word)  # type: ignore[attr-defined]
        if not analyses:
            return word  # unknown to the dictionary (a brand, a typo): as written
        first = analyses[0]
        if first.get("CLASS") not in MEANINGFUL:
            return ""
        return str(first.get("BASEFORM", word)).lower()


_VOIKKO = _Voikko()


@cache
def _stemmer(lang: str) -> Callable[[str], str]:
    return Stemmer.Stemmer({"fi": "finnish", "sv": "swedish", "en": "english"}[lang]).stemWord


def _key(word: str, lang: str) -> str:
    """A word's key (its base form or stem), or '' for one that says nothing."""
    if word in STOP_WORDS[lang] or len(word) < SHORTEST:
        return ""
    if lang == "fi":
        base = _VOIKKO.base(word)
        if base is None:
            return _stemmer("fi")(word)
        return "" if not base or base in STOP_WORDS[lang] else base
    return _stemmer(lang)(word)


def terms(text: str, lang: str) -> list[Term]:
    """The distinct words and two-word phrases of ``text``, in order of first appearance."""
    if lang not in LANGUAGES:
        return []
    found: dict[str, Term] = {}
    previous: tuple[str, str] | None = None
    lowered, end = text.lower(), 0
    for match in WORD.finditer(lowered):
        word = match.group().replace("’", "'")
        key = _key(word, lang)
        if lowered[end : match.start()].strip():
            previous = None  # a comma or a full stop between: not one phrase
        end = match.end()
        if not key:
            previous = None  # a phrase is two meaningful words side by side
            continue
        found.setdefault(key, Term(key, word))
        if previous is not None:
            pair = f"{previous[0]} {key}"
            found.setdefault(pair, Term(pair, f"{previous[1]} {word}"))
        previous = (key, word)
    return list(found.values())


def finnish() -> str:
    """Which analysis Finnish words get on this machine, in a sentence (``socialproof doctor`` says it)."""
    if _VOIKKO.available():
        return "Finnish words: base forms from Voikko (toimitus, toimituksen and toimitukseen count as one)."
    return (
        "Finnish words: Snowball stems, as Voikko is not installed here, so some inflections count apart "
        "(toimitus, toimituks); install Debian's libvoikko1 and voikko-fi for base forms."
    )
