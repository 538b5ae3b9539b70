"""Reviews of the shop as the public and its moderators see them, and their numbers."""

from __future__ import annotations

import math
from typing import Any

from socialproof import clock
from socialproof.audit import Action, RejectReason, Subject, about
from socialproof.db.engine import Database
from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.moderation import statements
from socialproof.moderation.decisions import decided, log_decision
from socialproof.reviews.status import ReviewStatus as Status
from socialproof.reviews.summary import Summary
from socialproof.shops.registry import Shop


def summary(db: Database, shop: Shop) -> Summary:
    """The shop's rating from its published reviews of itself: counted from the rows, one index range."""
    rows = db.query(
        "SELECT rating, count(*) AS n, sum(verified) AS verified FROM shop_reviews "
        "WHERE shop_id = ? AND status = 'approved' GROUP BY rating",
        [shop.id],
    )
    found = {r["rating"]: (r["n"], r["verified"] or 0) for r in rows}
    return Summary(
        shop.slug,
        {rating: found.get(rating, (0, 0))[0] for rating in range(1, 6)},
        verified=sum(v for _, v in found.values()),
    )


def public_json(row: dict[str, Any]) -> dict[str, Any]:
    """A published review of the shop as anyone may see it: never the writer's e-mail address."""
    return {
        "id": row["id"],
        "rating": row["rating"],
        "title": row["title"],
        "body": row["body"],
        "author_name": row["author_name"],
        "lang": row["lang"],
        "verified": bool(row["verified"]),
        "created_at": row["created_at"],
        "experienced_at": row["experienced_at"],
        "reply": {"body": row["reply"], "created_at": row["replied_at"]} if row["reply"] else None,
    }


def moderated_json(row: dict[str, Any]) -> dict[str, Any]:
    return public_json(row) | {
        "status": row["status"],
        "rejection_reason": row["rejection_reason"],
        "moderated_at": row["moderated_at"],
    }


PAGE_SQL = "SELECT * FROM shop_reviews WHERE shop_id = ? AND status = ? ORDER BY created_at {order}, id {order} LIMIT ? OFFSET ?"


def _page(db: Database, shop: Shop, status: Status, page: int, per_page: int, order: str) -> tuple[list[dict], int]:
    total = next(db.query("SELECT count(*) AS n FROM shop_reviews WHERE shop_id = ? AND status = ?", [shop.id, status]))
    rows = list(db.query(PAGE_SQL.format(order=order), [shop.id, status.value, per_page, (page - 1) * per_page]))
    return rows, int(total["n"])


def published(db: Database, shop: Shop, page: int, per_page: int) -> dict[str, Any]:
    """The shop's published reviews of itself, newest first, with their numbers."""
    rows, total = _page(db, shop, Status.APPROVED, page, per_page, "DESC")
    return {
        "summary": summary(db, shop).as_json() | {"product": None, "shop": shop.slug},
        "items": [public_json(r) for r in rows],
        "page": page,
        "pages": max(1, math.ceil(total / per_page)),
        "total": total,
    }


def by_status(db: Database, shop: Shop, status: Status, page: int, per_page: int) -> dict[str, Any]:
    """Reviews of the shop in one status, oldest first: the order they should be dealt with."""
    rows, total = _page(db, shop, status, page, per_page, "ASC")
    return {
        "items": [moderated_json(r) for r in rows],
        "page": page,
        "pages": max(1, math.ceil(total / per_page)),
        "total": total,
    }


def row(db: Database, shop: Shop, review_id: int) -> dict[str, Any]:
    found = next(db.query("SELECT * FROM shop_reviews WHERE id = ? AND shop_id = ?", [review_id, shop.id]), None)
    if found is None:
        raise NotFound(N_("The shop has no review of itself %(id)s."), id=review_id)
    return found


def decide(db: Database, shop: Shop, review_id: int, action: Action, reason: RejectReason | None, by: str) -> dict:
    """Publish or reject a review of the shop, whatever its rating; logged with the policy's reason."""
    before = row(db, shop, review_id)
    status = Status.APPROVED if action is Action.APPROVE else Status.REJECTED
    db.table("shop_reviews").update(review_id, decided(before, status, reason, clock.now_iso()))
    subject = about(Subject.SHOP_REVIEW, review_id)
    if status is Status.REJECTED and reason is not None and before["status"] != Status.REJECTED:
        statements.queue_about(db, shop, subject, before, reason)
    log_decision(db, shop, before, status, reason, by, subject)
    return moderated_json(row(db, shop, review_id))
