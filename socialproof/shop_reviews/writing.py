"""What a shopper may say of the shop, checked at once; stored under the shop's moderation mode.

Sent with the review-request mail's link (ordered.py) it is "Verified buyer", once per order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from socialproof import clock
from socialproof.audit import Subject, about, published_at_once
from socialproof.db.engine import Database
from socialproof.db.store import insert
from socialproof.errors import FieldProblem, Invalid, plural
from socialproof.fields import ascii_int, text_of
from socialproof.i18n import N_
from socialproof.reviews.input import AUTHOR_MAX, BODY_MAX, INVITATION_MAX, LANG_TAG, LINK_NOT_VALID, TITLE_MAX
from socialproof.reviews.status import ReviewStatus as Status
from socialproof.sanitize import bounded
from socialproof.shop_reviews import ordered
from socialproof.shops.registry import ModerationMode, Shop

CHECK_SHOP_REVIEW = N_("Please check the review of the shop: some fields need attention.")


@dataclass(frozen=True)
class ShopReviewInput:
    rating: int
    title: str
    body: str
    author_name: str
    lang: str
    invitation: str | None = None  # the token of the order's link (ordered.py), checked when stored


def parse_shop_review(data: Mapping[str, Any], default_lang: str) -> ShopReviewInput:
    """A ShopReviewInput, or Invalid naming every field at fault at once."""
    errors: dict[str, FieldProblem] = {}
    rating = ascii_int(data.get("rating"), 1, 5) or 0
    if not rating:
        errors["rating"] = N_("Choose a rating from 1 to 5 stars.")
    title = bounded(text_of(data, "title"), TITLE_MAX)
    if title is None:
        errors["title"] = plural(
            "The title can be at most %(num)s character.", "The title can be at most %(num)s characters.", TITLE_MAX
        )
    body = bounded(text_of(data, "body"), BODY_MAX, multiline=True)
    if body == "":
        errors["body"] = N_("Write a few words about the shop: its service, delivery or packaging.")
    elif body is None:
        errors["body"] = plural(
            "The review can be at most %(num)s character.", "The review can be at most %(num)s characters.", BODY_MAX
        )
    author_name = bounded(text_of(data, "author_name"), AUTHOR_MAX)
    if author_name == "":
        errors["author_name"] = N_("Give the name to show with your review.")
    elif author_name is None:
        errors["author_name"] = plural(
            "The name can be at most %(num)s character.", "The name can be at most %(num)s characters.", AUTHOR_MAX
        )
    lang = text_of(data, "lang").strip() or default_lang
    if not LANG_TAG.fullmatch(lang):
        errors["lang"] = N_("The language should be a code like fi, sv or en.")
    invitation = text_of(data, "invitation").strip() or None
    if invitation is not None and len(invitation) > INVITATION_MAX:
        errors["invitation"] = LINK_NOT_VALID
    if errors:
        raise Invalid(CHECK_SHOP_REVIEW, errors)
    return ShopReviewInput(rating, title or "", body or "", author_name or "", lang, invitation)


def submit(db: Database, shop: Shop, review: ShopReviewInput, shopper_hash: str | None = None) -> dict[str, Any]:
    """Store a review of the shop: published at once only when the shop post-moderates, whatever its rating.

    With the order's link it is verified, and carries the order's address (for a statement of
    reasons, should it be refused), or an InvitationProblem says why the link can't be used.
    """
    order = ordered.redeem(db, shop, review.invitation) if review.invitation else None
    now = clock.now_iso()
    status = Status.APPROVED if shop.moderation is ModerationMode.POST else Status.PENDING
    review_id = insert(
        db,
        "shop_reviews",
        {
            "shop_id": shop.id,
            "rating": review.rating,
            "title": review.title,
            "body": review.body,
            "author_name": review.author_name,
            "lang": review.lang,
            "status": status.value,
            "shopper_hash": shopper_hash,
            "verified": int(order is not None),
            "order_ref": order.order if order else None,
            "experienced_at": order.month if order else None,
            "email": order.email if order else None,
            "created_at": now,
            "published_at": now if status is Status.APPROVED else None,
        },
    )
    if status is Status.APPROVED:
        published_at_once(db, shop.id, subject=about(Subject.SHOP_REVIEW, review_id))
    return {"id": review_id, "status": status.value, "verified": order is not None}
