"""Migration 0001: foundation. Shipped: never edit, add the next migration.

PostgreSQL has it in its baseline (postgresql_baseline.sql), from 0018."""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE shops (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            lang TEXT NOT NULL DEFAULT 'fi' CHECK (lang IN ('fi', 'sv', 'en')),
            origins TEXT NOT NULL DEFAULT '[]',  -- JSON list of the shop's web origins
            moderation TEXT NOT NULL DEFAULT 'pre' CHECK (moderation IN ('pre', 'post')),
            created_at TEXT NOT NULL
        );

        -- Keys are 256-bit random strings, so a plain SHA-256 is the right hash:
        -- nothing to brute-force, and a lookup stays one index probe.
        CREATE TABLE api_keys (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            prefix TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );

        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            external_id TEXT NOT NULL,
            name TEXT,
            url TEXT,
            image_url TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (shop_id, external_id)
        );

        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
            title TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            author_name TEXT NOT NULL,
            email TEXT,
            recommend INTEGER CHECK (recommend IN (0, 1)),
            lang TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
            rejection_reason TEXT CHECK (rejection_reason IN
                ('spam', 'offensive', 'personal-data', 'off-topic', 'not-genuine')),
            created_at TEXT NOT NULL,
            published_at TEXT,
            moderated_at TEXT
        );
        -- A product's page of reviews in each sort order, and its summary, are
        -- index range scans however many reviews the shop has
        -- (tests/db/test_query_plans.py holds us to that).
        CREATE INDEX reviews_by_product_newest ON reviews (product_id, status, created_at);
        CREATE INDEX reviews_by_product_rating ON reviews (product_id, status, rating, created_at);
        CREATE INDEX reviews_by_product_rating_desc ON reviews (product_id, status, rating DESC, created_at);
        CREATE INDEX reviews_by_shop_status ON reviews (shop_id, status, created_at);

        CREATE TABLE moderation_log (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            review_id INTEGER REFERENCES reviews(id) ON DELETE SET NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'publish')),
            reason TEXT,
            from_status TEXT,
            to_status TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX moderation_log_by_shop ON moderation_log (shop_id, created_at);
        CREATE INDEX moderation_log_by_review ON moderation_log (review_id);
        """,
    )
