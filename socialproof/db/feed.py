"""The change feed: every write the public can see, in order (rows written by triggers, migration 0009).

Consumers (each process's render cache now; webhook senders later) remember
the last id they handled and ask for what came after. Ids only grow, so a
consumer that was away misses nothing as long as it returns within
``RETENTION_DAYS``; one away longer starts again from the newest change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from socialproof import clock
from socialproof.db.engine import Database, latest_id

RETENTION_DAYS = 7


class ChangeKind(StrEnum):
    REVIEW = "review"
    REPLY = "reply"
    PHOTO = "photo"
    PRODUCT = "product"
    SHOP = "shop"
    RECOMMENDATION = "recommendation"
    PURCHASE = "purchase"
    QUESTION = "question"  # migration 0023
    ANSWER = "answer"


@dataclass(frozen=True)
class Change:
    id: int
    shop_id: int
    product_id: int | None
    kind: ChangeKind
    ref_id: int


def latest(db: Database) -> int:
    """The newest change's id; 0 before the first."""
    return latest_id(db, "changes")


def since(db: Database, position: int, limit: int = 10_000) -> list[Change]:
    """Changes after ``position``, oldest first, at most ``limit`` of them."""
    rows = db.query(
        "SELECT id, shop_id, product_id, kind, ref_id FROM changes WHERE id > ? ORDER BY id LIMIT ?", [position, limit]
    )
    return [Change(r["id"], r["shop_id"], r["product_id"], ChangeKind(r["kind"]), r["ref_id"]) for r in rows]


def position(db: Database, consumer: str) -> int | None:
    row = next(db.query("SELECT position FROM feed_positions WHERE consumer = ?", [consumer]), None)
    return None if row is None else int(row["position"])


def remember(db: Database, consumer: str, at: int) -> None:
    db.execute(
        "INSERT INTO feed_positions (consumer, position, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at",
        [consumer, at, clock.now_iso()],
    )


def forget_old(db: Database) -> int:
    """Drop changes past the retention period; how many went."""
    cutoff = (clock.now() - timedelta(days=RETENTION_DAYS)).strftime("%Y-%m-%dT%H:%M:%S")
    return db.execute("DELETE FROM changes WHERE created_at < ?", [cutoff]).rowcount
