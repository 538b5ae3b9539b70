"""PostgreSQL's schema: its first step translated from SQLite's, and the runner of its steps.

PostgreSQL support begins at migration 0018: its first step is the SQLite
schema as it stood then (tables, indexes, triggers), read back from an
in-memory SQLite database and translated statement by statement. The
translation ran once and is committed as migrations/postgresql_baseline.sql
(``python -m socialproof.db.pg_schema`` writes it again; a test holds the two
equal). Later steps have their own PostgreSQL form beside their SQLite one
(migrations/m0019_audit_chain.py). Facts such as what a review adds to its
product's numbers (0009) or which events a shop hears of (0018) stay declared
once, in the SQLite migrations. The spellings that differ: db/translate.py.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from sqlite_utils import Database as SqliteDatabase

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.db.migrations import POSTGRESQL, migration_names, migrations
from socialproof.db.migrations.m0018_webhooks import BASELINE as BASELINE_SQL
from socialproof.db.translate import PRELUDE, table, trigger

_REFERENCES = re.compile(r"REFERENCES\s+\"?(\w+)\"?")

MIGRATIONS = POSTGRESQL
BASELINE = MIGRATIONS[0][0]  # the last SQLite migration PostgreSQL's first one reproduces


@dataclass(frozen=True)
class _Object:
    kind: str
    name: str
    table: str
    sql: str


def _sqlite_objects(whole: bool = False) -> list[_Object]:
    """SQLite's schema as of the baseline (PostgreSQL's first migration), or ``whole``: as of the last one."""
    names = migration_names()
    after = names[names.index(BASELINE) + 1 :]
    with SqliteDatabase(memory=True, execute_plugins=False) as db:
        migrations.apply(db, stop_before=after[0] if after and not whole else None)
        rows = db.query(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%' AND tbl_name != '_sqlite_migrations' ORDER BY rowid"
        )
        return [_Object(r["type"], r["name"], r["tbl_name"], r["sql"]) for r in rows]


def _in_dependency_order(tables: list[_Object]) -> list[_Object]:
    """A table after those it references (SQLite let 0003 add a reference to a table made later)."""
    by_name = {t.name: t for t in tables}
    done: list[_Object] = []
    seen: set[str] = set()

    def visit(t: _Object) -> None:
        if t.name in seen:
            return
        seen.add(t.name)
        for ref in _REFERENCES.findall(t.sql):
            if ref in by_name and ref != t.name:
                visit(by_name[ref])
        done.append(t)

    for t in tables:
        visit(t)
    return done


def tables_in_dependency_order() -> list[_Object]:
    """Every table of the current schema, each after those it references (for copying a database)."""
    return _in_dependency_order([o for o in _sqlite_objects(whole=True) if o.kind == "table"])


# Kept only for minutes and rebuilt by use: not worth the write-ahead log (lost in a server crash, by design).
UNLOGGED = ("heartbeats", "rate_limits")
# Each node's render cache hears of a new change at once; the feed itself stays the source of truth.
CHANGES_CHANNEL = "socialproof_changes"
NOTIFY = [
    "CREATE FUNCTION changes_notify_fn() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN PERFORM pg_notify('{CHANGES_CHANNEL}', ''); RETURN NULL; END $$",
    "CREATE TRIGGER changes_notify AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION changes_notify_fn()",
]


def baseline() -> list[str]:
    """Every statement of PostgreSQL's first migration, in order."""
    objects = _sqlite_objects()
    tables = _in_dependency_order([o for o in objects if o.kind == "table"])
    statements = list(PRELUDE)
    statements += [
        table(t.sql).replace("CREATE TABLE", "CREATE UNLOGGED TABLE", 1) if t.name in UNLOGGED else table(t.sql)
        for t in tables
    ]
    statements += [o.sql.replace("COLLATE NOCASE", "COLLATE nocase") for o in objects if o.kind == "index"]
    for o in objects:
        if o.kind == "trigger":
            statements += trigger(o.sql)
    return statements + NOTIFY


def baseline_sql() -> str:
    """The baseline as the committed file holds it: one statement after another, each ended by a line ';'."""
    return "\n;\n".join(baseline()) + "\n"


# Nodes that start together take turns: the first migrates, the others find nothing pending.
MIGRATION_LOCK = 0x50C1A1


def pending(db: Database) -> list[str]:
    if next(db.query("SELECT to_regclass('schema_migrations') AS t"))["t"] is None:
        return [name for name, _ in MIGRATIONS]
    done = {r["name"] for r in db.query("SELECT name FROM schema_migrations")}
    return [name for name, _ in MIGRATIONS if name not in done]


def migrate(db: Database) -> None:
    """Apply what is pending, inside the caller's transaction."""
    db.execute("SELECT pg_advisory_xact_lock(?)", [MIGRATION_LOCK])
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    todo = set(pending(db))
    for name, step in MIGRATIONS:
        if name in todo:
            step(db)
            db.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", [name, clock.now_iso()])


if __name__ == "__main__":  # python -m socialproof.db.pg_schema: write the baseline again (a new translation rule)
    BASELINE_SQL.write_text(baseline_sql())
    sys.stdout.write(f"wrote {BASELINE_SQL}\n")
