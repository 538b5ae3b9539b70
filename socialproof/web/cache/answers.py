"""Answering a request from the cache: the route's way in on a miss, one render per key.

Hits are mostly answered before routing (before_routing.py); these helpers serve
the routes: a briefly cacheable response that answers If-None-Match (``cached``),
a cached entry as a response (``respond``), and ``cached_answer``, which renders
an answer on a reader thread when it is missing and keeps it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from socialproof.db.engine import Database
from socialproof.shops.registry import Shop
from socialproof.web import state
from socialproof.web.cache.entries import (
    Rendered,
    cache_control,
    cache_key,
    dumps,
    etag_for,
    key_headers,
    make_entry,
    reply,
    revalidates,
)
from socialproof.web.cache.memory import Entry, RenderCache, Rendering
from socialproof.web.requests import form_stamp, store


def cached(
    request: Request,
    body: bytes,
    media_type: str,
    *,
    max_age: int,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A public, briefly cacheable response that answers If-None-Match with 304 (not kept, not compressed)."""
    cache_headers = {"ETag": etag_for(body), "Cache-Control": cache_control(max_age), **(headers or {})}
    if revalidates(request.headers.get("if-none-match", ""), cache_headers["ETag"]):
        return Response(status_code=304, headers=cache_headers)
    return Response(body, status_code=status_code, media_type=media_type, headers=cache_headers)


def cached_json(request: Request, data: Any, *, max_age: int) -> Response:
    return cached(request, dumps(data), "application/json", max_age=max_age)


class CachedResponse(Response):
    """A kept answer as a Starlette response (the routes' path; cache/before_routing.py sends the same without routing)."""

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status_code, self.raw_headers, self.body, self.background = status, headers, body, None


def respond(request: Request, entry: Entry) -> Response:
    return CachedResponse(*reply(entry, key_headers(request.scope), lambda: form_stamp(request)))


def render_cache(request: Request) -> RenderCache:
    return state(request).render_cache


async def cached_answer(
    request: Request,
    slug: str,
    build: Callable[[Database, Shop], Rendered],
    *,
    max_age: int,
    robots: bool = False,
) -> Response:
    """The kept answer for this request, rendered by ``build`` (on a reader thread) when there is none.

    Cached answers are mostly sent by before_routing.py; this is the way in for a miss (and HEAD)."""
    cache = render_cache(request)
    found = key_headers(request.scope)
    key = cache_key(request.scope, found)
    headers = {"Cache-Control": cache_control(max_age)}
    if robots:  # a widget is part of the shop's product page, never a page of its own in a search index
        headers["X-Robots-Tag"] = "noindex"

    def run(db: Database) -> Entry:
        shop = cache.shop(db, slug)
        rendered = build(db, shop)
        return make_entry(
            rendered.body,
            rendered.media_type,
            shop.id,
            lifetime=rendered.lifetime,
            headers=headers,
            origins=shop.origins,
        )

    entry = await cached_or_rendered(request, key, run)
    return CachedResponse(*reply(entry, found, lambda: form_stamp(request)))


async def cached_or_rendered(request: Request, key: Hashable, run: Callable[[Database], Entry]) -> Entry:
    """The entry kept under ``key``, or ``run`` on a reader thread (once for all who miss together) and kept."""
    cache = render_cache(request)
    entry = cache.get(key)
    if entry is not None:
        return entry

    async def render() -> Entry:
        generation = cache.generation
        rendered = await store(request).read(run)
        cache.put(key, rendered, generation)
        return rendered

    return await render_once(cache.rendering, key, render)


async def render_once(rendering: Rendering, key: Hashable, render: Callable[[], Awaitable[Entry]]) -> Entry:
    """One render per key at a time: the requests that miss together (after a change, or when an
    answer showing the clock expires under load) wait for the first one's render, not a render each."""
    pending = rendering.get(key)
    if pending is not None:
        entry = await asyncio.shield(pending)  # a waiter that leaves must not cancel the others' render
        return entry if entry is not None else await render()  # the one it waited for was cancelled
    future: asyncio.Future[Entry | None] = asyncio.get_running_loop().create_future()
    rendering[key] = future
    try:
        entry = await render()
    except Exception as e:
        future.set_exception(e)  # the waiters answer with the same error
        future.exception()  # retrieved: no warning when nobody waits
        raise
    except BaseException:
        future.set_result(None)
        raise
    finally:
        del rendering[key]
    future.set_result(entry)
    return entry
