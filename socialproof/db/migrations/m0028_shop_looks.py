"""Migration 0028: what makes the shop's mail look like the shop's: its logo, and its products' pictures.

``shops.logo`` is a small PNG as a data URI (shops/logo.py). ``products.image_thumb`` is the
picture ``product set --image`` fetched once and re-encoded (160 px JPEG): mail carries it as a
part of its own, so the shop's image host never learns who opened a mail, and when.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase

COLUMNS = [
    "ALTER TABLE shops ADD COLUMN logo TEXT",
    "ALTER TABLE products ADD COLUMN image_thumb BLOB",
]


def sqlite(db: Database) -> None:
    for statement in COLUMNS:
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in COLUMNS:
        db.execute(translate.table(statement))
