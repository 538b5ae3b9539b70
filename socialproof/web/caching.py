"""Briefly cacheable public answers: validators that answer If-None-Match, compressed forms, the render cache."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from socialproof.db.engine import Database
from socialproof.shops.registry import Shop
from socialproof.web.compression import Encoded, preferred
from socialproof.web.rendered import Entry, RenderCache, Rendering
from socialproof.web.requests import form_stamp, store

# Rendered where the review form's signed start stamp goes, and filled in on every answer
# (compression.py), so a kept answer never hands out an old stamp.
STAMP_SLOT = "sp-form-stamp-slot"
_SLOT = STAMP_SLOT.encode()


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def cache_control(max_age: int) -> str:
    # A CDN or nginx may keep it max_age seconds and serve it stale as long
    # again while it revalidates; a moderation decision shows within both.
    return f"public, max-age={max_age}, stale-while-revalidate={max_age}"


def revalidates(if_none_match: str, etag: str) -> bool:
    return etag in [t.strip() for t in if_none_match.split(",")]


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


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


# The request headers a kept answer depends on, read once from the ASGI scope.
ASKED = frozenset((b"host", b"accept-language", b"sec-fetch-dest", b"if-none-match", b"accept-encoding", b"origin"))
Asked = dict[bytes, bytes]


def asked(scope: Scope, names: frozenset[bytes] = ASKED) -> Asked:
    found: Asked = {}
    for name, value in scope["headers"]:
        if name in names and name not in found:  # the first of repeated headers, as Starlette reads them
            found[name] = value
    return found


def key_of(scope: Scope, found: Asked) -> tuple[Hashable, ...]:
    """Everything a public answer depends on besides the database: the fast path and the routes agree on it."""
    return (
        scope["path"],
        scope.get("query_string", b""),
        scope.get("scheme", "http"),
        found.get(b"host", b""),
        found.get(b"accept-language", b""),
        found.get(b"sec-fetch-dest") == b"document",  # a widget opened in a tab is wrapped in a page
    )


@functools.lru_cache(maxsize=256)  # browsers send a handful of distinct values
def _coding(accept_encoding: bytes) -> str | None:
    return preferred(accept_encoding.decode("latin-1"))


Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def answer(
    entry: Entry, found: Asked, stamp: Callable[[], str], vary: bytes = b"Accept-Encoding", *, revalidate: bool = True
) -> Answer:
    """Status, headers and body of a kept answer: 304 from its ETag, else the best form the client accepts.

    ``revalidate=False`` for the answer to a post: it carries no validator and is always sent."""
    headers = [(b"vary", vary), *entry.headers]
    if revalidate:
        headers.insert(0, (b"etag", entry.etag.encode()))
        if revalidates(found.get(b"if-none-match", b"").decode("latin-1"), entry.etag):
            return 304, headers, b""
    encoded = entry.encoded
    fill = stamp().encode() if len(encoded.parts) > 1 else b""
    coding = _coding(found.get(b"accept-encoding", b""))
    if coding == "br" and encoded.brotli is not None:
        body = encoded.brotli
        headers.append((b"content-encoding", b"br"))
    elif coding is not None:
        body = encoded.gzip(fill)
        headers.append((b"content-encoding", b"gzip"))
    else:
        body = encoded.plain(fill)
    headers += [(b"content-type", entry.media_type.encode()), (b"content-length", str(len(body)).encode())]
    return 200, headers, body


class KeptResponse(Response):
    """A kept answer as a Starlette response (the routes' path; kept.py sends the same without routing)."""

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status_code, self.raw_headers, self.body, self.background = status, headers, body, None


def send(request: Request, entry: Entry) -> Response:
    return KeptResponse(*answer(entry, asked(request.scope), lambda: form_stamp(request)))


def keep(
    body: bytes,
    media_type: str,
    shop_id: int,
    *,
    lifetime: float | None = None,
    headers: Mapping[str, str] | None = None,
    origins: tuple[str, ...] | None = None,
) -> Entry:
    """An answer in every form it is sent in; its ETag leaves the stamp out (it changes every second)."""
    expires = time.monotonic() + lifetime if lifetime is not None else None
    raw = tuple((k.lower().encode(), v.encode()) for k, v in (headers or {}).items())
    slot = _SLOT if _SLOT in body else None
    return Entry(Encoded.of(body, slot), etag_for(body), media_type, shop_id, expires, raw, origins)


@dataclass(frozen=True)
class Rendered:
    body: bytes
    media_type: str
    lifetime: float | None = None  # seconds, for answers that show the clock ("N looking now")


def render_cache(request: Request) -> RenderCache:
    return request.app.state.render_cache


async def through_cache(
    request: Request,
    slug: str,
    build: Callable[[Database, Shop], Rendered],
    *,
    max_age: int,
    robots: bool = False,
) -> Response:
    """The kept answer for this request, rendered by ``build`` (on a reader thread) when there is none.

    Kept answers are mostly sent by kept.py before routing; this is the way in for a miss (and HEAD)."""
    cache = render_cache(request)
    found = asked(request.scope)
    key = key_of(request.scope, found)
    headers = {"Cache-Control": cache_control(max_age)}
    if robots:  # a widget is part of the shop's product page, never a page of its own in a search index
        headers["X-Robots-Tag"] = "noindex"

    def run(db: Database) -> Entry:
        shop = cache.shop(db, slug)
        rendered = build(db, shop)
        return keep(
            rendered.body,
            rendered.media_type,
            shop.id,
            lifetime=rendered.lifetime,
            headers=headers,
            origins=shop.origins,
        )

    entry = await kept_or_rendered(request, key, run)
    return KeptResponse(*answer(entry, found, lambda: form_stamp(request)))


async def kept_or_rendered(request: Request, key: Hashable, run: Callable[[Database], Entry]) -> Entry:
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
