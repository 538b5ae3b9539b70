"""A script of several SQL statements, run inside the caller's transaction (the migrations' steps)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database


def statements(sql: str) -> Iterator[str]:
    """The script's statements, split where SQLite says one is complete: tried at each ';' only.

    sqlite-utils 4 (which can't use ``sqlite3.executescript`` in a transaction: it commits first) tries
    after every character, joining the statement so far each time: quadratic in a statement's length, a
    tenth of a second for migration 0009's triggers alone, paid by every new database.
    """
    start, end = 0, sql.find(";")
    while end != -1:
        candidate = sql[start : end + 1]
        if sqlite3.complete_statement(candidate):  # not a ';' inside a string or a trigger's body
            if candidate.strip():
                yield candidate.strip()
            start = end + 1
        end = sql.find(";", end + 1)
    if sql[start:].strip():
        yield sql[start:].strip()


def run_script(db: Database, sql: str) -> None:
    for statement in statements(sql):
        db.execute(statement)
