"""Storing a review.

Nothing here looks at a rating to decide whether a review is published
(RULES.md): the status comes from the shop's moderation mode alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socialproof import clock
from socialproof.audit import published_at_once
from socialproof.db.engine import Database
from socialproof.db.store import insert
from socialproof.photos import records as photo_records
from socialproof.photos.process import Photo
from socialproof.photos.records import PhotoStatus
from socialproof.reviews import invitations, provenance, scales, store_codes
from socialproof.reviews.input import ReviewInput, text_hash
from socialproof.reviews.products import upsert_product
from socialproof.reviews.status import ReviewStatus
from socialproof.shops.registry import ModerationMode, Shop


def submit_review(
    db: Database,
    shop: Shop,
    product: str,
    review: ReviewInput,
    photos: Sequence[Photo] = (),
    shopper_hash: str | None = None,
) -> dict[str, Any]:
    """Store a review; published at once only when the shop post-moderates, whatever its rating.

    With an invitation token, or an in-store code, the review is verified, or
    refused with the token's or code's problem (the shopper may send it again without).
    """
    invitation = invitations.redeem(db, shop, product, review.invitation) if review.invitation else None
    code = store_codes.check(db, shop.id, product, review.code) if invitation is None and review.code else None
    in_store = code is not None
    product_id = upsert_product(
        db, shop.id, product, review.product_name, review.product_url, review.product_image, from_shop=False
    )
    answers = scales.checked(scales.asked_by(db, product_id), review.scales)
    now = clock.now_iso()
    status = ReviewStatus.APPROVED if shop.moderation is ModerationMode.POST else ReviewStatus.PENDING
    review_id = insert(
        db,
        "reviews",
        {
            "shop_id": shop.id,
            "product_id": product_id,
            "rating": review.rating,
            "title": review.title,
            "body": review.body,
            "author_name": review.author_name,
            "email": review.email or (invitation.email if invitation else None),
            "recommend": None if review.recommend is None else int(review.recommend),
            "lang": review.lang,
            "status": status.value,
            "created_at": now,
            "published_at": now if status is ReviewStatus.APPROVED else None,
            "verified": int(invitation is not None or in_store),
            "invitation_id": invitation.id if invitation else None,
            "experienced_at": invitation.month if invitation else None,
            "source": provenance.INVITATION if invitation else store_codes.SOURCE if in_store else provenance.WEB,
            "body_hash": text_hash(review.body),  # for the workspace's "repeated text" hint
            "shopper_hash": shopper_hash,
        },
    )
    scales.record(db, review_id, answers)
    if invitation is not None:
        invitations.mark_used(db, invitation)
    if code is not None:
        store_codes.redeem(db, shop.id, product, code, review_id)
    if photos:
        photo_records.attach(db, shop.id, product_id, review_id, photos, PhotoStatus(status.value))
    if status is ReviewStatus.APPROVED:
        published_at_once(db, shop.id, review_id=review_id)
    return {"id": review_id, "status": status.value, "verified": invitation is not None or in_store}
