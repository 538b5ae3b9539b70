"""A real PostgreSQL server for the tests: Debian's binaries, a temporary data directory, a free loopback port.

PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` user the Debian package creates. Durability settings are off:
the tests kill application nodes, never the database server.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg

from socialproof.db import postgres
from socialproof.db.store import migrate, transaction
from tests.support import free_port


def _newest_server() -> Path:
    """Debian installs each major version beside the others; the newest one runs the tests."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (.ci/run does)")
    return found[-1].parent


USER = "socialproof"
TEMPLATE = "sp_template"


def _as_server_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
KEPT_ROWS = {"schema_migrations"}  # the only table the migrated template has rows in
# What a database holds besides rows: its relations, columns, constraints, triggers (and whether each is
# enabled) and functions, each catalog as its count of rows and its newest row version. Any change to the
# schema writes or removes catalog rows, and a row written after the template was made is newer than all of
# the template's (a copy keeps the template's row versions). A test that changed any of it (test_audit
# disables and drops the audit log's triggers) gets a fresh copy instead.
SHAPE = """
SELECT
  (SELECT count(*) || '/' || max(xmin::text::bigint) FROM pg_class WHERE relnamespace = 'public'::regnamespace),
  (SELECT count(*) || '/' || max(a.xmin::text::bigint) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = 'public'::regnamespace),
  (SELECT count(*) || '/' || max(xmin::text::bigint) FROM pg_constraint WHERE connamespace = 'public'::regnamespace),
  (SELECT count(*) || '/' || max(t.xmin::text::bigint) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = 'public'::regnamespace),
  (SELECT count(*) || '/' || max(xmin::text::bigint) FROM pg_proc WHERE pronamespace = 'public'::regnamespace),
  (SELECT count(*) FROM schema_migrations)
"""


def _shape(conn: psycopg.Connection[tuple[object, ...]]) -> tuple[object, ...] | None:
    try:
        return conn.execute(SHAPE).fetchone()
    except psycopg.Error:  # schema_migrations itself gone
        return None


class Server:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory = directory
        self.port = port
        self._ahead: Ahead | None = None
        self._template_shape: tuple[object, ...] | None = None
        self._admin: psycopg.Connection[tuple[object, ...]] | None = None
        self._admin_lock = threading.Lock()

    def remember_template(self) -> None:
        with psycopg.connect(self.url(TEMPLATE), autocommit=True) as conn:
            self._template_shape = conn.execute(SHAPE).fetchone()  # an error here is the suite's to see

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        """The connection that makes and drops databases, kept open (the tests' thread and the one making
        databases ahead take turns on it): each new connection costs the server a process of its own, 7 ms
        of its CPU."""
        with self._admin_lock:
            if self._admin is None or self._admin.closed or self._admin.broken:
                self._admin = psycopg.connect(self.url(), autocommit=True)
            return self._admin

    def fresh_database(self, migrated: bool = True) -> str:
        """A new empty database (or a copy of the migrated template); its URL."""
        name = "t_" + uuid.uuid4().hex[:16]
        # WAL_LOG (PostgreSQL 15's default): FILE_COPY forces a checkpoint each time, which under the
        # suite's load costs more than logging the ten megabytes of a migrated template (35 ms, not 80)
        template = f" TEMPLATE {TEMPLATE} STRATEGY WAL_LOG" if migrated else ""
        self.admin().execute(f"CREATE DATABASE {name}{template}")
        return self.url(name)

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.admin().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def emptied(self, url: str, conn: psycopg.Connection[tuple[object, ...]]) -> bool:
        """Make a database a test used as the template was, through ``conn`` (a connection to it that
        outlives its tests), by deleting its rows and restarting its sequences (5 ms, where dropping it and
        copying the template again costs 80, and TRUNCATE, which makes new files for every table and index,
        over 100); False when its schema is no longer the template's."""
        name = url.rsplit("/", 1)[1]
        self.admin().execute(  # a test's connections may linger (a killed node's, a pool's)
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
            [name, conn.info.backend_pid],
        )
        shape = _shape(conn)
        if shape is None or shape != self._template_shape:
            return False
        tables = [t for (t,) in conn.execute(TABLES).fetchall() if t not in KEPT_ROWS]
        with conn.transaction():
            # Triggers off for this transaction only: the audit log refuses deletes, roll-ups would recount.
            conn.execute("SET LOCAL session_replication_role = replica")
            conn.execute("; ".join(f"DELETE FROM {table}" for table in tables))
            conn.execute(
                "SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false) "
                "FROM pg_sequences WHERE schemaname = 'public'"
            )
        return True

    def take(self) -> str:
        """A migrated database made ahead of time (see ``Ahead``); give it back with ``give_back``."""
        if self._ahead is None:
            self._ahead = Ahead(self)
        return self._ahead.take()

    def give_back(self, url: str) -> None:
        """A database from ``take``, once the test is done: emptied for the next test without making this
        one wait (see ``Ahead``)."""
        assert self._ahead is not None
        self._ahead.give_back(url)

    def stop_making(self) -> None:
        if self._ahead is not None:
            self._ahead.stop()
        if self._admin is not None:
            self._admin.close()


class Ahead:
    """Migrated databases made ahead, and emptied once used, in a thread while the tests run, so no test
    waits for either.

    Copying the template costs 65 ms and dropping it 15 ms on an idle machine, several times that
    under the suite's load, for each of the seven hundred tests on PostgreSQL; emptying a used one
    costs 5, through a connection to it kept from one of its tests to the next: a new one would cost
    the server 25 ms more of its CPU, reading the catalogs of 57 tables afresh. A test that changed
    the schema gets its database replaced by a fresh copy.
    """

    DEPTH = 2  # made ahead: one for the next test, one in reserve
    WAIT = 120  # seconds a test waits for one before the suite is told the thread has stopped

    def __init__(self, server: Server) -> None:
        self._server = server
        self._failed: Exception | None = None
        self._ready: queue.Queue[str] = queue.Queue()
        self._kept: dict[str, psycopg.Connection[tuple[object, ...]]] = {}  # the thread's, to each database
        self._tasks: queue.Queue[str | None] = queue.Queue()  # "" makes one, a URL empties it, None stops
        for _ in range(self.DEPTH):
            self._tasks.put("")
        self._thread = threading.Thread(target=self._work, name="databases-ahead", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            while (task := self._tasks.get()) is not None:
                if not task:
                    self._ready.put(self._server.fresh_database())
                elif self._server.emptied(task, self._kept_to(task)):  # a used one, emptied, is the next test's
                    self._ready.put(task)
                else:
                    self._kept.pop(task).close()
                    self._server.drop(task)
                    self._ready.put(self._server.fresh_database())
        except Exception as failed:  # told to the next test that takes one, not lost in the thread
            self._failed = failed
            self._ready.put("")
        finally:
            for conn in self._kept.values():
                conn.close()

    def _kept_to(self, url: str) -> psycopg.Connection[tuple[object, ...]]:
        conn = self._kept.get(url)
        if conn is None or conn.closed or conn.broken:
            conn = self._kept[url] = psycopg.connect(url, autocommit=True)
        return conn

    def take(self) -> str:
        try:
            url = self._ready.get(timeout=self.WAIT)
        except queue.Empty:
            raise RuntimeError(f"no database made within {self.WAIT} s: is PostgreSQL still running?") from None
        if not url:
            self._ready.put("")  # and to every test after it
            raise RuntimeError("making databases ahead failed") from self._failed
        return url  # given back, it comes back emptied for another test: there are always DEPTH

    def give_back(self, url: str) -> None:
        """A used database: emptied for another test in the thread (or, its schema changed, replaced)."""
        self._tasks.put(url)

    def stop(self) -> None:
        self._tasks.put(None)
        self._thread.join(timeout=self.WAIT)


@contextlib.contextmanager
def running() -> Iterator[Server]:
    """Start a server, make the migrated template database, and stop and remove it all at the end."""
    binaries = _newest_server()  # looked for only when a test needs the server
    directory = Path(tempfile.mkdtemp(prefix="sp-pg-"))
    data = directory / "data"
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    port = free_port()
    subprocess.run(
        _as_server_user(
            [str(binaries / "initdb"), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync"]
        ),
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB"
    )
    subprocess.run(
        _as_server_user(
            [str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(directory / "log"), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    server = Server(directory, port)
    try:
        server.admin().execute(f"CREATE DATABASE {TEMPLATE}")
        db = postgres.connect(server.url(TEMPLATE))
        try:
            with transaction(db):
                migrate(db)
        finally:
            db.close()
        server.remember_template()
        yield server
    finally:
        server.stop_making()
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), check=False
        )
        shutil.rmtree(directory, ignore_errors=True)
