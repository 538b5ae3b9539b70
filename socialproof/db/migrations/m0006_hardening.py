"""Migration 0006: hardening. Shipped: never edit, add the next migration.

PostgreSQL has it in its baseline (postgresql_baseline.sql), from 0018."""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        -- An erased review keeps its rating (it stays in the average) and loses its author and words.
        ALTER TABLE reviews ADD COLUMN erased INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1));
        -- Privacy requests, by a hash of the address: that a request was met, not whose.
        CREATE TABLE privacy_log (
            id INTEGER PRIMARY KEY,
            action TEXT NOT NULL CHECK (action IN ('export', 'erase')),
            email_hash TEXT NOT NULL,
            counts TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        -- Posts a bot made to the review form: dropped, but counted so the shop can see them.
        CREATE TABLE dropped_posts (
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (reason IN ('honeypot', 'too-fast', 'no-stamp')),
            count INTEGER NOT NULL,
            PRIMARY KEY (shop_id, day, reason)
        );
        """,
    )
