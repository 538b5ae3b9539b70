"""Products: a shop's product ids, and the row each id names.

A product is created the first time anything names it (a review, a
recommendation, a review link) and refreshed with what the shop tells us.
What a page or a shopper sends about a product only fills what the shop
never gave: it never replaces a name, link or picture the shop set (those
reach the Google feed, the structured data and the mail).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from socialproof import clock
from socialproof.db.engine import Database
from socialproof.errors import Invalid
from socialproof.i18n import N_
from socialproof.reviews.identifiers import NONE, Identifiers
from socialproof.reviews.input import URL, URL_GIVEN, URL_MAX
from socialproof.shops.registry import normalize_origin

PRODUCT_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")


def validate_product_id(product: str) -> str:
    if not PRODUCT_ID.fullmatch(product or ""):
        raise Invalid(
            N_(
                "The product id %(given)s is not valid: use 1-100 letters, digits, dots, underscores, colons or hyphens."
            ),
            {"product": N_("1-100 characters: letters, digits and . _ : -")},
            given=repr((product or "")[:100]),
        )
    return product


def page_url(url: str) -> str:
    """A product page's address as the shop gives it (the feed, the all-reviews page and mail link there)."""
    url = url.strip()
    if len(url) > URL_MAX or not URL.fullmatch(url):
        raise Invalid(N_("The product's page must be a full http or https address."), {"url": URL_GIVEN})
    return url


def upsert_product(
    db: Database,
    shop_id: int,
    external_id: str,
    name: str | None = None,
    url: str | None = None,
    image: str | None = None,
    ids: Identifiers = NONE,
    *,
    from_shop: bool = True,
) -> int:
    """The product's row id, creating it on first sight. The shop's word (``from_shop``: its key, its
    platform, its import, its command line) replaces what was known; anyone else's only fills gaps."""
    first, then = ("excluded", "products") if from_shop else ("products", "excluded")
    kept = ", ".join(
        f"{column} = coalesce({first}.{column}, {then}.{column})"
        for column in ("name", "url", "image_url", "gtin", "mpn", "sku", "brand")
    )
    db.execute(
        "INSERT INTO products (shop_id, external_id, name, url, image_url, gtin, mpn, sku, brand, created_at) "
        f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, external_id) DO UPDATE SET {kept}",
        [shop_id, external_id, name, url, image, ids.gtin, ids.mpn, ids.sku, ids.brand, clock.now_iso()],
    )
    row_id = product_row_id(db, shop_id, external_id)
    assert row_id is not None  # it was written just now, in this transaction
    return row_id


def page_seen(db: Database, shop_id: int, origins: tuple[str, ...], external_id: str, url: str) -> str | None:
    """The address of the page the product's reviews widget was seen on, if the product has none yet
    and the page is on one of the shop's own sites: then it is the product's page (the all-reviews
    page and the Google feed link there) until the shop names another."""
    try:
        url = page_url(url)
    except Invalid:
        return None
    parts = urlsplit(url)
    try:
        if parts.query or parts.fragment or normalize_origin(f"{parts.scheme}://{parts.netloc}") not in origins:
            return None
    except Invalid:
        return None
    rows = list(db.query("SELECT url FROM products WHERE shop_id = ? AND external_id = ?", [shop_id, external_id]))
    return url if rows and rows[0]["url"] is None else None


def keep_page_seen(db: Database, shop_id: int, external_id: str, url: str) -> None:
    """Fill the product's page with one seen (page_seen), never over one the shop gave."""
    db.execute(
        "UPDATE products SET url = ? WHERE shop_id = ? AND external_id = ? AND url IS NULL", [url, shop_id, external_id]
    )


def set_picture(db: Database, shop_id: int, external_id: str, small: bytes) -> None:
    """The shop's picture of the product, fetched once and re-encoded (160 px JPEG): what its mail shows."""
    db.execute(
        "UPDATE products SET image_thumb = ? WHERE shop_id = ? AND external_id = ?", [small, shop_id, external_id]
    )


def pictures(db: Database, product_ids: list[int]) -> dict[int, bytes]:
    """Each product's stored picture, by row id, for those that have one."""
    if not product_ids:
        return {}
    marks = ", ".join("?" for _ in product_ids)
    rows = db.execute(
        f"SELECT id, image_thumb FROM products WHERE id IN ({marks}) AND image_thumb IS NOT NULL", product_ids
    ).fetchall()
    return {row_id: bytes(data) for row_id, data in rows}


def product_info(db: Database, shop_id: int, external_id: str) -> dict[str, Any]:
    """What the shop told us of a product (row id, name, url, image, identifiers), or {} before it is first named."""
    rows = list(
        db.query(
            "SELECT id, name, url, image_url, gtin, mpn, sku, brand FROM products WHERE shop_id = ? AND external_id = ?",
            [shop_id, external_id],
        )
    )
    return rows[0] if rows else {}


def product_row_id(db: Database, shop_id: int, external_id: str) -> int | None:
    rows = list(db.query("SELECT id FROM products WHERE shop_id = ? AND external_id = ?", [shop_id, external_id]))
    return rows[0]["id"] if rows else None


def named_products(db: Database, shop_id: int, words: str, limit: int = 20) -> list[tuple[str, str]]:
    """(product id, name) of the shop's named products whose name holds ``words`` in any case, by name:
    for a shopper choosing what they bought. Matched here, not in SQL: SQLite's lower() knows no ä or å."""
    wanted = words.strip().casefold()
    rows = db.execute(
        "SELECT external_id, name FROM products WHERE shop_id = ? AND name IS NOT NULL", [shop_id]
    ).fetchall()
    found = sorted((name.casefold(), external_id, name) for external_id, name in rows if wanted in name.casefold())
    return [(external_id, name) for _, external_id, name in found[:limit]]
