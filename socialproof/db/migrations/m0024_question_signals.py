"""Migration 0024: shoppers' helpful votes on questions and answers, and their reports (questions/signals.py).

One table of votes per target, as ``helpful_votes`` is for reviews (signals/marks.py), and
each row's ``helpful_count`` kept from them; reports of a question or of one of its
answers in one table, each row's ``open_reports`` kept from them, as for reviews.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase

REASONS = "('spam', 'offensive', 'personal-data', 'off-topic', 'not-genuine')"
TABLES = [
    """CREATE TABLE question_votes (
        id INTEGER PRIMARY KEY,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        visitor_hash TEXT,
        ip_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX question_votes_by_question ON question_votes (question_id, visitor_hash)",
    """CREATE TABLE answer_votes (
        id INTEGER PRIMARY KEY,
        answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        visitor_hash TEXT,
        ip_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX answer_votes_by_answer ON answer_votes (answer_id, visitor_hash)",
    f"""CREATE TABLE question_reports (
        id INTEGER PRIMARY KEY,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        answer_id INTEGER REFERENCES answers(id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (reason IN {REASONS}),
        note TEXT,
        ip_hash TEXT NOT NULL,
        visitor_hash TEXT,
        created_at TEXT NOT NULL,
        resolved_at TEXT
    )""",
    "CREATE INDEX question_reports_by_question ON question_reports (question_id, resolved_at)",
    "ALTER TABLE questions ADD COLUMN helpful_count INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE questions ADD COLUMN open_reports INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE answers ADD COLUMN helpful_count INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE answers ADD COLUMN open_reports INTEGER NOT NULL DEFAULT 0",
    # A product's questions, most helpful first, are an index range scan as its newest are.
    "CREATE INDEX questions_by_product_helpful ON questions (product_id, status, helpful_count, created_at)",
]


def sqlite(db: Database) -> None:
    for statement in TABLES:
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in TABLES:
        db.execute(translate.table(statement))
