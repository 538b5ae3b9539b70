"""The monthly roll-ups of migration 0020: read for a scope, and held to a recount (``socialproof doctor``).

A scope's whole months come from the roll-ups and its edges from the reviews
themselves, counted by the same conditions the triggers use (declared once, in the
migration), so the two parts of one figure can't disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from socialproof.db.engine import Database, engine_of
from socialproof.db.migrations import m0020_insight_rollups as rollup
from socialproof.insights.scope import Scope, add_up

BUCKETS = rollup.BUCKETS  # how long a decision took: up to each of rollup.BOUNDS hours, then more
BOUNDS = rollup.BOUNDS
KEYS = {
    "review_months": ("shop_id", "product_id", "month"),
    "decision_months": ("shop_id", "product_id", "month", "rating", "outcome"),
}
_BY = {"month": ("month", "substr({r}.created_at, 1, 7)"), "product": ("product_id", "{r}.product_id")}


def review_counts(db: Database, scope: Scope, columns: Sequence[str], by: str = "month") -> dict[Any, dict[str, int]]:
    """The review_months ``columns`` over the scope, by month written (or by product row id)."""
    rolled_key, scanned_key = _BY[by]
    tests = rollup.REVIEW_COUNTS
    rolled = (
        f"SELECT {rolled_key} AS m, {', '.join(f'sum({c}) AS {c}' for c in columns)} "
        f"FROM review_months WHERE {{where}} GROUP BY {rolled_key}"
    )
    key = scanned_key.format(r="r")
    counted = ", ".join(f"sum(CASE WHEN {tests[c].format(r='r')} THEN 1 ELSE 0 END) AS {c}" for c in columns)
    scanned = f"SELECT {key} AS m, {counted} FROM reviews r WHERE {{where}} GROUP BY {key}"
    return add_up(scope.rows(db, rolled, scanned, "r.created_at", "r"))


def decision_counts(db: Database, scope: Scope) -> list[dict[str, Any]]:
    """The decisions over the scope by month made, star rating and outcome, each with its time buckets."""
    columns = ["decisions", *BUCKETS]
    group = "month, rating, outcome"
    rolled = (
        f"SELECT month AS m, rating, outcome, {', '.join(f'sum({c}) AS {c}' for c in columns)} "
        f"FROM decision_months WHERE {{where}} GROUP BY {group}"
    )
    hours = rollup.HOURS[engine_of(db).value].format(r="r")
    buckets = ", ".join(
        f"sum(CASE WHEN {test} THEN 1 ELSE 0 END) AS {c}"
        for c, test in zip(BUCKETS, rollup.bucket_tests(hours), strict=True)
    )
    outcome = rollup.OUTCOME.format(r="r")
    scanned = (
        f"SELECT substr(r.moderated_at, 1, 7) AS m, r.rating, {outcome} AS outcome, count(*) AS decisions, {buckets} "
        f"FROM reviews r WHERE {{where}} AND {rollup.DECIDED.format(r='r')} "
        f"GROUP BY substr(r.moderated_at, 1, 7), r.rating, {outcome}"
    )
    return list(scope.rows(db, rolled, scanned, "r.moderated_at", "r"))


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
    """Every roll-up count that differs from a recount of the reviews."""
    recounts = {
        "review_months": rollup.review_recount(),
        "decision_months": rollup.decision_recount(engine_of(db).value),
    }
    drift = []
    for table, recount in recounts.items():
        key = KEYS[table]
        counted = {tuple(r[k] for k in key): r for r in db.query(recount)}
        kept = {tuple(r[k] for k in key): r for r in db.query(f"SELECT * FROM {table}")}
        for at in sorted(set(counted) | set(kept), key=str):
            ours, theirs = kept.get(at, {}), counted.get(at, {})
            for column in ours or theirs:
                if column not in key and int(ours.get(column) or 0) != int(theirs.get(column) or 0):
                    drift.append(Drift(table, at, column, int(ours.get(column) or 0), int(theirs.get(column) or 0)))
    return drift


def repair(db: Database) -> None:
    """Count both roll-ups again from the reviews (in the caller's transaction)."""
    for table in KEYS:
        db.execute(f"DELETE FROM {table}")
    rollup.fill(db, engine_of(db).value)
