"""Photos in the database: attached to reviews, moderated, shown.

A photo is public only while it and its review are both approved. Approving
a review approves its waiting photos; a moderator may still reject one photo
(with a policy reason, logged) and keep the review. reviews.has_photos is
kept in step here, in the same transaction as every change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, NamedTuple

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.photos.process import SMALL_PX, Photo, fitted

PHOTO_FILE = re.compile(r"([0-9a-f]{64})(-thumb|-small)?\.jpg")
VISIBLE = "p.status = 'approved' AND r.status = 'approved'"


class PhotoStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Files(NamedTuple):
    """A photo's files, largest first."""

    full: str
    thumb: str
    small: str


def file_names(content_hash: str) -> Files:
    return Files(f"{content_hash}.jpg", f"{content_hash}-thumb.jpg", f"{content_hash}-small.jpg")


def is_small(name: str) -> bool:
    return name.endswith("-small.jpg")


def refresh_has_photos(db: Database, review_id: int) -> None:
    db.execute(
        "UPDATE reviews SET has_photos = CASE WHEN EXISTS (SELECT 1 FROM photos WHERE review_id = ? AND "
        "status = 'approved') THEN 1 ELSE 0 END WHERE id = ?",
        [review_id, review_id],
    )


def attach(
    db: Database, shop_id: int, product_id: int, review_id: int, photos: Sequence[Photo], status: PhotoStatus
) -> None:
    now = clock.now_iso()
    for position, photo in enumerate(photos):
        db.table("photos").insert(
            {
                "shop_id": shop_id,
                "product_id": product_id,
                "review_id": review_id,
                "position": position,
                "content_hash": photo.content_hash,
                "width": photo.width,
                "height": photo.height,
                "thumb_width": photo.thumb_width,
                "thumb_height": photo.thumb_height,
                "status": status.value,
                "created_at": now,
                "moderated_at": None,
            }
        )
    refresh_has_photos(db, review_id)


def approve_waiting(db: Database, review_id: int) -> None:
    """The review was approved: so are its photos nobody has rejected."""
    db.execute(
        "UPDATE photos SET status = 'approved', moderated_at = ? WHERE review_id = ? AND status = 'pending'",
        [clock.now_iso(), review_id],
    )
    refresh_has_photos(db, review_id)


def decide(db: Database, shop_id: int, photo_id: int, approve: bool, reason: str | None) -> dict[str, Any]:
    photo = of_shop(db, shop_id, photo_id)
    status = PhotoStatus.APPROVED if approve else PhotoStatus.REJECTED
    db.table("photos").update(
        photo_id,
        {"status": status.value, "rejection_reason": None if approve else reason, "moderated_at": clock.now_iso()},
    )
    refresh_has_photos(db, photo["review_id"])
    return next(db.query("SELECT * FROM photos WHERE id = ?", [photo_id]))


def of_reviews(db: Database, review_ids: Sequence[int], *, visible_only: bool = True) -> dict[int, list[dict]]:
    """Photos of these reviews, in the order the shopper attached them."""
    if not review_ids:
        return {}
    marks = ",".join("?" * len(review_ids))
    where = " AND status = 'approved'" if visible_only else ""
    by_review: dict[int, list[dict]] = {rid: [] for rid in review_ids}
    for row in db.query(
        f"SELECT * FROM photos WHERE review_id IN ({marks}){where} ORDER BY review_id, position", list(review_ids)
    ):
        by_review[row["review_id"]].append(row)
    return by_review


GALLERY_SQL = (
    "SELECT p.*, r.author_name, r.title, r.body, r.rating, r.lang FROM photos p JOIN reviews r ON r.id = p.review_id "
    "WHERE p.{scope} = ? AND " + VISIBLE + " ORDER BY p.id DESC LIMIT ?"
)


def gallery(db: Database, shop_id: int, product_id: int | None, limit: int) -> list[dict[str, Any]]:
    """The newest public photos of a product, or of the whole shop."""
    scope, key = ("product_id", product_id) if product_id is not None else ("shop_id", shop_id)
    return list(db.query(GALLERY_SQL.format(scope=scope), [key, limit]))


def count(db: Database, shop_id: int, product_id: int | None) -> int:
    scope, key = ("product_id", product_id) if product_id is not None else ("shop_id", shop_id)
    return next(
        db.query(
            f"SELECT count(*) AS n FROM photos p JOIN reviews r ON r.id = p.review_id "
            f"WHERE p.{scope} = ? AND {VISIBLE}",
            [key],
        )
    )["n"]


def of_shop(db: Database, shop_id: int, photo_id: int) -> dict[str, Any]:
    """One photo of the shop, whatever its status, or NotFound."""
    rows = list(db.query("SELECT * FROM photos WHERE id = ? AND shop_id = ?", [photo_id, shop_id]))
    if not rows:
        raise NotFound(N_("The shop has no photo %(id)s."), id=photo_id)
    return rows[0]


def is_public(db: Database, name: str) -> bool:
    """Whether a photo file may be served to anyone: some public photo has it."""
    match = PHOTO_FILE.fullmatch(name)
    if not match:
        return False
    return bool(
        list(
            db.query(
                f"SELECT 1 FROM photos p JOIN reviews r ON r.id = p.review_id "
                f"WHERE p.content_hash = ? AND {VISIBLE} LIMIT 1",
                [match.group(1)],
            )
        )
    )


def public_json(row: dict[str, Any], base_url: str) -> dict[str, Any]:
    files = file_names(row["content_hash"])
    small_width, small_height = fitted(row["thumb_width"], row["thumb_height"], SMALL_PX)
    return {
        "url": f"{base_url}/photos/{files.full}",
        "thumbnail_url": f"{base_url}/photos/{files.thumb}",
        "small_url": f"{base_url}/photos/{files.small}",
        "width": row["width"],
        "height": row["height"],
        "thumbnail_width": row["thumb_width"],
        "thumbnail_height": row["thumb_height"],
        "small_width": small_width,
        "small_height": small_height,
    }


def moderator_json(row: dict[str, Any], base_url: str, shop_slug: str) -> dict[str, Any]:
    """A photo as a moderator sees it: any status, fetched with the shop's key."""
    url = f"{base_url}/api/v1/shops/{shop_slug}/photos/{row['id']}"
    return {
        "id": row["id"],
        "status": row["status"],
        "rejection_reason": row["rejection_reason"],
        "url": url,
        "thumbnail_url": f"{url}?size=thumb",
        "width": row["width"],
        "height": row["height"],
    }
