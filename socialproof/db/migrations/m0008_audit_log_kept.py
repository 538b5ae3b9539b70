"""Migration 0008: audit log kept. Shipped: never edit, add the next migration.

PostgreSQL has it in its baseline (postgresql_baseline.sql), from 0018."""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        -- The audit log refuses DELETE as well as UPDATE. Its review and photo ids are plain numbers,
        -- not foreign keys: ON DELETE SET NULL was an UPDATE the log refused, so a logged review or
        -- photo could not be deleted at all. The entry keeps the id, never the person's words.
        -- Actions are checked by audit.Action, their one declaration, rather than restated here.
        DROP TRIGGER moderation_log_no_update;
        CREATE TABLE moderation_log_new (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id),
            review_id INTEGER,
            photo_id INTEGER,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            reason TEXT,
            from_status TEXT,
            to_status TEXT,
            created_at TEXT NOT NULL
        );
        INSERT INTO moderation_log_new (id, shop_id, review_id, photo_id, actor, action, reason, from_status,
                                        to_status, created_at)
            SELECT id, shop_id, review_id, photo_id, actor, action, reason, from_status, to_status, created_at
            FROM moderation_log;
        DROP TABLE moderation_log;
        ALTER TABLE moderation_log_new RENAME TO moderation_log;
        CREATE INDEX moderation_log_by_shop ON moderation_log (shop_id, created_at);
        CREATE INDEX moderation_log_by_review ON moderation_log (review_id);
        CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log
            BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
        CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log
            BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
        """,
    )
