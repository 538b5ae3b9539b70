"""Secrets this server makes once per database: for visitor hashes, form stamps, invitations."""

from __future__ import annotations

import secrets

from sqlite_utils import Database

from socialproof import clock


def existing_secret(db: Database, name: str) -> bytes | None:
    rows = list(db.query("SELECT value FROM server_secrets WHERE name = ?", [name]))
    return rows[0]["value"] if rows else None


def server_secret(db: Database, name: str) -> bytes:
    """A 256-bit secret generated once per database (writer connection only)."""
    existing = existing_secret(db, name)
    if existing is not None:
        return existing
    value = secrets.token_bytes(32)
    db.execute("INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)", [name, value, clock.now_iso()])
    return value
