"""The outbox: every message waits here until it is sent, retried, or given up on.

A sender claims what is due in a write transaction (SQLite lets one writer
at a time), so two server processes never send the same message. A sender
renews its claim on what it still holds with every message it records, so a
claim goes stale only when its sender stops: one older than ``CLAIM_SECONDS``
belonged to a sender that died, and is taken again. A temporary failure (an SMTP 4xx, a lost connection) is retried after
``RETRY_MINUTES``; a permanent one (5xx), or the last retry, gives up with the
reason kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from socialproof import clock
from socialproof.db.engine import Database, executemany


class MailKind(StrEnum):
    """What a message is; each kind is composed by its own domain (compose.Composer)."""

    TEST = "test"
    STATEMENT = "statement-of-reasons"  # moderation/statements.py
    REQUEST = "review-request"  # reviews/review_requests.py
    REMINDER = "review-reminder"  # reviews/review_requests.py
    CONFIRMATION = "review-confirmation"  # reviews/own_link.py
    DIGEST = "moderator-digest"  # moderation/digests.py
    WEBHOOK_PAUSED = "webhook-paused"  # webhooks/notices.py
    ANSWERED = "question-answered"  # questions/telling.py
    ANSWER_REQUEST = "answer-request"  # questions/buyers.py


SOLICITED = (
    MailKind.REQUEST,
    MailKind.REMINDER,
    MailKind.ANSWER_REQUEST,
)  # mail the shopper did not ask for: capped, and carries an unsubscribe


class Status(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # given up: the reason is in last_error
    WITHHELD = "withheld"  # a rule stopped it when it was due (a cap, an unsubscribe): the rule is in last_error


class Withheld(Exception):
    """Raised by a composer: this message must not go out, for the reason given."""


class Postponed(Exception):
    """Raised by a composer: this message may go out, but not before ``until``."""

    def __init__(self, until: datetime, reason: str) -> None:
        super().__init__(reason)
        self.until = until


RETRY_MINUTES = (1, 5, 30, 120, 360)  # after each temporary failure in turn; then given up
CLAIM_SECONDS = 600
CLAIM_BATCH = 50  # messages one sender run takes at a time


@dataclass(frozen=True)
class Queued:
    id: int
    shop_id: int | None  # None: a moderator's digest, about every shop they work on
    kind: MailKind
    recipient: str
    lang: str
    ref: dict[str, Any]
    attempts: int


def enqueue(
    db: Database,
    shop_id: int | None,
    kind: MailKind,
    recipient: str,
    lang: str,
    ref: dict[str, Any] | None = None,
    due: datetime | None = None,
) -> int:
    now = clock.now()
    (message_id,) = db.execute(
        "INSERT INTO outbox (shop_id, kind, ref, recipient, lang, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        [shop_id, kind.value, json.dumps(ref or {}), recipient, lang, _iso(due or now), _iso(now)],
    ).fetchone()
    return int(message_id)


def claim_due(db: Database, only: int | None = None, limit: int = CLAIM_BATCH) -> list[Queued]:
    """Take what is due (or the one message ``only``) for sending; the caller's write transaction."""
    now = clock.now()
    lost = _iso(now - timedelta(seconds=CLAIM_SECONDS))
    rows = list(
        db.query(
            "SELECT * FROM outbox WHERE ((status = 'queued' AND due_at <= ?) OR (status = 'sending' AND claimed_at < ?)) "
            "AND (CAST(? AS INTEGER) IS NULL OR id = ?) ORDER BY due_at, id LIMIT ?",
            [_iso(now), lost, only, only, limit],
        )
    )
    executemany(
        db, "UPDATE outbox SET status = 'sending', claimed_at = ? WHERE id = ?", [(_iso(now), r["id"]) for r in rows]
    )
    return [
        Queued(
            r["id"], r["shop_id"], MailKind(r["kind"]), r["recipient"], r["lang"], json.loads(r["ref"]), r["attempts"]
        )
        for r in rows
    ]


def hold(db: Database, message_ids: list[int]) -> None:
    """Renew the claim on messages this sender still has to send: it is alive, however slow the server."""
    executemany(
        db,
        "UPDATE outbox SET claimed_at = ? WHERE id = ? AND status = 'sending'",
        [(_iso(clock.now()), message_id) for message_id in message_ids],
    )


def sent(db: Database, message_id: int, header_id: str) -> None:
    db.execute(
        "UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?, attempts = attempts + 1, last_error = NULL "
        "WHERE id = ?",
        [clock.now_iso(), header_id, message_id],
    )


def failed(db: Database, message_id: int, reason: str, *, permanent: bool) -> Status:
    """Queue the message again after its wait, or give it up; which it was."""
    (attempts,) = db.execute("SELECT attempts FROM outbox WHERE id = ?", [message_id]).fetchone()
    if permanent or attempts >= len(RETRY_MINUTES):
        db.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
            [reason[:500], message_id],
        )
        return Status.FAILED
    due = clock.now() + timedelta(minutes=RETRY_MINUTES[attempts])
    db.execute(
        "UPDATE outbox SET status = 'queued', attempts = attempts + 1, due_at = ?, last_error = ? WHERE id = ?",
        [_iso(due), reason[:500], message_id],
    )
    return Status.QUEUED


def send_again(db: Database, shop_id: int | None) -> int:
    """Queue the given-up messages again, now, with fresh retries (``mail retry``, after an outage); how many.

    Each is composed anew when sent, so one whose purpose has passed (a request
    for reviewed or expired products, a digest with nothing waiting) is
    withheld then, not sent stale. A test message is not: it was answered
    when it was sent.
    """
    return db.execute(
        "UPDATE outbox SET status = 'queued', attempts = 0, due_at = ?, last_error = NULL "
        "WHERE status = 'failed' AND kind <> ? AND (CAST(? AS INTEGER) IS NULL OR shop_id = ?)",
        [clock.now_iso(), MailKind.TEST.value, shop_id, shop_id],
    ).rowcount


def postpone(db: Database, message_id: int, until: datetime, reason: str) -> None:
    db.execute(
        "UPDATE outbox SET status = 'queued', due_at = ?, last_error = ? WHERE id = ?",
        [_iso(until), reason[:500], message_id],
    )


def withhold(db: Database, message_id: int, reason: str) -> None:
    db.execute("UPDATE outbox SET status = 'withheld', last_error = ? WHERE id = ?", [reason[:500], message_id])


def sent_since(db: Database, shop_id: int, address: str, kinds: tuple[MailKind, ...], days: int) -> list[datetime]:
    """When the shop sent the address messages of ``kinds`` in the last ``days`` days, newest first."""
    since = _iso(clock.now() - timedelta(days=days))
    marks = ", ".join("?" for _ in kinds)
    rows = db.execute(
        f"SELECT sent_at FROM outbox WHERE recipient = ? COLLATE NOCASE AND sent_at > ? "
        f"AND shop_id = ? AND status = 'sent' AND kind IN ({marks}) ORDER BY sent_at DESC",
        [address, since, shop_id, *[kind.value for kind in kinds]],
    ).fetchall()
    return [datetime.fromisoformat(sent_at) for (sent_at,) in rows]


def status_of(db: Database, message_id: int) -> dict[str, Any]:
    row = db.execute(
        "SELECT status, attempts, last_error, message_id, due_at FROM outbox WHERE id = ?", [message_id]
    ).fetchone()
    return dict(zip(("status", "attempts", "last_error", "message_id", "due_at"), row, strict=True))


def recent(db: Database, shop_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """The shop's latest messages, newest first, for the workspace (which shows addresses masked)."""
    return list(
        db.query(
            "SELECT kind, recipient, status, attempts, due_at, sent_at, last_error, created_at FROM outbox "
            "WHERE shop_id = ? ORDER BY id DESC LIMIT ?",
            [shop_id, limit],
        )
    )


def masked(address: str) -> str:
    """An address as a moderator sees it in the outbox: enough to tell two apart, not to write to."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


def held_for(db: Database, address: str) -> list[dict[str, Any]]:
    """What the outbox holds for an address (privacy.export): which messages, and how they went."""
    return list(
        db.query(
            "SELECT s.slug AS shop, o.kind, o.status, o.created_at, o.sent_at FROM outbox o "
            "LEFT JOIN shops s ON s.id = o.shop_id WHERE lower(o.recipient) = lower(?) ORDER BY o.id",
            [address.strip()],
        )
    )


def forget(db: Database, address: str) -> int:
    """Erase an address from the outbox (privacy.erase): what was sent to it, and what waits."""
    return db.execute("DELETE FROM outbox WHERE lower(recipient) = lower(?)", [address.strip()]).rowcount


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")
