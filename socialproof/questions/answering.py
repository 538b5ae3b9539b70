"""Answers to questions: the shop's, published in its own name and logged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from socialproof import clock
from socialproof.audit import Action, Subject, about, log_action
from socialproof.db.engine import Database
from socialproof.db.store import insert
from socialproof.errors import Conflict
from socialproof.i18n import N_
from socialproof.questions import asking, telling
from socialproof.reviews.status import ReviewStatus as Status
from socialproof.shops.registry import Shop

REJECTED_QUESTION = N_("This question was rejected, so it can't be answered. Approve it first if it should be shown.")


def answer_as_shop(db: Database, shop: Shop, question_id: int, body: str, by: str) -> dict[str, Any]:
    """The shop's public answer, published at once under the shop's name.

    Answering a question that waits for a decision publishes it too (logged as the
    approval it is); a rejected question is not answered until it is approved.
    """
    question = asking.row(db, shop, question_id)
    if question["status"] == Status.REJECTED:
        raise Conflict(REJECTED_QUESTION)
    if question["status"] == Status.PENDING:
        asking.set_status(db, shop, question, Status.APPROVED, None, by)
    now = clock.now_iso()
    answer_id = insert(
        db,
        "answers",
        {
            "question_id": question_id,
            "shop_id": shop.id,
            "body": body,
            "author_name": shop.name,
            "by_shop": 1,
            "verified": 0,
            "status": Status.APPROVED.value,
            "created_at": now,
            "published_at": now,
        },
    )
    if question["answered_at"] is None:
        db.execute("UPDATE questions SET answered_at = ? WHERE id = ?", [now, question_id])
        telling.answered(db, shop, question)
    log_action(
        db, shop.id, None, by, Action.ANSWER, None, None, Status.APPROVED, subject=about(Subject.ANSWER, answer_id)
    )
    return public_json(next(db.query("SELECT * FROM answers WHERE id = ?", [answer_id])))


def of_questions(db: Database, question_ids: Sequence[int], *, published_only: bool = True) -> dict[int, list[dict]]:
    """Each question's answers, oldest first (the shop's and buyers' in the order they came)."""
    found: dict[int, list[dict]] = defaultdict(list)
    if not question_ids:
        return found
    marks = ",".join("?" * len(question_ids))
    shown = " AND status = 'approved'" if published_only else ""
    for row in db.query(
        f"SELECT * FROM answers WHERE question_id IN ({marks}){shown} ORDER BY created_at, id", list(question_ids)
    ):
        found[row["question_id"]].append(row)
    return found


def public_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "body": row["body"],
        "author_name": row["author_name"],
        "by_shop": bool(row["by_shop"]),
        "verified": bool(row["verified"]),
        "helpful": row["helpful_count"],
        "created_at": row["created_at"],
    }


def moderated_json(row: dict[str, Any]) -> dict[str, Any]:
    return public_json(row) | {
        "status": row["status"],
        "rejection_reason": row["rejection_reason"],
        "open_reports": row["open_reports"],
    }
