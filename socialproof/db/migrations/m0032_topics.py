"""Migration 0032: what buyers mention, counted: each product's published reviews per language and term.

``topic_totals`` keeps, for each shop's product (and the shop's own row, product_id 0) and
language, how many published reviews use each term (insights/language.py: a word or two-word
phrase in base forms), and how many of those gave 4-5 stars and 1-2 stars; the term ''
counts the published reviews themselves, the share's denominator. ``shown`` is the first
way a review wrote it (a Swedish or English stem reads badly). Triggers keep it as the
reviews and their terms change, like term_totals (0021), which counts only the two bands:
so showing a product's topics is a read of its rows, never a recount.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase
from socialproof.db.migrations.m0020_insight_rollups import SHOP_ROW

SHOWN = "{r}.status = 'approved' AND {r}.erased = 0"
KEY = ["shop_id", "product_id", "lang", "term"]
VALUES = ["reviews", "positive", "negative"]
TRIGGER_COLUMNS = "status, erased, rating, lang, product_id, shop_id"


def _upsert(rows: list[tuple[str, str]], term: str, shown: str, source: str) -> str:
    """Count review rows ``rows`` ((alias, sign): '-' takes away) with the term ``term`` (written ``shown``),
    read from ``source`` (a FROM and WHERE on ``{r}``), on the product's row and the shop's: one statement."""
    selects = [
        f"SELECT {r}.shop_id AS shop_id, {product} AS product_id, {r}.lang AS lang, {term} AS term, "
        f"{shown} AS shown, {sign}1 AS reviews, "
        f"CASE WHEN {r}.rating >= 4 THEN {sign}1 ELSE 0 END AS positive, "
        f"CASE WHEN {r}.rating <= 2 THEN {sign}1 ELSE 0 END AS negative "
        f"{source.format(r=r)} AND {SHOWN.format(r=r)}"
        for r, sign in rows
        for product in (f"{r}.product_id", str(SHOP_ROW))
    ]
    key = ", ".join(KEY)
    sums = ", ".join(f"sum({v}) AS {v}" for v in VALUES)
    sets = ", ".join(f"{v} = topic_totals.{v} + excluded.{v}" for v in VALUES)
    return (
        f"INSERT INTO topic_totals ({key}, shown, {', '.join(VALUES)}) SELECT {key}, min(shown), {sums} "
        f"FROM ({' UNION ALL '.join(selects)}) AS d WHERE true GROUP BY {key} ON CONFLICT ({key}) DO UPDATE SET {sets};"
    )


def _tables() -> list[str]:
    return [
        "CREATE TABLE topic_totals (shop_id INTEGER NOT NULL, product_id INTEGER NOT NULL, lang TEXT NOT NULL, "
        "term TEXT NOT NULL, shown TEXT NOT NULL, reviews INTEGER NOT NULL DEFAULT 0, "
        "positive INTEGER NOT NULL DEFAULT 0, negative INTEGER NOT NULL DEFAULT 0, "
        f"PRIMARY KEY ({', '.join(KEY)}))",
    ]


def triggers() -> list[str]:
    """In SQLite's form; PostgreSQL's are translated from them by db/translate.py."""
    of_review = "FROM review_terms t WHERE t.review_id = {r}.id"
    itself = "FROM (SELECT 1 AS one) AS x WHERE true"  # the review itself: the term '' counts reviews
    empty = "''"
    return [
        f"CREATE TRIGGER reviews_topics_insert AFTER INSERT ON reviews BEGIN {_upsert([('NEW', '')], empty, empty, itself)} END",
        f"CREATE TRIGGER reviews_topics_update AFTER UPDATE OF {TRIGGER_COLUMNS} ON reviews BEGIN "
        f"{_upsert([('OLD', '-'), ('NEW', '')], empty, empty, itself)} "
        f"{_upsert([('OLD', '-'), ('NEW', '')], 't.term', 't.shown', of_review)} END",
        # Before 0021's reviews_terms_delete takes the review's terms away: PostgreSQL fires a row's triggers in
        # the order of their names ('reviews_d...' < 'reviews_t...'), SQLite the newest first.
        f"CREATE TRIGGER reviews_deleted_topics AFTER DELETE ON reviews BEGIN "
        f"{_upsert([('OLD', '-')], empty, empty, itself)} {_upsert([('OLD', '-')], 't.term', 't.shown', of_review)} END",
        f"CREATE TRIGGER review_terms_topics_insert AFTER INSERT ON review_terms BEGIN "
        f"{_upsert([('r', '')], 'NEW.term', 'NEW.shown', 'FROM reviews r WHERE r.id = NEW.review_id')} END",
        f"CREATE TRIGGER review_terms_topics_delete AFTER DELETE ON review_terms BEGIN "
        f"{_upsert([('r', '-')], 'OLD.term', 'OLD.shown', 'FROM reviews r WHERE r.id = OLD.review_id')} END",
    ]


def recount_rows() -> str:
    """The rows as the triggers would have kept them, counted once from what is stored (``socialproof doctor``
    holds the kept ones to it)."""
    shown = SHOWN.format(r="r")
    counts = (
        "count(*) AS reviews, sum(CASE WHEN r.rating >= 4 THEN 1 ELSE 0 END) AS positive, "
        "sum(CASE WHEN r.rating <= 2 THEN 1 ELSE 0 END) AS negative"
    )
    selects = []
    for product, by in (("r.product_id", "r.product_id, "), (str(SHOP_ROW), "")):  # a constant groups nothing
        selects.append(
            f"SELECT r.shop_id AS shop_id, {product} AS product_id, r.lang AS lang, '' AS term, '' AS shown, "
            f"{counts} FROM reviews r WHERE {shown} GROUP BY r.shop_id, {by}r.lang"
        )
        selects.append(
            f"SELECT r.shop_id AS shop_id, {product} AS product_id, r.lang AS lang, t.term AS term, "
            f"min(t.shown) AS shown, {counts} FROM review_terms t JOIN reviews r ON r.id = t.review_id "
            f"WHERE {shown} GROUP BY r.shop_id, {by}r.lang, t.term"
        )
    return " UNION ALL ".join(selects)


def recount() -> list[str]:
    columns = "shop_id, product_id, lang, term, shown, reviews, positive, negative"
    return [f"INSERT INTO topic_totals ({columns}) {recount_rows()}"]


def sqlite(db: Database) -> None:
    for statement in [*_tables(), *triggers(), *recount()]:
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in _tables():
        db.execute(statement)
    for sqlite_form in triggers():
        for statement in translate.trigger(sqlite_form):
            db.execute(statement)
    for statement in recount():
        db.execute(statement)
