"""Orders in: the platforms' webhooks (signed with the shop's secret) and our own order API (the shop's key)."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.platforms import orders, shopify, woocommerce
from socialproof.platforms.connections import Platform, first_delivery, verify
from socialproof.shops.registry import require_shop
from socialproof.web.api_keys import api_key
from socialproof.web.requests import base_url, json_object, read_body, read_json, settings, store

HOOK_BODY_MAX = 512 * 1024  # a large order is tens of KB
WOOCOMMERCE_PING = re.compile(rb"webhook_id=\d{1,20}")


async def _hook(request: Request, platform: Platform, signature: str, delivery: str | None) -> Response:
    slug, body = request.path_params["shop"], await read_body(request, HOOK_BODY_MAX)
    base, days = base_url(request), settings(request).invitation_days
    topic = request.headers.get("x-shopify-topic", "")

    def receive(db: Database) -> dict[str, str]:
        shop = require_shop(db, slug)
        if platform is Platform.WOOCOMMERCE and WOOCOMMERCE_PING.fullmatch(body):
            # WooCommerce's hello when a webhook is saved: sent unsigned, and the webhook is saved only
            # if it is answered 200. It carries nothing and stores nothing, so nothing needs proving.
            return {"done": "ping"}
        verify(db, shop, platform, body, request.headers.get(signature))
        if not first_delivery(db, shop, platform, request.headers.get(delivery) if delivery else None):
            return {"done": "seen before"}
        payload = json_object(body)  # bounded: no depth, number or constant can make it a 500
        order = shopify.order(topic, payload) if platform is Platform.SHOPIFY else woocommerce.order(payload)
        if order is None:
            return {"done": "nothing to do"}
        return {"done": orders.apply(db, shop, order, base, days)}

    return JSONResponse(await store(request).write(receive), headers={"Cache-Control": "no-store"})


async def shopify_hook(request: Request) -> Response:
    return await _hook(request, Platform.SHOPIFY, "x-shopify-hmac-sha256", "x-shopify-webhook-id")


async def woocommerce_hook(request: Request) -> Response:
    # WooCommerce names each delivery by webhook and resource, not uniquely: its retries are
    # made harmless by orders.apply, which changes nothing on a report it has seen.
    return await _hook(request, Platform.WOOCOMMERCE, "x-wc-webhook-signature", None)


async def report_order(request: Request) -> Response:
    key = await api_key(request)
    order = orders.parse(await read_json(request, settings(request).max_json_bytes))
    base, days = base_url(request), settings(request).invitation_days

    def apply(db: Database) -> dict[str, str]:
        shop, _ = key.shop(db)
        return {"done": orders.apply(db, shop, order, base, days)}

    # 202: the report is taken; what it sets in motion (requests, mail) happens later
    return JSONResponse(await store(request).write(apply), status_code=202, headers={"Cache-Control": "no-store"})


routes = [
    Route("/hooks/{shop}/shopify", shopify_hook, methods=["POST"]),
    Route("/hooks/{shop}/woocommerce", woocommerce_hook, methods=["POST"]),
    Route("/api/v1/shops/{shop}/orders", report_order, methods=["POST"]),
]
