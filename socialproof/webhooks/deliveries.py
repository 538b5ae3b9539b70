"""The delivery queue: each event for each endpoint that wants it, in order per review, until delivered.

``fan_out`` reads the shop events after the sender's position and queues a
delivery per endpoint, with the body it will send (so "send again" sends the
same). ``claim_due`` takes what is due in a write transaction, so two
senders never post the same delivery; a delivery waits while an earlier one
about the same review is queued or being sent, so a receiver hears
"submitted" before "published". A failure waits ``policy.WEBHOOK_RETRIES``
in turn; an endpoint failing for ``policy.WEBHOOK_PAUSE_AFTER`` is paused.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from socialproof import clock, policy
from socialproof.db import feed
from socialproof.db.engine import Database, executemany
from socialproof.errors import Conflict, NotFound
from socialproof.i18n import N_
from socialproof.shops.registry import Shop, shop_by_id
from socialproof.webhooks import chat, events, notices, payloads
from socialproof.webhooks.endpoints import Endpoint, EndpointKind, EndpointStatus

CONSUMER = "webhooks"  # its position in feed_positions
CLAIM_SECONDS = 120  # a claim older than this belonged to a sender that died mid-post
CLAIM_BATCH = 20
KEPT = timedelta(days=30)  # the delivery log, after the last attempt


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"  # every retry failed; it can be sent again by hand


@dataclass(frozen=True)
class Claimed:
    id: int
    webhook_id: int
    url: str
    secret: str
    message_id: str
    body: str


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _body(endpoint: Endpoint, payload: dict[str, Any], shop: Shop, public_url: str) -> str:
    if endpoint.kind is EndpointKind.STANDARD:
        return json.dumps(payload, ensure_ascii=False)
    return json.dumps(
        chat.message(endpoint.kind, payload, shop, public_url, include_text=endpoint.include_text), ensure_ascii=False
    )


def fan_out(db: Database, public_url: str) -> int:
    """Queue the deliveries of the events since the last run; how many."""
    position = feed.position(db, CONSUMER)
    if position is None:  # the first run: from when the first endpoint was added (none heard of before)
        (first,) = db.execute("SELECT min(from_event) FROM webhooks").fetchone()
        position = events.latest(db) if first is None else first
    batch = events.since(db, position)
    if not batch:
        feed.remember(db, CONSUMER, position)
        return 0
    shop_ids = sorted({e.shop_id for e in batch})
    marks = ",".join("?" * len(shop_ids))
    listening: dict[int, list[Endpoint]] = {}
    for row in db.query(
        f"SELECT * FROM webhooks WHERE status = 'active' AND shop_id IN ({marks}) ORDER BY id", shop_ids
    ):
        listening.setdefault(row["shop_id"], []).append(Endpoint.from_row(row))
    shops = {shop_id: shop_by_id(db, shop_id) for shop_id in listening}  # once per shop, not per event
    queued, now = 0, clock.now_iso()
    for event in batch:
        wanting = [e for e in listening.get(event.shop_id, []) if event.type in e.events and event.id > e.from_event]
        shop = shops.get(event.shop_id) if wanting else None
        payload = payloads.build(db, shop, event, public_url) if shop else None
        if shop is None or payload is None:
            continue
        for endpoint in wanting:
            queued += db.execute(
                "INSERT INTO webhook_deliveries (webhook_id, event_id, type, subject, message_id, payload, next_at, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [
                    endpoint.id,
                    event.id,
                    event.type.value,
                    event.subject,
                    "msg_" + secrets.token_urlsafe(18),
                    _body(endpoint, payload, shop, public_url),
                    now,
                    now,
                ],
            ).rowcount
    feed.remember(db, CONSUMER, batch[-1].id)
    return queued


def has_work(db: Database) -> bool:
    """Whether a sender run would do anything: a cheap read, so an idle server takes no write lock."""
    row = db.execute(
        "SELECT EXISTS (SELECT 1 FROM shop_events WHERE id > "
        "coalesce((SELECT position FROM feed_positions WHERE consumer = ?), -1)) "
        "OR EXISTS (SELECT 1 FROM webhook_deliveries WHERE status IN ('queued', 'sending') AND next_at <= ?)",
        [CONSUMER, clock.now_iso()],
    ).fetchone()
    return bool(row[0])


CLAIM_SQL = """
SELECT d.id, d.webhook_id, d.message_id, d.payload, w.url, w.secret FROM webhook_deliveries d
JOIN webhooks w ON w.id = d.webhook_id
WHERE w.status = 'active'
  AND ((d.status = 'queued' AND d.next_at <= ?) OR (d.status = 'sending' AND d.claimed_at < ?))
  AND NOT EXISTS (
    SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id AND e.subject = d.subject
    AND e.id < d.id AND e.status IN ('queued', 'sending'))
  {besides}
ORDER BY d.id LIMIT ?
"""


def claim_due(db: Database, limit: int = CLAIM_BATCH, busy: Collection[int] = ()) -> list[Claimed]:
    """Take what is due for posting, leaving out the endpoints in ``busy`` (already being posted to)."""
    now = clock.now()
    besides = f"AND d.webhook_id NOT IN ({', '.join('?' for _ in busy)})" if busy else ""
    params = [_iso(now), _iso(now - timedelta(seconds=CLAIM_SECONDS)), *busy, limit]
    rows = list(db.query(CLAIM_SQL.format(besides=besides), params))
    executemany(
        db,
        "UPDATE webhook_deliveries SET status = 'sending', claimed_at = ? WHERE id = ?",
        [(_iso(now), r["id"]) for r in rows],
    )
    return [Claimed(r["id"], r["webhook_id"], r["url"], r["secret"], r["message_id"], r["payload"]) for r in rows]


def delivered(db: Database, delivery_id: int, code: int) -> None:
    now = clock.now_iso()
    db.execute(
        "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = ?, "
        "delivered_at = ?, last_code = ?, last_error = NULL WHERE id = ?",
        [now, now, code, delivery_id],
    )
    db.execute(
        "UPDATE webhooks SET failing_since = NULL WHERE id = (SELECT webhook_id FROM webhook_deliveries WHERE id = ?)",
        [delivery_id],
    )


def failed(db: Database, delivery_id: int, code: int | None, error: str) -> DeliveryStatus:
    """Wait for the next retry, or give up after the last; pause an endpoint failing too long."""
    row = next(db.query("SELECT retry, webhook_id FROM webhook_deliveries WHERE id = ?", [delivery_id]))
    now = clock.now()
    retry = row["retry"] + 1
    status = DeliveryStatus.QUEUED if retry <= len(policy.WEBHOOK_RETRIES) else DeliveryStatus.FAILED
    next_at = now + policy.WEBHOOK_RETRIES[retry - 1] if status is DeliveryStatus.QUEUED else now
    db.execute(
        "UPDATE webhook_deliveries SET status = ?, retry = ?, attempts = attempts + 1, last_attempt_at = ?, "
        "next_at = ?, last_code = ?, last_error = ? WHERE id = ?",
        [status.value, retry, _iso(now), _iso(next_at), code, error[:500], delivery_id],
    )
    db.execute(
        "UPDATE webhooks SET failing_since = coalesce(failing_since, ?) WHERE id = ?", [_iso(now), row["webhook_id"]]
    )
    hook = next(db.query("SELECT shop_id, status, failing_since FROM webhooks WHERE id = ?", [row["webhook_id"]]))
    if hook["status"] == "active" and now - datetime.fromisoformat(hook["failing_since"]) >= policy.WEBHOOK_PAUSE_AFTER:
        db.execute(
            "UPDATE webhooks SET status = ?, paused_at = ? WHERE id = ?",
            [EndpointStatus.PAUSED.value, _iso(now), row["webhook_id"]],
        )
        notices.queue(db, hook["shop_id"], row["webhook_id"])
    return status


def send_again(db: Database, shop: Shop, endpoint_id: int, delivery_id: int) -> dict[str, Any]:
    """Queue a delivery again, now, with the same id and body (receivers can tell it is the same)."""
    row = _of_endpoint(db, shop, endpoint_id, delivery_id)
    if row["status"] in (DeliveryStatus.QUEUED, DeliveryStatus.SENDING):
        raise Conflict(N_("This delivery is waiting to be sent already."))
    db.execute(
        "UPDATE webhook_deliveries SET status = 'queued', retry = 0, next_at = ? WHERE id = ?",
        [clock.now_iso(), delivery_id],
    )
    return delivery_json(_of_endpoint(db, shop, endpoint_id, delivery_id))


def _of_endpoint(db: Database, shop: Shop, endpoint_id: int, delivery_id: int) -> dict[str, Any]:
    row = next(
        db.query(
            "SELECT d.* FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
            "WHERE d.id = ? AND d.webhook_id = ? AND w.shop_id = ?",
            [delivery_id, endpoint_id, shop.id],
        ),
        None,
    )
    if row is None:
        raise NotFound(N_("This webhook has no delivery %(id)s."), id=delivery_id)
    return row


def delivery_json(row: dict[str, Any]) -> dict[str, Any]:
    waiting = row["status"] in (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)
    return {
        "id": row["id"],
        "event_id": row["event_id"],
        "type": row["type"],
        "message_id": row["message_id"],
        "status": row["status"],
        "attempts": row["attempts"],
        "response_code": row["last_code"],
        "error": row["last_error"],
        "created_at": row["created_at"],
        "last_attempt_at": row["last_attempt_at"],
        "next_attempt_at": row["next_at"] if waiting else None,
        "delivered_at": row["delivered_at"],
    }


def log(db: Database, shop: Shop, endpoint_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """The endpoint's latest deliveries, newest first."""
    rows = db.query(
        "SELECT d.* FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
        "WHERE d.webhook_id = ? AND w.shop_id = ? ORDER BY d.id DESC LIMIT ?",
        [endpoint_id, shop.id, limit],
    )
    return [delivery_json(r) for r in rows]


def forget_old(db: Database) -> int:
    cutoff = _iso(clock.now() - KEPT)
    return db.execute(
        "DELETE FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND coalesce(last_attempt_at, created_at) < ?",
        [cutoff],
    ).rowcount
