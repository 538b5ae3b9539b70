"""The audit log's hash chain: each entry seals the one before it, per shop.

An entry's hash is SHA-256 over the previous entry's hash and the entry's
own fields in a fixed order, as canonical JSON. Changing, removing or
reordering any entry behind the application's back breaks the chain from
there on, which ``socialproof audit verify`` finds; publishing the head
(the newest hash) and the length lets anyone notice a rewritten chain later.
This format is part of every stored hash: never change it, add a versioned one.
Entries about a question or an answer (migration 0023) carry a ``subject`` and seal it
too, after the first fields; every entry without one is sealed exactly as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from socialproof.db.engine import Database

GENESIS = "0" * 64  # what the first entry of a shop's chain follows
SEALED = ("shop_id", "review_id", "photo_id", "actor", "action", "reason", "from_status", "to_status", "created_at")
SEALED_WITH_SUBJECT = (*SEALED, "subject")


def seal(previous: str, entry: Mapping[str, Any]) -> str:
    names = SEALED if entry.get("subject") is None else SEALED_WITH_SUBJECT
    fields = json.dumps([entry[name] for name in names], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{fields}".encode()).hexdigest()


def head(db: Database, shop_id: int) -> str:
    """The newest hash of a shop's chain, which the next entry follows."""
    row = next(
        db.query("SELECT entry_hash FROM moderation_log WHERE shop_id = ? ORDER BY id DESC LIMIT 1", [shop_id]), None
    )
    return row["entry_hash"] if row and row["entry_hash"] else GENESIS


@dataclass(frozen=True)
class Link:
    id: int
    prev_hash: str
    entry_hash: str


def sealed_in_order(rows: Iterable[Mapping[str, Any]]) -> Iterator[Link]:
    """The links rows (one shop's, oldest first) ought to carry, computed from their contents."""
    previous = GENESIS
    for row in rows:
        entry_hash = seal(previous, row)
        yield Link(int(row["id"]), previous, entry_hash)
        previous = entry_hash


def backfill(db: Database) -> None:
    """Seal the entries written before the chain existed (the migrations that add it; triggers held)."""
    shops = [r["shop_id"] for r in db.query("SELECT DISTINCT shop_id FROM moderation_log ORDER BY shop_id")]
    for shop_id in shops:
        rows = list(db.query("SELECT * FROM moderation_log WHERE shop_id = ? ORDER BY id", [shop_id]))
        for link in sealed_in_order(rows):
            db.execute(
                "UPDATE moderation_log SET prev_hash = ?, entry_hash = ? WHERE id = ?",
                [link.prev_hash, link.entry_hash, link.id],
            )
