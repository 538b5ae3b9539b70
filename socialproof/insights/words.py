"""What shoppers write about: the words and phrases of published reviews, most used first, per language and band.

A background job (jobs/schedule.py) finds the terms of each review whose words changed
(language.py) and stores them; triggers count them by month (migration 0021). Finding
terms happens outside any transaction: only storing them takes the writer, and a review
edited meanwhile stays waiting for the next round, so its terms are never stale.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from socialproof.db.engine import Database, executemany
from socialproof.db.migrations.m0021_review_terms import SHOP_ROW
from socialproof.insights import language
from socialproof.insights.scope import Period, Scope

BATCH = 200  # reviews a batch: a few hundred milliseconds of Finnish morphology at most
BATCHES_A_ROUND = 5  # while there is a backlog; then the next round
TOP = 10  # words, and phrases, shown for each language and band
INTERVAL_SECONDS = 5


class Band(StrEnum):
    LOW = "low"  # 1-2 stars
    HIGH = "high"  # 4-5 stars


@dataclass(frozen=True)
class Analysed:
    review_id: int
    text: tuple[str, str, str]  # title, body, language as analysed: stored only if still so
    terms: list[language.Term]


def pending(db: Database, limit: int = BATCH) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT r.id, r.title, r.body, r.lang FROM terms_pending p JOIN reviews r ON r.id = p.review_id "
            "ORDER BY p.review_id LIMIT ?",
            [limit],
        )
    )


def analyse(reviews: Sequence[dict[str, Any]]) -> list[Analysed]:
    """The terms of each review: no database, so no transaction waits for it."""
    return [
        Analysed(r["id"], (r["title"], r["body"], r["lang"]), language.terms(f"{r['title']}.\n{r['body']}", r["lang"]))
        for r in reviews
    ]


def store(db: Database, analysed: Sequence[Analysed]) -> int:
    """Store the terms of the reviews whose words are still as analysed; how many were stored."""
    stored = 0
    for review in analysed:
        now = next(db.query("SELECT title, body, lang FROM reviews WHERE id = ?", [review.review_id]), None)
        if now is not None and (now["title"], now["body"], now["lang"]) != review.text:
            continue  # edited meanwhile: still pending, analysed again next round
        db.execute("DELETE FROM review_terms WHERE review_id = ?", [review.review_id])
        if now is not None:
            executemany(
                db,
                "INSERT INTO review_terms (review_id, term, shown) VALUES (?, ?, ?)",
                [(review.review_id, t.key, t.shown) for t in review.terms],
            )
        db.execute("DELETE FROM terms_pending WHERE review_id = ?", [review.review_id])
        stored += 1
    return stored


def index_pending(db: Database, limit: int = BATCH) -> int:
    """One whole round in the caller's transaction (the command line and tests; serve splits it, see above)."""
    db.execute("DELETE FROM terms_pending WHERE review_id NOT IN (SELECT id FROM reviews)")
    return store(db, analyse(pending(db, limit)))


@dataclass(frozen=True)
class Counted:
    """A term and how many published reviews use it."""

    term: str  # the key: base forms
    shown: str  # as one review wrote it
    reviews: int


def _counted(db: Database, scope: Scope) -> dict[tuple[str, str], dict[str, int]]:
    """For each language and band, how many published reviews use each term over the whole months the scope
    touches: kept by month only, a term's count is never a scan of the reviews. One query for the page."""
    if scope.period is Period.ALL:  # a row per term, not per term and month
        product = SHOP_ROW if scope.product_id is None else scope.product_id
        rows = db.query(
            "SELECT lang, band, term, reviews AS n FROM term_totals WHERE shop_id = ? AND product_id = ? AND reviews > 0",
            [scope.shop_id, product],
        )
    else:
        whole = scope.covering().months_where()
        if whole is None:
            return {}
        rows = db.query(
            f"SELECT lang, band, term, sum(reviews) AS n FROM term_months WHERE {whole[0]} "
            "GROUP BY lang, band, term HAVING sum(reviews) > 0",
            whole[1],
        )
    found: dict[tuple[str, str], dict[str, int]] = {}
    for r in rows:
        found.setdefault((r["lang"], r["band"]), {})[r["term"]] = int(r["n"])
    return found


def _top(db: Database, lang: str, counts: dict[str, int], phrases: bool) -> list[Counted]:
    """The ``TOP`` terms (words, or two-word phrases) used by the most reviews, ties in the order of the terms."""
    chosen = [(n, term) for term, n in counts.items() if (" " in term) == phrases]
    best = heapq.nsmallest(TOP, chosen, key=lambda c: (-c[0], c[1]))
    return [Counted(term, term if lang == "fi" else _shown(db, term), n) for n, term in best]


def _in_band() -> str:
    return (
        "r.status = 'approved' AND r.erased = 0 "
        "AND (CASE WHEN r.rating <= 2 THEN 'low' WHEN r.rating >= 4 THEN 'high' END) = ?"
    )


def _shown(db: Database, term: str) -> str:
    """A stem as a reader would write it: its latest use (a Finnish term is its base form already)."""
    row = next(db.query("SELECT shown FROM review_terms WHERE term = ? ORDER BY review_id DESC LIMIT 1", [term]), None)
    return str(row["shown"]) if row else term


@dataclass(frozen=True)
class Usage:
    """The most used words and phrases of one language in low and in high ratings."""

    lang: str
    words: dict[Band, list[Counted]]
    phrases: dict[Band, list[Counted]]


def usage(db: Database, scope: Scope) -> list[Usage]:
    """Per language (the most used first), the most used words and phrases of low and of high ratings."""
    counted = _counted(db, scope)
    used: dict[str, int] = {}
    for (lang, _), counts in counted.items():
        used[lang] = used.get(lang, 0) + sum(counts.values())
    return [
        Usage(
            lang,
            {band: _top(db, lang, counted.get((lang, band.value), {}), phrases=False) for band in Band},
            {band: _top(db, lang, counted.get((lang, band.value), {}), phrases=True) for band in Band},
        )
        for lang in sorted(used, key=lambda lang: (-used[lang], lang))
        if lang in language.LANGUAGES
    ]


PAGE = 20


def reviews_using(
    db: Database, scope: Scope, lang: str, band: Band, term: str, page: int = 1
) -> tuple[list[dict[str, Any]], int]:
    """The published reviews of the band that use ``term`` in the whole months the scope touches (where ``top``
    counted them), newest first, a page of them; and how many."""
    where, params = scope.covering().where("r.created_at", "r")
    condition = (
        f"FROM review_terms t JOIN reviews r ON r.id = t.review_id JOIN products p ON p.id = r.product_id "
        f"WHERE t.term = ? AND {where} AND {_in_band()} AND r.lang = ?"
    )
    values = [term, *params, band.value, lang]
    total = int(next(db.query(f"SELECT count(*) AS n {condition}", values))["n"])
    rows = db.query(
        "SELECT r.id, r.rating, r.title, r.body, r.author_name, r.created_at, p.external_id AS product, "
        f"p.name AS product_name {condition} ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?",
        [*values, PAGE, (page - 1) * PAGE],
    )
    return list(rows), total
