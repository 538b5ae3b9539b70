"""What each widget shows: the data a widget template is rendered with.

Widgets are rendered on the server, so a fragment is complete HTML that
works without JavaScript; embed.js only places fragments in shadow roots
and swaps them as the shopper pages, sorts and posts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from sqlite_utils import Database

from socialproof.render import render
from socialproof.reviews import Sort, list_reviews, product_summary
from socialproof.shops import Shop


@dataclass(frozen=True)
class WidgetQuery:
    """One placeholder's request: which widget, for what, in which language."""

    widget: str
    product: str | None
    lang: str
    page: int = 1
    sort: Sort = Sort.NEWEST
    stars: int | None = None


@dataclass
class FormState:
    """The review form as a shopper left it: values, errors, or a thank-you."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    submitted_status: str | None = None


@dataclass(frozen=True)
class Links:
    """Absolute URLs into this server: fragments live inside other sites' pages."""

    base_url: str
    shop: str

    def widget(self, q: WidgetQuery, **changes: Any) -> str:
        q = replace(q, **changes)
        params: dict[str, Any] = {"product": q.product, "lang": q.lang}
        if q.page != 1:
            params["page"] = q.page
        if q.sort is not Sort.NEWEST:
            params["sort"] = q.sort.value
        if q.stars:
            params["stars"] = q.stars
        return f"{self.base_url}/w/{self.shop}/{q.widget}?" + urlencode(
            {k: v for k, v in params.items() if v is not None})

    def post_review(self, q: WidgetQuery) -> str:
        return f"{self.base_url}/w/{self.shop}/reviews?" + urlencode({"product": q.product, "lang": q.lang})


def _stars(db: Database, shop: Shop, q: WidgetQuery, links: Links, form: FormState | None,
           page_size: int) -> dict[str, Any]:
    return {"summary": product_summary(db, shop.id, q.product or "")}


def _reviews(db: Database, shop: Shop, q: WidgetQuery, links: Links, form: FormState | None,
             page_size: int) -> dict[str, Any]:
    summary = product_summary(db, shop.id, q.product or "")
    page = list_reviews(db, shop.id, summary, page=q.page, per_page=page_size, sort=q.sort, stars=q.stars)
    return {"summary": summary, "page": page, "sorts": list(Sort), "form": form or FormState()}


# name -> (needs a product, context builder)
WIDGETS: dict[str, tuple[bool, Callable[..., dict[str, Any]]]] = {
    "stars": (True, _stars),
    "reviews": (True, _reviews),
}


def render_widget(db: Database, shop: Shop, q: WidgetQuery, links: Links, *, page_size: int,
                  form: FormState | None = None) -> str:
    _, build = WIDGETS[q.widget]
    context = build(db, shop, q, links, form, page_size)
    return render(q.lang, [f"shops/{shop.slug}/{q.widget}.html", f"{q.widget}.html"],
                  shop=shop, q=q, links=links, **context)
