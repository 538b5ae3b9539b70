"""Migration 0007: rate buckets. Shipped: never edit, add the next migration.

PostgreSQL has it in its baseline (postgresql_baseline.sql), from 0018."""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        -- Rate limits as GCRA buckets (ratelimit.py): one row a key, no window edges.
        -- The old fixed-window counters only ever held minutes of state.
        DROP TABLE rate_limits;
        CREATE TABLE rate_limits (
            key TEXT PRIMARY KEY,
            tat REAL NOT NULL  -- "theoretical arrival time": Unix time the bucket is full again
        ) WITHOUT ROWID;
        CREATE INDEX rate_limits_by_tat ON rate_limits (tat);
        """,
    )
