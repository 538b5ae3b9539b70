"""Migration 0016: which generation of a shop's feed token is valid (rotating it bumps this).

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database


def sqlite(db: Database) -> None:
    db.execute("ALTER TABLE shops ADD COLUMN feed_generation INTEGER NOT NULL DEFAULT 0")
