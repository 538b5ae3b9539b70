"""Migration 0003: photos. Shipped: never edit, add the next migration.

PostgreSQL has it in its baseline (postgresql_baseline.sql), from 0018."""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
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
        """,
    )
