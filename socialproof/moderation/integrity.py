"""A shop's integrity report: what happened to every review of the last 12 months, from stored rows only.

Nothing here can be set by hand: every figure is counted from the reviews,
their decisions and the audit log, so a shop can't claim more than it does.
Withdrawn reviews (erased by their writer) are counted as such, without text.
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from socialproof import audit, clock
from socialproof.audit import Action, RejectReason
from socialproof.db.engine import Database
from socialproof.reviews import store_codes
from socialproof.reviews.provenance import IMPORT_PREFIX
from socialproof.shops.registry import Shop

PERIOD = timedelta(days=365)
RATINGS = ("1", "2", "3", "4", "5")


def _hours(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 3600


def report(db: Database, shop: Shop) -> dict[str, Any]:
    now = clock.now()
    since = (now - PERIOD).isoformat(timespec="microseconds")
    rows = list(
        db.query(
            "SELECT status, rating, rejection_reason, verified, verified_at_source, invitation_id, source, erased, "
            "created_at, moderated_at FROM reviews WHERE shop_id = ? AND created_at >= ? ORDER BY id",
            [shop.id, since],
        )
    )
    imported = [r for r in rows if r["source"].startswith(IMPORT_PREFIX)]
    written = [r for r in rows if not r["source"].startswith(IMPORT_PREFIX)]
    outcome = Counter(_outcome(r) for r in written)
    by_rating = {stars: Counter(_outcome(r) for r in written if str(r["rating"]) == stars) for stars in RATINGS}
    reasons = Counter(r["rejection_reason"] for r in written if _outcome(r) == "rejected")
    decided = [_hours(r["created_at"], r["moderated_at"]) for r in written if r["moderated_at"]]
    verified = [r for r in written if r["verified"]]
    return {
        "shop": shop.slug,
        "period": {"from": since[:10], "to": now.date().isoformat()},
        "received": len(written),
        "published": outcome["published"],
        "not_published": {key: outcome[key] for key in ("waiting", "rejected", "withdrawn")},
        "by_rating": {stars: {key: counts[key] for key in _OUTCOMES} for stars, counts in by_rating.items()},
        "rejected_by_reason": {reason.value: reasons[reason.value] for reason in RejectReason},
        "median_hours_to_decision": round(statistics.median(decided), 1) if decided else None,
        "verified": {
            "share": round(len(verified) / len(written), 3) if written else None,
            "by_check": {
                "order_link": sum(1 for r in verified if r["invitation_id"] is not None),
                "in_store": sum(1 for r in verified if r["source"] == store_codes.SOURCE),
            },
        },
        "imported": dict(sorted(Counter(r["source"].removeprefix(IMPORT_PREFIX) for r in imported).items())),
        "imported_verified_at_source": sum(1 for r in imported if r["verified_at_source"]),
        "moderation": {"mode": shop.moderation.value, "changes": _mode_changes(db, shop)},
        "audit_log": _chain(db, shop),
    }


_OUTCOMES = ("published", "waiting", "rejected", "withdrawn")


def _outcome(row: dict[str, Any]) -> str:
    if row["erased"]:
        return "withdrawn"
    return {"approved": "published", "pending": "waiting", "rejected": "rejected"}[row["status"]]


def _mode_changes(db: Database, shop: Shop) -> list[dict[str, str]]:
    rows = db.query(
        "SELECT from_status, to_status, created_at FROM moderation_log WHERE shop_id = ? AND action = ? ORDER BY id",
        [shop.id, Action.MODE.value],
    )
    return [{"at": r["created_at"], "from": r["from_status"], "to": r["to_status"]} for r in rows]


def _chain(db: Database, shop: Shop) -> dict[str, Any]:
    verdict = audit.verify(db, shop.id)
    return {"entries": verdict.length, "head": verdict.head, "intact": verdict.intact}
