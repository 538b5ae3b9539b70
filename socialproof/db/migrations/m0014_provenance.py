"""Migration 0014: where each review came from, and the imports that brought reviews in.

``source`` is ``web``, ``invitation`` or ``import:<service>``; ``source_id`` is
the review's id at that service, which makes importing the same file twice
add nothing. ``verified_at_source`` is what the service's own file says,
kept apart from ``verified`` (our own invitation check).

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        ALTER TABLE reviews ADD COLUMN source TEXT NOT NULL DEFAULT 'web';
        ALTER TABLE reviews ADD COLUMN source_id TEXT;
        ALTER TABLE reviews ADD COLUMN verified_at_source INTEGER NOT NULL DEFAULT 0
            CHECK (verified_at_source IN (0, 1));
        UPDATE reviews SET source = 'invitation' WHERE invitation_id IS NOT NULL;
        CREATE UNIQUE INDEX reviews_by_source ON reviews (shop_id, source, source_id) WHERE source_id IS NOT NULL;

        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            service TEXT NOT NULL,
            file_hash TEXT NOT NULL,
            reviews INTEGER NOT NULL,
            replies INTEGER NOT NULL,
            photos INTEGER NOT NULL,
            refused INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
    )
