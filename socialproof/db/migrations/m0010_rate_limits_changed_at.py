"""Migration 0010: when each rate-limit bucket last changed.

Heartbeats are counted in memory and their buckets mirrored in every process
(signals/beats.py); each process reads back only the buckets changed since its
last read, which this column and its index make cheap. Shipped: never edit,
add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        ALTER TABLE rate_limits ADD COLUMN changed_at REAL NOT NULL DEFAULT 0;
        CREATE INDEX rate_limits_by_change ON rate_limits (changed_at);
        """,
    )
