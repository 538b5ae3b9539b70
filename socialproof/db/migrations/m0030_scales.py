"""Migration 0030: attribute scales ("Koko: Pieni | Sopiva | Suuri") that reviews of a product may answer.

``scales`` holds a shop's questions: ``name`` in ``lang``, the shop's language then (its key), and ``names`` and
``labels`` per language as JSON. ``scale_products`` says which products ask it (at most three a
product, checked where they are set). ``review_scales`` holds each review's answer as a point,
1 to the scale's number of points, so renaming a label never changes what a shopper said.
A scale set or changed is a change of the shop's widgets (the change feed's 'shop').

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase

TABLES = [
    """CREATE TABLE scales (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        lang TEXT NOT NULL,
        names TEXT NOT NULL,
        labels TEXT NOT NULL,
        points INTEGER NOT NULL CHECK (points IN (3, 5)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (shop_id, name)
    )""",
    """CREATE TABLE scale_products (
        scale_id INTEGER NOT NULL REFERENCES scales(id) ON DELETE CASCADE,
        product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        PRIMARY KEY (scale_id, product_id)
    )""",
    "CREATE INDEX scale_products_by_product ON scale_products (product_id)",
    """CREATE TABLE review_scales (
        review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        scale_id INTEGER NOT NULL REFERENCES scales(id) ON DELETE CASCADE,
        point INTEGER NOT NULL CHECK (point BETWEEN 1 AND 5),
        PRIMARY KEY (review_id, scale_id)
    )""",
    "CREATE INDEX review_scales_by_scale ON review_scales (scale_id, point)",
]
ROWS = (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
LINKS = (("INSERT", "NEW"), ("DELETE", "OLD"))  # a link row is made or taken away, never changed
OWN_SHOP = "(SELECT {r}.shop_id AS shop_id) AS x"
SCALES_SHOP = "scales WHERE id = {r}.scale_id"


def shop_feed(table: str, events: tuple[tuple[str, str], ...], shop_from: str) -> list[str]:
    """Triggers making each change of ``table`` a change of its shop's widgets (the feed's 'shop');
    ``shop_from`` is where a row's ``shop_id`` is read ({r}: the row, NEW or OLD). Migration 0031 uses it too."""
    return [
        f"CREATE TRIGGER {table}_feed_{event.lower()} AFTER {event} ON {table} "
        f"BEGIN INSERT INTO changes (shop_id, product_id, kind, ref_id) "
        f"SELECT shop_id, NULL, 'shop', shop_id FROM {shop_from.format(r=r)}; END"
        for event, r in events
    ]


FEED = shop_feed("scales", ROWS, OWN_SHOP) + shop_feed("scale_products", LINKS, SCALES_SHOP)


def sqlite(db: Database) -> None:
    for statement in TABLES + FEED:
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in TABLES:
        db.execute(translate.table(statement))
    for trigger in FEED:
        for statement in translate.trigger(trigger):
            db.execute(statement)
