"""The kept numbers held to a full recount: what `socialproof doctor` checks and repairs.

Triggers keep product_stats and shop_stats in step with every write
(migration 0009), so drift means someone wrote to the database by hand or a
trigger was dropped; the doctor says where, and with ``repair`` recounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialproof.db.engine import Database
from socialproof.reviews.summary import STATS

COLUMNS = [c.strip() for c in STATS.split(",")]
# Scope -> (the kept table, its key in reviews).
SCOPES = {"product": ("product_stats", "product_id"), "shop": ("shop_stats", "shop_id")}
RECOUNT_SQL = (
    "SELECT {key} AS key, count(*) FILTER (WHERE rating = 1) AS n1, count(*) FILTER (WHERE rating = 2) AS n2, "
    "count(*) FILTER (WHERE rating = 3) AS n3, count(*) FILTER (WHERE rating = 4) AS n4, "
    "count(*) FILTER (WHERE rating = 5) AS n5, count(*) FILTER (WHERE recommend = 1) AS recommend_yes, "
    "count(recommend) AS recommend_answered, count(*) FILTER (WHERE verified = 1) AS verified, "
    "count(*) FILTER (WHERE has_photos = 1) AS with_photos "
    "FROM reviews WHERE status = 'approved' GROUP BY {key}"
)


@dataclass(frozen=True)
class Drift:
    scope: str  # "product" or "shop"
    row_id: int
    column: str
    kept: int
    counted: int

    def __str__(self) -> str:
        return f"{self.scope} {self.row_id}: {self.column} is {self.kept}, a recount gives {self.counted}"


def check(db: Database) -> list[Drift]:
    """Every kept number that differs from a recount of the approved reviews."""
    drift = []
    for scope, (table, key) in SCOPES.items():
        counted = {r["key"]: r for r in db.query(RECOUNT_SQL.format(key=key))}
        for kept in db.query(f"SELECT {key} AS key, {STATS} FROM {table}"):
            actual = counted.get(kept["key"], {})
            for column in COLUMNS:
                if kept[column] != (actual.get(column) or 0):
                    drift.append(Drift(scope, kept["key"], column, kept[column], actual.get(column) or 0))
        missing = set(counted) - {r["key"] for r in db.query(f"SELECT {key} AS key FROM {table}")}
        drift += [Drift(scope, row_id, "row", 0, 1) for row_id in sorted(missing)]
    return drift


def repair(db: Database) -> None:
    """Recount every kept number from the reviews (in the caller's transaction)."""
    for table, key in SCOPES.values():
        parent = "products" if key == "product_id" else "shops"
        db.execute(f"INSERT INTO {table} ({key}) SELECT id FROM {parent} WHERE true ON CONFLICT DO NOTHING")
        db.execute(f"UPDATE {table} SET " + ", ".join(f"{c} = 0" for c in COLUMNS))
        sets = ", ".join(f"{c} = counted.{c}" for c in COLUMNS)
        db.execute(
            f"UPDATE {table} SET {sets} FROM ({RECOUNT_SQL.format(key=key)}) AS counted WHERE {table}.{key} = counted.key"
        )
