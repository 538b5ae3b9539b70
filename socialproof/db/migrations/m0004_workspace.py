"""Migration 0004: workspace. Shipped: never edit, add the next migration.

PostgreSQL has it in its baseline (postgresql_baseline.sql), from 0018."""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE moderators (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,            -- argon2id
            is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
            created_at TEXT NOT NULL
        );
        CREATE TABLE moderator_shops (
            moderator_id INTEGER NOT NULL REFERENCES moderators(id) ON DELETE CASCADE,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            PRIMARY KEY (moderator_id, shop_id)
        );
        -- A signed cookie names one of these; logging out deletes it, so the cookie dies with it.
        CREATE TABLE admin_sessions (
            id TEXT PRIMARY KEY,
            moderator_id INTEGER NOT NULL REFERENCES moderators(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX admin_sessions_by_expiry ON admin_sessions (expires_at);

        -- The shop's one public reply to a review.
        CREATE TABLE replies (
            review_id INTEGER PRIMARY KEY REFERENCES reviews(id) ON DELETE CASCADE,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        -- Shoppers' reports. A report hides nothing: it brings the review back to
        -- a moderator, who decides.
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
            reason TEXT NOT NULL CHECK (reason IN ('spam', 'offensive', 'personal-data', 'off-topic', 'not-genuine')),
            note TEXT,
            ip_hash TEXT NOT NULL,
            visitor_hash TEXT,
            created_at TEXT NOT NULL,
            resolved_at TEXT
        );
        CREATE INDEX reports_open ON reports (review_id, resolved_at);

        ALTER TABLE reviews ADD COLUMN edited_by_shop INTEGER NOT NULL DEFAULT 0 CHECK (edited_by_shop IN (0, 1));
        ALTER TABLE reviews ADD COLUMN open_reports INTEGER NOT NULL DEFAULT 0;
        -- For the "repeated text from the same shopper" hint: hashes only.
        ALTER TABLE reviews ADD COLUMN body_hash TEXT;
        ALTER TABLE reviews ADD COLUMN shopper_hash TEXT;
        CREATE INDEX reviews_by_body ON reviews (shop_id, body_hash);
        CREATE INDEX reviews_reported ON reviews (shop_id, open_reports, created_at);

        -- Words each shop wants flagged, per language: {"fi": [...], "sv": [...], "en": [...]}.
        ALTER TABLE shops ADD COLUMN blocklist TEXT NOT NULL DEFAULT '{}';

        -- The audit log learns new actions. SQLite can't alter a CHECK, so the
        -- table is rebuilt with every entry kept.
        CREATE TABLE moderation_log_new (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            review_id INTEGER REFERENCES reviews(id) ON DELETE SET NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'publish', 'reply', 'reply-edit',
                                                   'reply-remove', 'redact', 'report', 'blocklist')),
            reason TEXT,
            from_status TEXT,
            to_status TEXT,
            created_at TEXT NOT NULL,
            photo_id INTEGER REFERENCES photos(id) ON DELETE SET NULL
        );
        INSERT INTO moderation_log_new (id, shop_id, review_id, actor, action, reason, from_status, to_status,
                                        created_at, photo_id)
            SELECT id, shop_id, review_id, actor, action, reason, from_status, to_status, created_at, photo_id
            FROM moderation_log;
        DROP TABLE moderation_log;
        ALTER TABLE moderation_log_new RENAME TO moderation_log;
        CREATE INDEX moderation_log_by_shop ON moderation_log (shop_id, created_at);
        CREATE INDEX moderation_log_by_review ON moderation_log (review_id);
        -- The audit log is append-only: nothing in socialproof updates or deletes an entry.
        CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log
            BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END;
        """,
    )
