"""Migration 0025: buyers asked to answer a question (questions/buyers.py), and what came of it.

A row per question and buyer asked (the review link's invitation: the order that makes them a
verified buyer), so nobody is asked twice about one question and each link answers once.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase

TABLES = [
    """CREATE TABLE answer_requests (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        invitation_id INTEGER NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        answer_id INTEGER REFERENCES answers(id) ON DELETE SET NULL,
        answered_at TEXT,
        UNIQUE (question_id, invitation_id)
    )""",
    "CREATE INDEX answer_requests_by_invitation ON answer_requests (invitation_id)",
]


def sqlite(db: Database) -> None:
    for statement in TABLES:
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in TABLES:
        db.execute(translate.table(statement))
