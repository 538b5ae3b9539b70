"""What buyers mention: the words and phrases a product's reviews use more often than the shop's do.

Counted, never generated: every phrase is one that published reviews wrote (insights/language.py
reduces them to base forms, so "toimitus" and "toimituksen" count as one), with how many reviews use
it and how many of those gave 4-5 and 1-2 stars; a reader opens exactly those reviews (``topic=``).
Ranked by how much more often the product's reviews use a phrase than the shop's reviews do, so
"kahvi" in a coffee shop says nothing and "hapokas" about one roast does. The numbers are kept by
triggers (migration 0032): showing them is a read of the product's rows, never a recount.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from socialproof.db.engine import Database
from socialproof.db.migrations.m0020_insight_rollups import SHOP_ROW
from socialproof.insights import language

MIN_REVIEWS = 5  # published reviews in the language before anything is shown: fewer say nothing general
SHOWN = 8  # phrases at most
MIN_SHARE = 0.1  # of the reviews, at least two, must use a phrase: one review's pet word is not what buyers say
TOPIC_MAX = 100  # characters of a topic= parameter: longer is no phrase of ours
# Words that judge or order rather than name a thing: on their own they say nothing buyers mention (in a
# phrase, "hyvä maku", they do). Insights keep them: there a low rating's "huono" means something.
VERDICTS = {
    "fi": "hyvä huono paras kiva ihana loistava tilata tilaus tykätä suositella suosittelu",
    "sv": "bra dålig bäst fin toppen beställa beställning gilla rekommendera",
    "en": "good bad great best nice love like order ordered recommend recommended",
}


@cache
def _verdicts(lang: str) -> frozenset[str]:
    return frozenset(t.key for t in language.terms(VERDICTS[lang].replace(" ", ". "), lang) if not t.phrase)


@dataclass(frozen=True)
class Topic:
    phrase: str  # as shoppers read it: the base form (Finnish), else the first way a review wrote it
    term: str  # what the reviews are found by
    reviews: int
    positive: int  # of those, 4-5 stars
    negative: int  # and 1-2 stars

    def as_json(self) -> dict[str, Any]:
        return {"phrase": self.phrase, "reviews": self.reviews, "positive": self.positive, "negative": self.negative}


@dataclass(frozen=True)
class Topics:
    based_on: int  # published reviews in the language
    items: list[Topic]

    def as_json(self) -> dict[str, Any]:
        return {"based_on": self.based_on, "items": [t.as_json() for t in self.items]}


def of_products(db: Database, shop_id: int, product_ids: Sequence[int], lang: str) -> Topics:
    """The phrases of these products' published reviews in ``lang`` (a product, or a group's members)."""
    if not product_ids or lang not in language.LANGUAGES:
        return Topics(0, [])
    marks = ", ".join("?" * len(product_ids))
    where = f"shop_id = ? AND product_id IN ({marks}) AND lang = ?"
    params = [shop_id, *product_ids, lang]
    based_on = next(
        db.query(f"SELECT coalesce(sum(reviews), 0) AS n FROM topic_totals WHERE {where} AND term = ''", params)
    )["n"]
    if based_on < MIN_REVIEWS:
        return Topics(based_on, [])
    least = max(2, int(based_on * MIN_SHARE + 0.999))
    here = list(
        db.query(
            f"SELECT term, min(shown) AS shown, sum(reviews) AS reviews, sum(positive) AS positive, "
            f"sum(negative) AS negative FROM topic_totals WHERE {where} AND term != '' GROUP BY term "
            "HAVING sum(reviews) >= ?",
            [*params, least],
        )
    )
    here = [row for row in here if row["term"] not in _verdicts(lang)]
    if not here:
        return Topics(based_on, [])
    shop = {
        row["term"]: row["reviews"]
        for row in db.query(
            f"SELECT term, reviews FROM topic_totals WHERE shop_id = ? AND product_id = {SHOP_ROW} AND lang = ? "
            f"AND term IN ({', '.join('?' * (len(here) + 1))})",
            [shop_id, lang, "", *(row["term"] for row in here)],
        )
    }
    shop_reviews = max(shop.get("", 0), based_on)

    def score(row: dict[str, Any]) -> tuple[float, int, str]:
        share = row["reviews"] / based_on
        lift = share / (max(shop.get(row["term"], 0), row["reviews"]) / shop_reviews)
        return (-share * lift, -row["reviews"], row["term"])

    chosen = sorted(here, key=score)[:SHOWN]
    return Topics(
        based_on,
        [
            Topic(
                row["term"] if lang == "fi" else row["shown"],
                row["term"],
                row["reviews"],
                row["positive"],
                row["negative"],
            )
            for row in chosen
        ],
    )


def term_of(topic: str, lang: str) -> str:
    """The term a ``topic=`` names: a phrase as the topics list showed it, or its term itself."""
    topic = topic.strip().lower()[:TOPIC_MAX]
    found = language.terms(topic, lang) if lang in language.LANGUAGES else []
    if not found:
        return topic
    return max(found, key=lambda t: len(t.key.split())).key  # "nopea toimitus", not "toimitus" alone


SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def marked(db: Database, reviews: Sequence[dict[str, Any]], term: str) -> dict[int, list[tuple[str, bool]]]:
    """For each review on a page found by ``term``: its body with the sentence that mentions it marked,
    so a reader sees at once why it was found."""
    ids = [r["id"] for r in reviews]
    if not ids or not term:
        return {}
    marks = ", ".join("?" * len(ids))
    forms = {
        row["review_id"]: row["shown"]
        for row in db.query(
            f"SELECT review_id, shown FROM review_terms WHERE term = ? AND review_id IN ({marks})", [term, *ids]
        )
    }
    found = {}
    for review in reviews:
        shown = forms.get(review["id"])
        body = review["body"] or ""
        if not shown:
            continue
        start = 0
        for part in [*SENTENCE_END.finditer(body), None]:
            end = part.start() if part else len(body)
            if shown in body[start:end].lower().replace("’", "'"):
                found[review["id"]] = [(body[:start], False), (body[start:end], True), (body[end:], False)]
                break
            start = part.end() if part else end
    return found
