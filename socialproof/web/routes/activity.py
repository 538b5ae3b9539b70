"""Who is looking now: heartbeats, counted in memory (signals/beats.py), and the public count.

embed.js posts the activity widget's form every ~25 s while the page is in
view and swaps in the answer; programs may post the JSON heartbeat instead.
Neither writes to the database on the request. The widget's answer depends on
the count only as shown (below the shop's threshold nothing, then rounded),
so it is kept rendered per count shown; web/heartbeats.py sends it before
routing when it is there.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Scope

from socialproof.db.engine import Database
from socialproof.display.content import Links, Personal, WidgetQuery, render_widget
from socialproof.errors import Unsupported
from socialproof.i18n import N_
from socialproof.reviews.products import validate_product_id
from socialproof.safety.shoppers import Shopper, identify
from socialproof.shops.registry import Shop, require_shop
from socialproof.signals import presence
from socialproof.signals.beats import Beats
from socialproof.web import state
from socialproof.web.cache.answers import CachedResponse, cached_json, cached_or_rendered, render_cache
from socialproof.web.cache.entries import STAMP_SLOT, KeyHeaders, cache_key, key_headers, make_entry, reply
from socialproof.web.cache.memory import Entry
from socialproof.web.requests import (
    FORM_TYPES,
    base_url,
    client_ip,
    form_stamp,
    media_type,
    read_form,
    read_optional_json,
    settings,
    store,
)
from socialproof.web.widget_requests import HTML, as_document, widget_query

NO_STORE = {"Cache-Control": "no-store"}  # one shopper's answer, never for a shared cache
# Seconds a kept answer to a beat lives: a new purchase drops it at once (the change feed); this is
# how late a purchase a week old may still be counted as "this week".
BEAT_ANSWER_LIFETIME = 60.0


def beats(request: Request) -> Beats:
    return state(request).beats


def beat_key(scope: Scope, found: KeyHeaders, shop: Shop, others: int) -> tuple[Hashable, ...]:
    """The kept activity answer after a beat: the request's, and the count as it is shown."""
    return (*cache_key(scope, found), "beat", presence.shown(others, shop.viewer_threshold))


async def counted_beat(request: Request, product: str, visitor: str | None) -> tuple[Shop, Shopper, int]:
    """Count a heartbeat (TooMany past the limits): the shop, the shopper, and how many others are looking."""
    slug, cache = request.path_params["shop"], render_cache(request)
    shop = cache.known_shop(slug)
    if shop is None:
        shop = await store(request).read(lambda db: cache.shop(db, slug))
    ip, agent = client_ip(request), request.headers.get("user-agent")
    shopper = beats(request).shopper(visitor, ip, agent)
    if shopper is None:  # before the day's salt is made (the next flush would make it): make it now
        shopper = await store(request).write(lambda db: identify(db, visitor, ip, agent))
    return shop, shopper, beats(request).beat(shop, product, shopper)


async def heartbeat(request: Request) -> Response:
    product = request.path_params["product"]
    validate_product_id(product)
    data = await read_optional_json(request, settings(request).max_json_bytes)
    visitor = data.get("visitor") if isinstance(data.get("visitor"), str) else None
    shop, shopper, others = await counted_beat(request, product, visitor)
    key = shopper.visitor_hash or shopper.ip_hash
    looking = await store(request).read(lambda db: presence.activity(db, shop, product, key, others).as_json())
    return JSONResponse(looking, headers=NO_STORE)


async def activity_form(request: Request) -> Response:
    """The activity widget's heartbeat: the widget again, with the count as it is now."""
    slug = request.path_params["shop"]
    shop = await store(request).read(lambda db: render_cache(request).shop(db, slug))
    q = widget_query(shop, "activity", request.query_params)
    if media_type(request) not in FORM_TYPES:
        raise Unsupported(N_("This form posts form data."))
    data = await read_form(request, settings(request).max_json_bytes)
    shop, _, others = await counted_beat(request, q.product or "", data.get("visitor"))
    entry = await beat_answer(request, shop, q, others)
    return CachedResponse(*reply(entry, key_headers(request.scope), lambda: form_stamp(request), revalidate=False))


async def beat_answer(request: Request, shop: Shop, q: WidgetQuery, others: int) -> Entry:
    """The activity widget after a beat, kept per count shown (web/heartbeats.py sends it without routing)."""

    def run(db: Database) -> Entry:  # only on a miss: a kept answer costs no more than its lookup
        links, config = Links(base_url(request), shop.slug), settings(request)
        html = render_widget(db, shop, q, links, config, personal=Personal(others=others), form_stamp=STAMP_SLOT)
        body = as_document(request, shop, q, html).encode()
        # The count is in the key; only "ordered this week" moves with the clock by itself.
        return make_entry(body, HTML, shop.id, lifetime=BEAT_ANSWER_LIFETIME, headers=NO_STORE, origins=shop.origins)

    return await cached_or_rendered(request, beat_key(request.scope, key_headers(request.scope), shop, others), run)


async def activity_json(request: Request) -> Response:
    slug, product = request.path_params["shop"], request.path_params["product"]
    counted = beats(request)

    def query(db: Database) -> dict[str, Any]:
        shop = require_shop(db, slug)
        validate_product_id(product)
        return presence.activity(db, shop, product, others=counted.others(shop.id, product)).as_json()

    # Presence is about "now": cached a few seconds at most.
    return cached_json(request, await store(request).read(query), max_age=5)


routes = [
    Route("/w/{shop}/activity", activity_form, methods=["POST"]),
    Route("/api/v1/shops/{shop}/products/{product}/activity", activity_json, methods=["GET"]),
    Route("/api/v1/shops/{shop}/products/{product}/heartbeat", heartbeat, methods=["POST"]),
]
