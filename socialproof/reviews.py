"""Reviews: what a shopper may submit, and what shoppers are shown.

Only approved reviews are ever counted or shown. Nothing here looks at a
rating to decide whether a review is published (RULES.md): the status comes
from the shop's moderation mode alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from socialproof import clock
from socialproof.errors import ValidationError
from socialproof.hints import text_hash
from socialproof.i18n import Formatter
from socialproof import replies
from socialproof.photos import records as photo_records
from socialproof.photos.process import Photo
from socialproof.photos.records import PhotoStatus
from socialproof.fields import ascii_int
from socialproof.sanitize import bounded
from socialproof.shops import ModerationMode, Shop

PRODUCT_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")
# No spaces, controls or lone surrogates anywhere: such an address can't be mailed or stored.
_ADDRESS_CHAR = r"[^@\s\x00-\x1f\x7f-\x9f\ud800-\udfff]"
EMAIL = re.compile(rf"{_ADDRESS_CHAR}+@{_ADDRESS_CHAR}+\.{_ADDRESS_CHAR}+")
URL = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f\ud800-\udfff]+")
LANG_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z]{2})?")
TITLE_MAX, BODY_MAX, AUTHOR_MAX, EMAIL_MAX, URL_MAX, PRODUCT_NAME_MAX = 120, 5000, 60, 254, 2000, 200


class ReviewStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Sort(StrEnum):
    NEWEST = "newest"
    HIGHEST = "highest"
    LOWEST = "lowest"
    HELPFUL = "helpful"


# The id breaks ties so that pages never overlap; each order is served by an
# index declared in migrations.py.
ORDER_BY = {
    Sort.NEWEST: "created_at DESC, id DESC",
    Sort.HIGHEST: "rating DESC, created_at DESC, id DESC",
    Sort.LOWEST: "rating ASC, created_at DESC, id DESC",
    Sort.HELPFUL: "helpful_count DESC, created_at DESC, id DESC",
}


@dataclass(frozen=True)
class ReviewInput:
    rating: int
    title: str
    body: str
    author_name: str
    lang: str
    email: str | None = None
    recommend: bool | None = None
    product_name: str | None = None
    product_url: str | None = None
    product_image: str | None = None
    invitation: str | None = None  # the token of a review link, checked when stored


def validate_product_id(product: str, t: Formatter) -> str:
    if not PRODUCT_ID.fullmatch(product or ""):
        raise ValidationError(
            t.gettext("The product id is not valid."),
            {"product": t.gettext("1-100 characters: letters, digits and . _ : -")},
        )
    return product


def _text(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _clean(data: Mapping[str, Any], name: str, max_length: int, *, multiline: bool = False) -> str | None:
    """The field cleaned by sanitize's rule ("" when absent), or None when it is too long."""
    return bounded(_text(data, name) or "", max_length, multiline=multiline)


def _bool(value: Any) -> bool | None | str:
    """JSON true/false or a form's yes/no; the string 'invalid' when neither."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("yes", "true", "1", "on"):
        return True
    if isinstance(value, str) and value.lower() in ("no", "false", "0"):
        return False
    return "invalid"


def parse_review(data: Mapping[str, Any], t: Formatter, default_lang: str) -> ReviewInput:
    """A ReviewInput, or a ValidationError naming every field at fault at once."""
    errors: dict[str, str] = {}
    _ = t.gettext

    rating = ascii_int(data.get("rating"), 1, 5) or 0
    if not rating:
        errors["rating"] = _("Choose a rating from 1 to 5 stars.")

    title = _clean(data, "title", TITLE_MAX)
    if title is None:
        errors["title"] = t.ngettext("The title can be at most %(num)s character.",
                                     "The title can be at most %(num)s characters.", TITLE_MAX) % {"num": TITLE_MAX}

    body = _clean(data, "body", BODY_MAX, multiline=True)
    if body == "":
        errors["body"] = _("Write a few words about the product.")
    elif body is None:
        errors["body"] = t.ngettext("The review can be at most %(num)s character.",
                                    "The review can be at most %(num)s characters.",
                                    BODY_MAX) % {"num": t.number(BODY_MAX)}

    author_name = _clean(data, "author_name", AUTHOR_MAX)
    if author_name == "":
        errors["author_name"] = _("Give the name to show with your review.")
    elif author_name is None:
        errors["author_name"] = t.ngettext("The name can be at most %(num)s character.",
                                           "The name can be at most %(num)s characters.",
                                           AUTHOR_MAX) % {"num": AUTHOR_MAX}

    email = (_text(data, "email") or "").strip() or None
    if email is not None and (len(email) > EMAIL_MAX or not EMAIL.fullmatch(email)):
        errors["email"] = _("Check the e-mail address, or leave it empty.")

    recommend = _bool(data.get("recommend"))
    if recommend == "invalid":
        errors["recommend"] = _("Answer yes or no, or leave it unanswered.")

    lang = (_text(data, "lang") or "").strip() or default_lang
    if not LANG_TAG.fullmatch(lang):
        errors["lang"] = _("The language should be a code like fi, sv or en.")

    product_name = _clean(data, "product_name", PRODUCT_NAME_MAX)
    if product_name is None:
        errors["product_name"] = _("The product name is too long.")
    urls = {}
    for name in ("product_url", "product_image"):
        url = (_text(data, name) or "").strip() or None
        if url is not None and (len(url) > URL_MAX or not URL.fullmatch(url)):
            errors[name] = _("Give a full http or https address.")
        urls[name] = url

    invitation = (_text(data, "invitation") or "").strip() or None
    if invitation is not None and len(invitation) > 500:
        errors["invitation"] = _("This review link is not valid. You can still write a review without it.")

    if errors:
        raise ValidationError(_("Please check the review: some fields need attention."), errors)
    return ReviewInput(
        rating=rating, title=title or "", body=body or "", author_name=author_name or "", lang=lang, email=email,
        recommend=recommend if isinstance(recommend, bool) else None,
        product_name=product_name or None, invitation=invitation, **urls,
    )


def upsert_product(db: Database, shop_id: int, external_id: str, name: str | None = None,
                   url: str | None = None, image: str | None = None) -> int:
    """The product's row id, creating it on first sight and refreshing what the shop told us."""
    db.execute(
        "INSERT INTO products (shop_id, external_id, name, url, image_url, created_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (shop_id, external_id) DO UPDATE SET name = coalesce(excluded.name, name), "
        "url = coalesce(excluded.url, url), image_url = coalesce(excluded.image_url, image_url)",
        [shop_id, external_id, name, url, image, clock.now_iso()],
    )
    return product_row_id(db, shop_id, external_id)  # type: ignore[return-value]


def product_row_id(db: Database, shop_id: int, external_id: str) -> int | None:
    rows = list(db.query("SELECT id FROM products WHERE shop_id = ? AND external_id = ?", [shop_id, external_id]))
    return rows[0]["id"] if rows else None


def submit_review(db: Database, shop: Shop, product: str, review: ReviewInput,
                  photos: Sequence[Photo] = (), shopper_hash: str | None = None) -> dict[str, Any]:
    """Store a review; published at once only when the shop post-moderates, whatever its rating.

    With an invitation token the review is verified, or refused with the
    token's problem (the shopper may send it again without the token).
    """
    from socialproof import invitations  # both build on reviews
    from socialproof.moderation import Action, log_action

    invitation = invitations.redeem(db, shop, product, review.invitation) if review.invitation else None
    product_id = upsert_product(db, shop.id, product, review.product_name, review.product_url, review.product_image)
    now = clock.now_iso()
    status = ReviewStatus.APPROVED if shop.moderation is ModerationMode.POST else ReviewStatus.PENDING
    review_id = db["reviews"].insert({
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
        "verified": int(invitation is not None),
        "invitation_id": invitation.id if invitation else None,
        "body_hash": text_hash(review.body),  # for the workspace's "repeated text" hint
        "shopper_hash": shopper_hash,
    }).last_pk
    if invitation is not None:
        invitations.mark_used(db, invitation)
    if photos:
        photo_records.attach(db, shop.id, product_id, review_id, photos, PhotoStatus(status.value))
    if status is ReviewStatus.APPROVED:
        log_action(db, shop.id, review_id, "system:post-moderation", Action.PUBLISH, None,
                   ReviewStatus.PENDING, ReviewStatus.APPROVED)
    return {"id": review_id, "status": status.value, "verified": invitation is not None}


@dataclass(frozen=True)
class Summary:
    product: str
    distribution: dict[int, int] = field(default_factory=dict)
    recommend_yes: int = 0
    recommend_answered: int = 0

    @property
    def recommend_percent(self) -> int | None:
        """Of the reviews that answered "Would you recommend?", the share that said yes."""
        if not self.recommend_answered:
            return None
        return int(Decimal(100 * self.recommend_yes / self.recommend_answered).quantize(0, ROUND_HALF_UP))

    @property
    def count(self) -> int:
        return sum(self.distribution.values())

    @property
    def average(self) -> float | None:
        """The arithmetic mean of every approved rating, rounded half up to one decimal."""
        if not self.count:
            return None
        mean = Decimal(sum(r * n for r, n in self.distribution.items())) / Decimal(self.count)
        return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

    def share(self, rating: int) -> float:
        return self.distribution.get(rating, 0) / self.count if self.count else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "review_count": self.count,
            "rating_average": self.average,
            "rating_distribution": {str(r): self.distribution.get(r, 0) for r in range(1, 6)},
            "recommend_percent": self.recommend_percent,
        }


SUMMARY_SQL = (
    "SELECT r.rating, count(*) AS n, sum(r.recommend) AS yes, count(r.recommend) AS answered "
    "FROM reviews r JOIN products p ON p.id = r.product_id "
    "WHERE p.shop_id = ? AND p.external_id = ? AND r.status = 'approved' GROUP BY r.rating"
)


def _where(stars: int | None, with_photos: bool) -> str:
    return ("product_id = ? AND status = 'approved'" + (" AND has_photos = 1" if with_photos else "")
            + (" AND rating = ?" if stars else ""))


def page_sql(sort: Sort, stars: int | None, with_photos: bool = False) -> str:
    """A page of a product's approved reviews; parameters: product row id, [stars], limit, offset."""
    return f"SELECT * FROM reviews WHERE {_where(stars, with_photos)} ORDER BY {ORDER_BY[sort]} LIMIT ? OFFSET ?"


def count_sql(stars: int | None, with_photos: bool) -> str:
    """How many reviews a filter that the summary can't answer leaves (with photos)."""
    return f"SELECT count(*) AS n FROM reviews WHERE {_where(stars, with_photos)}"


def product_summary(db: Database, shop_id: int, product: str) -> Summary:
    rows = list(db.query(SUMMARY_SQL, [shop_id, product]))
    return Summary(product, {r: 0 for r in range(1, 6)} | {row["rating"]: row["n"] for row in rows},
                   recommend_yes=sum(row["yes"] or 0 for row in rows),
                   recommend_answered=sum(row["answered"] for row in rows))


SHOP_SUMMARY_SQL = (
    "SELECT rating, count(*) AS n FROM reviews WHERE shop_id = ? AND status = 'approved' GROUP BY rating"
)


def shop_summary(db: Database, shop_id: int) -> Summary:
    """Every approved review of every product of the shop: the shop's overall rating."""
    rows = db.query(SHOP_SUMMARY_SQL, [shop_id])
    return Summary("", {r: 0 for r in range(1, 6)} | {row["rating"]: row["n"] for row in rows})


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    page: int
    pages: int
    total: int

    def as_json(self) -> dict[str, Any]:
        return {"items": self.items, "page": self.page, "pages": self.pages, "total": self.total}


def review_json(row: dict[str, Any], product: str, photos: Sequence[dict[str, Any]] = (),
                reply: dict[str, Any] | None = None) -> dict[str, Any]:
    """A review as the public sees it: never the e-mail address; ``photos`` already in their public form."""
    return {
        "id": row["id"],
        "product": product,
        "rating": row["rating"],
        "title": row["title"],
        "body": row["body"],
        "author_name": row["author_name"],
        "created_at": row["created_at"],
        "published_at": row["published_at"],
        "lang": row["lang"],
        "recommend": None if row["recommend"] is None else bool(row["recommend"]),
        "verified": bool(row["verified"]),
        "helpful": row["helpful_count"],
        "photos": list(photos),
        "edited_by_shop": bool(row["edited_by_shop"]),
        "erased": bool(row["erased"]),
        "reply": {"body": reply["body"], "created_at": reply["created_at"]} if reply else None,
    }


def list_reviews(db: Database, shop_id: int, summary: Summary, *, page: int, per_page: int,
                 sort: Sort = Sort.NEWEST, stars: int | None = None, with_photos: bool = False,
                 base_url: str = "") -> Page:
    """One page of a product's approved reviews, with their public photos."""
    product_id = product_row_id(db, shop_id, summary.product)
    params: list[Any] = [product_id] + ([stars] if stars else [])
    if product_id is None:
        total = 0
    elif with_photos:
        total = next(db.query(count_sql(stars, with_photos), params))["n"]
    else:  # the summary has counted already
        total = summary.distribution.get(stars, 0) if stars else summary.count
    pages = max(1, math.ceil(total / per_page))
    if total == 0:
        return Page([], page, pages, total)
    rows = list(db.query(page_sql(sort, stars, with_photos), params + [per_page, (page - 1) * per_page]))
    ids = [row["id"] for row in rows]
    photos, reply_rows = photo_records.of_reviews(db, ids), replies.of_reviews(db, ids)
    return Page([review_json(row, summary.product, [photo_records.public_json(p, base_url) for p in photos[row["id"]]],
                             reply_rows.get(row["id"])) for row in rows], page, pages, total)
