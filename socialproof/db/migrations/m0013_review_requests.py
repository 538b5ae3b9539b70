"""Migration 0013: review requests, the suppression list, moderator digests, and the writer's own edits.

The outbox is rebuilt: a digest goes to a moderator, not for one shop
(``shop_id`` may be empty), and a message the rules stop at sending time
(a cap, an unsubscribe, a review already written) is ``withheld`` with the
rule in ``last_error``, never silently dropped. Shipped: never edit, add the
next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE outbox_new (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER REFERENCES shops (id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
            ref TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(ref)),
            recipient TEXT NOT NULL,
            lang TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'withheld')),
            attempts INTEGER NOT NULL DEFAULT 0,
            due_at TEXT NOT NULL,
            claimed_at TEXT,
            sent_at TEXT,
            message_id TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL
        );
        INSERT INTO outbox_new SELECT * FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_new RENAME TO outbox;
        CREATE INDEX outbox_due ON outbox (status, due_at);
        CREATE INDEX outbox_by_shop ON outbox (shop_id, id);
        CREATE INDEX outbox_by_recipient ON outbox (recipient COLLATE NOCASE, sent_at);

        ALTER TABLE shops ADD COLUMN review_requests INTEGER NOT NULL DEFAULT 0 CHECK (review_requests IN (0, 1));
        ALTER TABLE shops ADD COLUMN request_after_days INTEGER NOT NULL DEFAULT 14;
        ALTER TABLE shops ADD COLUMN reminder_after_days INTEGER DEFAULT 7;  -- NULL: no reminder

        -- When a request (and its reminder) named this invitation's product to its address.
        ALTER TABLE invitations ADD COLUMN lang TEXT;
        ALTER TABLE invitations ADD COLUMN request_id INTEGER;  -- the outbox row of the request that asks about it
        ALTER TABLE invitations ADD COLUMN requested_at TEXT;
        ALTER TABLE invitations ADD COLUMN reminded_at TEXT;
        CREATE INDEX invitations_by_address ON invitations (shop_id, email COLLATE NOCASE, requested_at);

        -- Addresses that unsubscribed, as keyed hashes (mail/suppression.py): never mailed again.
        CREATE TABLE suppressions (
            shop_id INTEGER NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
            address_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (shop_id, address_hash)
        );

        ALTER TABLE moderators ADD COLUMN digest TEXT NOT NULL DEFAULT 'daily'
            CHECK (digest IN ('immediately', 'daily', 'never'));
        ALTER TABLE moderators ADD COLUMN digest_lang TEXT NOT NULL DEFAULT 'en';
        ALTER TABLE moderators ADD COLUMN digest_sent_at TEXT;

        ALTER TABLE reviews ADD COLUMN edited_by_writer INTEGER NOT NULL DEFAULT 0 CHECK (edited_by_writer IN (0, 1));
        """,
    )
