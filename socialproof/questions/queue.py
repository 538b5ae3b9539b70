"""The shop's questions as its moderators work through them: waiting for a decision, for an answer, done."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

from socialproof.db.engine import Database
from socialproof.questions import listing, signals
from socialproof.shops.registry import Shop


class View(StrEnum):
    WAITING = "waiting"  # asked, not yet published or rejected
    ANSWERS_WAITING = "answers-waiting"  # a buyer's answer waits for a decision
    UNANSWERED = "unanswered"  # published, with no answer yet
    ANSWERED = "answered"
    REJECTED = "rejected"
    REPORTED = "reported"  # shown, and reported by a shopper (the question or one of its answers)


WHERE = {
    View.WAITING: "q.status = 'pending'",
    View.ANSWERS_WAITING: "EXISTS (SELECT 1 FROM answers a WHERE a.question_id = q.id AND a.status = 'pending')",
    View.UNANSWERED: "q.status = 'approved' AND q.answered_at IS NULL",
    View.ANSWERED: "q.status = 'approved' AND q.answered_at IS NOT NULL",
    View.REJECTED: "q.status = 'rejected'",
    View.REPORTED: "(q.open_reports > 0 OR EXISTS (SELECT 1 FROM answers a WHERE a.question_id = q.id "
    "AND a.open_reports > 0))",
}
# What needs the shop first comes first: the oldest question in waiting views, the newest in the others.
ORDER = {
    View.WAITING: "ASC",
    View.ANSWERS_WAITING: "ASC",
    View.UNANSWERED: "ASC",
    View.ANSWERED: "DESC",
    View.REJECTED: "DESC",
    View.REPORTED: "ASC",
}
# What waits for the shop, counted on the shops page: a question in any of these, once.
TO_DO = (View.WAITING, View.ANSWERS_WAITING, View.UNANSWERED)


def counts(db: Database, shop: Shop) -> dict[View, int]:
    """How many questions each view holds, in one pass over the shop's questions."""
    columns = ", ".join(f"count(*) FILTER (WHERE {where}) AS {view.name.lower()}" for view, where in WHERE.items())
    row = next(db.query(f"SELECT {columns} FROM questions q WHERE q.shop_id = ?", [shop.id]))
    return {view: row[view.name.lower()] or 0 for view in View}


def to_do(db: Database, shop: Shop) -> int:
    """How many questions wait for the shop to decide or answer (each once, whatever waits in it)."""
    where = " OR ".join(f"({WHERE[view]})" for view in TO_DO)
    return int(
        next(db.query(f"SELECT count(*) AS n FROM questions q WHERE q.shop_id = ? AND ({where})", [shop.id]))["n"]
    )


def page(
    db: Database, shop: Shop, view: View, number: int, per_page: int, counted: dict[View, int] | None = None
) -> tuple[list[dict[str, Any]], int]:
    """One page of a view: each question as moderators see it, with its product's name; and how many pages.
    ``counted``: the views' counts when the caller has them already (the workspace shows them too)."""
    total = (counted or counts(db, shop))[view]
    rows = db.query(
        "SELECT q.*, p.external_id AS product, p.name AS product_name FROM questions q "
        f"JOIN products p ON p.id = q.product_id WHERE q.shop_id = ? AND {WHERE[view]} "
        f"ORDER BY q.created_at {ORDER[view]}, q.id {ORDER[view]} LIMIT ? OFFSET ?",
        [shop.id, per_page, (number - 1) * per_page],
    )
    items = [
        listing.moderated_json(db, r)
        | {"product_name": r["product_name"], "reports": signals.open_reports(db, r["id"])}
        for r in rows
    ]
    return items, max(1, math.ceil(total / per_page))
