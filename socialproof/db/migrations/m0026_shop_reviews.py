"""Migration 0026: reviews of the shop itself (socialproof/shop_reviews/): delivery, service, packaging.

Their own table, so no product's or shop's product-review numbers, feed, insight or export can
count one by mistake. A review written for an order is verified, once per order. Its change
is a change of the shop in the feed, so the shop's widgets refresh on every server.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase
from socialproof.db.migrations.m0023_questions import REASONS, STATES

TABLES = [
    f"""CREATE TABLE shop_reviews (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        author_name TEXT NOT NULL,
        email TEXT,
        lang TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN {STATES}),
        rejection_reason TEXT CHECK (rejection_reason IN {REASONS}),
        verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
        order_ref TEXT,
        shopper_hash TEXT,
        reply TEXT,
        replied_at TEXT,
        created_at TEXT NOT NULL,
        published_at TEXT,
        moderated_at TEXT,
        UNIQUE (shop_id, order_ref)
    )""",
    # A page of the shop's published reviews, and their numbers, are index range scans.
    "CREATE INDEX shop_reviews_by_shop ON shop_reviews (shop_id, status, created_at)",
    "CREATE INDEX shop_reviews_by_rating ON shop_reviews (shop_id, status, rating)",
]
FEED = [
    f"CREATE TRIGGER shop_reviews_feed_{event.lower()} AFTER {event} ON shop_reviews WHEN {when} "
    f"BEGIN INSERT INTO changes (shop_id, product_id, kind, ref_id) VALUES ({r}.shop_id, NULL, 'shop', {r}.shop_id); END"
    for event, r, when in (
        ("INSERT", "NEW", "NEW.status = 'approved'"),
        ("UPDATE", "NEW", "OLD.status = 'approved' OR NEW.status = 'approved'"),
        ("DELETE", "OLD", "OLD.status = 'approved'"),
    )
]


def sqlite(db: Database) -> None:
    for statement in TABLES + FEED:
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in TABLES:
        db.execute(translate.table(statement))
    for trigger in FEED:
        for statement in translate.trigger(trigger):
            db.execute(statement)
