"""One mark per shopper per target: recommendations and helpful votes alike.

A shopper has marked a target when a mark carries their visitor hash, or
today's hash of their IP address: clearing localStorage doesn't buy a second
vote the same day. Undoing removes the shopper's own mark. The number shown is
always a count of the stored marks.
"""

from __future__ import annotations

from typing import Any

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.safety.shoppers import Shopper

# table -> the columns that name its target; fixed here, never taken from input
TARGETS = {
    "recommendations": ("shop_id", "product_id"),
    "helpful_votes": ("review_id",),
    "question_votes": ("question_id",),
    "answer_votes": ("answer_id",),
}


def _where(table: str, target: dict[str, Any]) -> tuple[str, list[Any]]:
    clauses, params = [], []
    for column in TARGETS[table]:
        if target[column] is None:
            clauses.append(f"{column} IS NULL")
        else:
            clauses.append(f"{column} = ?")
            params.append(target[column])
    return " AND ".join(clauses), params


def _mine(db: Database, table: str, target: dict[str, Any], shopper: Shopper) -> list[int]:
    where, params = _where(table, target)
    who = "(ip_hash = ?" + (" OR visitor_hash = ?)" if shopper.visitor_hash else ")")
    who_params = [shopper.ip_hash] + ([shopper.visitor_hash] if shopper.visitor_hash else [])
    return [r["id"] for r in db.query(f"SELECT id FROM {table} WHERE {where} AND {who}", params + who_params)]


def count(db: Database, table: str, target: dict[str, Any]) -> int:
    where, params = _where(table, target)
    return next(db.query(f"SELECT count(*) AS n FROM {table} WHERE {where}", params))["n"]


def has_marked(db: Database, table: str, target: dict[str, Any], shopper: Shopper) -> bool:
    return bool(_mine(db, table, target, shopper))


def mark(db: Database, table: str, target: dict[str, Any], shopper: Shopper) -> bool:
    """Add the shopper's mark; False when they had one already."""
    if _mine(db, table, target, shopper):
        return False
    db.table(table).insert(
        target | {"visitor_hash": shopper.visitor_hash, "ip_hash": shopper.ip_hash, "created_at": clock.now_iso()}
    )
    return True


def unmark(db: Database, table: str, target: dict[str, Any], shopper: Shopper) -> bool:
    """Remove the shopper's own mark; False when there was none."""
    ids = _mine(db, table, target, shopper)
    for mark_id in ids:
        db.table(table).delete(mark_id)
    return bool(ids)
