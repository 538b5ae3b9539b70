"""Migration 0017: orders as the shop's platform reports them, the platform's webhook secret, deliveries seen.

Only what review requests and "ordered this week" need is kept: the order's
reference and state. Addresses, prices and phone numbers in the platforms'
payloads are never stored.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE platform_connections (
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            platform TEXT NOT NULL CHECK (platform IN ('shopify', 'woocommerce')),
            secret TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (shop_id, platform)
        );
        CREATE TABLE orders (
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            order_ref TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('paid', 'fulfilled', 'cancelled')),
            purchases_recorded INTEGER NOT NULL DEFAULT 0 CHECK (purchases_recorded IN (0, 1)),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (shop_id, order_ref)
        );
        CREATE TABLE hook_deliveries (
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            platform TEXT NOT NULL,
            delivery_id TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (shop_id, platform, delivery_id)
        );
        CREATE INDEX hook_deliveries_by_time ON hook_deliveries (received_at);
        """,
    )
