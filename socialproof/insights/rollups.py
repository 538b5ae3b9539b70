"""The monthly roll-ups of migration 0020: read for a scope, and held to a recount (``socialproof doctor``).

A scope's whole months come from the roll-ups and its edges from the rows
themselves, counted by the same conditions the triggers use (declared once, in the
migration), so the two parts of one figure can't disagree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from socialproof.db.engine import Database, engine_of
from socialproof.db.migrations import m0020_insight_rollups as rollup
from socialproof.db.migrations import m0021_review_terms as terms_rollup
from socialproof.db.migrations import m0032_topics as topics_rollup
from socialproof.insights.scope import Scope, add_up

BOUNDS = rollup.BOUNDS  # hours: a duration is kept as "up to" each of these, or longer
BUCKETS = rollup.BUCKETS
REPLY_BUCKETS = rollup.REPLY_BUCKETS
KEYS = {
    "review_months": ("shop_id", "product_id", "month"),
    "decision_months": ("shop_id", "product_id", "month", "rating", "outcome"),
    "signal_months": ("shop_id", "product_id", "month"),
    "term_months": ("shop_id", "product_id", "month", "lang", "band", "term"),
    "term_totals": ("shop_id", "product_id", "lang", "band", "term"),
    "topic_totals": ("shop_id", "product_id", "lang", "term"),
}
WORDS = {"shown"}  # kept beside the counts: a way a review wrote the term, not a number to hold to a recount


def within(buckets: Sequence[int], part: float) -> float | None:
    """The fewest hours (a bucket's bound) within which at least ``part`` of the counted durations fell;
    infinity beyond the longest bound; None when nothing was counted."""
    total = sum(buckets)
    if not total:
        return None
    running, needed = 0, math.ceil(part * total)
    for bound, count in zip((*BOUNDS, math.inf), buckets, strict=True):
        running += count
        if running >= needed:
            return bound
    return math.inf


def _sums(columns: Sequence[str]) -> str:
    return ", ".join(f"sum({c}) AS {c}" for c in columns)


def review_counts(
    db: Database, scope: Scope, columns: Sequence[str], each_product: bool = False
) -> dict[Any, dict[str, int]]:
    """The review_months ``columns`` over the scope by month written, or with ``each_product`` by product row id."""
    key = "product_id" if each_product else "month"
    rolled = f"SELECT {key} AS m, {_sums(columns)} FROM review_months WHERE {{where}} GROUP BY {key}"
    whole = scope.months_where(each_product)
    rows = list(db.query(rolled.format(where=whole[0]), whole[1])) if whole else []
    for edge in scope.edges():
        rows += [{c: row[c] for c in ("m", *columns)} for row in _review_edge(db, edge, each_product)]
    return add_up(rows)


def _review_edge(db: Database, edge: Scope, each_product: bool) -> list[dict[str, Any]]:
    """Every review_months column for one edge, counted from the reviews once per page however many
    figures read it."""
    cache_key = ("reviews", edge.window, edge.product_id, each_product)
    if cache_key not in edge.counted:
        tests = rollup.review_counts(engine_of(db).value)
        key = "r.product_id" if each_product else "substr(r.created_at, 1, 7)"
        counted = ", ".join(
            f"sum(CASE WHEN {test.format(r='r')} THEN 1 ELSE 0 END) AS {c}" for c, test in tests.items()
        )
        where, params = edge.where("r.created_at", "r")
        edge.counted[cache_key] = list(
            db.query(f"SELECT {key} AS m, {counted} FROM reviews r WHERE {where} GROUP BY {key}", params)
        )
    return list(edge.counted[cache_key])


def decision_counts(db: Database, scope: Scope) -> list[dict[str, Any]]:
    """The decisions over the scope by month made, star rating and outcome, each with its duration buckets."""
    columns = ["decisions", *BUCKETS]
    rolled = (
        f"SELECT month AS m, rating, outcome, {_sums(columns)} FROM decision_months "
        "WHERE {where} GROUP BY month, rating, outcome"
    )
    hours = rollup.HOURS[engine_of(db).value].format(**rollup.DECISION_HOURS).format(r="r")
    buckets = ", ".join(
        f"sum(CASE WHEN {test} THEN 1 ELSE 0 END) AS {c}"
        for c, test in zip(BUCKETS, rollup.bucket_tests("d.hours"), strict=True)
    )
    outcome = rollup.OUTCOME.format(r="r")
    decided = (  # each decision's hours reckoned once, not once for each bucket
        f"SELECT substr(r.moderated_at, 1, 7) AS m, r.rating, {outcome} AS outcome, {hours} AS hours "
        f"FROM reviews r WHERE {{where}} AND {rollup.DECIDED.format(r='r')}"
    )
    scanned = (
        f"SELECT d.m, d.rating, d.outcome, count(*) AS decisions, {buckets} FROM ({decided}) AS d "
        "GROUP BY d.m, d.rating, d.outcome"
    )
    return list(scope.rows(db, rolled, scanned, "r.moderated_at", "r"))


def signal_counts(db: Database, scope: Scope) -> dict[Any, dict[str, int]]:
    """Helpful votes and recommendations over the scope, by the month given."""
    rolled = f"SELECT month AS m, {_sums(['helpful_votes', 'recommendations'])} FROM signal_months WHERE {{where}} GROUP BY month"
    votes = (  # from the votes of the edge's days to their reviews (CROSS JOIN: SQLite keeps that order)
        "SELECT substr(v.created_at, 1, 7) AS m, count(*) AS helpful_votes, 0 AS recommendations FROM helpful_votes v "
        "CROSS JOIN reviews r WHERE r.id = v.review_id AND {where} GROUP BY substr(v.created_at, 1, 7)"
    )
    recommendations = (
        "SELECT substr(r.created_at, 1, 7) AS m, 0 AS helpful_votes, count(*) AS recommendations FROM recommendations r "
        "WHERE {where} GROUP BY substr(r.created_at, 1, 7)"
    )
    rows = [
        *scope.rows(db, rolled, votes, "v.created_at", "r"),
        *scope.rows(db, None, recommendations, "r.created_at", "r"),
    ]
    return add_up(rows)


@dataclass(frozen=True)
class Drift:
    table: str
    key: tuple[Any, ...]
    column: str
    kept: int
    counted: int

    def __str__(self) -> str:
        return (
            f"{self.table} {'/'.join(map(str, self.key))}: {self.column} is {self.kept}, a recount gives {self.counted}"
        )


def check(db: Database) -> list[Drift]:
    """Every roll-up count that differs from a recount."""
    engine = engine_of(db).value
    recounts = {
        "review_months": rollup.review_recount(engine),
        "decision_months": rollup.decision_recount(engine),
        "signal_months": rollup.signal_recount(),
        "term_months": terms_rollup.term_recount(),
        "term_totals": terms_rollup.term_recount(by_month=False),
        "topic_totals": topics_rollup.recount_rows(),
    }
    drift = []
    for table, recount in recounts.items():
        key = KEYS[table]
        counted = {tuple(r[k] for k in key): r for r in db.query(recount)}
        kept = {tuple(r[k] for k in key): r for r in db.query(f"SELECT * FROM {table}")}
        for at in sorted(set(counted) | set(kept), key=str):
            ours, theirs = kept.get(at, {}), counted.get(at, {})
            for column in ours or theirs:
                if column in key or column in WORDS:
                    continue
                if int(ours.get(column) or 0) != int(theirs.get(column) or 0):
                    drift.append(Drift(table, at, column, int(ours.get(column) or 0), int(theirs.get(column) or 0)))
    return drift


def repair(db: Database) -> None:
    """Count the roll-ups again from the rows (in the caller's transaction)."""
    for table in KEYS:
        db.execute(f"DELETE FROM {table}")
    rollup.fill(db, engine_of(db).value)
    db.execute(f"INSERT INTO term_months ({terms_rollup.KEY}, reviews) {terms_rollup.term_recount()}")
    db.execute(f"INSERT INTO term_totals ({terms_rollup.TOTAL_KEY}, reviews) {terms_rollup.term_recount(False)}")
    for statement in topics_rollup.recount():
        db.execute(statement)
