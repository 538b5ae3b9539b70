"""Secrets this server makes once per database: for visitor hashes, form stamps, invitations."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

from socialproof import clock
from socialproof.db.engine import Database


def existing_secret(db: Database, name: str) -> bytes | None:
    rows = list(db.query("SELECT value FROM server_secrets WHERE name = ?", [name]))
    return rows[0]["value"] if rows else None


def server_secret(db: Database, name: str) -> bytes:
    """A 256-bit secret generated once per database (writer connection only)."""
    existing = existing_secret(db, name)
    if existing is not None:
        return existing
    # Several nodes may start at once: the first secret written is everyone's.
    db.execute(
        "INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
        [name, secrets.token_bytes(32), clock.now_iso()],
    )
    stored = existing_secret(db, name)
    assert stored is not None
    return stored


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _signature(key: bytes, payload: bytes) -> str:
    return _b64(hmac.new(key, payload, hashlib.sha256).digest())


def keyed_hash(db: Database, name: str, text: str) -> str:
    """A hash of ``text`` no one without this database's secret can recompute (writer connection)."""
    return _signature(server_secret(db, name), text.encode())


def sign(db: Database, name: str, claims: dict[str, Any]) -> str:
    """A URL-safe token carrying ``claims``, signed with the secret ``name`` (writer connection)."""
    payload = json.dumps(claims, separators=(",", ":"), sort_keys=True).encode()
    return f"{_b64(payload)}.{_signature(server_secret(db, name), payload)}"


def verified(db: Database, name: str, token: str) -> dict[str, Any] | None:
    """The claims of a token this database signed with ``name``; None for anything else."""
    key = existing_secret(db, name)  # none yet: no token can be genuine
    payload_text, _, signature = token.partition(".")
    try:
        payload = base64.urlsafe_b64decode(payload_text + "=" * (-len(payload_text) % 4))
        claims = json.loads(payload)
    except (ValueError, json.JSONDecodeError):
        return None
    if key is None or not hmac.compare_digest(signature, _signature(key, payload)) or not isinstance(claims, dict):
        return None
    return claims
