"""Migration 0031: product groups, whose reviews are pooled on each member's widgets, each labelled.

``product_groups`` is the merchant's group (``external_id`` as the merchant names it, like a product id;
``name`` as shoppers read it). ``products.group_id`` puts a product in at most one group, of its
own shop (checked where it is set). ``scale_groups`` lets a group ask an attribute scale, so a
product added to the group later asks it too. A group set or changed is a change of the shop's
widgets (the change feed's 'shop'): every member's pooled list and numbers change with it.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase
from socialproof.db.migrations.m0030_scales import LINKS, OWN_SHOP, ROWS, SCALES_SHOP, shop_feed

TABLES = [
    """CREATE TABLE product_groups (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        external_id TEXT NOT NULL,
        name TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (shop_id, external_id)
    )""",
    "ALTER TABLE products ADD COLUMN group_id INTEGER REFERENCES product_groups(id) ON DELETE SET NULL",
    "CREATE INDEX products_by_group ON products (group_id)",
    """CREATE TABLE scale_groups (
        scale_id INTEGER NOT NULL REFERENCES scales(id) ON DELETE CASCADE,
        group_id INTEGER NOT NULL REFERENCES product_groups(id) ON DELETE CASCADE,
        PRIMARY KEY (scale_id, group_id)
    )""",
    "CREATE INDEX scale_groups_by_group ON scale_groups (group_id)",
]
FEED = shop_feed("product_groups", ROWS, OWN_SHOP) + shop_feed("scale_groups", LINKS, SCALES_SHOP)


def sqlite(db: Database) -> None:
    for statement in TABLES + FEED:
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in TABLES:
        db.execute(translate.table(statement))
    for trigger in FEED:
        for statement in translate.trigger(trigger):
            db.execute(statement)
