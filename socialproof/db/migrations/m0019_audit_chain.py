"""Migration 0019: the audit log becomes a hash chain (db/chain.py); entries written before are sealed now.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db import chain
from socialproof.db.engine import Database as AnyDatabase

NO_UPDATE = (
    "CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END"
)


def sqlite(db: Database) -> None:
    db.execute("ALTER TABLE moderation_log ADD COLUMN prev_hash TEXT")
    db.execute("ALTER TABLE moderation_log ADD COLUMN entry_hash TEXT")
    db.execute("DROP TRIGGER moderation_log_no_update")  # held while the old entries are sealed
    chain.backfill(db)
    db.execute(NO_UPDATE)
    db.execute("CREATE INDEX moderation_log_chain ON moderation_log (shop_id, id)")


def postgresql(db: AnyDatabase) -> None:
    db.execute("ALTER TABLE moderation_log ADD COLUMN prev_hash TEXT, ADD COLUMN entry_hash TEXT")
    db.execute("ALTER TABLE moderation_log DISABLE TRIGGER moderation_log_no_update")
    chain.backfill(db)
    db.execute("ALTER TABLE moderation_log ENABLE TRIGGER moderation_log_no_update")
    db.execute("CREATE INDEX moderation_log_chain ON moderation_log (shop_id, id)")
