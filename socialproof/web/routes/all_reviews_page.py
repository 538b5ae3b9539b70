"""The shop's all-reviews page: /reviews/{shop}, every published review of every product, newest first.

A page of its own on this server, in the reader's language, that the badge, the trust widget and
the review-request mail link to. Indexable, with a canonical address, but with no Product or
AggregateRating markup: the shop's rating shown by the shop is self-serving (RULES.md). It runs
no script: its filters are a form, its pages links. Cached like every public page, dropped when
the shop's reviews change.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.display.content import Links, WidgetQuery, render_widget
from socialproof.display.render import render
from socialproof.errors import FieldProblem, Unreadable
from socialproof.i18n import Formatter
from socialproof.reviews import all_reviews
from socialproof.reviews.listing import Sort
from socialproof.reviews.products import PRODUCT_ID
from socialproof.shops.registry import Shop
from socialproof.web import state
from socialproof.web.cache.answers import cached_answer
from socialproof.web.cache.entries import Rendered
from socialproof.web.requests import base_url, cursor_param, int_param, request_formatter, settings
from socialproof.web.widget_requests import HTML, theme_url

MAX_AGE = 300
PER_PAGE = 20


def _filter(request: Request, t: Formatter) -> all_reviews.Filter:
    """The product, stars and cursor asked for, or a 400 naming what is wrong."""
    params, errors = request.query_params, dict[str, FieldProblem]()
    stars = int_param(params, "stars", None, 1, 5, errors, t.gettext("A star count from 1 to 5."))
    product = params.get("product") or None
    if product is not None and not PRODUCT_ID.fullmatch(product):
        errors["product"] = t.gettext("1-100 characters: letters, digits and . _ : -")
    if errors:
        raise Unreadable(t.gettext("Some parameters are not valid."), errors)
    return all_reviews.Filter(product, stars, cursor_param(params, Sort.NEWEST, t))


def address(base: str, slug: str, lang: str, **query: Any) -> str:
    """The page with a filter, its parameters always in one order: one address per page, for caches and search engines."""
    given = {"lang": lang} | {k: v for k, v in query.items() if v}
    return f"{base}/reviews/{slug}?" + urlencode(given)


async def all_reviews_page(request: Request) -> Response:
    slug = request.path_params["shop"]
    base, config = base_url(request), settings(request)

    def build(db: Database, shop: Shop) -> Rendered:
        t = request_formatter(request, shop.lang)
        chosen = _filter(request, t)
        found = all_reviews.published(db, shop, chosen, PER_PAGE, base)
        links, here = Links(base, slug), {"product": chosen.product, "stars": chosen.stars}
        at = functools.partial(address, base, slug, t.lang)
        html = render(
            t.lang,
            "all_reviews_page.html",
            shop=shop,
            links=links,
            found=found,
            chosen=chosen,
            products=all_reviews.reviewed_products(db, shop),
            address=at,
            canonical=at(**here, after=chosen.after.encode() if chosen.after else None),
            first_page=at(**here) if chosen.after else None,
            next_page=at(**here, after=found.next.encode()) if found.next else None,
            trust=render_widget(db, shop, WidgetQuery("trust", None, t.lang), links, config),
            css_url=base + state(request).assets.widget_css.url,
            theme_url=theme_url(request, shop),
            wide=True,  # a list beside the trust card
        )
        return Rendered(html.encode(), HTML)

    return await cached_answer(request, slug, build, max_age=MAX_AGE)


routes = [Route("/reviews/{shop}", all_reviews_page, methods=["GET", "HEAD"])]
