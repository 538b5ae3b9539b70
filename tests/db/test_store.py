import asyncio
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from socialproof.db.store import Store, connect, open_migrated


def run(coroutine_function):
    """Run on a thread of its own: another test's library may own this thread's event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


@pytest.mark.engine("sqlite")
def test_file_database_uses_wal_and_enforces_foreign_keys(db_path):
    with open_migrated(db_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO api_keys (shop_id, prefix, key_hash, created_at) VALUES (999, 'x', 'y', 'z')")


def test_store_runs_sqlite_off_the_event_loop_thread(db_path):
    open_migrated(db_path).close()
    store = Store(db_path, reader_threads=2)

    async def main():
        loop_thread = threading.get_ident()
        read_thread = await store.read(lambda db: threading.get_ident())
        write_thread = await store.write(lambda db: threading.get_ident())
        return loop_thread, read_thread, write_thread

    try:
        loop_thread, read_thread, write_thread = run(main)
    finally:
        store.close()
    assert read_thread != loop_thread and write_thread != loop_thread


def test_a_failed_write_leaves_nothing_behind(db_path):
    open_migrated(db_path).close()
    store = Store(db_path)

    def half_then_fail(db):
        db["shops"].insert({"slug": "half", "name": "Half", "created_at": "now"})
        raise RuntimeError("boom")

    try:
        with pytest.raises(RuntimeError):
            store.write_sync(half_then_fail)
    finally:
        store.close()
    with connect(db_path) as db:
        assert db["shops"].count == 0


def test_readers_cannot_write(db_path):
    open_migrated(db_path).close()
    store = Store(db_path)
    try:
        with pytest.raises((sqlite3.OperationalError, psycopg.errors.ReadOnlySqlTransaction), match="read-?only"):
            run(
                lambda: store.read(
                    lambda db: db.execute("INSERT INTO shops (slug, name, created_at) VALUES ('x', 'X', 'now')")
                )
            )
    finally:
        store.close()
