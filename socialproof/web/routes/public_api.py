"""The public JSON API that shoppers' browsers call: summaries, reviews, submitting."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.errors import Invalid, Number
from socialproof.i18n import N_, choose
from socialproof.insights import search, topics
from socialproof.moderation import integrity as integrity_report
from socialproof.photos import records as photo_records
from socialproof.reviews import groups, scales
from socialproof.reviews.listing import Page, list_reviews
from socialproof.reviews.products import product_row_id, validate_product_id
from socialproof.reviews.summary import shop_summary
from socialproof.shops.registry import Shop, require_shop
from socialproof.signals import recommendations
from socialproof.web import openapi
from socialproof.web.cache.answers import cached_answer, cached_json
from socialproof.web.cache.entries import Rendered, dumps
from socialproof.web.requests import (
    base_url,
    cursor_param,
    listing_params,
    only_product,
    request_formatter,
    settings,
    store,
)
from socialproof.web.routes.submission import parsed_review, read_review, store_review


def kept_json(request: Request, query: Callable[[Database, Shop], Any]) -> Awaitable[Response]:
    """A public JSON answer, kept rendered until its shop changes (caching.cached_answer)."""

    def build(db: Database, shop: Shop) -> Rendered:
        return Rendered(dumps(query(db, shop)), "application/json")

    return cached_answer(request, request.path_params["shop"], build, max_age=settings(request).widget_max_age)


async def summary(request: Request) -> Response:
    product = request.path_params["product"]

    def query(db: Database, shop: Shop) -> Any:
        validate_product_id(product)
        product_id = product_row_id(db, shop.id, product)
        counted = scales.distributions(db, product_id, scales.asked_by(db, product_id))
        chosen = groups.pool(db, shop.id, product, product_id)
        group = chosen.group.as_json(chosen.group_summary) if chosen.group else None
        return chosen.own.as_json() | {
            "group": group,
            "recommendations": recommendations.count(db, shop.id, product),
            "photo_count": photo_records.count(db, shop.id, product_id) if product_id else 0,
            "scales": {c.scale.name: c.as_json(shop.lang) for c in counted},
        }

    return await kept_json(request, query)


async def shop_wide_summary(request: Request) -> Response:
    """The shop's overall rating across its products, and how many recommend the shop."""

    def query(db: Database, shop: Shop) -> Any:
        summary = shop_summary(db, shop.id)
        return {
            "shop": shop.slug,
            "name": shop.name,
            "review_count": summary.count,
            "rating_average": summary.average,
            "rating_distribution": summary.as_json()["rating_distribution"],
            "recommendations": recommendations.count(db, shop.id, None),
        }

    return await kept_json(request, query)


async def integrity(request: Request) -> Response:
    """The shop's integrity report (moderation/integrity.py): counted from stored rows, never set by hand."""
    slug = request.path_params["shop"]

    def query(db: Database) -> dict[str, Any]:
        return integrity_report.report(db, require_shop(db, slug))

    # Not kept with the widgets: a rejection changes it without changing anything public.
    return JSONResponse(await store(request).read(query), headers={"Cache-Control": "public, max-age=300"})


async def reviews(request: Request) -> Response:
    product = request.path_params["product"]
    per_page, base = settings(request).api_page_size, base_url(request)

    def query(db: Database, shop: Shop) -> Any:
        t = request_formatter(request, shop.lang)
        validate_product_id(product)
        page, sort, stars, with_photos = listing_params(request.query_params, t)
        after = cursor_param(request.query_params, sort, t)
        product_id = product_row_id(db, shop.id, product)
        chosen = groups.pool(db, shop.id, product, product_id, only_product(request.query_params, t))
        topic, text = request.query_params.get("topic", ""), request.query_params.get("q", "")
        if len(text) > search.QUERY_MAX:
            raise Invalid(N_("Search for at most %(max)s characters."), max=Number(search.QUERY_MAX))
        lang = choose(request.query_params.get("lang"), default=shop.lang)
        topic_term = topics.term_of(topic, lang) if topic.strip() else None
        rows = groups.product_rows(db, chosen, product_id)
        narrow = search.narrowed(db, shop.id, rows, chosen.summary.count, topic_term, text, lang, per_page)
        if narrow.nothing:
            return Page([], page, 1, 0).as_json()
        return list_reviews(
            db,
            chosen.summary,
            product_id,
            page=page,
            per_page=per_page,
            sort=sort,
            stars=stars,
            with_photos=with_photos,
            base_url=base,
            after=after,
            group_id=chosen.group_id,
            narrowing=narrow.narrowing,
        ).as_json()

    return await kept_json(request, query)


async def product_topics(request: Request) -> Response:
    """What buyers mention in the product's (or its group's) published reviews in one language: counted."""
    product = request.path_params["product"]

    def query(db: Database, shop: Shop) -> Any:
        validate_product_id(product)
        lang = choose(request.query_params.get("lang"), default=shop.lang)
        chosen = groups.pool(db, shop.id, product, product_row_id(db, shop.id, product))
        members = chosen.group.members if chosen.group else (product,)
        ids = [i for m in members if (i := product_row_id(db, shop.id, m)) is not None]
        return topics.of_products(db, shop.id, ids, lang).as_json() | {"lang": lang}

    return await kept_json(request, query)


async def submit(request: Request) -> Response:
    slug, product = request.path_params["shop"], request.path_params["product"]
    shop = await store(request).read(lambda db: require_shop(db, slug))
    t = request_formatter(request, shop.lang)
    validate_product_id(product)
    data, uploads = await read_review(request)
    review = await parsed_review(data, t)
    # The shop is read again inside the write, so its moderation mode is the
    # one in force when the review is stored.
    result = await store_review(request, slug, product, review, uploads, t, data.get("visitor"))
    return JSONResponse(result, status_code=201)


async def openapi_document(request: Request) -> Response:
    return cached_json(request, openapi.document(), max_age=settings(request).embed_max_age)


routes = [
    Route("/api/v1/openapi.json", openapi_document, methods=["GET"]),
    Route("/api/v1/shops/{shop}/summary", shop_wide_summary, methods=["GET"]),
    Route("/api/v1/shops/{shop}/integrity", integrity, methods=["GET"]),
    Route("/api/v1/shops/{shop}/products/{product}/summary", summary, methods=["GET"]),
    Route("/api/v1/shops/{shop}/products/{product}/topics", product_topics, methods=["GET"]),
    Route("/api/v1/shops/{shop}/products/{product}/reviews", reviews, methods=["GET"]),
    Route("/api/v1/shops/{shop}/products/{product}/reviews", submit, methods=["POST"]),
]
