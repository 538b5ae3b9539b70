"""Migration 0018: what happens to a shop's reviews, as events, and the endpoints that hear of them.

The public change feed (0009) records only what the public can see; a shop's
tools also want to hear of a review waiting, rejected or reported. Triggers
write those events, so no path that changes a review (the web, the CLI, an
import, a moderator) can forget to. Reviews brought in by an import are one
``import.finished`` event, not thousands.

Shipped: never edit, add the next migration.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from socialproof.db.engine import Database as AnyDatabase
from socialproof.db.script import run_script

EVENT = (
    "INSERT INTO shop_events (shop_id, type, review_id, ref_id, status) "
    "SELECT {shop}, '{type}', {review}, {ref}, (SELECT status FROM reviews WHERE id = {review})"
)
NOT_IMPORTED = "coalesce((SELECT source FROM reviews WHERE id = {review}), '') NOT LIKE 'import:%'"


def _event(type_: str, shop: str, review: str, ref: str = "NULL", where: str = "") -> str:
    return EVENT.format(shop=shop, type=type_, review=review, ref=ref) + (f" WHERE {where}" if where else "") + ";"


TRIGGERS = {
    "reviews_events_insert": (
        "AFTER INSERT ON reviews WHEN NEW.source NOT LIKE 'import:%'",
        _event("review.submitted", "NEW.shop_id", "NEW.id")
        + _event("review.published", "NEW.shop_id", "NEW.id", where="NEW.status = 'approved'"),
    ),
    "reviews_events_status": (
        "AFTER UPDATE OF status ON reviews WHEN OLD.status IS NOT NEW.status AND NEW.erased = 0",
        _event("review.published", "NEW.shop_id", "NEW.id", where="NEW.status = 'approved'")
        + _event("review.rejected", "NEW.shop_id", "NEW.id", where="NEW.status = 'rejected'"),
    ),
    "reviews_events_words": (
        "AFTER UPDATE OF title, body, rating ON reviews WHEN NEW.erased = 0 "
        "AND (OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.rating IS NOT NEW.rating)",
        _event("review.edited", "NEW.shop_id", "NEW.id"),
    ),
    "reviews_events_erased": (
        "AFTER UPDATE OF erased ON reviews WHEN NEW.erased = 1 AND OLD.erased = 0",
        _event("review.withdrawn", "NEW.shop_id", "NEW.id"),
    ),
    "reports_events_insert": (
        "AFTER INSERT ON reports",
        _event("review.reported", "(SELECT shop_id FROM reviews WHERE id = NEW.review_id)", "NEW.review_id", "NEW.id"),
    ),
    "replies_events_insert": (
        "AFTER INSERT ON replies",
        _event("reply.published", "(SELECT shop_id FROM reviews WHERE id = NEW.review_id)", "NEW.review_id"),
    ),
    "replies_events_update": (
        "AFTER UPDATE OF body ON replies WHEN OLD.body IS NOT NEW.body",
        _event("reply.published", "(SELECT shop_id FROM reviews WHERE id = NEW.review_id)", "NEW.review_id"),
    ),
    "photos_events_insert": (
        "AFTER INSERT ON photos WHEN NEW.status = 'approved'",
        _event(
            "photo.published", "NEW.shop_id", "NEW.review_id", "NEW.id", NOT_IMPORTED.format(review="NEW.review_id")
        ),
    ),
    "photos_events_status": (
        "AFTER UPDATE OF status ON photos WHEN NEW.status = 'approved' AND OLD.status IS NOT 'approved'",
        _event("photo.published", "NEW.shop_id", "NEW.review_id", "NEW.id"),
    ),
    "imports_events_insert": ("AFTER INSERT ON imports", _event("import.finished", "NEW.shop_id", "NULL", "NEW.id")),
}


def sqlite(db: Database) -> None:
    run_script(
        db,
        """
        -- Monotonic ids, like the change feed's: the webhook sender remembers how far it has read.
        CREATE TABLE shop_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            shop_id INTEGER NOT NULL,
            type TEXT NOT NULL,
            review_id INTEGER,
            ref_id INTEGER,  -- the report, photo or import the event is about
            status TEXT,  -- the review's status just after the event: a payload sent later still says it
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX shop_events_by_time ON shop_events (created_at);

        CREATE TABLE webhooks (
            id INTEGER PRIMARY KEY,
            shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('standard', 'slack', 'teams')),
            events TEXT NOT NULL CHECK (json_valid(events)),
            include_text INTEGER NOT NULL DEFAULT 0 CHECK (include_text IN (0, 1)),
            secret TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
            paused_at TEXT,
            failing_since TEXT,  -- the first failure since the last success
            from_event INTEGER NOT NULL,  -- events after this one are for it (none from before it existed)
            created_at TEXT NOT NULL,
            UNIQUE (shop_id, url)
        );

        CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY,
            webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
            event_id INTEGER NOT NULL,
            type TEXT NOT NULL,
            subject TEXT NOT NULL,  -- what it is about ("review:12"): one at a time per subject, in order
            message_id TEXT NOT NULL,  -- webhook-id: the same on every attempt, so receivers can deduplicate
            payload TEXT NOT NULL CHECK (json_valid(payload)),
            status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'delivered', 'failed')),
            retry INTEGER NOT NULL DEFAULT 0,  -- failures since it was queued (or sent again)
            attempts INTEGER NOT NULL DEFAULT 0,
            next_at TEXT NOT NULL,
            claimed_at TEXT,
            last_attempt_at TEXT,
            last_code INTEGER,
            last_error TEXT,
            delivered_at TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (webhook_id, event_id)
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at);
        CREATE INDEX webhook_deliveries_by_subject ON webhook_deliveries (webhook_id, subject, status);
        CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (webhook_id, created_at);
        """,
    )
    for name, (when, body) in TRIGGERS.items():
        db.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


# PostgreSQL's first step: the schema of 0001-0018 at once, translated from SQLite's by
# db/pg_schema.py (``python -m socialproof.db.pg_schema`` writes it) and committed as SQL;
# tests/db/test_pg_schema.py holds it equal to a fresh translation.
BASELINE = Path(__file__).with_name("postgresql_baseline.sql")


def postgresql(db: AnyDatabase) -> None:
    for statement in BASELINE.read_text().split("\n;\n"):
        if statement.strip():
            db.execute(statement)
