"""Answers to questions: the shop's, published in its own name, and verified buyers', moderated; all logged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from socialproof import clock
from socialproof.audit import Action, RejectReason, Subject, about, log_action, published_at_once
from socialproof.db.engine import Database
from socialproof.db.store import insert
from socialproof.errors import Conflict, NotFound
from socialproof.i18n import N_
from socialproof.moderation.decisions import decided, log_decision
from socialproof.questions import asking, buyers, signals, telling
from socialproof.reviews.status import ReviewStatus as Status
from socialproof.shops.registry import ModerationMode, Shop

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
    _shown(db, shop, asking.row(db, shop, question_id), now)
    log_action(
        db, shop.id, None, by, Action.ANSWER, None, None, Status.APPROVED, subject=about(Subject.ANSWER, answer_id)
    )
    return public_json(next(db.query("SELECT * FROM answers WHERE id = ?", [answer_id])))


def _shown(db: Database, shop: Shop, question: dict[str, Any], now: str) -> None:
    """An answer to ``question`` is shown from now: the first one marks it answered and tells the asker."""
    if question["answered_at"] is None:
        db.execute("UPDATE questions SET answered_at = ? WHERE id = ?", [now, question["id"]])
        telling.answered(db, shop, question)


ANSWERED_ALREADY = N_("You have answered this question already. Thank you!")


def answer_as_buyer(db: Database, capability: str, author_name: str, body: str) -> dict[str, Any]:
    """A verified buyer's answer through the link they were mailed: one per link, shown by the shop's mode."""
    asked = buyers.find(db, capability)
    shop: Shop = asked["shop"]
    if asked["answered_at"] is not None:  # once, even if the answer was erased since
        raise Conflict(ANSWERED_ALREADY)
    now = clock.now_iso()
    status = Status.APPROVED if shop.moderation is ModerationMode.POST else Status.PENDING
    answer_id = insert(
        db,
        "answers",
        {
            "question_id": asked["question_id"],
            "shop_id": shop.id,
            "body": body,
            "author_name": author_name,
            "by_shop": 0,
            "verified": 1,
            "status": status.value,
            "created_at": now,
            "published_at": now if status is Status.APPROVED else None,
        },
    )
    db.execute("UPDATE answer_requests SET answer_id = ?, answered_at = ? WHERE id = ?", [answer_id, now, asked["id"]])
    if status is Status.APPROVED:
        _shown(db, shop, asking.row(db, shop, asked["question_id"]), now)
        published_at_once(db, shop.id, subject=about(Subject.ANSWER, answer_id))
    return {"id": answer_id, "status": status.value}


def decide(db: Database, shop: Shop, answer_id: int, action: Action, reason: RejectReason | None, by: str) -> None:
    """Publish or reject an answer (a buyer's, or take back one of the shop's), logged with the reason."""
    before = next(db.query("SELECT * FROM answers WHERE id = ? AND shop_id = ?", [answer_id, shop.id]), None)
    if before is None:
        raise NotFound(N_("The shop has no answer %(id)s."), id=answer_id)
    now = clock.now_iso()
    status = Status.APPROVED if action is Action.APPROVE else Status.REJECTED
    db.table("answers").update(answer_id, decided(before, status, reason, now))
    signals.resolve_answer(db, before["question_id"], answer_id)
    question = asking.row(db, shop, before["question_id"])
    if status is Status.APPROVED and question["status"] == Status.APPROVED:
        _shown(db, shop, question, now)
    elif status is Status.REJECTED:  # a question is answered while an answer to it is shown
        shown = "SELECT min(published_at) AS at FROM answers WHERE question_id = ? AND status = 'approved'"
        db.execute(
            "UPDATE questions SET answered_at = ? WHERE id = ?",
            [next(db.query(shown, [question["id"]]))["at"], question["id"]],
        )
    log_decision(db, shop, before, status, reason, by, about(Subject.ANSWER, answer_id))


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
