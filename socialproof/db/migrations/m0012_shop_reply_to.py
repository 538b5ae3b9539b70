"""Migration 0012: where replies to a shop's mail go (a writer objecting to a decision, a buyer's answer).

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database


def sqlite(db: Database) -> None:
    db.execute("ALTER TABLE shops ADD COLUMN reply_to TEXT")
