"""Migrations build the schema from nothing and upgrade every earlier version."""

import functools
from pathlib import Path

import pytest
from sqlite_utils import Database

from socialproof.db import migrations as migrations_package
from socialproof.db import pg_schema
from socialproof.db.migrations import STEPS, migration_names, migrations
from socialproof.db.migrations.m0018_webhooks import BASELINE as BASELINE_SQL


def schema(db: Database) -> dict[str, str]:
    return {
        row["name"]: row["sql"]
        for row in db.query(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '_sqlite_migrations%' "
            "ORDER BY name"
        )
    }


def fresh() -> Database:
    db = Database(memory=True, execute_plugins=False)
    db.execute("PRAGMA foreign_keys=ON")
    return db


def test_an_empty_database_gets_every_table():
    with fresh() as db:
        migrations.apply(db)
        assert {"shops", "api_keys", "products", "reviews", "moderation_log"} <= set(db.table_names())
        assert migrations.pending(db) == []


def test_migrating_twice_changes_nothing():
    with fresh() as db:
        migrations.apply(db)
        before = schema(db)
        migrations.apply(db)
        assert schema(db) == before


@functools.cache
def current_schema() -> dict[str, str]:
    """The schema every upgrade must arrive at, built once per process rather than once per version."""
    with fresh() as current:
        migrations.apply(current)
        return schema(current)


@pytest.mark.parametrize("stop_before", migration_names())
def test_every_earlier_version_upgrades_to_the_current_schema(stop_before):
    expected = current_schema()
    with fresh() as db:
        migrations.apply(db, stop_before=stop_before)
        assert migrations.pending(db)[0].name == stop_before
        migrations.apply(db)
        assert schema(db) == expected
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_statuses_are_named_and_the_database_refuses_others(db):
    db["shops"].insert({"slug": "s", "name": "S", "created_at": "now"})
    db["products"].insert({"shop_id": 1, "external_id": "p", "created_at": "now"})
    row = {
        "shop_id": 1,
        "product_id": 1,
        "rating": 5,
        "body": "b",
        "author_name": "a",
        "lang": "fi",
        "created_at": "now",
    }
    db["reviews"].insert(row | {"status": "pending"})
    refused = "CHECK constraint failed|violates check constraint"  # SQLite's words, PostgreSQL's
    with pytest.raises(Exception, match=refused):
        db["reviews"].insert(row | {"status": "2"})
    with pytest.raises(Exception, match=refused):
        db["reviews"].insert(row | {"status": "approved", "rating": 6})


def test_upgrading_to_trust_and_presence_keeps_shops_and_reviews():
    with fresh() as db:
        migrations.apply(db, stop_before="0002_trust_and_presence")
        db["shops"].insert({"slug": "vanha", "name": "Vanha", "created_at": "2026-01-01"})
        db["products"].insert({"shop_id": 1, "external_id": "p", "created_at": "2026-01-01"})
        db["reviews"].insert(
            {
                "shop_id": 1,
                "product_id": 1,
                "rating": 4,
                "body": "b",
                "author_name": "a",
                "lang": "fi",
                "status": "approved",
                "created_at": "2026-01-01",
            }
        )
        migrations.apply(db)
        shop = next(db.query("SELECT slug, purchase_threshold, viewer_threshold, business_id FROM shops"))
        review = next(db.query("SELECT rating, verified, helpful_count FROM reviews"))
    assert shop == {"slug": "vanha", "purchase_threshold": 3, "viewer_threshold": 2, "business_id": None}
    assert review == {"rating": 4, "verified": 0, "helpful_count": 0}


def test_every_step_is_listed_once_in_order_under_the_name_of_its_file():
    files = sorted(p.stem for p in Path(migrations_package.__file__).parent.glob("m[0-9]*.py"))
    assert [step.__name__.rpartition(".")[2] for step in STEPS] == files
    assert migration_names() == [f.removeprefix("m") for f in files]
    assert [m.name for m in migrations.pending(Database(memory=True))] == migration_names()
    assert [n[:4] for n in migration_names()] == [f"{i:04d}" for i in range(1, len(files) + 1)]


def test_the_committed_postgresql_baseline_is_the_translation_of_sqlites_schema():
    """A new translation rule in pg_schema.py changes the file only when it is written again on purpose."""
    assert BASELINE_SQL.read_text() == pg_schema.baseline_sql(), "run: python -m socialproof.db.pg_schema"


def test_upgrading_to_the_date_of_experience_gives_reviews_from_orders_the_month_of_their_order():
    with fresh() as db:
        migrations.apply(db, stop_before="0029_experienced_at")
        db["shops"].insert({"slug": "s", "name": "S", "created_at": "2026-01-01"})
        db["products"].insert_all([{"shop_id": 1, "external_id": p, "created_at": "2026-01-01"} for p in "pq"])
        for product, day in ((1, "2026-02-27T10:00:00+00:00"), (2, "2026-03-02T10:00:00+00:00")):
            db.execute(  # one order reported twice, a product at a time
                "INSERT INTO invitations (shop_id, order_ref, product_id, created_at, expires_at) "
                "VALUES (1, 'A-1', ?, ?, '2026-06-01')",
                [product, day],
            )
        review = {"shop_id": 1, "product_id": 2, "rating": 4, "body": "b", "author_name": "a", "lang": "fi"}
        review |= {"status": "approved", "created_at": "2026-04-01", "verified": 0, "invitation_id": None}
        db["reviews"].insert_all([review | {"invitation_id": 2, "verified": 1}, review])
        of_shop = {"shop_id": 1, "rating": 5, "body": "b", "author_name": "a", "lang": "fi", "status": "approved"}
        of_shop |= {"created_at": "2026-04-01", "verified": 0, "order_ref": None}
        db["shop_reviews"].insert_all([of_shop | {"order_ref": "A-1", "verified": 1}, of_shop])
        migrations.apply(db)
        reviews = db.query("SELECT experienced_at FROM reviews ORDER BY id")
        assert [r["experienced_at"] for r in reviews] == ["2026-03", None]
        of_the_shop = db.query("SELECT experienced_at FROM shop_reviews ORDER BY id")
        assert [r["experienced_at"] for r in of_the_shop] == ["2026-02", None]  # the order's first report
