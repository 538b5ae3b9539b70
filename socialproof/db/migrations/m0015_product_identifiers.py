"""Migration 0015: a product's GTIN, MPN, SKU and brand, for structured data and Google's review feed.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        ALTER TABLE products ADD COLUMN gtin TEXT;
        ALTER TABLE products ADD COLUMN mpn TEXT;
        ALTER TABLE products ADD COLUMN sku TEXT;
        ALTER TABLE products ADD COLUMN brand TEXT;
        """,
    )
