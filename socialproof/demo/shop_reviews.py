"""The demo roastery's reviews of itself: praise and a complaint the shop answered, one waiting for a decision."""

from __future__ import annotations

from datetime import timedelta

from socialproof import clock
from socialproof.audit import Action, Subject, about, log_action
from socialproof.db.engine import Database
from socialproof.db.store import insert
from socialproof.reviews.status import ReviewStatus
from socialproof.shop_reviews.replying import set_reply
from socialproof.shops.registry import Shop

# days ago, writer, language, rating, text, the shop's reply (or None), published, the order it was written for
SHOP_REVIEWS = [
    (
        41,
        "Tiina",
        "fi",
        5,
        "Paketti tuli kahdessa päivässä, ja mukana oli käsin kirjoitettu kiitoskortti.",
        None,
        True,
        "demo-41",
    ),
    (
        23,
        "Pekka",
        "fi",
        2,
        "Toimitus myöhästyi viikon, eikä kukaan kertonut miksi.",
        "Olet oikeassa, olisimme voineet kertoa. Nyt lähetämme viestin heti, jos toimitus viivästyy.",
        True,
        "demo-23",
    ),
    (12, "Karin", "sv", 5, "Snabb leverans till Vasa och fin förpackning utan plast.", None, True, None),
    (4, "Aino", "fi", 4, "Ystävällinen palvelu, kysymykseeni vastattiin samana päivänä.", None, True, "demo-4"),
    (0, "Mikko", "fi", 5, "Paras pienpaahtimo, josta olen tilannut!", None, False, None),
]


def seed_shop_reviews(db: Database, shop: Shop, by: str) -> None:
    """Each review of the shop as it would stand after the shop's moderator (``by``) dealt with it."""
    now = clock.now()
    for days, writer, lang, rating, body, reply, published, order in SHOP_REVIEWS:
        written = (now - timedelta(days=days, hours=6)).isoformat(timespec="microseconds")
        decided = (now - timedelta(days=days, hours=2)).isoformat(timespec="microseconds")
        status = ReviewStatus.APPROVED if published else ReviewStatus.PENDING
        review_id = insert(
            db,
            "shop_reviews",
            {
                "shop_id": shop.id,
                "rating": rating,
                "body": body,
                "author_name": writer,
                "lang": lang,
                "status": status.value,
                "verified": int(order is not None),
                "order_ref": order,
                "experienced_at": (now - timedelta(days=days + 5)).isoformat()[:7] if order else None,
                "created_at": written,
                "published_at": decided if published else None,
                "moderated_at": decided if published else None,
            },
        )
        if published:
            subject = about(Subject.SHOP_REVIEW, review_id)
            log_action(db, shop.id, None, by, Action.APPROVE, None, "pending", "approved", subject=subject)
        if reply:
            set_reply(db, shop, review_id, reply, by)
