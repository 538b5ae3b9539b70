"""The writer's own link: see where a review stands, correct its words, or withdraw it.

The link is a capability: the review's id and an HMAC of it under this
database's secret, so it needs no account, no cookie and no stored token, and
only its writer (who got it on the thank-you page, and by mail when they gave
an address) has it. A correction is shown as "edited by the writer" and, when
the shop pre-moderates, waits for a moderator again like a new review.
Withdrawing erases the review as `privacy erase` does, and takes it out of
the shown list and the counts.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from socialproof import policy
from socialproof.audit import Action, ActorKind, RejectReason, actor, log_action
from socialproof.db.engine import Database
from socialproof.db.server_secrets import existing_secret, keyed_hash
from socialproof.errors import NotFound, TooMany
from socialproof.i18n import LANGUAGES, N_, formatter
from socialproof.mail import outbox
from socialproof.mail.compose import Composer, Mail, from_template, shop_of
from socialproof.mail.outbox import MailKind, Queued, Withheld
from socialproof.mail.suppression import address_hash
from socialproof.photos.storage import PhotoStorage
from socialproof.reviews import listing
from socialproof.reviews.input import text_hash
from socialproof.reviews.status import ReviewStatus
from socialproof.safety import privacy, ratelimit
from socialproof.shops.registry import ModerationMode, Shop, shop_by_id

SECRET = "writer"
NOT_YOURS = N_("This link to a review is not valid, or the review was withdrawn.")


@dataclass(frozen=True)
class Mine:
    """A review as its writer sees it through their link."""

    id: int
    shop: Shop
    product: str
    rating: int
    title: str
    body: str
    status: ReviewStatus
    reason: RejectReason | None
    created_at: str
    edited: bool


def token(db: Database, review_id: int) -> str:
    """The writer's capability for a review (writer connection: makes the secret on first use)."""
    return f"{review_id}-{keyed_hash(db, SECRET, str(review_id))}"


def path(db: Database, review_id: int) -> str:
    return f"/my-review/{token(db, review_id)}"


def find(db: Database, capability: str) -> Mine:
    """The review a capability stands for, or 404 (reader-safe)."""
    number, _, signature = capability.partition("-")
    key = existing_secret(db, SECRET)
    if not number.isascii() or not number.isdigit() or len(number) > 18 or key is None:
        raise NotFound(NOT_YOURS)
    if not hmac.compare_digest(signature, keyed_hash(db, SECRET, number)):  # the secret exists: no write
        raise NotFound(NOT_YOURS)
    row = db.execute(
        "SELECT r.id, r.shop_id, coalesce(p.name, p.external_id), r.rating, r.title, r.body, r.status, "
        "r.rejection_reason, r.created_at, r.edited_by_writer, r.erased FROM reviews r "
        "JOIN products p ON p.id = r.product_id WHERE r.id = ?",
        [int(number)],
    ).fetchone()
    shop = shop_by_id(db, row[1]) if row else None
    if row is None or shop is None or row[10]:
        raise NotFound(NOT_YOURS)
    reason = RejectReason(row[7]) if row[7] else None
    return Mine(row[0], shop, row[2], row[3], row[4], row[5], ReviewStatus(row[6]), reason, row[8], bool(row[9]))


def correct(db: Database, capability: str, title: str, body: str) -> Mine:
    """Replace the review's words; pre-moderated shops see it in the queue again."""
    mine = find(db, capability)
    again = mine.shop.moderation is ModerationMode.PRE and mine.status is not ReviewStatus.PENDING
    changes: dict[str, Any] = {"title": title, "body": body, "body_hash": text_hash(body), "edited_by_writer": 1}
    if again:
        changes |= {"status": ReviewStatus.PENDING.value, "rejection_reason": None, "moderated_at": None}
    db.table("reviews").update(mine.id, changes)
    status_after = ReviewStatus.PENDING if again else mine.status
    log_action(db, mine.shop.id, mine.id, actor(ActorKind.WRITER), Action.WRITER_EDIT, None, mine.status, status_after)
    return find(db, capability)


def withdraw(db: Database, capability: str, storage: PhotoStorage) -> Shop:
    """Erase the review as `privacy erase` does, and take it out of what is shown and counted."""
    mine = find(db, capability)
    privacy.erase_reviews(db, [mine.id], storage)
    db.execute(
        "UPDATE reviews SET status = ?, rejection_reason = NULL WHERE id = ?", [ReviewStatus.REJECTED.value, mine.id]
    )
    log_action(
        db, mine.shop.id, mine.id, actor(ActorKind.WRITER), Action.WITHDRAW, None, mine.status, ReviewStatus.REJECTED
    )
    return mine.shop


def confirm(db: Database, shop: Shop, review_id: int) -> None:
    """Queue the one confirmation mail of a review written with an address, within the limits.

    Over a limit the review still stands; only the mail is not sent, so no
    one can use the review form to mail a stranger over and over.
    """
    row = db.execute("SELECT email, lang FROM reviews WHERE id = ?", [review_id]).fetchone()
    if row is None or not row[0]:
        return
    address, lang = row
    per_address, per_day = policy.CONFIRMATIONS_PER_ADDRESS
    try:
        ratelimit.take(db, [(f"confirm:a:{address_hash(db, address)}", per_address)], per_day, "")
        ratelimit.take(db, [(f"confirm:shop:{shop.id}", policy.CONFIRMATIONS_PER_SHOP)], policy.SHOP_WINDOW_SECONDS, "")
    except TooMany:
        return
    lang = lang if lang in LANGUAGES else shop.lang
    outbox.enqueue(db, shop.id, MailKind.CONFIRMATION, address, lang, {"review": review_id})


STATUS_WORDS = {
    ReviewStatus.PENDING: N_("It waits for the shop's moderator, who reads every review before it is published."),
    ReviewStatus.APPROVED: N_("It is published."),
    ReviewStatus.REJECTED: N_("It is not published."),
}


def compose_confirmation(db: Database, queued: Queued, public_url: str) -> Mail:
    shop = shop_of(db, queued)
    review = listing.named(db, shop.id, queued.ref["review"])
    if review is None or review.erased:
        raise Withheld("the review was withdrawn or erased")
    t = formatter(queued.lang)
    subject = t.gettext("Thank you for your review of %(product)s") % {"product": review.product}
    return from_template(
        queued.lang,
        "confirmation",
        subject,
        shop=shop,
        product=review.product,
        title=review.title,
        status=t.gettext(STATUS_WORDS[ReviewStatus(review.status)]),
        link=public_url + path(db, queued.ref["review"]) + f"?lang={queued.lang}",
    )


COMPOSERS: Mapping[MailKind, Composer] = {MailKind.CONFIRMATION: compose_confirmation}
