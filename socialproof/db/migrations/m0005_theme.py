"""Migration 0005: theme. Shipped: never edit, add the next migration.

PostgreSQL has it in its baseline (postgresql_baseline.sql), from 0018."""

from __future__ import annotations

from sqlite_utils import Database


def sqlite(db: Database) -> None:
    # {"accent": "#rrggbb", "accent_dark": "#rrggbb", "radius": 8, "font": "..."}: checked in theme.py
    db.execute("ALTER TABLE shops ADD COLUMN theme TEXT NOT NULL DEFAULT '{}'")
