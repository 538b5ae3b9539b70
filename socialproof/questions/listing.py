"""Questions as the public and the shop's moderators see them: pages, newest or oldest first.

The public sees published questions and published answers only, never an asker's
e-mail address.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

from socialproof.db.engine import Database
from socialproof.questions import answering, asking
from socialproof.reviews.status import ReviewStatus as Status
from socialproof.sanitize import folded
from socialproof.shops.registry import Shop


class Sort(StrEnum):
    NEWEST = "newest"
    HELPFUL = "helpful"  # most helpful votes first


def public_json(question: dict[str, Any], answers: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": question["id"],
        "product": question["product"],
        "body": question["body"],
        "author_name": question["author_name"],
        "created_at": question["created_at"],
        "lang": question["lang"],
        "helpful": question["helpful_count"],
        "answers": [answering.public_json(a) for a in answers],
    }


# Each order an index range scan (migrations 0023, 0024); the id breaks ties so pages never overlap.
ORDER_BY = {
    Sort.NEWEST: "q.created_at DESC, q.id DESC",
    Sort.HELPFUL: "q.helpful_count DESC, q.created_at DESC, q.id DESC",
}
PUBLISHED_SQL = (
    "SELECT q.*, p.external_id AS product FROM questions q JOIN products p ON p.id = q.product_id "
    "WHERE p.shop_id = ? AND p.external_id = ? AND q.status = 'approved' "
    "ORDER BY {order} LIMIT ? OFFSET ?"
)
PUBLISHED_COUNT_SQL = (
    "SELECT count(*) AS n FROM questions q JOIN products p ON p.id = q.product_id "
    "WHERE p.shop_id = ? AND p.external_id = ? AND q.status = 'approved'"
)
SEARCH_MAX = 100  # characters of a search: past this it is no shopper's question
SEARCHED = 2000  # a search reads at most this many of a product's newest questions


def published(
    db: Database, shop: Shop, product: str, page: int, per_page: int, search: str = "", sort: Sort = Sort.NEWEST
) -> dict[str, Any]:
    """A page of a product's published questions, newest (or most helpful) first, each with its published answers.

    With ``search``, only the questions whose words or answers hold every word of it, however
    cased; a product's questions are few enough to be read whole, the same on either engine.
    """
    words = folded(search[:SEARCH_MAX]).split()
    if not words:
        total = next(db.query(PUBLISHED_COUNT_SQL, [shop.id, product]))["n"]
        rows = list(
            db.query(PUBLISHED_SQL.format(order=ORDER_BY[sort]), [shop.id, product, per_page, (page - 1) * per_page])
        )
        answers = answering.of_questions(db, [r["id"] for r in rows])
    else:
        every = list(db.query(PUBLISHED_SQL.format(order=ORDER_BY[sort]), [shop.id, product, SEARCHED, 0]))
        answers = answering.of_questions(db, [r["id"] for r in every])
        found = [
            r
            for r in every
            if all(w in folded(" ".join([r["body"], *(a["body"] for a in answers[r["id"]])])) for w in words)
        ]
        total, rows = len(found), found[(page - 1) * per_page : page * per_page]
    return {
        "items": [public_json(r, answers[r["id"]]) for r in rows],
        "page": page,
        "pages": max(1, math.ceil(total / per_page)),
        "total": total,
    }


def moderated_json(db: Database, question: dict[str, Any]) -> dict[str, Any]:
    """A question as its shop's moderators see it: where it stands and why, with every answer."""
    answers = answering.of_questions(db, [question["id"]], published_only=False)[question["id"]]
    return public_json(question, []) | {
        "answers": [answering.moderated_json(a) for a in answers],
        "status": question["status"],
        "rejection_reason": question["rejection_reason"],
        "moderated_at": question["moderated_at"],
        "answered": question["answered_at"] is not None,
        "open_reports": question["open_reports"],
    }


def moderated(db: Database, shop: Shop, question_id: int) -> dict[str, Any]:
    return moderated_json(db, asking.row(db, shop, question_id))


QUEUE_SQL = (
    "SELECT q.*, p.external_id AS product FROM questions q JOIN products p ON p.id = q.product_id "
    "WHERE q.shop_id = ? AND q.status = ? ORDER BY q.created_at, q.id LIMIT ? OFFSET ?"
)


def by_status(db: Database, shop: Shop, status: Status, page: int, per_page: int) -> dict[str, Any]:
    """Questions in one status, oldest first: the order they should be dealt with."""
    total = next(
        db.query("SELECT count(*) AS n FROM questions WHERE shop_id = ? AND status = ?", [shop.id, status.value])
    )["n"]
    rows = db.query(QUEUE_SQL, [shop.id, status.value, per_page, (page - 1) * per_page])
    return {
        "items": [moderated_json(db, r) for r in rows],
        "page": page,
        "pages": max(1, math.ceil(total / per_page)),
        "total": total,
    }
