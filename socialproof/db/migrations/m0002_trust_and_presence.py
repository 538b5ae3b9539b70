"""Migration 0002: trust and presence. Shipped: never edit, add the next migration.

PostgreSQL has it in its baseline (postgresql_baseline.sql), from 0018."""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        -- The shop's trust profile: each shown only when set.
        ALTER TABLE shops ADD COLUMN country TEXT;            -- ISO 3166 alpha-2 of the business
        ALTER TABLE shops ADD COLUMN ships_from TEXT;         -- ISO 3166 alpha-2 orders ship from
        ALTER TABLE shops ADD COLUMN independent INTEGER CHECK (independent IN (0, 1));
        ALTER TABLE shops ADD COLUMN founder_name TEXT;
        ALTER TABLE shops ADD COLUMN founder_photo TEXT;      -- https URL
        ALTER TABLE shops ADD COLUMN greeting TEXT;
        ALTER TABLE shops ADD COLUMN business_id TEXT;        -- Finnish Y-tunnus, check digit verified
        ALTER TABLE shops ADD COLUMN returns_days INTEGER CHECK (returns_days BETWEEN 0 AND 365);
        ALTER TABLE shops ADD COLUMN free_returns INTEGER CHECK (free_returns IN (0, 1));
        ALTER TABLE shops ADD COLUMN founded INTEGER;
        -- The smallest counts the activity widget shows: a purchase count could point
        -- at a buyer, so it needs more company than "someone else is looking".
        ALTER TABLE shops ADD COLUMN purchase_threshold INTEGER NOT NULL DEFAULT 3 CHECK (purchase_threshold >= 2);
        ALTER TABLE shops ADD COLUMN viewer_threshold INTEGER NOT NULL DEFAULT 2 CHECK (viewer_threshold >= 1);

        -- Secrets this server generates for itself (token signing, visitor hashing).
        CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL, created_at TEXT NOT NULL);
        -- One salt a day for hashing shoppers' IP addresses; old salts are deleted,
        -- after which yesterday's hashes can't be linked to anyone.
        CREATE TABLE ip_salts (day TEXT PRIMARY KEY, salt BLOB NOT NULL);

        ALTER TABLE reviews ADD COLUMN verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1));
        ALTER TABLE reviews ADD COLUMN invitation_id INTEGER REFERENCES invitations(id);
        ALTER TABLE reviews ADD COLUMN helpful_count INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX reviews_by_product_helpful ON reviews (product_id, status, helpful_count, created_at);
        -- The summary also counts "would recommend" answers, still from the index alone.
        CREATE INDEX reviews_summary ON reviews (product_id, status, rating, recommend);
        CREATE INDEX reviews_shop_summary ON reviews (shop_id, status, rating);

        CREATE TABLE invitations (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            order_ref TEXT NOT NULL,
            product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
            email TEXT,
            name TEXT,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            UNIQUE (shop_id, order_ref, product_id)
        );

        -- A recommendation of a product, or of the shop itself (product_id NULL).
        CREATE TABLE recommendations (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            product_id INTEGER REFERENCES products(id) ON DELETE CASCADE,
            visitor_hash TEXT,
            ip_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX recommendations_by_target ON recommendations (shop_id, product_id, visitor_hash);
        CREATE INDEX recommendations_by_ip ON recommendations (shop_id, product_id, ip_hash);

        CREATE TABLE helpful_votes (
            id INTEGER PRIMARY KEY,
            review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
            visitor_hash TEXT,
            ip_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX helpful_votes_by_visitor ON helpful_votes (review_id, visitor_hash);
        CREATE INDEX helpful_votes_by_ip ON helpful_votes (review_id, ip_hash);

        -- Purchases the shop's backend reports; the only source of "ordered this week".
        CREATE TABLE purchase_events (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
            quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
            town TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX purchase_events_by_product ON purchase_events (product_id, created_at);

        -- The last sign of life of each visitor on a product page; purged after minutes.
        CREATE TABLE heartbeats (
            product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
            visitor_hash TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (product_id, visitor_hash)
        );
        CREATE INDEX heartbeats_by_time ON heartbeats (seen_at);
        CREATE INDEX heartbeats_by_product_time ON heartbeats (product_id, seen_at);

        -- Fixed-window counters for rate limits, keyed by action and hashed shopper.
        CREATE TABLE rate_limits (
            key TEXT NOT NULL,
            window_end INTEGER NOT NULL,  -- Unix time the window closes
            count INTEGER NOT NULL,
            PRIMARY KEY (key, window_end)
        );
        CREATE INDEX rate_limits_by_end ON rate_limits (window_end);
        """,
    )
