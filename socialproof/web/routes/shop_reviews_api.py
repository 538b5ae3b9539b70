"""Reviews of the shop itself: anyone reads them and writes one; the shop's key decides on them."""

from __future__ import annotations

import functools
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.i18n import N_
from socialproof.safety import ratelimit
from socialproof.safety.shoppers import identify
from socialproof.shop_reviews import listing
from socialproof.shop_reviews.writing import ShopReviewInput, parse_shop_review, submit
from socialproof.shops.registry import Shop, require_shop
from socialproof.web.requests import client_ip, page_param, read_json_or_form, request_formatter, settings, store
from socialproof.web.routes.public_api import kept_json


async def shop_reviews(request: Request) -> Response:
    per_page = settings(request).api_page_size

    def query(db: Database, shop: Shop) -> Any:
        page = page_param(request.query_params, request_formatter(request, shop.lang))
        return listing.published(db, shop, page, per_page)

    return await kept_json(request, query)


async def store_shop_review(request: Request, slug: str, review: ShopReviewInput, visitor: Any) -> dict[str, Any]:
    """The review stored under the shop's mode at that moment, or a 4xx and nothing stored."""
    ip = client_ip(request)

    def transaction(db: Database) -> dict[str, Any]:
        shopper = identify(db, visitor if isinstance(visitor, str) else None, ip)
        shop = require_shop(db, slug)
        ratelimit.guard_shopper(db, "review", shopper)
        ratelimit.guard_shop(db, "review", shop.id)
        return submit(db, shop, review, shopper.visitor_hash or shopper.ip_hash)

    result: dict[str, Any] = await store(request).write(transaction)
    return result


async def write(request: Request) -> Response:
    slug = request.path_params["shop"]
    shop = await store(request).read(lambda db: require_shop(db, slug))
    t = request_formatter(request, shop.lang)
    refusal = N_("Send the review as application/json, or as form data.")
    data = await read_json_or_form(request, settings(request).max_json_bytes, refusal)
    review = await run_in_threadpool(functools.partial(parse_shop_review, data, default_lang=t.lang))
    return JSONResponse(await store_shop_review(request, slug, review, data.get("visitor")), status_code=201)


routes = [
    Route("/api/v1/shops/{shop}/shop-reviews", shop_reviews, methods=["GET"]),
    Route("/api/v1/shops/{shop}/shop-reviews", write, methods=["POST"]),
]
