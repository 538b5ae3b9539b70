"""The kept numbers equal a full recount after every write, and the doctor finds and mends drift."""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database

from socialproof.audit import Action, RejectReason
from socialproof.cli import cli
from socialproof.db.migrations import migrate
from socialproof.db.store import open_migrated
from socialproof.insights import rollups
from socialproof.moderation.decisions import decide, redact
from socialproof.photos.storage import LocalStorage
from socialproof.reviews import aggregates
from socialproof.reviews.input import parse_review
from socialproof.reviews.submit import submit_review
from socialproof.reviews.summary import product_summary, shop_summary
from socialproof.safety import privacy
from socialproof.shops.registry import create_shop, update_shop
from tests.properties import examples

PRODUCTS = ["P1", "P2"]
submit = st.tuples(
    st.just("submit"),
    st.sampled_from(PRODUCTS),
    st.integers(1, 5),
    st.sampled_from([None, True, False]),
    st.sampled_from(["pre", "post"]),
)
moderate = st.tuples(st.just("decide"), st.integers(0, 20), st.sampled_from([Action.APPROVE, Action.REJECT]))
erase = st.tuples(st.just("erase"), st.integers(0, 20))
redaction = st.tuples(st.just("redact"), st.integers(0, 20))
steps = st.lists(st.one_of(submit, moderate, erase, redaction), min_size=1, max_size=25)


@functools.cache
def _migrated() -> sqlite3.Connection:
    """Migrated once per process; each example starts from a copy (migrating is most of an example's time)."""
    template = sqlite3.connect(":memory:", check_same_thread=False)
    migrate(Database(template, execute_plugins=False))
    return template


def fresh_db() -> Database:
    conn = sqlite3.connect(":memory:")
    _migrated().backup(conn)
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA foreign_keys=ON")
    return db


def run_step(db: Database, step: tuple, ids: list[int], tmp: Path) -> None:
    kind = step[0]
    if kind == "submit":
        _, product, rating, recommend, mode = step
        shop = update_shop(db, "sh", moderation=mode)
        data = {"rating": rating, "body": "Hyvä tuote.", "author_name": "Anni", "email": f"a{len(ids)}@example.fi"}
        if recommend is not None:
            data["recommend"] = recommend
        ids.append(submit_review(db, shop, product, parse_review(data, "fi"))["id"])
    elif ids:
        review_id = ids[step[1] % len(ids)]
        shop = update_shop(db, "sh")
        if kind == "decide":
            reason = RejectReason.SPAM if step[2] is Action.REJECT else None
            decide(db, shop, review_id, step[2], reason, "test")
        elif kind == "erase":
            privacy.erase(db, f"a{ids.index(review_id)}@example.fi", LocalStorage(tmp))
        else:
            row = db["reviews"].get(review_id)
            if len(row["body"]) >= 3:
                redact(db, shop, review_id, row["body"][:3], "test")


@examples(40)
@given(steps=steps)
def test_kept_numbers_equal_a_recount_after_every_step(steps, tmp_path):
    db = fresh_db()
    try:
        create_shop(db, "sh", "Shop")
        ids: list[int] = []
        for step in steps:
            run_step(db, step, ids, tmp_path)
            assert aggregates.check(db) == []
            assert rollups.check(db) == []  # Insights' monthly roll-ups, kept by triggers too
        approved = list(db.query("SELECT rating FROM reviews WHERE status = 'approved'"))
        shop = shop_summary(db, 1)
        assert shop.count == len(approved)
        assert sum(product_summary(db, 1, p).count for p in PRODUCTS) == len(approved)
    finally:
        db.close()


def test_the_doctor_reports_drift_and_repairs_it(tmp_path):
    path = tmp_path / "d.db"
    db = open_migrated(path)
    try:
        create_shop(db, "sh", "Shop")
        shop = update_shop(db, "sh", moderation="post")
        for rating in (5, 4, 4):
            submit_review(db, shop, "P1", parse_review({"rating": rating, "body": "Hyvä.", "author_name": "A"}, "fi"))
        db.execute("UPDATE product_stats SET n4 = 7")  # a hand edit the triggers never saw
        db.conn.commit()
    finally:
        db.close()
    runner = CliRunner()
    found = runner.invoke(cli, ["doctor", "--db", str(path)])
    assert found.exit_code == 1
    assert "n4 is 7, a recount gives 2" in found.output
    repaired = runner.invoke(cli, ["doctor", "--repair", "--db", str(path)])
    assert repaired.exit_code == 0, repaired.output
    assert runner.invoke(cli, ["doctor", "--db", str(path)]).exit_code == 0
    with Database(path) as check:
        assert product_summary(check, 1, "P1").distribution == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}


def test_a_migrated_old_database_gets_its_numbers_counted():
    db = Database(memory=True, execute_plugins=False)
    try:
        from socialproof.db.migrations import migrations

        migrations.apply(db, stop_before="0009_aggregates_and_change_feed")
        db["shops"].insert({"slug": "s", "name": "S", "created_at": "now"})
        db["products"].insert({"shop_id": 1, "external_id": "P1", "created_at": "now"})
        for rating, status in ((5, "approved"), (3, "approved"), (1, "pending")):
            db["reviews"].insert(
                {
                    "shop_id": 1,
                    "product_id": 1,
                    "rating": rating,
                    "body": "b",
                    "author_name": "a",
                    "lang": "fi",
                    "status": status,
                    "created_at": "now",
                    "recommend": 1,
                }
            )
        migrations.apply(db)
        summary = product_summary(db, 1, "P1")
        assert (summary.count, summary.average, summary.recommend_yes) == (2, 4.0, 2)
        assert aggregates.check(db) == []
    finally:
        db.close()
