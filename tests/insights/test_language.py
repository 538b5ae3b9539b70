"""Words and phrases per language: Finnish to base forms with Voikko, Swedish and English to stems, stop words out."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from socialproof.cli import cli
from socialproof.insights import language
from socialproof.insights.language import terms


def keys(text, lang):
    return [t.key for t in terms(text, lang)]


def test_finnish_inflected_forms_are_one_word_and_pronouns_and_conjunctions_drop_out():
    found = terms("Toimitukset tulivat nopeasti ja toimitus oli nopea. Minä tykkäsin pakkauksesta!", "fi")
    words = {t.key: t.shown for t in found if not t.phrase}
    assert words == {"toimitus": "toimitukset", "nopea": "nopeasti", "tykätä": "tykkäsin", "pakkaus": "pakkauksesta"}
    assert "nopea toimitus" not in keys("Toimitus oli nopea.", "fi")  # "oli" between: not a phrase


def test_phrases_are_two_meaningful_words_side_by_side_within_a_sentence():
    assert keys("Nopea toimitus, hyvä pakkaus.", "fi") == [
        "nopea",
        "toimitus",
        "nopea toimitus",
        "hyvä",
        "pakkaus",
        "hyvä pakkaus",
    ]
    phrases = [t.shown for t in terms("Snabb leverans och fina förpackningar", "sv") if t.phrase]
    assert phrases == ["snabb leverans", "fina förpackningar"]  # not "leverans fina": "och" between


def test_swedish_and_english_inflections_meet_at_their_snowball_stems_and_stop_words_go():
    assert keys("Förpackningen, förpackningar, smaken och smaker", "sv") == ["förpackning", "smak"]
    english = terms("The packing was great. Well packed, it tasted as it tastes. Didn't expect that!", "en")
    assert [t.key for t in english if not t.phrase] == ["pack", "great", "well", "tast", "expect"]
    assert [t.shown for t in english if t.phrase] == ["well packed"]


def test_each_term_is_counted_once_per_review_and_other_languages_give_none():
    assert keys("Hyvä kahvi. Hyvää kahvia! Kahvi on hyvää.", "fi") == ["hyvä", "kahvi", "hyvä kahvi"]
    assert terms("Sehr guter Kaffee", "de") == []


def test_without_voikko_finnish_words_are_cut_to_snowball_stems(monkeypatch):
    monkeypatch.setattr(language, "_VOIKKO", language._Voikko())
    monkeypatch.setitem(__import__("sys").modules, "libvoikko", None)  # as if the library were not installed
    assert keys("Toimitukset tulivat nopeasti", "fi") == [
        "toimituks",
        "tuliv",
        "toimituks tuliv",
        "nopeast",
        "tuliv nopeast",
    ]


@pytest.mark.parametrize("lang", language.LANGUAGES)
def test_the_stop_words_of_each_language_never_come_out_as_words(lang):
    from socialproof.insights.stopwords import STOP_WORDS

    assert not {t.key for t in terms(" ".join(sorted(STOP_WORDS[lang])), lang) if not t.phrase} & STOP_WORDS[lang]


def test_doctor_says_which_analysis_finnish_words_get_here(monkeypatch, shops):
    assert "base forms from Voikko" in CliRunner().invoke(cli, ["doctor", "--db", str(shops.path)]).output
    monkeypatch.setattr(language, "_VOIKKO", language._Voikko())
    monkeypatch.setitem(__import__("sys").modules, "libvoikko", None)  # as on a machine without libvoikko1
    said = CliRunner().invoke(cli, ["doctor", "--db", str(shops.path)]).output
    assert "Snowball stems, as Voikko is not installed here" in said
