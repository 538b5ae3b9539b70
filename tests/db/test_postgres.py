"""The PostgreSQL side of the data-access layer: what makes the domain's SQL mean the same on it."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from sqlite_utils import Database

from socialproof import audit
from socialproof.db import pg_schema, postgres
from socialproof.db.engine import alone
from socialproof.db.migrations import migrate
from socialproof.db.postgres import translate
from socialproof.db.store import Store, transaction

pytestmark = pytest.mark.engine("postgresql")


def run(coroutine_function):
    """On a thread of its own: another test's library may own this thread's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


def test_placeholders_become_psycopgs_and_literal_percent_signs_stay_literal():
    assert translate("SELECT ? WHERE x LIKE 'import:%' AND y = '?'") == "SELECT %s WHERE x LIKE 'import:%%' AND y = '?'"
    assert translate("WHERE a IS ? AND b IS NOT ?") == "WHERE a IS NOT DISTINCT FROM %s AND b IS DISTINCT FROM %s"


def test_the_schema_has_every_table_and_column_sqlite_has(db):
    with Database(memory=True) as lite:
        migrate(lite)
        expected = {
            (t.name, c.name) for t in lite.tables if not t.name.startswith(("_sqlite", "sqlite_")) for c in t.columns
        }
    found = {
        (r["table_name"], r["column_name"])
        for r in db.query(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name != 'schema_migrations'"
        )
    }
    assert found == expected


def test_averages_arrive_as_floats_and_counts_as_ints(db):
    row = next(db.query("SELECT avg(x) AS a, count(*) AS n FROM (VALUES (4), (5)) AS v(x)"))
    assert row == {"a": 4.5, "n": 2} and type(row["a"]) is float and type(row["n"]) is int


def test_the_audit_log_refuses_changes_as_on_sqlite(db):
    db["shops"].insert({"slug": "s", "name": "S", "created_at": "now"})
    db["moderation_log"].insert({"shop_id": 1, "actor": "a", "action": "approve", "created_at": "now"})
    with pytest.raises(psycopg.errors.RaiseException, match="the audit log cannot be changed"):
        db.execute("UPDATE moderation_log SET actor = 'b'")


def test_only_one_node_at_a_time_does_a_task(pg_url):
    with postgres.connect(pg_url) as first, postgres.connect(pg_url) as second:
        with transaction(first):
            assert alone(first, "housekeeping")
            with transaction(second):
                assert not alone(second, "housekeeping") and alone(second, "something else")
        with transaction(second):
            assert alone(second, "housekeeping")  # released when the first transaction ended


def test_concurrent_read_then_write_transactions_both_land_by_retrying(pg_url):
    """Two nodes counting up the same number: SERIALIZABLE plus a retry loses neither."""
    with postgres.connect(pg_url) as db:
        db["shops"].insert({"slug": "s", "name": "S", "created_at": "now", "feed_generation": 0})
    stores = [Store(pg_url, reader_threads=1), Store(pg_url, reader_threads=1)]
    both_read, attempt = threading.Barrier(2, timeout=10), threading.local()

    def bump(db):
        (value,) = db.execute("SELECT feed_generation FROM shops WHERE slug = 's'").fetchone()
        if not getattr(attempt, "retry", False):  # the first attempts read the same value: one must yield
            attempt.retry = True
            both_read.wait()
        db.execute("UPDATE shops SET feed_generation = ? WHERE slug = 's'", [value + 1])

    try:
        threads = [threading.Thread(target=s.write_sync, args=(bump,)) for s in stores]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=20)
    finally:
        for s in stores:
            s.close()
    with postgres.connect(pg_url) as db:
        assert next(db.query("SELECT feed_generation FROM shops"))["feed_generation"] == 2


def test_a_write_that_keeps_losing_a_hot_row_to_a_busy_node_still_lands(pg_url):
    """A shop's rate-limit bucket under a burst: the other node holds the row for two seconds of back-to-back
    transactions, so every try before then fails; the write is tried again until the row is free."""
    with postgres.connect(pg_url) as db:
        db["shops"].insert({"slug": "s", "name": "S", "created_at": "now", "feed_generation": 0})
    busy_until = time.monotonic() + 2.0
    started = threading.Event()

    def busy_node() -> None:
        with postgres.connect(pg_url) as db:
            for _ in range(200):  # bounded in count as well as in time
                if time.monotonic() > busy_until:
                    return
                try:
                    with transaction(db):
                        db.execute("UPDATE shops SET feed_generation = feed_generation + 1 WHERE slug = 's'")
                        started.set()
                        time.sleep(0.02)  # the row stays taken while the transaction does its other work
                except psycopg.errors.SerializationFailure:
                    return  # the write under test got in between two of these: the busy node yields

    store = Store(pg_url, reader_threads=1)
    contender = threading.Thread(target=busy_node)
    contender.start()
    try:
        assert started.wait(10)
        store.write_sync(lambda db: db.execute("UPDATE shops SET name = 'Landed' WHERE slug = 's'"))
    finally:
        contender.join(timeout=20)
        store.close()
    with postgres.connect(pg_url) as db:
        assert next(db.query("SELECT name FROM shops"))["name"] == "Landed"


def test_a_change_committed_on_another_node_is_heard_of_at_once(pg_url):
    """The render cache's follower wakes on PostgreSQL's notice instead of waiting out its poll."""
    store = Store(pg_url, reader_threads=1)

    async def main():
        assert not await store.wait_for_change(0.2)  # nothing yet: the wait times out
        waiting = asyncio.ensure_future(store.wait_for_change(30))
        await asyncio.sleep(0)  # let the wait begin listening before the write
        with postgres.connect(pg_url) as other, transaction(other):
            other["shops"].insert({"slug": "s", "name": "S", "created_at": "now"})  # a change in the feed
        return await asyncio.wait_for(waiting, 30)

    try:
        assert run(main)
    finally:
        store.close()


def test_an_empty_database_is_migrated_once_and_a_second_time_changes_nothing(pg_server):
    url = pg_server.fresh_database(migrated=False)
    try:
        with postgres.connect(url) as db:
            assert pg_schema.pending(db) == [name for name, _ in pg_schema.MIGRATIONS]
            for _ in range(2):
                with transaction(db):
                    pg_schema.migrate(db)
            assert pg_schema.pending(db) == []
            assert next(db.query("SELECT count(*) AS n FROM schema_migrations"))["n"] == len(pg_schema.MIGRATIONS)
            assert next(db.query("SELECT relpersistence AS p FROM pg_class WHERE relname = 'heartbeats'"))["p"] == "u"
    finally:
        pg_server.drop(url)


def test_audit_entries_from_before_the_chain_are_sealed_by_its_migration(pg_server):
    url = pg_server.fresh_database(migrated=False)
    try:
        with postgres.connect(url) as db:
            with transaction(db):  # the database as PostgreSQL support began: 0018 only
                db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
                pg_schema.MIGRATIONS[0][1](db)
                db.execute("INSERT INTO schema_migrations VALUES (?, 'then')", [pg_schema.BASELINE])
                db["shops"].insert({"slug": "s", "name": "S", "created_at": "2026-01-01"})
                for n in range(3):
                    db["moderation_log"].insert(
                        {"shop_id": 1, "actor": f"m{n}", "action": "approve", "created_at": "x"}
                    )
            with transaction(db):
                pg_schema.migrate(db)
            verdict = audit.verify(db, 1)
        assert verdict.intact and verdict.length == 3
    finally:
        pg_server.drop(url)
