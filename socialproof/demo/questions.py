"""The demo roastery's questions: two answered by the shop, one waiting for its answer, one for a decision."""

from __future__ import annotations

from datetime import timedelta

from socialproof import clock
from socialproof.audit import Action, Subject, about, log_action
from socialproof.db.engine import Database
from socialproof.db.store import insert
from socialproof.reviews.status import ReviewStatus
from socialproof.shops.registry import Shop

# product, days ago, asker, language, question, the shop's answer (None: not answered), published
QUESTIONS = [
    (
        "aamukahvi",
        20,
        "Jukka",
        "fi",
        "Onko Aamukahvi luomua?",
        "On! Aamukahvin pavut ovat luomuviljeltyjä ja Reilun kaupan sertifioimia. Todistukset näet tuotekuvauksen lopusta.",
        True,
    ),
    (
        "aamukahvi",
        9,
        "Marja",
        "fi",
        "Sopiiko tämä pannukahviksi, vai onko jauhatus liian hieno?",
        "Sopii hyvin. Valitse tilatessa karkea jauhatus, niin kahvi laskeutuu pannussa kauniisti pohjalle.",
        True,
    ),
    ("aamukahvi", 2, "Sanna", "fi", "Kuinka kauan avattu pussi säilyy hyvänä?", None, True),
    ("aamukahvi", 0, "Erik", "sv", "Levererar ni till Åland?", None, False),
]


def seed_questions(db: Database, shop: Shop, products: dict[str, int], by: str) -> None:
    """Each question as it would stand after the shop's moderator (``by``) dealt with it."""
    now = clock.now()
    for product, days, asker, lang, body, answer, published in QUESTIONS:
        asked_at = (now - timedelta(days=days, hours=5)).isoformat(timespec="microseconds")
        decided_at = (now - timedelta(days=days, hours=1)).isoformat(timespec="microseconds")
        status = ReviewStatus.APPROVED if published else ReviewStatus.PENDING
        question_id = insert(
            db,
            "questions",
            {
                "shop_id": shop.id,
                "product_id": products[product],
                "body": body,
                "author_name": asker,
                "lang": lang,
                "status": status.value,
                "created_at": asked_at,
                "published_at": decided_at if published else None,
                "moderated_at": decided_at if published else None,
                "answered_at": decided_at if answer else None,
            },
        )
        if published:
            subject = about(Subject.QUESTION, question_id)
            log_action(db, shop.id, None, by, Action.APPROVE, None, "pending", "approved", subject=subject)
        if answer:
            answer_id = insert(
                db,
                "answers",
                {
                    "question_id": question_id,
                    "shop_id": shop.id,
                    "body": answer,
                    "author_name": shop.name,
                    "by_shop": 1,
                    "status": ReviewStatus.APPROVED.value,
                    "created_at": decided_at,
                    "published_at": decided_at,
                },
            )
            subject = about(Subject.ANSWER, answer_id)
            log_action(db, shop.id, None, by, Action.ANSWER, None, None, "approved", subject=subject)
