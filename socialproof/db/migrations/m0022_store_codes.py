"""Migration 0022: in-store review codes (reviews/store_codes.py).

A batch covers a run of the shop's code numbers; its codes are signed, not stored,
so only the batch (its products, expiry, revocation) and each use are rows. A use is
keyed by the code's number and the product reviewed: a basket's code reviews each of
its products once; a code for any product is used with product_id 0, once.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase

TABLES = [
    """CREATE TABLE store_code_batches (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        first_number INTEGER NOT NULL,
        count INTEGER NOT NULL CHECK (count > 0),
        expires_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        UNIQUE (shop_id, first_number)
    )""",
    """CREATE TABLE store_code_products (
        batch_id INTEGER NOT NULL REFERENCES store_code_batches(id) ON DELETE CASCADE,
        product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        PRIMARY KEY (batch_id, product_id)
    )""",
    """CREATE TABLE store_codes_used (
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        product_id INTEGER NOT NULL,
        batch_id INTEGER NOT NULL REFERENCES store_code_batches(id) ON DELETE CASCADE,
        review_id INTEGER,
        used_at TEXT NOT NULL,
        PRIMARY KEY (shop_id, number, product_id)
    )""",
    "CREATE INDEX store_codes_used_by_batch ON store_codes_used (batch_id)",
]


def sqlite(db: Database) -> None:
    for statement in TABLES:
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in TABLES:
        db.execute(translate.table(statement))
