"""Migration 0009: aggregates kept by the database itself, and the change feed.

Both are triggers, so no code path can change a review without its numbers
and its change following in the same transaction: an approval, an erasure,
an import written next year. ``socialproof doctor`` recounts and compares.
Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.script import run_script

# What a review adds to its product's and its shop's numbers while approved.
COUNTED = {
    "n1": "{r}.rating = 1",
    "n2": "{r}.rating = 2",
    "n3": "{r}.rating = 3",
    "n4": "{r}.rating = 4",
    "n5": "{r}.rating = 5",
    "recommend_yes": "{r}.recommend IS 1",
    "recommend_answered": "{r}.recommend IS NOT NULL",
    "verified": "{r}.verified = 1",
    "with_photos": "{r}.has_photos = 1",
}
STATS_COLUMNS = ",\n".join(f"    {c} INTEGER NOT NULL DEFAULT 0" for c in COUNTED)


def _apply(table: str, key: str, r: str, sign: str) -> str:
    """Add (sign '+') or take away ('-') review row ``r`` (NEW or OLD) from the stats row it counts in."""
    sets = ", ".join(
        f"{c} = {c} {sign} ({r}.status = 'approved' AND ({test.format(r=r)}))" for c, test in COUNTED.items()
    )
    return f"UPDATE {table} SET {sets} WHERE {key} = {r}.{key};"


def _stats_sql() -> str:
    def both(r: str, sign: str) -> str:
        return _apply("product_stats", "product_id", r, sign) + "\n" + _apply("shop_stats", "shop_id", r, sign)

    return f"""
    CREATE TABLE product_stats (
        product_id INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    {STATS_COLUMNS}
    );
    CREATE TABLE shop_stats (
        shop_id INTEGER PRIMARY KEY REFERENCES shops(id) ON DELETE CASCADE,
    {STATS_COLUMNS}
    );
    CREATE TRIGGER products_get_stats AFTER INSERT ON products
    BEGIN INSERT INTO product_stats (product_id) VALUES (NEW.id); END;
    CREATE TRIGGER shops_get_stats AFTER INSERT ON shops
    BEGIN INSERT INTO shop_stats (shop_id) VALUES (NEW.id); END;

    CREATE TRIGGER reviews_count_insert AFTER INSERT ON reviews WHEN NEW.status = 'approved'
    BEGIN {both("NEW", "+")} END;
    CREATE TRIGGER reviews_count_delete AFTER DELETE ON reviews WHEN OLD.status = 'approved'
    BEGIN {both("OLD", "-")} END;
    CREATE TRIGGER reviews_count_update
    AFTER UPDATE OF status, rating, recommend, verified, has_photos, product_id, shop_id ON reviews
    WHEN OLD.status = 'approved' OR NEW.status = 'approved'
    BEGIN {both("OLD", "-")} {both("NEW", "+")} END;
    """


# Every write the public can see: (table, the row's shop, its product row or NULL, kind, ref, when to record).
FED = [
    ("reviews", "{r}.shop_id", "{r}.product_id", "review", "{r}.id", "{r}.status = 'approved'"),
    (
        "replies",
        "(SELECT shop_id FROM reviews WHERE id = {r}.review_id)",
        "(SELECT product_id FROM reviews WHERE id = {r}.review_id)",
        "reply",
        "{r}.review_id",
        "",
    ),
    ("photos", "{r}.shop_id", "{r}.product_id", "photo", "{r}.id", "{r}.status = 'approved'"),
    ("products", "{r}.shop_id", "{r}.id", "product", "{r}.id", ""),
    ("shops", "{r}.id", "NULL", "shop", "{r}.id", ""),
    ("recommendations", "{r}.shop_id", "{r}.product_id", "recommendation", "{r}.id", ""),
    ("purchase_events", "{r}.shop_id", "{r}.product_id", "purchase", "{r}.id", ""),
]
# An update of a review is a change only when something shown changed (not open_reports, say).
SHOWN = {
    "reviews": [
        "status",
        "rating",
        "title",
        "body",
        "author_name",
        "recommend",
        "verified",
        "helpful_count",
        "has_photos",
        "edited_by_shop",
        "erased",
        "published_at",
        "lang",
        "product_id",
    ]
}
KINDS = [kind for _, _, _, kind, _, _ in FED]


def _feed_sql() -> str:
    kinds = ", ".join(f"'{k}'" for k in KINDS)
    sql = f"""
    -- Monotonic ids (AUTOINCREMENT never reuses one, even after the newest rows are
    -- forgotten), so a consumer that remembers its position misses nothing.
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        shop_id INTEGER NOT NULL,
        product_id INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ({kinds})),
        ref_id INTEGER NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX changes_by_time ON changes (created_at);
    -- Where each consumer of the feed (a cache, a webhook sender) has read up to.
    CREATE TABLE feed_positions (
        consumer TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        updated_at TEXT NOT NULL
    );
    """
    events = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}
    for table, shop, product, kind, ref, when in FED:
        for event, rows in events.items():
            r = rows[-1]
            cond = " OR ".join(when.format(r=x) for x in rows) if when else ""
            if event == "UPDATE" and table in SHOWN:
                cond = f"({cond}) AND (" + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in SHOWN[table]) + ")"
            shop_of = shop.format(r=r)
            sql += (
                f"CREATE TRIGGER {table}_feed_{event.lower()} AFTER {event} ON {table}"
                + (f" WHEN {cond}" if cond else "")
                + f"\nBEGIN INSERT INTO changes (shop_id, product_id, kind, ref_id) "
                f"SELECT {shop_of}, {product.format(r=r)}, '{kind}', {ref.format(r=r)} "
                f"WHERE {shop_of} IS NOT NULL; END;\n"
            )
    return sql


def sqlite(db: Database) -> None:
    run_script(db, _stats_sql() + _feed_sql())
    db.execute("INSERT INTO product_stats (product_id) SELECT id FROM products")
    db.execute("INSERT INTO shop_stats (shop_id) SELECT id FROM shops")
    sums = ", ".join(
        f"{c} = (SELECT count(*) FROM reviews r WHERE r.{{key}} = {{table}}.{{key}} "
        f"AND r.status = 'approved' AND ({test.format(r='r')}))"
        for c, test in COUNTED.items()
    )
    for table, key in (("product_stats", "product_id"), ("shop_stats", "shop_id")):
        db.execute(f"UPDATE {table} SET " + sums.format(table=table, key=key))
