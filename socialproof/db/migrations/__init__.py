"""Versioned schema migrations: one module per step, listed once below, in order.

Each module is named ``m`` + the name it registers, and holds the step's SQLite form,
``sqlite(db)``, and from 0018 on its PostgreSQL form, ``postgresql(db)``, side by side.
PostgreSQL begins at 0018, whose form builds the schema of 0001-0018 at once from
``postgresql_baseline.sql`` (translated from SQLite's by db/pg_schema.py, committed).

Never edit a step that has shipped: add the next module and list it here. The suite
upgrades a database from every earlier version (tests/db/test_migrations.py). States
are named text with CHECK constraints, not bare integers, so the database itself
refuses a status nobody defined.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

from sqlite_utils import Database, Migrations

from socialproof.db.engine import Database as AnyDatabase

# The one list: every step, in the order it runs. A new step is a module here and a line below.
STEPS: tuple[ModuleType, ...] = tuple(
    importlib.import_module(f"{__name__}.{module}")
    for module in (
        "m0001_foundation",
        "m0002_trust_and_presence",
        "m0003_photos",
        "m0004_workspace",
        "m0005_theme",
        "m0006_hardening",
        "m0007_rate_buckets",
        "m0008_audit_log_kept",
        "m0009_aggregates_and_change_feed",
        "m0010_rate_limits_changed_at",
        "m0011_outbox",
        "m0012_shop_reply_to",
        "m0013_review_requests",
        "m0014_provenance",
        "m0015_product_identifiers",
        "m0016_feed_tokens",
        "m0017_orders",
        "m0018_webhooks",
        "m0019_audit_chain",
        "m0020_insight_rollups",
        "m0021_review_terms",
        "m0022_store_codes",
        "m0023_questions",
        "m0024_question_signals",
        "m0025_answer_requests",
        "m0026_shop_reviews",
        "m0027_all_reviews",
        "m0028_shop_looks",
        "m0029_experienced_at",
        "m0030_scales",
        "m0031_groups",
        "m0032_topics",
    )
)


def name_of(step: ModuleType) -> str:
    """The name a step registers: its module's, without the leading m (0019_audit_chain)."""
    return step.__name__.rpartition(".")[2].removeprefix("m")


migrations = Migrations("socialproof")
for _step in STEPS:
    migrations(name=name_of(_step))(_step.sqlite)

# PostgreSQL's steps, in the same order, each named as the SQLite step it matches.
POSTGRESQL: list[tuple[str, Callable[[AnyDatabase], None]]] = [
    (name_of(step), step.postgresql) for step in STEPS if hasattr(step, "postgresql")
]

__all__ = ["POSTGRESQL", "STEPS", "migrate", "migration_names", "migrations", "name_of"]


def migrate(db: Database) -> None:
    """Bring an SQLite database's schema up to date (PostgreSQL's: ``pg_schema.migrate``)."""
    migrations.apply(db)


def migration_names() -> list[str]:
    return [name_of(step) for step in STEPS]
