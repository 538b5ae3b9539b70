"""Migration 0027: the shop's all-reviews page filtered by stars is an index range scan, newest first.

``reviews_shop_summary`` (shop_id, status, rating) counts a shop's ratings but can't give a
rating's reviews in time order without sorting them all; this index can, at any size.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.engine import Database as AnyDatabase

INDEX = "CREATE INDEX reviews_by_shop_rating ON reviews (shop_id, status, rating, created_at)"


def sqlite(db: Database) -> None:
    db.execute(INDEX)


def postgresql(db: AnyDatabase) -> None:
    db.execute(INDEX)
