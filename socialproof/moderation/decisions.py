"""Moderation: approving and rejecting reviews and photos, always with a logged reason.

A rejection needs one of the reasons the consumer-review rules accept; a low
rating is not among them and can't be given.
"""

from __future__ import annotations

import math
from typing import Any

from socialproof import clock
from socialproof.audit import REASONS, Action, RejectReason, log_action
from socialproof.db.engine import Database
from socialproof.errors import Conflict, Invalid, NotFound, one_of
from socialproof.i18n import N_
from socialproof.moderation import reports, statements
from socialproof.photos import records as photo_records
from socialproof.reviews import scales
from socialproof.reviews.listing import review_json
from socialproof.reviews.status import ReviewStatus
from socialproof.shops.registry import Shop


def parse_decision(data: Any) -> tuple[Action, RejectReason | None]:
    if not isinstance(data, dict):
        raise Invalid(N_('Send a JSON object like {"action": "approve"}.'), {"action": N_("required")})
    try:
        action = Action(str(data.get("action")))
        if action not in (Action.APPROVE, Action.REJECT):
            raise ValueError
    except ValueError:
        raise Invalid(N_("The action is 'approve' or 'reject'."), {"action": N_("approve or reject")}) from None
    if action is Action.APPROVE:
        return action, None
    return action, parse_reason(data.get("reason"))


def form_decision(action: str, reason: object) -> tuple[Action, RejectReason | None]:
    """A workspace form's publish or reject (``action``); the reason is asked only of a rejection."""
    chosen = Action(action)
    return chosen, parse_reason(reason) if chosen is Action.REJECT else None


def parse_reason(value: object) -> RejectReason:
    """One of the reasons the consumer-review rules accept; a low rating is never one."""
    try:
        return RejectReason(str(value))
    except ValueError:
        raise Invalid(
            N_("A rejection needs a reason from the policy: %(reasons)s."),
            {"reason": one_of(RejectReason)},
            reasons=REASONS,
        ) from None


def _review_row(db: Database, shop: Shop, review_id: int) -> dict[str, Any]:
    rows = list(
        db.query(
            "SELECT r.*, p.external_id AS product FROM reviews r JOIN products p ON p.id = r.product_id "
            "WHERE r.id = ? AND r.shop_id = ?",
            [review_id, shop.id],
        )
    )
    if not rows:
        raise NotFound(N_("The shop has no review %(id)s."), id=review_id)
    return rows[0]


def moderated_json(db: Database, row: dict[str, Any], shop: Shop, base_url: str) -> dict[str, Any]:
    """A review as a moderator sees it: with its status and why, and all its photos."""
    photos = photo_records.of_reviews(db, [row["id"]], visible_only=False)[row["id"]]
    answers = scales.answers_of(db, [row["id"]]).get(row["id"], [])
    return review_json(row, row["product"], answers=answers) | {
        "status": row["status"],
        "rejection_reason": row["rejection_reason"],
        "moderated_at": row["moderated_at"],
        "photos": [photo_records.moderator_json(p, base_url, shop.slug) for p in photos],
    }


# A withdrawal is the writer's final word (reviews/own_link.py): no decision brings the review back.
WITHDRAWN = N_("The writer withdrew this review, so it can't be published again.")


def _withdrawn(db: Database, review_id: int) -> bool:
    return bool(
        list(
            db.query(
                "SELECT 1 FROM moderation_log WHERE review_id = ? AND action = ? LIMIT 1",
                [review_id, Action.WITHDRAW.value],
            )
        )
    )


def decide(
    db: Database,
    shop: Shop,
    review_id: int,
    action: Action,
    reason: RejectReason | None,
    actor: str,
    base_url: str = "",
) -> dict[str, Any]:
    row = _review_row(db, shop, review_id)
    if action is Action.APPROVE and _withdrawn(db, review_id):
        raise Conflict(WITHDRAWN)
    now = clock.now_iso()
    if action is Action.APPROVE:
        changes = {
            "status": ReviewStatus.APPROVED.value,
            "rejection_reason": None,
            "moderated_at": now,
            "published_at": row["published_at"] or now,
        }
    else:
        changes = {
            "status": ReviewStatus.REJECTED.value,
            "rejection_reason": reason.value if reason else None,
            "moderated_at": now,
        }
    db.table("reviews").update(review_id, changes)
    if action is Action.APPROVE:
        photo_records.approve_waiting(db, review_id)
    elif row["status"] != ReviewStatus.REJECTED.value and reason is not None:
        statements.queue(db, shop, row, statements.REJECTED, reason)
    reports.resolve(db, review_id)
    log_action(
        db, shop.id, review_id, actor, action, reason.value if reason else None, row["status"], changes["status"]
    )
    return moderated_json(db, _review_row(db, shop, review_id), shop, base_url)


REDACTED = "[…]"


def redact(db: Database, shop: Shop, review_id: int, fragment: str, actor: str) -> None:
    """Remove personal data (an address, a phone number, a name) from a review's words.

    The only change a shop may make to a shopper's text: each occurrence of
    ``fragment`` becomes [...], and the review says it was edited by the shop.
    The audit entry records that it happened, not what was removed.
    """
    row = _review_row(db, shop, review_id)
    fragment = fragment.strip()
    fields = {name: row[name] for name in ("title", "body", "author_name") if fragment and fragment in row[name]}
    if len(fragment) < 3 or not fields:
        raise Invalid(
            N_("Give the personal data exactly as it stands in the review (3 characters or more)."),
            {"fragment": N_("text that occurs in the review")},
        )
    db.table("reviews").update(
        review_id, {name: text.replace(fragment, REDACTED) for name, text in fields.items()} | {"edited_by_shop": 1}
    )
    log_action(db, shop.id, review_id, actor, Action.REDACT, RejectReason.PERSONAL_DATA.value, None, None)
    statements.queue(db, shop, row, statements.REDACTED, RejectReason.PERSONAL_DATA)


def decide_photo(
    db: Database, shop: Shop, photo_id: int, action: Action, reason: RejectReason | None, actor: str, base_url: str = ""
) -> dict[str, Any]:
    """Approve or reject one photo, whatever is decided about its review's text."""
    before = list(db.query("SELECT status, review_id FROM photos WHERE id = ? AND shop_id = ?", [photo_id, shop.id]))
    photo = photo_records.decide(db, shop.id, photo_id, action is Action.APPROVE, reason.value if reason else None)
    log_action(
        db,
        shop.id,
        photo["review_id"],
        actor,
        action,
        reason.value if reason else None,
        before[0]["status"],
        photo["status"],
        photo_id=photo_id,
    )
    return photo_records.moderator_json(photo, base_url, shop.slug)


# Oldest first: the order reviews should be dealt with. Parameters: shop, status, limit, offset.
QUEUE_SQL = (
    "SELECT r.*, p.external_id AS product FROM reviews r JOIN products p ON p.id = r.product_id "
    "WHERE r.shop_id = ? AND r.status = ? ORDER BY r.created_at, r.id LIMIT ? OFFSET ?"
)


QUEUE_COUNT_SQL = "SELECT count(*) AS n FROM reviews WHERE shop_id = ? AND status = ?"


def by_status(
    db: Database, shop: Shop, status: ReviewStatus, page: int, per_page: int, base_url: str = ""
) -> dict[str, Any]:
    """Reviews in one status, oldest first."""
    total = next(db.query(QUEUE_COUNT_SQL, [shop.id, status.value]))["n"]
    rows = db.query(QUEUE_SQL, [shop.id, status.value, per_page, (page - 1) * per_page])
    return {
        "items": [moderated_json(db, r, shop, base_url) for r in rows],
        "page": page,
        "pages": max(1, math.ceil(total / per_page)),
        "total": total,
    }


def decided(before: dict[str, Any], status: ReviewStatus, reason: RejectReason | None, now: str) -> dict[str, Any]:
    """The columns a decision changes on a question, an answer or a review of the shop (each has these):
    published keeps its first publication's time; refused carries the policy's reason."""
    if status is ReviewStatus.APPROVED:
        return {"status": status.value, "moderated_at": now, "rejection_reason": None,
                "published_at": before["published_at"] or now}  # fmt: skip
    return {"status": status.value, "moderated_at": now, "rejection_reason": reason.value if reason else None}


def log_decision(
    db: Database, shop: Shop, before: dict[str, Any], status: ReviewStatus, reason: RejectReason | None, by: str,
    subject: str,
) -> None:  # fmt: skip
    """A decision on what is not a product review, in the audit log under its subject."""
    action = Action.APPROVE if status is ReviewStatus.APPROVED else Action.REJECT
    log_action(db, shop.id, None, by, action, reason.value if reason else None, before["status"], status.value,
               subject=subject)  # fmt: skip
