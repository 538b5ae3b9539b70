"""Migration 0021: the words and phrases of each review, and how many published reviews use each, by month.

Finding a review's words takes Finnish morphology (insights/language.py), which no
trigger can run; so triggers only note which reviews' words changed
(``terms_pending``, on every insert and every change of title, body or language), and a
background job (insights/words.py) writes their ``review_terms``. From there triggers
keep ``term_months``: for each shop (and product; product_id 0 for the shop's own
row), month written, language, rating band (1-2 stars "low", 4-5 "high") and term,
how many published reviews use it, as migration 0020 keeps the other counts; and
``term_totals``, the same over all time (a row per term, where all time by month
would be a row per term and month).
Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase
from socialproof.db.migrations.m0020_insight_rollups import SHOP_ROW, grouped_upsert, with_shop_rows

SHOWN = "{r}.status = 'approved' AND {r}.erased = 0"
BAND = "CASE WHEN {r}.rating <= 2 THEN 'low' WHEN {r}.rating >= 4 THEN 'high' END"
KEY = "shop_id, product_id, month, lang, band, term"  # month before the rest: a period is a range of months
TOTAL_KEY = "shop_id, product_id, lang, band, term"  # all time at once: a row per term, not per term and month
TRIGGER_COLUMNS = "status, erased, rating, lang, created_at, product_id, shop_id"


def _upserts(rows: list[tuple[str, str]], term: str, source: str) -> str:
    """Count review rows ``rows`` ((alias, sign): '-' takes away) with their terms, read from ``source`` (a FROM
    and WHERE on ``{r}``), by month and in all, on the product's row and the shop's: a statement per table."""
    statements = []
    for table, key in (("term_months", KEY), ("term_totals", TOTAL_KEY)):
        month = "substr({r}.created_at, 1, 7) AS month, " if table == "term_months" else ""
        selects = [
            f"SELECT {r}.shop_id AS shop_id, {product} AS product_id, {month.format(r=r)}{r}.lang AS lang, "
            f"{BAND.format(r=r)} AS band, {term} AS term, {sign}1 AS reviews "
            f"{source.format(r=r)} AND {SHOWN.format(r=r)} AND {BAND.format(r=r)} IS NOT NULL"
            for r, sign in rows
            for product in (f"{r}.product_id", str(SHOP_ROW))
        ]
        statements.append(grouped_upsert(table, key.split(", "), ["reviews"], selects))
    return " ".join(statements)


def _tables() -> list[str]:
    return [
        "CREATE TABLE review_terms (review_id INTEGER NOT NULL, term TEXT NOT NULL, shown TEXT NOT NULL, "
        "PRIMARY KEY (review_id, term))",
        "CREATE INDEX review_terms_by_term ON review_terms (term, review_id)",
        "CREATE TABLE terms_pending (review_id INTEGER PRIMARY KEY)",
        "CREATE TABLE term_months (shop_id INTEGER NOT NULL, product_id INTEGER NOT NULL, month TEXT NOT NULL, "
        "lang TEXT NOT NULL, band TEXT NOT NULL, term TEXT NOT NULL, reviews INTEGER NOT NULL DEFAULT 0, "
        f"PRIMARY KEY ({KEY}))",
        "CREATE TABLE term_totals (shop_id INTEGER NOT NULL, product_id INTEGER NOT NULL, lang TEXT NOT NULL, "
        "band TEXT NOT NULL, term TEXT NOT NULL, reviews INTEGER NOT NULL DEFAULT 0, "
        f"PRIMARY KEY ({TOTAL_KEY}))",
        "INSERT INTO terms_pending (review_id) SELECT id FROM reviews",  # every review stored so far, once
    ]


def triggers() -> list[str]:
    """In SQLite's form; PostgreSQL's are translated from them by db/translate.py."""
    pending = "INSERT INTO terms_pending (review_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;"
    of_review = "FROM review_terms t WHERE t.review_id = {r}.id"
    return [
        f"CREATE TRIGGER reviews_terms_insert AFTER INSERT ON reviews BEGIN {pending} END",
        f"CREATE TRIGGER reviews_terms_words AFTER UPDATE OF title, body, lang ON reviews BEGIN {pending} END",
        f"CREATE TRIGGER reviews_terms_update AFTER UPDATE OF {TRIGGER_COLUMNS} ON reviews BEGIN "
        f"{_upserts([('OLD', '-'), ('NEW', '')], 't.term', of_review)} END",
        f"CREATE TRIGGER reviews_terms_delete AFTER DELETE ON reviews BEGIN "
        f"{_upserts([('OLD', '-')], 't.term', of_review)} "
        "DELETE FROM review_terms WHERE review_id = OLD.id; DELETE FROM terms_pending WHERE review_id = OLD.id; END",
        f"CREATE TRIGGER review_terms_insert AFTER INSERT ON review_terms BEGIN "
        f"{_upserts([('r', '')], 'NEW.term', 'FROM reviews r WHERE r.id = NEW.review_id')} END",
        f"CREATE TRIGGER review_terms_delete AFTER DELETE ON review_terms BEGIN "
        f"{_upserts([('r', '-')], 'OLD.term', 'FROM reviews r WHERE r.id = OLD.review_id')} END",
    ]


def term_recount(by_month: bool = True) -> str:
    """The rows of term_months (or without ``by_month``, of term_totals) counted from review_terms, as the
    triggers keep them."""
    band, month = BAND.format(r="r"), "substr(r.created_at, 1, 7)"
    chosen = f"r.shop_id, {{product}} AS product_id, {month + ' AS month, ' if by_month else ''}r.lang, {band} AS band"
    group = f"r.shop_id, {{product}}, {month + ', ' if by_month else ''}r.lang, {band}, t.term"
    return with_shop_rows(
        f"SELECT {chosen}, t.term, count(*) AS reviews FROM review_terms t JOIN reviews r ON r.id = t.review_id "
        f"WHERE {SHOWN.format(r='r')} AND {band} IS NOT NULL GROUP BY {group}"
    )


def sqlite(db: Database) -> None:
    for statement in [*_tables(), *triggers()]:
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in _tables():
        db.execute(statement)
    for sqlite_form in triggers():
        for statement in translate.trigger(sqlite_form):
            db.execute(statement)
