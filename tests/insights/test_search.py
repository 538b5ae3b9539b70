"""Searching within reviews: base forms find every inflection, every word must be there, phrases first."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from socialproof.insights import search
from tests.insights.buyers_say import REVIEWS
from tests.insights.test_topics import written
from tests.support import text

PACKED = [
    ("muki", "fi", 4, "Muki tuli ehjänä, pakkauksessa oli paljon pehmustetta."),
    ("muki", "fi", 2, "Pakkaukset olivat rikki ja kahva lohjennut."),
]


def found(client, product, query, **params):
    args = "&".join(f"{k}={quote(str(v))}" for k, v in {"q": query, **params}.items())
    answer = client.get(f"/api/v1/shops/paahtimo/products/{product}/reviews?{args}")
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_base_form_finds_its_inflected_forms_in_every_language(client, shops):
    written(shops, REVIEWS + PACKED)
    packed = found(client, "muki", "pakkaus", lang="fi")
    assert packed["total"] == 2 and {i["rating"] for i in packed["items"]} == {4, 2}  # pakkauksessa, Pakkaukset
    machine = found(client, "muki", "astianpesukone", lang="fi")
    assert machine["total"] == 4  # astianpesukoneen, astianpesukoneessa
    assert found(client, "muki", "glasyr", lang="sv")["total"] == 7  # glasyr, glasyren
    assert found(client, "muki", "handles", lang="en")["total"] == 6  # handle


def test_every_word_must_be_there_and_the_words_side_by_side_come_first(client, shops):
    written(shops)
    both = found(client, "muki", "kaunis lasite", lang="fi")
    bodies = [i["body"] for i in both["items"]]
    assert both["total"] == 6 and all("lasite" in b.lower() and "kaunis" in b.lower() for b in bodies)
    side_by_side = [b for b in bodies if "kaunis lasite" in b.lower()]
    assert bodies[: len(side_by_side)] == side_by_side and len(side_by_side) == 3
    low = found(client, "muki", "kahva", lang="fi", stars=2)
    assert [i["body"] for i in low["items"]] == ["Kahva irtosi astianpesukoneessa kuukauden jälkeen."]
    assert found(client, "muki", "kahva", lang="fi", topic="tukeva")["total"] == 3  # with a phrase buyers mention


@pytest.mark.parametrize(
    "query",
    [
        '"kahva',
        "kahva OR NOT lasite*",
        "kahva & !lasite | (x:*)",
        "NEAR(kahva lasite)",
        "'; DROP TABLE reviews; --",
        "🙂",
        " ",
    ],
)
def test_hostile_search_input_answers_and_never_fails(client, shops, query):
    written(shops)
    answer = found(client, "muki", query, lang="fi")
    assert answer["total"] <= 30  # the mug's reviews in all three languages, at most
    assert shops.sql("SELECT count(*) AS n FROM reviews") == [{"n": 60}]


def test_a_search_too_long_is_refused_clearly(client, shops):
    written(shops)
    answer = client.get("/api/v1/shops/paahtimo/products/muki/reviews?q=" + "kahva%20" * 1300)
    assert answer.status_code == 422
    assert answer.json()["error"] == "Hae enintään 200 merkillä."


def test_the_widget_searches_and_marks_the_words_as_each_review_wrote_them(client, shops):
    written(shops, REVIEWS + PACKED)
    page = client.get("/w/paahtimo/reviews?product=muki&lang=fi&q=pakkaus").text
    assert 'id="sp-q" name="q" value="pakkaus"' in page
    assert "2 arvostelua käyttää sanoja ”pakkaus”." in text(page)
    assert "<mark>pakkauksessa</mark>" in page and "<mark>Pakkaukset</mark>" in page
    nothing = text(client.get("/w/paahtimo/reviews?product=muki&lang=fi&q=ja").text)
    assert "0 arvostelua käyttää sanoja ”ja”." in nothing  # a word that means nothing finds nothing


def test_a_search_of_common_words_is_counted_up_to_its_cap_and_says_at_least(client, shops, monkeypatch):
    written(shops)
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    both = found(client, "muki", "kaunis lasite", lang="fi")
    assert both["total"] == 3 and both["total_at_least"] is True and both["pages"] == 1
    page = text(client.get("/w/paahtimo/reviews?product=muki&lang=fi&q=kaunis%20lasite").text)
    assert "Ainakin 3 arvostelua käyttää sanoja ”kaunis lasite”." in page
    one = found(client, "muki", "lasite", lang="fi")  # one word: its kept count, exact
    assert one["total"] == 7 and "total_at_least" not in one
