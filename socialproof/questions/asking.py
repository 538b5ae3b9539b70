"""Asking a question and deciding on it: stored, published or held by the shop's mode, logged with a reason.

Nothing here reads what a question says to decide whether it is shown: the shop's
moderation mode alone sets where a new question stands, as for reviews (RULES.md).
"""

from __future__ import annotations

from typing import Any

from socialproof import clock
from socialproof.audit import Action, RejectReason, Subject, about, published_at_once
from socialproof.db.engine import Database
from socialproof.db.store import insert
from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.moderation import statements
from socialproof.moderation.decisions import decided, log_decision
from socialproof.questions import buyers, signals
from socialproof.questions.input import QuestionInput
from socialproof.reviews.products import upsert_product
from socialproof.reviews.status import ReviewStatus as Status  # a question stands where a review can
from socialproof.shops.registry import ModerationMode, Shop

ROW_SQL = (
    "SELECT q.*, p.external_id AS product FROM questions q JOIN products p ON p.id = q.product_id "
    "WHERE q.id = ? AND q.shop_id = ?"
)


def row(db: Database, shop: Shop, question_id: int) -> dict[str, Any]:
    found = next(db.query(ROW_SQL, [question_id, shop.id]), None)
    if found is None:
        raise NotFound(N_("The shop has no question %(id)s."), id=question_id)
    return found


def ask(db: Database, shop: Shop, product: str, question: QuestionInput, shopper_hash: str | None = None) -> dict:
    """Store a question: published at once only when the shop post-moderates."""
    product_id = upsert_product(
        db, shop.id, product, question.product_name, question.product_url, question.product_image, from_shop=False
    )
    now = clock.now_iso()
    status = Status.APPROVED if shop.moderation is ModerationMode.POST else Status.PENDING
    question_id = insert(
        db,
        "questions",
        {
            "shop_id": shop.id,
            "product_id": product_id,
            "body": question.body,
            "author_name": question.author_name,
            "email": question.email,
            "lang": question.lang,
            "status": status.value,
            "shopper_hash": shopper_hash,
            "created_at": now,
            "published_at": now if status is Status.APPROVED else None,
        },
    )
    if status is Status.APPROVED:
        buyers.ask_buyers(db, shop, row(db, shop, question_id))
        published_at_once(db, shop.id, subject=about(Subject.QUESTION, question_id))
    return {"id": question_id, "status": status.value}


def decide(db: Database, shop: Shop, question_id: int, action: Action, reason: RejectReason | None, by: str) -> None:
    """Approve or reject a question (``by``: the actor); the decision logged with its reason."""
    set_status(
        db,
        shop,
        row(db, shop, question_id),
        Status.APPROVED if action is Action.APPROVE else Status.REJECTED,
        reason,
        by,
    )


def set_status(
    db: Database, shop: Shop, before: dict[str, Any], status: Status, reason: RejectReason | None, by: str
) -> None:
    changes = decided(before, status, reason, clock.now_iso())
    if status is not Status.APPROVED:  # not shown, so never answered: the asker's address has no use left
        changes["email"] = None
    if status is Status.REJECTED and reason is not None and before["status"] != Status.REJECTED:
        product = next(
            db.query("SELECT coalesce(name, external_id) AS name FROM products WHERE id = ?", [before["product_id"]])
        )
        statements.queue_about(db, shop, about(Subject.QUESTION, before["id"]), before, reason, product["name"])
    db.table("questions").update(before["id"], changes)
    signals.resolve(db, before["id"])
    if status is Status.APPROVED and before["status"] != Status.APPROVED:
        buyers.ask_buyers(db, shop, before)
    log_decision(db, shop, before, status, reason, by, about(Subject.QUESTION, before["id"]))
