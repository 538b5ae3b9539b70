"""Migration 0011: the outbox every mail goes through (socialproof/mail/outbox.py).

A row holds what to send (its kind and what it refers to, as JSON), to whom,
in which language, and how its sending went. Shipped: never edit, add the
next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
            ref TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(ref)),
            recipient TEXT NOT NULL,
            lang TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at TEXT NOT NULL,
            claimed_at TEXT,
            sent_at TEXT,
            message_id TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX outbox_due ON outbox (status, due_at);
        CREATE INDEX outbox_by_shop ON outbox (shop_id, id);
        """,
    )
