"""Shoppers' helpful votes on questions and answers, and their reports.

As for reviews: one vote per shopper (signals/marks.py), the count shown always the
count of stored votes; a report hides nothing, it marks the question for the shop's
moderators until one of them decides about the question, which answers its reports
and those of its answers.
"""

from __future__ import annotations

from typing import Any

from socialproof import clock
from socialproof.audit import Action, ActorKind, RejectReason, Subject, about, actor, log_action
from socialproof.db.engine import Database
from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.safety.shoppers import Shopper
from socialproof.shops.registry import Shop
from socialproof.signals import marks

# What a shopper can vote on or report: its table, its votes' table and the column naming it there.
TARGETS = {
    Subject.QUESTION: ("questions", "question_votes", "question_id"),
    Subject.ANSWER: ("answers", "answer_votes", "answer_id"),
}
PUBLISHED_SQL = {
    Subject.QUESTION: "SELECT id AS question_id FROM questions WHERE id = ? AND shop_id = ? AND status = 'approved'",
    Subject.ANSWER: "SELECT a.question_id FROM answers a JOIN questions q ON q.id = a.question_id "
    "WHERE a.id = ? AND a.shop_id = ? AND a.status = 'approved' AND q.status = 'approved'",
}
NOT_SHOWN = {
    Subject.QUESTION: N_("The shop has no published question %(id)s."),
    Subject.ANSWER: N_("The shop has no published answer %(id)s."),
}


def question_of(db: Database, shop: Shop, kind: Subject, item_id: int) -> int:
    """The question a published question or answer of the shop belongs to; NotFound for anything else."""
    row = next(db.query(PUBLISHED_SQL[kind], [item_id, shop.id]), None)
    if row is None:
        raise NotFound(NOT_SHOWN[kind], id=item_id)
    return int(row["question_id"])


def vote(db: Database, shop: Shop, kind: Subject, item_id: int, shopper: Shopper, *, undo: bool = False) -> int:
    """Add (or with ``undo`` take back) the shopper's vote; the new count."""
    question_of(db, shop, kind, item_id)
    table, votes, column = TARGETS[kind]
    target = {column: item_id}
    if undo:
        marks.unmark(db, votes, target, shopper)
    else:
        marks.mark(db, votes, target, shopper)
    helpful = marks.count(db, votes, target)
    db.execute(f"UPDATE {table} SET helpful_count = ? WHERE id = ?", [helpful, item_id])
    return helpful


def voted(db: Database, product_id: int | None, shopper: Shopper) -> set[str]:
    """What of a product's questions and answers this shopper found helpful, as ``about(kind, id)``."""
    if product_id is None:
        return set()
    who = [shopper.ip_hash, shopper.visitor_hash]
    found = {
        about(Subject.QUESTION, r["question_id"])
        for r in db.query(
            "SELECT v.question_id FROM question_votes v JOIN questions q ON q.id = v.question_id "
            "WHERE q.product_id = ? AND (v.ip_hash = ? OR v.visitor_hash = ?)",
            [product_id, *who],
        )
    }
    return found | {
        about(Subject.ANSWER, r["answer_id"])
        for r in db.query(
            "SELECT v.answer_id FROM answer_votes v JOIN answers a ON a.id = v.answer_id "
            "JOIN questions q ON q.id = a.question_id WHERE q.product_id = ? AND (v.ip_hash = ? OR v.visitor_hash = ?)",
            [product_id, *who],
        )
    }


def report(
    db: Database, shop: Shop, kind: Subject, item_id: int, reason: RejectReason, note: str | None, shopper: Shopper
) -> bool:
    """Record the report, logged; False when this shopper had reported it already."""
    question_id = question_of(db, shop, kind, item_id)
    answer_id = item_id if kind is Subject.ANSWER else None
    which = "answer_id = ?" if answer_id is not None else "answer_id IS NULL"
    who = "(ip_hash = ?" + (" OR visitor_hash = ?)" if shopper.visitor_hash else ")")
    params = [question_id, *([answer_id] if answer_id is not None else []), shopper.ip_hash]
    params += [shopper.visitor_hash] if shopper.visitor_hash else []
    sql = f"SELECT 1 FROM question_reports WHERE question_id = ? AND {which} AND resolved_at IS NULL AND {who}"
    if list(db.query(sql, params)):
        return False
    db.table("question_reports").insert(
        {
            "question_id": question_id,
            "answer_id": answer_id,
            "reason": reason.value,
            "note": note,
            "ip_hash": shopper.ip_hash,
            "visitor_hash": shopper.visitor_hash,
            "created_at": clock.now_iso(),
        }
    )
    _refresh(db, question_id)
    log_action(
        db,
        shop.id,
        None,
        actor(ActorKind.SHOPPER),
        Action.REPORT,
        reason.value,
        None,
        None,
        subject=about(kind, item_id),
    )
    return True


def resolve(db: Database, question_id: int) -> None:
    """A moderator decided about the question: its reports, and its answers', are answered."""
    db.execute(
        "UPDATE question_reports SET resolved_at = ? WHERE question_id = ? AND resolved_at IS NULL",
        [clock.now_iso(), question_id],
    )
    _refresh(db, question_id)


def resolve_answer(db: Database, question_id: int, answer_id: int) -> None:
    """A moderator decided about one answer: its reports are answered."""
    db.execute(
        "UPDATE question_reports SET resolved_at = ? WHERE answer_id = ? AND resolved_at IS NULL",
        [clock.now_iso(), answer_id],
    )
    _refresh(db, question_id)


def _refresh(db: Database, question_id: int) -> None:
    open_ = "SELECT count(*) FROM question_reports r WHERE r.resolved_at IS NULL AND r.question_id = ?"
    db.execute(f"UPDATE questions SET open_reports = ({open_} AND r.answer_id IS NULL) WHERE id = ?", [question_id] * 2)
    db.execute(
        f"UPDATE answers SET open_reports = ({open_} AND r.answer_id = answers.id) WHERE question_id = ?",
        [question_id] * 2,
    )


def open_reports(db: Database, question_id: int) -> list[dict[str, Any]]:
    """What shoppers reported of a question and its answers, not yet answered by a decision."""
    return list(
        db.query(
            "SELECT answer_id, reason, note, created_at FROM question_reports WHERE question_id = ? "
            "AND resolved_at IS NULL ORDER BY id",
            [question_id],
        )
    )
