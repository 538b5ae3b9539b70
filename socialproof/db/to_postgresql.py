"""Moving up: an SQLite database copied whole into an empty PostgreSQL database, and checked.

Every table is copied row for row with its ids, in an order that satisfies
the foreign keys, in one PostgreSQL transaction: the copy is all there or
not at all. The triggers that keep numbers, the change feed and the shop
events are held while the copy runs (the rows they would write are copied
too, as they stood), and each id sequence then continues after the highest
id the source ever gave, so the feed's positions stay monotonic. Photos are
files and stay where they are; the command says where they are.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from psycopg import sql as pgsql
from sqlite_utils import Database as SqliteDatabase

from socialproof.db import pg_schema
from socialproof.db.engine import MONOTONIC
from socialproof.db.postgres import PostgresDatabase
from socialproof.db.store import migrate, transaction


class NotEmpty(Exception):
    """The target already holds a socialproof database (or other tables): nothing was copied."""


class Mismatch(Exception):
    """A check after the copy disagreed; the transaction was rolled back, so the target is empty again."""


# Checked after the copy, on both engines: the numbers a shopper and a merchant see.
AGGREGATES = {
    "reviews by status": "SELECT status AS k, count(*) AS n, sum(rating) AS s FROM reviews GROUP BY status",
    "kept product numbers": "SELECT 'all' AS k, sum(n1 + n2 + n3 + n4 + n5) AS n, sum(n5) AS s FROM product_stats",
    "kept shop numbers": "SELECT 'all' AS k, sum(n1 + n2 + n3 + n4 + n5) AS n, sum(verified) AS s FROM shop_stats",
    "photos by status": "SELECT status AS k, count(*) AS n, sum(width) AS s FROM photos GROUP BY status",
}


@dataclass
class Moved:
    rows: dict[str, int] = field(default_factory=dict)
    aggregates: list[str] = field(default_factory=list)
    seconds: float = 0.0


def tables_in_order() -> list[str]:
    """The tables PostgreSQL has, parents before children."""
    return [t.name for t in pg_schema.tables_in_dependency_order()]


def move(source: SqliteDatabase, target: PostgresDatabase, progress: Callable[[str], None] = lambda _: None) -> Moved:
    started = time.monotonic()
    moved = Moved()
    with transaction(target):
        _refuse_unless_empty(target)
        migrate(target)
        order = tables_in_order()
        for name in order:
            target.execute(pgsql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(pgsql.Identifier(name)).as_string())
        for name in order:
            moved.rows[name] = _copy(source, target, name)
            progress(f"{name}: {moved.rows[name]} rows")
        for name in order:
            target.execute(pgsql.SQL("ALTER TABLE {} ENABLE TRIGGER USER").format(pgsql.Identifier(name)).as_string())
        _continue_sequences(source, target, order)
        moved.aggregates = _verify(source, target, moved.rows)
    moved.seconds = time.monotonic() - started
    return moved


def _refuse_unless_empty(target: PostgresDatabase) -> None:
    tables = [r["t"] for r in target.query("SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()")]
    if tables:
        raise NotEmpty(f"the PostgreSQL database is not empty ({len(tables)} tables, e.g. {sorted(tables)[0]})")


def _columns(source: SqliteDatabase, name: str) -> list[str]:
    return [c.name for c in source.table(name).columns]


def _copy(source: SqliteDatabase, target: PostgresDatabase, name: str) -> int:
    columns = _columns(source, name)
    order = pgsql.SQL(" ORDER BY rowid" if _has_rowid(source, name) else "")
    select = pgsql.SQL("SELECT {} FROM {}{}").format(
        pgsql.SQL(", ").join(pgsql.Identifier(c) for c in columns), pgsql.Identifier(name), order
    )
    copy = pgsql.SQL("COPY {} ({}) FROM STDIN").format(
        pgsql.Identifier(name), pgsql.SQL(", ").join(pgsql.Identifier(c) for c in columns)
    )
    count = 0
    with target.conn.cursor() as cur, cur.copy(copy) as pipe:
        for row in source.conn.execute(select.as_string()):
            pipe.write_row(row)
            count += 1
    return count


def _has_rowid(source: SqliteDatabase, name: str) -> bool:
    sql = next(source.query("SELECT sql FROM sqlite_master WHERE name = ?", [name]))["sql"]
    return "WITHOUT ROWID" not in sql.upper()


def _continue_sequences(source: SqliteDatabase, target: PostgresDatabase, order: list[str]) -> None:
    """Each identity continues after the highest id ever given (SQLite remembers it for the feed tables)."""
    given = {r["name"]: r["seq"] for r in source.query("SELECT name, seq FROM sqlite_sequence")}
    identities = {
        r["t"]
        for r in target.query(
            "SELECT table_name AS t FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'"
        )
    }
    for name in order:
        if name not in identities:
            continue
        sequence = next(target.query("SELECT pg_get_serial_sequence(?, 'id') AS s", [name]))["s"]
        highest = next(
            target.query(pgsql.SQL("SELECT max(id) AS m FROM {}").format(pgsql.Identifier(name)).as_string())
        )
        last = max(int(highest["m"] or 0), int(given.get(name, 0) if name in MONOTONIC else 0))
        if last:
            target.execute("SELECT setval(?, ?)", [sequence, last])


def _verify(source: SqliteDatabase, target: PostgresDatabase, rows: dict[str, int]) -> list[str]:
    checked = []
    for name, count in rows.items():
        query = pgsql.SQL("SELECT count(*) AS n FROM {}").format(pgsql.Identifier(name)).as_string()
        stored = int(next(target.query(query))["n"])
        if stored != count:
            raise Mismatch(f"{name}: {count} rows read, {stored} in PostgreSQL")
    for what, query in AGGREGATES.items():
        here = sorted((r["k"], r["n"] or 0, r["s"] or 0) for r in source.query(query))
        there = sorted((r["k"], r["n"] or 0, r["s"] or 0) for r in target.query(query))
        if here != there:
            raise Mismatch(f"{what}: {here} in SQLite, {there} in PostgreSQL")
        checked.append(f"{what}: {', '.join(f'{k} {n}' for k, n, _ in here) or 'none'}")
    return checked
