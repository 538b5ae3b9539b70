"""What each widget shows: the data a widget template is rendered with.

Widgets are rendered on the server, so a fragment is complete HTML that
works without JavaScript; embed.js only places fragments in shadow roots
and swaps them as the shopper pages, sorts and posts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from socialproof import policy
from socialproof.config import Settings
from socialproof.db.engine import Database
from socialproof.display.render import render
from socialproof.display.structured import structured_data
from socialproof.insights import search, topics
from socialproof.photos import records as photo_records
from socialproof.photos.intake import megabytes
from socialproof.questions import listing as questions
from socialproof.reviews import all_reviews, groups, identifiers, provenance, scales, store_codes
from socialproof.reviews.identifiers import Identifiers
from socialproof.reviews.invitations import shop_invites
from socialproof.reviews.listing import KeysetCursor, Page, Sort, list_reviews
from socialproof.reviews.products import product_info, product_row_id
from socialproof.reviews.summary import shop_summary
from socialproof.shop_reviews import listing as shop_reviews
from socialproof.shops.registry import Shop
from socialproof.signals import presence, recommendations


@dataclass(frozen=True)
class WidgetQuery:
    """One placeholder's request: which widget, for what, in which language."""

    widget: str
    product: str | None
    lang: str
    page: int = 1
    sort: Sort = Sort.NEWEST
    stars: int | None = None
    with_photos: bool = False
    product_name: str | None = None  # the placeholder's data-product-name, for structured data only
    after: KeysetCursor | None = None  # where the page before ended (keyset pagination)
    product_ids: Identifiers = identifiers.NONE  # the placeholder's data-product-gtin/-mpn/-sku/-brand, likewise
    search: str = ""  # the questions widget's search box
    report: str = ""  # the review, question or answer whose report form is open ("answer:12"): the rest carry a link
    write: bool = False  # the widget with its form open (a review of the product or the shop), sent only when asked for
    only_product: bool = False  # a grouped product's own reviews only (only=product), not its group's
    topic: str = ""  # what buyers mention: only the reviews that use this phrase (insights/topics.py)


@dataclass
class FormState:
    """The review form as a shopper left it: values, errors, or a thank-you."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    submitted_status: str | None = None
    manage_url: str | None = None  # the writer's own link to the review they sent (reviews/own_link.py)


@dataclass
class Personal:
    """What this shopper did, known only when answering their own post (never cached)."""

    voted: set[int] = field(default_factory=set)
    recommended: bool = False
    viewer_key: str | None = None
    others: int | None = None  # others looking now, as counted in memory (signals/beats.py)
    reported: int | None = None  # the review this shopper has just reported
    marked: set[str] = field(default_factory=set)  # the questions and answers they found helpful: about(kind, id)
    reported_item: str | None = None  # the question or answer they have just reported: about(kind, id)


@dataclass(frozen=True)
class Links:
    """Absolute URLs into this server: fragments live inside other sites' pages."""

    base_url: str
    shop: str

    def widget(self, q: WidgetQuery, **changes: Any) -> str:
        """The widget's address with ``changes``; a cursor only where one is given (the next page)."""
        q = replace(q, **({"after": None} | changes))
        params: dict[str, Any] = {"product": q.product, "lang": q.lang}
        if q.page != 1:
            params["page"] = q.page
        if q.after is not None:
            params["after"] = q.after.encode()
        if q.sort is not Sort.NEWEST:
            params["sort"] = q.sort.value
        if q.stars:
            params["stars"] = q.stars
        if q.with_photos:
            params["photos"] = 1
        if q.search:
            params["q"] = q.search
        if q.report:
            params["report"] = q.report
        if q.write:
            params["write"] = 1
        if q.only_product:
            params["only"] = "product"
        if q.topic:
            params["topic"] = q.topic
        return f"{self.base_url}/w/{self.shop}/{q.widget}?" + urlencode(
            {k: v for k, v in params.items() if v is not None}
        )

    def report(self, lang: str) -> str:
        """The shop's public integrity report (/trust/{shop}), in the reader's language."""
        return f"{self.base_url}/trust/{self.shop}?lang={lang}"

    def all_reviews(self, lang: str) -> str:
        """Every published review of every product of the shop (/reviews/{shop})."""
        return f"{self.base_url}/reviews/{self.shop}?lang={lang}"

    def shop_reviews(self, lang: str, page: int = 1) -> str:
        """Every published review of the shop itself, a page at a time (/shop-reviews/{shop})."""
        return f"{self.base_url}/shop-reviews/{self.shop}?lang={lang}" + (f"&page={page}" if page > 1 else "")

    def shop_reviews_write(self, lang: str) -> str:
        """The page with the form to review the shop (where the review-request mail's link leads)."""
        return f"{self.base_url}/shop-reviews/{self.shop}/write?lang={lang}"

    def founder_photo(self, value: str) -> str:
        """The founder's portrait: an https URL as it is; one kept in the database at its own
        content-addressed URL, so the 4 KB image isn't inside every widget answer."""
        if not value.startswith("data:"):
            return value
        digest = hashlib.blake2b(value.encode(), digest_size=8).hexdigest()
        return f"{self.base_url}/w/{self.shop}/founder.{digest}.jpg"

    def action(self, q: WidgetQuery, path: str) -> str:
        """Where a widget's form posts: the widget's address with ``path`` and the same query."""
        return self.widget(q).replace(f"/w/{self.shop}/{q.widget}?", f"/w/{self.shop}/{path}?", 1)


@dataclass
class Render:
    """Everything a widget builder may use."""

    db: Database
    shop: Shop
    q: WidgetQuery
    links: Links
    config: Settings
    form: FormState = field(default_factory=FormState)
    personal: Personal = field(default_factory=Personal)


def _stars(r: Render) -> dict[str, Any]:
    chosen = groups.pool(r.db, r.shop.id, r.q.product or "", product_row_id(r.db, r.shop.id, r.q.product or ""))
    return {"summary": chosen.summary, "pool": chosen}


def _reviews(r: Render) -> dict[str, Any]:
    product = product_info(r.db, r.shop.id, r.q.product or "")  # read once: the page, photo count and structured data
    chosen = groups.pool(r.db, r.shop.id, r.q.product or "", product.get("id"), r.q.only_product)
    summary = chosen.summary
    asked = scales.asked_by(r.db, product.get("id"))
    # What the page's photo count, topics and search count over: the product, or its whole group when pooled.
    member_ids = groups.product_rows(r.db, chosen, product.get("id"))
    term = topics.term_of(r.q.topic, r.q.lang) if r.q.topic else None
    per_page = r.config.widget_page_size
    narrow = search.narrowed(r.db, r.shop.id, member_ids, summary.count, term, r.q.search, r.q.lang, per_page)
    page = (
        Page([], r.q.page, 1, 0)
        if narrow.nothing
        else list_reviews(
            r.db,
            summary,
            product.get("id"),
            page=r.q.page,
            per_page=per_page,
            sort=r.q.sort,
            stars=r.q.stars,
            with_photos=r.q.with_photos,
            base_url=r.links.base_url,
            after=r.q.after,
            group_id=chosen.group_id,
            narrowing=narrow.narrowing,
        )
    )
    own_page = replace(page, items=[i for i in page.items if i["product"] == r.q.product])
    # Why each review was found: the searched words marked, or the sentence that says the phrase.
    if narrow.searched.words:
        marked = search.marked(r.db, page.items, narrow.searched.words)
    else:
        marked = topics.marked(r.db, page.items, term) if term else {}
    return {
        "summary": summary,
        "pool": chosen,
        "page": page,
        "topics": topics.of_products(r.db, r.shop.id, member_ids, r.q.lang),
        "marked": marked,
        "sorts": list(Sort),
        "invites": shop_invites(r.db, r.shop.id),
        "codes": store_codes.has_codes(r.db, r.shop.id),
        "imported_from": provenance.imported_services(r.db, r.shop.id),
        "photo_count": sum(photo_records.count(r.db, r.shop.id, i) for i in member_ids),
        "scales": asked,
        "scale_counts": scales.distributions(r.db, product.get("id"), asked, chosen.group_id),
        # Only what is about this product itself: its own rating and its own reviews on this page.
        "structured": structured_data(
            r.q.product or "", r.q.product_name, r.q.product_ids, chosen.own, own_page, product
        ),
    }


GALLERY_SIZE = 24


def _gallery(r: Render) -> dict[str, Any]:
    product_id = product_row_id(r.db, r.shop.id, r.q.product) if r.q.product else None
    if r.q.product and product_id is None:
        return {"photos": []}
    rows = photo_records.gallery(r.db, r.shop.id, product_id, GALLERY_SIZE)
    return {"photos": [row | photo_records.public_json(row, r.links.base_url) for row in rows]}


TRUST_LATEST = 3  # reviews of the shop the trust widget shows, newest first


def _trust(r: Render) -> dict[str, Any]:
    return {
        "shop_reviews": shop_reviews.published(r.db, r.shop, 1, TRUST_LATEST),
        "overall": shop_summary(r.db, r.shop.id),
        "profile": r.shop.profile,
        "shop_recommendations": recommendations.count(r.db, r.shop.id, None),
        "invites": shop_invites(r.db, r.shop.id),
        "codes": store_codes.has_codes(r.db, r.shop.id),
        "imported_from": provenance.imported_services(r.db, r.shop.id),
    }


def _questions(r: Render) -> dict[str, Any]:
    # The widget shares its query with the reviews': of their orders, the questions know newest and helpful.
    sort = questions.Sort.HELPFUL if r.q.sort is Sort.HELPFUL else questions.Sort.NEWEST
    page = questions.published(r.db, r.shop, r.q.product or "", r.q.page, r.config.widget_page_size, r.q.search, sort)
    return {"page": page, "search_max": questions.SEARCH_MAX, "sort": sort.value}


CAROUSEL_SIZE = 10  # the newest published reviews, at every rating: never a chosen few


def _carousel(r: Render) -> dict[str, Any]:
    chosen = all_reviews.Filter(r.q.product)
    return {"found": all_reviews.published(r.db, r.shop, chosen, CAROUSEL_SIZE, r.links.base_url)}


def _badge(r: Render) -> dict[str, Any]:
    return {"overall": shop_summary(r.db, r.shop.id)}


def _recommend(r: Render) -> dict[str, Any]:
    return {"count": recommendations.count(r.db, r.shop.id, r.q.product)}


def _activity(r: Render) -> dict[str, Any]:
    return {
        "activity": presence.activity(r.db, r.shop, r.q.product or "", r.personal.viewer_key, r.personal.others),
        "heartbeat_seconds": policy.HEARTBEAT_SECONDS,
    }


# name -> (needs a product, context builder)
WIDGETS: dict[str, tuple[bool, Callable[[Render], dict[str, Any]]]] = {
    "stars": (True, _stars),
    "reviews": (True, _reviews),
    "trust": (False, _trust),
    "recommend": (False, _recommend),
    "activity": (True, _activity),
    "gallery": (False, _gallery),
    "questions": (True, _questions),
    "badge": (False, _badge),
    "carousel": (False, _carousel),
}

# Widgets whose words change with the clock alone ("N looking now", "this week"), not only with stored changes.
CLOCK_WIDGETS = frozenset({"activity"})


def render_widget(
    db: Database,
    shop: Shop,
    q: WidgetQuery,
    links: Links,
    config: Settings,
    *,
    form: FormState | None = None,
    personal: Personal | None = None,
    form_stamp: str = "",
) -> str:
    r = Render(db, shop, q, links, config, form or FormState(), personal or Personal())
    _, build = WIDGETS[q.widget]
    return render(
        q.lang,
        [f"shops/{shop.slug}/{q.widget}.html", f"{q.widget}.html"],
        shop=shop,
        q=q,
        links=links,
        form=r.form,
        personal=r.personal,
        limits=photo_limits(config),
        form_stamp=form_stamp,
        statements_sent=config.sends_mail,  # the disclosure says writers are told why, only when they are
        sends_mail=config.sends_mail,  # the question form offers to tell the asker of the answer only then
        **build(r),
    )


def photo_limits(config: Settings) -> dict[str, Any]:
    """What the review form tells shoppers about photos."""
    return {"photos": config.photos_per_review, "mb": megabytes(config.photo_max_bytes)}
