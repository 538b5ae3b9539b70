"""Migrations 0001-0008: the schema up to the read path. Shipped: never edit, add the next."""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.migrations.registry import migrations


@migrations(name="0001_foundation")
def foundation(db: Database) -> None:
    db.executescript(
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
        """
    )


@migrations(name="0002_trust_and_presence")
def trust_and_presence(db: Database) -> None:
    db.executescript(
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
        """
    )


@migrations(name="0003_photos")
def photos(db: Database) -> None:
    db.executescript(
        """
        -- Shoppers' photos, re-encoded and named by the hash of the stored file
        -- (the same photo twice is one file). A photo is public only while both
        -- it and its review are approved.
        CREATE TABLE photos (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
            review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            thumb_width INTEGER NOT NULL,
            thumb_height INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
            rejection_reason TEXT CHECK (rejection_reason IN
                ('spam', 'offensive', 'personal-data', 'off-topic', 'not-genuine')),
            created_at TEXT NOT NULL,
            moderated_at TEXT
        );
        CREATE INDEX photos_by_review ON photos (review_id, position);
        CREATE INDEX photos_by_product ON photos (product_id, status, id);
        CREATE INDEX photos_by_shop ON photos (shop_id, status, id);
        CREATE INDEX photos_by_hash ON photos (content_hash);

        -- Whether a review has approved photos, kept with it (photos.py) so that
        -- "with photos" is an equality and the page stays an index range.
        ALTER TABLE reviews ADD COLUMN has_photos INTEGER NOT NULL DEFAULT 0 CHECK (has_photos IN (0, 1));
        CREATE INDEX reviews_with_photos ON reviews (product_id, status, has_photos, created_at);

        -- A decision about one photo is logged like one about a review, naming the photo.
        ALTER TABLE moderation_log ADD COLUMN photo_id INTEGER REFERENCES photos(id) ON DELETE SET NULL;
        """
    )


@migrations(name="0004_workspace")
def workspace(db: Database) -> None:
    db.executescript(
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
        """
    )


@migrations(name="0005_theme")
def theme(db: Database) -> None:
    # {"accent": "#rrggbb", "accent_dark": "#rrggbb", "radius": 8, "font": "..."}: checked in theme.py
    db.execute("ALTER TABLE shops ADD COLUMN theme TEXT NOT NULL DEFAULT '{}'")


@migrations(name="0006_hardening")
def hardening(db: Database) -> None:
    db.executescript(
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
        """
    )


@migrations(name="0007_rate_buckets")
def rate_buckets(db: Database) -> None:
    db.executescript(
        """
        -- Rate limits as GCRA buckets (ratelimit.py): one row a key, no window edges.
        -- The old fixed-window counters only ever held minutes of state.
        DROP TABLE rate_limits;
        CREATE TABLE rate_limits (
            key TEXT PRIMARY KEY,
            tat REAL NOT NULL  -- "theoretical arrival time": Unix time the bucket is full again
        ) WITHOUT ROWID;
        CREATE INDEX rate_limits_by_tat ON rate_limits (tat);
        """
    )


@migrations(name="0008_audit_log_kept")
def audit_log_kept(db: Database) -> None:
    db.executescript(
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
        """
    )
