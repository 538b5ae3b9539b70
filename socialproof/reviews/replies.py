"""The shop's public reply to a review: one per review, plain text, logged."""

from __future__ import annotations

from collections.abc import Sequence

from socialproof import clock
from socialproof.audit import Action, log_action
from socialproof.db.engine import Database
from socialproof.errors import Invalid, NotFound, plural
from socialproof.i18n import N_
from socialproof.sanitize import bounded
from socialproof.shops.registry import Shop

REPLY_MAX = 2000


def parse_reply(body: str) -> str:
    """A reply's words, cleaned ("" removes it), or Invalid when too long; the same for any reply of the shop's."""
    text = bounded(body, REPLY_MAX, multiline=True)
    if text is None:
        raise Invalid(
            plural(
                "A reply can be at most %(num)s character.", "A reply can be at most %(num)s characters.", REPLY_MAX
            ),
            {"reply": plural("at most %(num)s character", "at most %(num)s characters", REPLY_MAX)},
        )
    return text


def set_reply(db: Database, shop: Shop, review_id: int, body: str, actor: str) -> None:
    """Write, change or (with an empty body) remove the shop's reply."""
    if not list(db.query("SELECT 1 FROM reviews WHERE id = ? AND shop_id = ?", [review_id, shop.id])):
        raise NotFound(N_("The shop has no review %(id)s."), id=review_id)
    text = parse_reply(body)
    existing = list(db.query("SELECT body FROM replies WHERE review_id = ?", [review_id]))
    now = clock.now_iso()
    if not text:
        if existing:
            db.execute("DELETE FROM replies WHERE review_id = ?", [review_id])
            log_action(db, shop.id, review_id, actor, Action.REPLY_REMOVE, None, None, None)
        return
    if existing:
        if existing[0]["body"] != text:
            db.execute("UPDATE replies SET body = ?, updated_at = ? WHERE review_id = ?", [text, now, review_id])
            log_action(db, shop.id, review_id, actor, Action.REPLY_EDIT, None, None, None)
        return
    db.table("replies").insert({"review_id": review_id, "body": text, "created_at": now, "updated_at": now})
    log_action(db, shop.id, review_id, actor, Action.REPLY, None, None, None)


def of_reviews(db: Database, review_ids: Sequence[int]) -> dict[int, dict]:
    if not review_ids:
        return {}
    marks = ",".join("?" * len(review_ids))
    return {
        r["review_id"]: r
        for r in db.query(
            f"SELECT review_id, body, created_at, updated_at FROM replies WHERE review_id IN ({marks})",
            list(review_ids),
        )
    }
