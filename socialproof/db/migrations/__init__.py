"""Versioned schema migrations, applied in order at start-up and by the CLI.

Never edit a migration that has shipped: add the next one, in a module
imported below after the ones before it. The test suite upgrades a database
from every earlier version (tests/db/test_migrations.py). States are named
text with CHECK constraints, not bare integers, so the database itself
refuses a status nobody defined.
"""

from __future__ import annotations

from sqlite_utils import Database

from socialproof.db.migrations import (  # noqa: F401  (registers them, in this order)
    v0001_to_0008,
    v0009_read_path,
    v0010_batched_heartbeats,
    v0011_outbox,
    v0012_shop_reply_to,
    v0013_review_requests,
    v0014_provenance,
    v0015_product_identifiers,
    v0016_feed_tokens,
    v0017_orders,
    v0018_webhooks,
    v0019_audit_chain,
)
from socialproof.db.migrations.registry import migrations

__all__ = ["migrate", "migration_names", "migrations"]


def migrate(db: Database) -> None:
    """Bring an SQLite database's schema up to date (PostgreSQL's: ``pg_schema``)."""
    migrations.apply(db)


def migration_names() -> list[str]:
    with Database(memory=True) as empty:
        return [m.name for m in migrations.pending(empty)]
