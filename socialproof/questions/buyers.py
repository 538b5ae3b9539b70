"""Asking the product's buyers to answer: a few recent ones, by the review request's mail rules.

When a question is published and the shop sends review requests, the latest buyers of the
product who were sent one (their review link's invitation makes them verified buyers) are
asked by mail, at most ``BUYERS_ASKED_PER_QUESTION``, never the asker, never twice about one
question. The mail is solicited: it counts toward the address's cap with review requests,
carries an unsubscribe, and an address that unsubscribed gets none (mail/sender.py).
Its link is a capability, as the writer's own link is: the request's id and an HMAC of it.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.db.server_secrets import existing_secret, keyed_hash
from socialproof.db.store import insert
from socialproof.errors import NotFound
from socialproof.i18n import LANGUAGES, N_, formatter
from socialproof.mail import outbox, suppression
from socialproof.mail.compose import Composer, Mail, from_template, shop_of
from socialproof.mail.outbox import MailKind, Queued, Withheld
from socialproof.reviews.review_requests import over_cap
from socialproof.shops.registry import ModerationMode, Shop, shop_by_id

SECRET = "answer"
NOT_VALID = N_("This link to answer a question is not valid, or the question is no longer shown.")


def ask_buyers(db: Database, shop: Shop, question: Mapping[str, Any]) -> int:
    """Queue the answer requests for a question just published; how many buyers are asked."""
    if not shop.review_requests:
        return 0
    rows = db.query(
        "SELECT i.id, i.email, i.lang FROM invitations i WHERE i.shop_id = ? AND i.product_id = ? "
        "AND i.email IS NOT NULL AND i.requested_at IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM answer_requests r WHERE r.question_id = ? AND r.invitation_id = i.id) "
        "ORDER BY i.requested_at DESC, i.id DESC LIMIT ?",
        [shop.id, question["product_id"], question["id"], policy.BUYERS_ASKED_PER_QUESTION * 10],
    )
    seen = {(question["email"] or "").casefold()}
    asked = 0
    for row in rows:
        if row["email"].casefold() in seen or asked == policy.BUYERS_ASKED_PER_QUESTION:
            continue
        seen.add(row["email"].casefold())
        request_id = insert(
            db,
            "answer_requests",
            {
                "shop_id": shop.id,
                "question_id": question["id"],
                "invitation_id": row["id"],
                "created_at": clock.now_iso(),
            },
        )
        lang = row["lang"] if row["lang"] in LANGUAGES else shop.lang
        outbox.enqueue(db, shop.id, MailKind.ANSWER_REQUEST, row["email"], lang, {"request": request_id})
        asked += 1
    return asked


def token(db: Database, request_id: int) -> str:
    """The capability a buyer answers with (writer connection: makes the secret on first use)."""
    return f"{request_id}-{keyed_hash(db, SECRET, str(request_id))}"


def find(db: Database, capability: str) -> dict[str, Any]:
    """The request a capability stands for, with its question and shop, while the question is shown; else 404."""
    number, _, signature = capability.partition("-")
    if not number.isascii() or not number.isdigit() or len(number) > 18 or existing_secret(db, SECRET) is None:
        raise NotFound(NOT_VALID)
    if not hmac.compare_digest(signature, keyed_hash(db, SECRET, number)):
        raise NotFound(NOT_VALID)
    row = next(
        db.query(
            "SELECT r.id, r.shop_id, r.question_id, r.invitation_id, r.answer_id, r.answered_at, i.name AS buyer_name, "
            "q.body AS question, q.lang AS question_lang, q.product_id, p.external_id AS product, "
            "coalesce(p.name, p.external_id) AS product_name, p.url AS product_url FROM answer_requests r "
            "JOIN questions q ON q.id = r.question_id JOIN products p ON p.id = q.product_id "
            "JOIN invitations i ON i.id = r.invitation_id WHERE r.id = ? AND q.status = 'approved'",
            [int(number)],
        ),
        None,
    )
    shop = shop_by_id(db, row["shop_id"]) if row else None
    if row is None or shop is None:
        raise NotFound(NOT_VALID)
    return row | {"shop": shop}


def compose_answer_request(db: Database, queued: Queued, public_url: str) -> Mail:
    shop = shop_of(db, queued)
    try:
        asked = find(db, token(db, queued.ref["request"]))
    except NotFound:
        raise Withheld("the question is no longer shown") from None
    if asked["answered_at"] is not None:
        raise Withheld("the buyer has answered already")
    if over_cap(db, shop, queued) is not None:  # a late answer helps nobody: withheld, not postponed
        raise Withheld(f"the address had {policy.SOLICITED_CAP} requests in {policy.SOLICITED_WINDOW_DAYS} days")
    t = formatter(queued.lang)
    unsubscribe = f"{public_url}/mail/unsubscribe/{suppression.unsubscribe_token(db, shop.id, queued.recipient)}"
    mail = from_template(
        queued.lang,
        "answer_request",
        t.gettext("A shopper asks about %(product)s: can you answer?") % {"product": asked["product_name"]},
        shop=shop,
        product=asked["product_name"],
        question=asked["question"],
        link=f"{public_url}/answer/{token(db, asked['id'])}?lang={queued.lang}",
        read_first=shop.moderation is ModerationMode.PRE,
        unsubscribe=unsubscribe,
        cap=policy.SOLICITED_CAP,
        days=policy.SOLICITED_WINDOW_DAYS,
    )
    return replace(mail, unsubscribe_url=unsubscribe)


COMPOSERS: Mapping[MailKind, Composer] = {MailKind.ANSWER_REQUEST: compose_answer_request}
