"""SQLite access that never blocks the event loop.

One writer thread owns the only read-write connection, so writes are
serialised in-process and SQLite never has to arbitrate between our own
threads; a small pool of threads answers reads over read-only connections,
which WAL lets run while a write is in progress (the shape Datasette uses).
Domain code receives a ``sqlite_utils.Database`` built over a connection we
own, because sqlite-utils' own connection can't cross threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlite_utils import Database as SqliteDatabase

from socialproof.db import pg_schema
from socialproof.db.engine import Database, Engine, engine_of_location, on_postgresql
from socialproof.db.migrations import migrations

# PostgreSQL's driver is imported where a PostgreSQL connection is opened, never for SQLite (engine.on_postgresql).
if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

T = TypeVar("T")

# FULL: a review answered 201 survives a power cut, not only a process crash.
# Reviews are written rarely, so the extra fsync per commit is cheap.
SYNCHRONOUS = "FULL"
BUSY_TIMEOUT_MS = 5000


def connect(path: Path | str, *, readonly: bool = False) -> Database:
    """A configured connection: an SQLite file's, or PostgreSQL's for a URL. Caller closes it."""
    if engine_of_location(path) is Engine.POSTGRESQL:
        from socialproof.db import postgres

        return postgres.connect(str(path))
    if readonly:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    return SqliteDatabase(conn, execute_plugins=False)


def insert(db: Database, table: str, row: dict[str, Any]) -> int:
    """Insert one row into a table with an integer id; the new row's id."""
    row_id = db.table(table).insert(row).last_pk
    assert isinstance(row_id, int)
    return row_id


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """All of the block or none of it, holding the write lock from the start.

    ``BEGIN IMMEDIATE``, not sqlite-utils' plain ``BEGIN``: a deferred
    transaction that reads and then writes can't wait for the lock when
    another process (a second worker, the CLI) committed in between; SQLite
    answers "database is locked" at once, busy_timeout or not. Taking the
    lock first makes every writer queue for up to BUSY_TIMEOUT_MS instead.
    Inside an open transaction this is a savepoint. PostgreSQL runs it
    SERIALIZABLE (see ``postgres``), the same promise across nodes.
    """
    if on_postgresql(db):
        with db.conn.transaction():
            yield db
        return
    assert isinstance(db, SqliteDatabase)
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.conn.execute("COMMIT")
    except BaseException:  # from the block or from COMMIT itself
        if db.conn.in_transaction:
            db.conn.rollback()
        raise


def migrate(db: Database) -> None:
    """Bring the schema up to date, on either engine, inside the caller's transaction."""
    if on_postgresql(db):
        pg_schema.migrate(db)
    else:
        assert isinstance(db, SqliteDatabase)
        migrations.apply(db)


def open_migrated(path: Path | str) -> Database:
    """A read-write connection to a database brought up to date (for the CLI)."""
    db = connect(path)
    try:
        with transaction(db):
            migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _in_transaction(db: Database, fn: Callable[[Database], T]) -> T:
    with transaction(db):
        return fn(db)


def _whole(db: Database, fn: Callable[[Database], T]) -> T:
    """``fn`` in one transaction; on PostgreSQL tried again while another node's transaction gets in its way."""
    if on_postgresql(db):
        from socialproof.db import postgres

        return postgres.retrying(lambda: _in_transaction(db, fn))
    return _in_transaction(db, fn)


class Write(Protocol):
    """Runs a function in one write transaction: Store.write_sync in `serve`, ``writing`` in the CLI.

    What talks to another server (SMTP, a webhook receiver) takes one of these, so
    that it holds the one writer only for short transactions, never while waiting.
    """

    def __call__(self, fn: Callable[[Database], T]) -> T: ...


@contextlib.contextmanager
def writing(path: Path | str) -> Iterator[Write]:
    """Each call one write transaction on one connection, as Store.write_sync is in `serve`."""
    db = open_migrated(path)

    def write(fn: Callable[[Database], T]) -> T:
        return _whole(db, fn)

    try:
        yield write
    finally:
        db.close()


class Store:
    """Runs synchronous database functions off the event loop.

    On PostgreSQL the threads take connections from one pool; the one writer
    thread stays, so a node's writes keep their order and the after-commit
    hooks their thread, while other nodes write beside it.
    """

    def __init__(self, path: Path | str, reader_threads: int = 4) -> None:
        self.path = path
        self._pool: ConnectionPool[psycopg.Connection[Any]] | None = None
        self._listener: psycopg.Connection[Any] | None = None
        self._listen_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sp-listen")
        # This store's own channel: close() notifies it to end the listener's wait at once.
        self._stop_channel = f"socialproof_stop_{uuid.uuid4().hex}"
        if engine_of_location(path) is Engine.POSTGRESQL:
            from socialproof.db import postgres

            self._pool = postgres.pool(str(path), size=reader_threads + 1)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sp-writer")
        self._readers = ThreadPoolExecutor(max_workers=reader_threads, thread_name_prefix="sp-reader")
        self._local = threading.local()
        self._opened: list[Database] = []
        self._lock = threading.Lock()
        # Called on the writer thread after each commit (the render cache drops what changed).
        self.after_commit: list[Callable[[Database], object]] = []

    def _db(self, readonly: bool) -> Database:
        if self._pool is not None:  # one pooled connection per thread, taken once and kept
            return self._pooled("reader" if readonly else "writer")
        attr = "reader" if readonly else "writer"
        db = getattr(self._local, attr, None)
        if db is None:
            db = connect(self.path, readonly=readonly)
            setattr(self._local, attr, db)
            with self._lock:
                self._opened.append(db)
        return db

    def _pooled(self, attr: str) -> Database:
        db = getattr(self._local, attr, None)
        if db is None or db.conn.closed or db.conn.broken:
            from socialproof.db.postgres import PostgresDatabase

            assert self._pool is not None
            db = PostgresDatabase(self._pool.getconn())
            if attr == "reader":  # as SQLite's readers open the file read-only
                db.conn.execute("SET default_transaction_read_only = on")
            setattr(self._local, attr, db)
            with self._lock:
                self._opened.append(db)
        return db

    def _run_write(self, fn: Callable[[Database], T]) -> T:
        db = self._db(readonly=False)
        result = _whole(db, fn)
        for hook in self.after_commit:
            hook(db)
        return result

    async def read(self, fn: Callable[[Database], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._readers, lambda: fn(self._db(readonly=True)))

    async def write(self, fn: Callable[[Database], T]) -> T:
        """Run ``fn`` in one transaction on the writer thread: all of it or none."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, self._run_write, fn)

    def write_sync(self, fn: Callable[[Database], T]) -> T:
        return self._writer.submit(self._run_write, fn).result()

    async def wait_for_change(self, timeout: float) -> bool:
        """Wait up to ``timeout`` for a change committed by any node; whether one was heard of.

        On PostgreSQL a connection of its own LISTENs for the change feed's notices; on SQLite
        (and while PostgreSQL is unreachable) this is a plain wait, and the caller reads the feed
        either way, so a notice lost in a reconnect costs only the wait.
        """
        if self._pool is None:
            await asyncio.sleep(timeout)
            return False
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._listen_thread, self._listen, timeout)

    def _listen(self, timeout: float) -> bool:
        import psycopg  # loaded already: the store's pool is PostgreSQL's

        try:
            if self._listener is None or self._listener.closed:
                self._listener = psycopg.connect(str(self.path), autocommit=True)
                self._listener.execute(f"LISTEN {pg_schema.CHANGES_CHANNEL}")
                self._listener.execute(f"LISTEN {self._stop_channel}")
            return any(True for _ in self._listener.notifies(timeout=timeout, stop_after=1))
        except psycopg.Error:
            self._listener = None
            time.sleep(timeout)
            return False

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
        with self._lock:
            for db in self._opened:
                if self._pool is not None and on_postgresql(db):
                    self._pool.putconn(db.conn)
                else:
                    db.close()
            self._opened.clear()
        if self._pool is not None and self._listener is not None:  # end the listener's wait now, not in 0.5 s
            import psycopg

            with contextlib.suppress(psycopg.Error), self._pool.connection(timeout=2) as conn:
                conn.execute(f"NOTIFY {self._stop_channel}")
        self._listen_thread.shutdown(wait=True)  # its wait ends at the notice, or within its timeout
        if self._listener is not None:
            self._listener.close()
        if self._pool is not None:
            self._pool.close()
