"""What happens to a shop's reviews, as the triggers of migration 0018 record it, in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from socialproof import clock
from socialproof.db.engine import Database, latest_id

RETENTION = timedelta(days=7)  # the sender reads within seconds; a week covers a server that was down


class EventType(StrEnum):
    REVIEW_SUBMITTED = "review.submitted"
    REVIEW_PUBLISHED = "review.published"
    REVIEW_REJECTED = "review.rejected"
    REVIEW_EDITED = "review.edited"
    REVIEW_WITHDRAWN = "review.withdrawn"  # by its writer, or erased at their request
    REVIEW_REPORTED = "review.reported"
    REPLY_PUBLISHED = "reply.published"
    PHOTO_PUBLISHED = "photo.published"
    IMPORT_FINISHED = "import.finished"


@dataclass(frozen=True)
class Event:
    id: int
    shop_id: int
    type: EventType
    review_id: int | None
    ref_id: int | None  # the report, photo or import
    status: str | None  # the review's, just after the event
    created_at: str

    @property
    def subject(self) -> str:
        """What deliveries are ordered by: a review's events arrive in the order they happened."""
        return f"review:{self.review_id}" if self.review_id is not None else f"import:{self.ref_id}"


def latest(db: Database) -> int:
    return latest_id(db, "shop_events")


def since(db: Database, position: int, limit: int = 1000) -> list[Event]:
    rows = db.query("SELECT * FROM shop_events WHERE id > ? ORDER BY id LIMIT ?", [position, limit])
    return [
        Event(r["id"], r["shop_id"], EventType(r["type"]), r["review_id"], r["ref_id"], r["status"], r["created_at"])
        for r in rows
    ]


def forget_old(db: Database) -> int:
    cutoff = (clock.now() - RETENTION).strftime("%Y-%m-%dT%H:%M:%S")
    return db.execute("DELETE FROM shop_events WHERE created_at < ?", [cutoff]).rowcount
