"""schema.org structured data for search engines: products only, from the reviews shown."""

from __future__ import annotations

from typing import Any

from socialproof.reviews import identifiers
from socialproof.reviews.identifiers import Identifiers
from socialproof.reviews.listing import Page
from socialproof.reviews.summary import Summary


def structured_data(
    product_id: str, name_hint: str | None, ids_hint: Identifiers, summary: Summary, page: Page, product: dict[str, Any]
) -> dict[str, Any] | None:
    """schema.org Product with its AggregateRating and the reviews on this page; nothing without reviews.

    Only products are marked up, never the shop: search engines don't accept a
    business's reviews of itself shown on its own pages.
    """
    if not summary.count:
        return None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.get("name") or name_hint or product_id,
        "productID": product_id,
        "aggregateRating": {
            "@type": "AggregateRating",
            "ratingValue": summary.average,
            "reviewCount": summary.count,
            "bestRating": 5,
            "worstRating": 1,
        },
        "review": [
            {
                "@type": "Review",
                "author": {"@type": "Person", "name": item["author_name"] or "Anonymous"},
                "datePublished": item["created_at"][:10],
                **({"name": item["title"]} if item["title"] else {}),
                "reviewBody": item["body"],
                "inLanguage": item["lang"],
                "reviewRating": {"@type": "Rating", "ratingValue": item["rating"], "bestRating": 5, "worstRating": 1},
                # An imported review was first published by the service it came from: said so, not hidden.
                **(
                    {"publisher": {"@type": "Organization", "name": item["imported_from"]}}
                    if item["imported_from"]
                    else {}
                ),
            }
            for item in page.items
            if not item["erased"]
        ],
    }
    if product.get("url"):
        data["url"] = product["url"]
        data["@id"] = product["url"] + "#product"  # merges with the shop theme's own Product markup
    if product.get("image_url"):
        data["image"] = product["image_url"]
    # What the shop stored wins over the page's hints; each identifier only when known.
    for name, value in (ids_hint.given() | {n: product[n] for n in identifiers.NAMES if product.get(n)}).items():
        data[name] = {"@type": "Brand", "name": value} if name == "brand" else value
    return data
