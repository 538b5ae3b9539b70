"""Telling the asker: one mail when their question is first answered, then their address is forgotten.

The address was given for this one message and is kept no longer: it is cleared when the
mail goes out, when the question is rejected, and (privacy.erase) on request. Within
the same limits as a review's confirmation, so no one can use the form to mail a stranger
again and again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from socialproof import policy
from socialproof.db.engine import Database
from socialproof.errors import TooMany
from socialproof.i18n import LANGUAGES, formatter
from socialproof.mail import outbox
from socialproof.mail.compose import Composer, Mail, from_template, shop_of
from socialproof.mail.outbox import MailKind, Queued, Withheld
from socialproof.mail.suppression import address_hash
from socialproof.safety import ratelimit
from socialproof.shops.registry import Shop


def answered(db: Database, shop: Shop, question: dict[str, Any]) -> None:
    """Queue the asker's mail for a question just answered for the first time, if they gave an address."""
    address = question["email"]
    if not address:
        return
    per_address, per_day = policy.CONFIRMATIONS_PER_ADDRESS
    try:
        ratelimit.take(db, [(f"asked:a:{address_hash(db, address)}", per_address)], per_day, "")
        ratelimit.take(db, [(f"asked:shop:{shop.id}", policy.CONFIRMATIONS_PER_SHOP)], policy.SHOP_WINDOW_SECONDS, "")
    except TooMany:
        forget(db, question["id"])  # over a limit, no mail: the address has no use left
        return
    lang = question["lang"] if question["lang"] in LANGUAGES else shop.lang
    outbox.enqueue(db, shop.id, MailKind.ANSWERED, address, lang, {"question": question["id"]})


def forget(db: Database, question_id: int) -> None:
    db.execute("UPDATE questions SET email = NULL WHERE id = ?", [question_id])


def compose_answered(db: Database, queued: Queued, public_url: str) -> Mail:
    shop = shop_of(db, queued)
    question_id = queued.ref["question"]
    question = next(
        db.query(
            "SELECT q.*, coalesce(p.name, p.external_id) AS product, p.url AS product_url FROM questions q "
            "JOIN products p ON p.id = q.product_id WHERE q.id = ? AND q.shop_id = ?",
            [question_id, shop.id],
        ),
        None,
    )
    if question is None or question["status"] != "approved" or not question["email"]:
        raise Withheld("the question was rejected or erased, or its asker's address forgotten")
    answer = next(
        db.query(
            "SELECT * FROM answers WHERE question_id = ? AND status = 'approved' ORDER BY created_at, id LIMIT 1",
            [question_id],
        ),
        None,
    )
    if answer is None:
        raise Withheld("the question's answer was taken back")
    t = formatter(queued.lang)
    mail = from_template(
        queued.lang,
        "answered",
        t.gettext("Your question about %(product)s was answered") % {"product": question["product"]},
        shop=shop,
        product=question["product"],
        question=question["body"],
        answer=answer,
        link=question["product_url"],
    )
    return replace(mail, on_sent=lambda db: forget(db, question_id))


COMPOSERS: Mapping[MailKind, Composer] = {MailKind.ANSWERED: compose_answered}
