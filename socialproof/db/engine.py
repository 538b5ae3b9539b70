"""What the domain may ask of a database, whichever engine answers.

The domain modules write plain SQL with ``?`` placeholders and call three
methods: ``query`` (rows as dicts), ``execute`` (a cursor: ``rowcount``,
``fetchone``, tuples when iterated) and ``table(name)`` for one-row inserts,
updates and deletes by id. sqlite-utils' ``Database`` has exactly that shape;
``socialproof.db.postgres.PostgresDatabase`` gives it over psycopg. The few
things the two engines spell differently go through the functions here, never
through a check in domain code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeGuard

from socialproof.config import URL_SCHEMES

if TYPE_CHECKING:
    from socialproof.db.postgres import PostgresDatabase


class Engine(StrEnum):
    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"


def engine_of_location(location: str | Path) -> Engine:
    """A ``postgresql://`` URL names PostgreSQL; anything else is an SQLite file's path."""
    return Engine.POSTGRESQL if str(location).startswith(URL_SCHEMES) else Engine.SQLITE


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Table(Protocol):
    @property
    def last_pk(self) -> Any: ...

    def insert(self, record: dict[str, Any]) -> Table: ...

    def update(self, pk_values: Any, updates: dict[str, Any]) -> Table: ...

    def delete(self, pk_values: Any) -> Table: ...


class Database(Protocol):
    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Iterator[dict[str, Any]]: ...

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> Cursor: ...

    def table(self, table_name: str) -> Table: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, exc_type: Any, exc: Any, tb: Any, /) -> None: ...


def on_postgresql(db: Database) -> TypeGuard[PostgresDatabase]:
    """Whether ``db`` is a PostgreSQL connection. Looked up, never imported: a process that has opened no
    PostgreSQL connection has not loaded its driver (0.12 s of every command's start on SQLite)."""
    postgres = sys.modules.get("socialproof.db.postgres")
    return postgres is not None and isinstance(db, postgres.PostgresDatabase)


def engine_of(db: Database) -> Engine:
    return Engine.POSTGRESQL if on_postgresql(db) else Engine.SQLITE


def executemany(db: Database, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """One statement for many rows (the batched heartbeats, the outbox, the webhook fan-out)."""
    if on_postgresql(db):
        db.executemany(sql, rows)
    else:
        db.conn.executemany(sql, rows)  # type: ignore[attr-defined]


def latest_id(db: Database, table: str) -> int:
    """The newest id ever given in ``table`` (monotonic tables: the change feed, the shop events); 0 before the first."""
    if table not in MONOTONIC:
        raise ValueError(f"not a monotonic table: {table}")
    if engine_of(db) is Engine.POSTGRESQL:  # the identity sequence's last value survives the rows' deletion
        query = "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence(?, 'id')), 0) AS seq"
        return int(next(db.query(query, [table]))["seq"])
    found = next(db.query("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]), None)
    return int(found["seq"]) if found else 0


MONOTONIC = ("changes", "shop_events")


def alone(db: Database, task: str) -> bool:
    """Whether this transaction may do ``task`` now: on PostgreSQL, no other node's transaction is doing it.

    The lock is PostgreSQL's advisory lock for the transaction, released at its end. On SQLite the
    one writer already runs one transaction at a time.
    """
    if engine_of(db) is Engine.SQLITE:
        return True
    return bool(next(db.query("SELECT pg_try_advisory_xact_lock(hashtext(?)) AS ok", [task]))["ok"])
