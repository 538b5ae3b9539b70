"""PostgreSQL behind the same three calls the domain makes of sqlite-utils.

The domain's SQL is written once, with ``?`` placeholders and the portable
subset both engines understand; ``translate`` turns the placeholders into
psycopg's and doubles literal ``%`` signs, without ever building SQL from
input. Numbers come back as Python ints and floats (not ``Decimal``), and
rows as dicts from ``query``, tuples from ``execute``, as sqlite3 gives them.
"""

from __future__ import annotations

import contextlib
import functools
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import psycopg
from psycopg import sql as pgsql
from psycopg.adapt import Loader
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

T = TypeVar("T")


_IS_NOT_PARAM = re.compile(r"\bIS NOT %s")
_IS_PARAM = re.compile(r"\bIS %s")


@functools.lru_cache(maxsize=4096)
def translate(statement: str) -> str:
    """``?`` outside quotes becomes ``%s``; every literal ``%`` becomes ``%%``.

    ``x IS ?`` (SQLite's null-safe equality) is PostgreSQL's ``IS NOT DISTINCT FROM``.
    """
    marked = _placeholders(statement)
    return _IS_PARAM.sub("IS NOT DISTINCT FROM %s", _IS_NOT_PARAM.sub("IS DISTINCT FROM %s", marked))


def _placeholders(statement: str) -> str:
    out: list[str] = []
    quote = ""
    for ch in statement:
        if ch == "%":
            out.append("%%")
        elif quote:
            out.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        else:
            out.append(ch)
    return "".join(out)


class _FloatLoader(Loader):
    """NUMERIC (what avg() and 1.0 * x give) as float, as SQLite's REAL arrives."""

    def load(self, data: Any) -> float:
        return float(bytes(data).decode())


class _Table:
    def __init__(self, db: PostgresDatabase, name: str) -> None:
        self.db = db
        self.name = pgsql.Identifier(name)
        self.last_pk: Any = None

    def insert(self, record: dict[str, Any]) -> _Table:
        columns = pgsql.SQL(", ").join(pgsql.Identifier(c) for c in record)
        values = pgsql.SQL(", ").join(pgsql.Placeholder() * len(record))
        query = pgsql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING *").format(self.name, columns, values)
        with self.db.conn.cursor(row_factory=dict_row) as cur:
            cur.execute(query, list(record.values()))
            row = cur.fetchone()
        self.last_pk = row.get("id") if row else None
        return self

    def update(self, pk_values: Any, updates: dict[str, Any]) -> _Table:
        sets = pgsql.SQL(", ").join(pgsql.SQL("{} = %s").format(pgsql.Identifier(c)) for c in updates)
        query = pgsql.SQL("UPDATE {} SET {} WHERE id = %s").format(self.name, sets)
        self.db.conn.execute(query, [*updates.values(), pk_values])
        self.last_pk = pk_values
        return self

    def get(self, pk_values: Any) -> dict[str, Any]:
        rows = list(self.db.query(f"SELECT * FROM {self.name.as_string(None)} WHERE id = ?", [pk_values]))
        if not rows:
            raise LookupError(f"no row {pk_values}")
        return rows[0]

    @property
    def count(self) -> int:
        return int(next(self.db.query(f"SELECT count(*) AS n FROM {self.name.as_string(None)}"))["n"])

    def delete(self, pk_values: Any) -> _Table:
        self.db.conn.execute(pgsql.SQL("DELETE FROM {} WHERE id = %s").format(self.name), [pk_values])
        return self


class PostgresDatabase:
    """One psycopg connection (from the pool, or the CLI's own), as the domain expects a database."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        with self.conn.cursor(row_factory=dict_row) as cur:
            cur.execute(translate(sql) if params is not None else sql, params)
            rows = cur.fetchall() if cur.description else []
        return iter(rows)

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> psycopg.Cursor[Any]:
        return self.conn.execute(translate(sql) if parameters is not None else sql, parameters)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(translate(sql), rows)

    def table(self, table_name: str) -> _Table:
        return _Table(self, table_name)

    def __getitem__(self, table_name: str) -> _Table:
        return _Table(self, table_name)

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """A transaction, or a savepoint inside one (sqlite-utils calls it ``atomic``)."""
        with self.conn.transaction():
            yield

    atomic = savepoint

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresDatabase:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any, /) -> None:
        self.close()


def configure(conn: psycopg.Connection[Any]) -> None:
    """Every connection: numbers as SQLite gives them, and SERIALIZABLE transactions.

    SERIALIZABLE makes a transaction behave as if it ran alone, which is what
    the domain's read-then-write steps were written for (SQLite's one writer
    promises it too); the price is an occasional retry, done by ``retrying``.
    Outside ``transaction`` blocks statements autocommit, as SQLite's reads do.
    """
    conn.adapters.register_loader("numeric", _FloatLoader)
    conn.isolation_level = psycopg.IsolationLevel.SERIALIZABLE


def connect(url: str) -> PostgresDatabase:
    """A connection of our own (the CLI's, a test's)."""
    conn = psycopg.connect(url, autocommit=True)
    configure(conn)
    return PostgresDatabase(conn)


def pool(url: str, size: int) -> ConnectionPool[psycopg.Connection[Any]]:
    return ConnectionPool(url, min_size=1, max_size=size, kwargs={"autocommit": True}, configure=configure, open=True)


# A write that loses to other nodes is tried again for up to this long: under a burst on one hot row
# (a shop's rate-limit bucket, its roll-up row) a node can lose many times in a row before its turn.
RETRY_SECONDS = 10.0
RETRIES = 60  # and at most this many times, whichever comes first
_BACKOFF_CAP = 0.25  # seconds: the longest single wait, so a freed row is taken soon after
_JITTER = random.Random()  # its own: the process-wide generator is the tests' and libraries' to seed


def retrying(fn: Callable[[], T]) -> T:
    """Run a whole transaction again when PostgreSQL says another one got in its way."""
    deadline = time.monotonic() + RETRY_SECONDS
    for attempt in range(RETRIES):
        try:
            return fn()
        except (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected):
            # "Full jitter": nodes that collided don't wake together and collide again.
            wait = min(_BACKOFF_CAP, 0.005 * 2**attempt) * _JITTER.random()
            if attempt == RETRIES - 1 or time.monotonic() + wait > deadline:
                raise
            time.sleep(wait)
    raise AssertionError("unreachable")
