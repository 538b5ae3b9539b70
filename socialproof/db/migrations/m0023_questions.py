"""Migration 0023: shoppers' questions about a product and their answers (socialproof/questions/).

A question is moderated like a review (the same states and reasons); an answer is the
shop's or a buyer's. The audit log gains ``subject`` ('question:ID', 'answer:ID'), NULL
for a review's entries, whose sealed form stays as it was (db/chain.py). The change feed
learns two kinds, so a published question or answer refreshes its product's widgets on
every server as a review does.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import translate
from socialproof.db.engine import Database as AnyDatabase

STATES = "('pending', 'approved', 'rejected')"
REASONS = "('spam', 'offensive', 'personal-data', 'off-topic', 'not-genuine')"
TABLES = [
    f"""CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        author_name TEXT NOT NULL,
        email TEXT,
        lang TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN {STATES}),
        rejection_reason TEXT CHECK (rejection_reason IN {REASONS}),
        shopper_hash TEXT,
        created_at TEXT NOT NULL,
        published_at TEXT,
        moderated_at TEXT,
        answered_at TEXT
    )""",
    "CREATE INDEX questions_by_product ON questions (product_id, status, created_at)",
    "CREATE INDEX questions_by_shop_status ON questions (shop_id, status, created_at)",
    f"""CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        author_name TEXT NOT NULL,
        by_shop INTEGER NOT NULL CHECK (by_shop IN (0, 1)),
        verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
        status TEXT NOT NULL CHECK (status IN {STATES}),
        rejection_reason TEXT CHECK (rejection_reason IN {REASONS}),
        created_at TEXT NOT NULL,
        published_at TEXT,
        moderated_at TEXT
    )""",
    "CREATE INDEX answers_by_question ON answers (question_id, status, created_at)",
]

KINDS = "('review', 'reply', 'photo', 'product', 'shop', 'recommendation', 'purchase', 'question', 'answer')"
# (table, the row's product, kind): a change whenever a published row is written, or a row stops being published.
FED = [
    ("questions", "{r}.product_id", "question"),
    ("answers", "(SELECT product_id FROM questions WHERE id = {r}.question_id)", "answer"),
]


def _feed_triggers() -> list[str]:
    triggers = []
    for table, product, kind in FED:
        for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
            r = rows[-1]
            when = " OR ".join(f"{x}.status = 'approved'" for x in rows)
            triggers.append(
                f"CREATE TRIGGER {table}_feed_{event.lower()} AFTER {event} ON {table} WHEN {when} "
                f"BEGIN INSERT INTO changes (shop_id, product_id, kind, ref_id) "
                f"VALUES ({r}.shop_id, {product.format(r=r)}, '{kind}', {r}.id); END"
            )
    return triggers


def sqlite(db: Database) -> None:
    for statement in TABLES:
        db.execute(statement)
    db.execute("ALTER TABLE moderation_log ADD COLUMN subject TEXT")
    # SQLite can't change a CHECK in place: the feed's table is rebuilt, its ids and next id kept.
    sequence = next(db.query("SELECT seq FROM sqlite_sequence WHERE name = 'changes'"), None)
    db.execute("PRAGMA legacy_alter_table = ON")  # other tables' triggers name `changes` while it is rebuilt
    db.execute(
        f"""CREATE TABLE changes_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        shop_id INTEGER NOT NULL,
        product_id INTEGER,
        kind TEXT NOT NULL CHECK (kind IN {KINDS}),
        ref_id INTEGER NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )"""
    )
    db.execute("INSERT INTO changes_new SELECT id, shop_id, product_id, kind, ref_id, created_at FROM changes")
    db.execute("DROP TABLE changes")
    db.execute("ALTER TABLE changes_new RENAME TO changes")
    db.execute("PRAGMA legacy_alter_table = OFF")
    db.execute("CREATE INDEX changes_by_time ON changes (created_at)")
    if sequence is not None:  # the copy's own count stops at the newest row kept; ids forgotten stay used
        db.execute("DELETE FROM sqlite_sequence WHERE name = 'changes'")
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('changes', ?)", [sequence["seq"]])
    for statement in _feed_triggers():
        db.execute(statement)


def postgresql(db: AnyDatabase) -> None:
    for statement in TABLES:
        db.execute(translate.table(statement))
    db.execute("ALTER TABLE moderation_log ADD COLUMN subject TEXT")
    db.execute(
        f"ALTER TABLE changes DROP CONSTRAINT changes_kind_check, ADD CONSTRAINT changes_kind_check CHECK (kind IN {KINDS})"
    )
    for statement in _feed_triggers():
        for translated in translate.trigger(statement):
            db.execute(translated)
