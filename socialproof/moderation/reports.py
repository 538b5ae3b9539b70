"""Shoppers reporting a review.

A report hides nothing: the review stays up, marked for a moderator, until a
moderator decides. That is what keeps a competitor from silencing reviews by
reporting them. Deciding about the review closes its open reports.
"""

from __future__ import annotations

from socialproof import clock
from socialproof.audit import Action, ActorKind, RejectReason, actor, log_action
from socialproof.db.engine import Database
from socialproof.errors import Invalid, NotFound, one_of, plural
from socialproof.i18n import N_
from socialproof.safety.shoppers import Shopper
from socialproof.sanitize import bounded
from socialproof.shops.registry import Shop

NOTE_MAX = 500


def parse(reason: object, note: object) -> tuple[RejectReason, str | None]:
    errors = {}
    try:
        parsed = RejectReason(str(reason))
    except ValueError:
        parsed = RejectReason.SPAM
        errors["reason"] = one_of(RejectReason)
    text = bounded(note, NOTE_MAX, multiline=True) if isinstance(note, str) else ""
    if text is None:
        errors["note"] = plural("at most %(num)s character", "at most %(num)s characters", NOTE_MAX)
    if errors:
        raise Invalid(N_("The report needs a reason from the list, and a short note if any."), errors)
    return parsed, text or None


def report(db: Database, shop: Shop, review_id: int, reason: RejectReason, note: str | None, shopper: Shopper) -> bool:
    """Record the report; False when this shopper had already reported the review."""
    if not list(
        db.query("SELECT 1 FROM reviews WHERE id = ? AND shop_id = ? AND status = 'approved'", [review_id, shop.id])
    ):
        raise NotFound(N_("The shop has no published review %(id)s."), id=review_id)
    who = "(ip_hash = ?" + (" OR visitor_hash = ?)" if shopper.visitor_hash else ")")
    params = [review_id, shopper.ip_hash] + ([shopper.visitor_hash] if shopper.visitor_hash else [])
    if list(db.query(f"SELECT 1 FROM reports WHERE review_id = ? AND resolved_at IS NULL AND {who}", params)):
        return False
    db.table("reports").insert(
        {
            "review_id": review_id,
            "reason": reason.value,
            "note": note,
            "ip_hash": shopper.ip_hash,
            "visitor_hash": shopper.visitor_hash,
            "created_at": clock.now_iso(),
        }
    )
    refresh(db, review_id)
    log_action(db, shop.id, review_id, actor(ActorKind.SHOPPER), Action.REPORT, reason.value, None, None)
    return True


def refresh(db: Database, review_id: int) -> None:
    db.execute(
        "UPDATE reviews SET open_reports = (SELECT count(*) FROM reports WHERE review_id = ? AND "
        "resolved_at IS NULL) WHERE id = ?",
        [review_id, review_id],
    )


def resolve(db: Database, review_id: int) -> None:
    """A moderator decided about the review: its open reports are answered."""
    db.execute(
        "UPDATE reports SET resolved_at = ? WHERE review_id = ? AND resolved_at IS NULL", [clock.now_iso(), review_id]
    )
    refresh(db, review_id)


def open_reports(db: Database, review_id: int) -> list[dict]:
    return list(
        db.query(
            "SELECT reason, note, created_at FROM reports WHERE review_id = ? AND resolved_at IS NULL ORDER BY id",
            [review_id],
        )
    )
