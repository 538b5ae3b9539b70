"""Migration 0029: when the buyer had what they review (the date of experience), by month.

``experienced_at`` ("2026-03") on a review of a product or of the shop: the month the
shop reported the order its link came from, or what an imported file says. A month, not
a day: all a shopper needs to weigh an old review, and no more about the buyer. Reviews
that came through an order's link before this migration get theirs from the order.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase

COLUMNS = [
    "ALTER TABLE reviews ADD COLUMN experienced_at TEXT",
    "ALTER TABLE shop_reviews ADD COLUMN experienced_at TEXT",
]
FROM_ORDERS = [
    "UPDATE reviews SET experienced_at = "
    "(SELECT substr(i.created_at, 1, 7) FROM invitations i WHERE i.id = reviews.invitation_id) "
    "WHERE invitation_id IS NOT NULL",
    "UPDATE shop_reviews SET experienced_at = (SELECT substr(min(i.created_at), 1, 7) FROM invitations i "
    "WHERE i.shop_id = shop_reviews.shop_id AND i.order_ref = shop_reviews.order_ref) "
    "WHERE order_ref IS NOT NULL",
]


def sqlite(db: Database) -> None:
    for statement in COLUMNS + FROM_ORDERS:
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in COLUMNS:
        db.execute(translate.table(statement))
    for statement in FROM_ORDERS:
        db.execute(statement)
