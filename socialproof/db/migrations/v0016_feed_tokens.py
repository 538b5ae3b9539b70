"""Migration 0016: which generation of a shop's feed token is valid (rotating it bumps this).

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.migrations.registry import migrations


@migrations(name="0016_feed_tokens")
def feed_tokens(db: Database) -> None:
    db.execute("ALTER TABLE shops ADD COLUMN feed_generation INTEGER NOT NULL DEFAULT 0")
