"""Google's product-review feed (schema 2.4): every published review with words, for Google Shopping.

Elements go in the order of Google's published XSD
(http://www.google.com/shopping/reviews/schema/product/2.4/product_reviews.xsd).
Every published review is in it whatever its rating; "verified purchase" and
``post_fulfillment`` only for reviews our own invitations verified; no
review is incentivised. The feed is reached by a per-shop token derived from
this server's secret and the shop's feed generation: rotating it makes the
old URL stop working without storing any token.
"""

from __future__ import annotations

import hmac
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from socialproof.db.engine import Database
from socialproof.db.server_secrets import existing_secret, keyed_hash
from socialproof.photos import records as photo_records
from socialproof.reviews import identifiers
from socialproof.reviews.status import ReviewStatus
from socialproof.shops.registry import Shop

SECRET = "feed"
BATCH = 500
PATH = "/feeds/{shop}/google-product-reviews.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<feed xmlns:vc="http://www.w3.org/2007/XMLSchema-versioning" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:noNamespaceSchemaLocation="http://www.google.com/shopping/reviews/schema/product/2.4/product_reviews.xsd">\n'
)


def token(db: Database, shop: Shop, generation: int) -> str:
    """The feed's token (writer connection: makes the secret on first use)."""
    return keyed_hash(db, SECRET, f"{shop.id}:{generation}")


def generation(db: Database, shop: Shop) -> int:
    return int(db.execute("SELECT feed_generation FROM shops WHERE id = ?", [shop.id]).fetchone()[0])


def url(db: Database, shop: Shop, base_url: str) -> str:
    return f"{base_url}{PATH.format(shop=shop.slug)}?token={token(db, shop, generation(db, shop))}"


def rotate(db: Database, shop: Shop, base_url: str) -> str:
    """A new URL; the old one stops working at once."""
    db.execute("UPDATE shops SET feed_generation = feed_generation + 1 WHERE id = ?", [shop.id])
    return url(db, shop, base_url)


def admits(db: Database, shop: Shop, given: str) -> bool:
    """Whether ``given`` is the shop's current token (reader-safe: no token exists before a secret does)."""
    if existing_secret(db, SECRET) is None:
        return False
    return hmac.compare_digest(given.encode(), token(db, shop, generation(db, shop)).encode())


def short_name(name: str) -> str:
    """ "Anna Korhonen" as "Anna K.": enough for a shopper to be a person, not enough to be found."""
    first, *rest = name.split()
    return f"{first} {rest[-1][0]}." if rest else first


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _review(row: dict[str, Any], photos: list[dict[str, Any]], base_url: str, shop: Shop) -> ET.Element:
    review = ET.Element("review")
    _text(review, "review_id", str(row["id"]))
    reviewer = ET.SubElement(review, "reviewer")
    name = row["author_name"].strip()
    _text(reviewer, "name", short_name(name) if name else "Anonymous", is_anonymous="false" if name else "true")
    _text(review, "is_verified_purchase", "true" if row["verified"] else "false")
    _text(review, "is_incentivized_review", "false")
    _text(review, "review_timestamp", row["created_at"][:19] + "Z")
    if row["title"]:
        _text(review, "title", row["title"])
    _text(review, "content", row["body"] or row["title"])
    _text(review, "review_language", row["lang"])
    page = f"{base_url}/review/{quote(shop.slug)}/{quote(row['product'])}"
    _text(review, "review_url", page, type="group")
    if photos:
        images = ET.SubElement(review, "reviewer_images")
        for photo in photos:
            _text(ET.SubElement(images, "reviewer_image"), "url", photo_records.public_json(photo, base_url)["url"])
    ratings = ET.SubElement(review, "ratings")
    _text(ratings, "overall", str(row["rating"]), min="1", max="5")
    product = ET.SubElement(ET.SubElement(review, "products"), "product")
    known = {name: row[name] for name in identifiers.NAMES if row[name]}
    if known:
        ids = ET.SubElement(product, "product_ids")
        for name in identifiers.NAMES:  # gtins, mpns, skus, brands: the XSD's order
            if name in known:
                _text(ET.SubElement(ids, name + "s"), name, known[name])
    _text(product, "product_name", row["product_name"] or row["product"])
    _text(product, "product_url", row["product_url"] or page)
    _text(review, "is_spam", "false")
    _text(review, "collection_method", "post_fulfillment" if row["verified"] else "unsolicited")
    return review


PUBLISHED = (
    "SELECT r.*, p.external_id AS product, p.name AS product_name, p.url AS product_url, "
    "p.gtin, p.mpn, p.sku, p.brand FROM reviews r JOIN products p ON p.id = r.product_id "
    "WHERE r.shop_id = ? AND r.status = ? AND r.erased = 0 AND (r.body != '' OR r.title != '') "
    "AND r.id > ? ORDER BY r.id LIMIT ?"
)
# Published once, not any more (rejected later, withdrawn, or erased by its writer).
REMOVED = (
    "SELECT id FROM reviews WHERE shop_id = ? AND published_at IS NOT NULL AND (status != ? OR erased = 1) "
    "AND id > ? ORDER BY id LIMIT ?"
)


def feed(db: Database, shop: Shop, base_url: str) -> Iterator[str]:
    """The whole feed as text, a review at a time."""
    yield HEAD
    yield "<version>2.4</version>\n"
    publisher = ET.Element("publisher")
    _text(publisher, "name", shop.name)
    yield ET.tostring(publisher, encoding="unicode") + "\n<reviews>\n"
    last = 0
    while batch := list(db.query(PUBLISHED, [shop.id, ReviewStatus.APPROVED.value, last, BATCH])):
        ids = [row["id"] for row in batch]
        photos = photo_records.of_reviews(db, ids)
        for row in batch:
            yield ET.tostring(_review(row, photos[row["id"]], base_url, shop), encoding="unicode") + "\n"
        last = ids[-1]
    yield "</reviews>\n"
    removed = list(db.query(REMOVED, [shop.id, ReviewStatus.APPROVED.value, 0, 100_000]))
    if removed:
        yield (
            "<deleted_reviews>" + "".join(f"<review_id>{r['id']}</review_id>" for r in removed) + "</deleted_reviews>\n"
        )
    yield "</feed>\n"
