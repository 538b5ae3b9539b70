"""Briefly cacheable public answers: validators that answer If-None-Match, compressed forms, the render cache."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database
from starlette.requests import Request
from starlette.responses import Response

from socialproof.shops.registry import Shop
from socialproof.web.compression import Encoded, preferred
from socialproof.web.rendered import Entry, RenderCache
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


def _revalidated(request: Request, etag: str) -> bool:
    return etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]


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
    if _revalidated(request, cache_headers["ETag"]):
        return Response(status_code=304, headers=cache_headers)
    return Response(body, status_code=status_code, media_type=media_type, headers=cache_headers)


def cached_json(request: Request, data: Any, *, max_age: int) -> Response:
    return cached(request, dumps(data), "application/json", max_age=max_age)


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def send(request: Request, entry: Entry, *, cache_headers: Mapping[str, str]) -> Response:
    """A kept answer: 304 from its ETag, else its best compressed form the client accepts."""
    headers = {"ETag": entry.etag, "Vary": "Accept-Encoding", **cache_headers}
    if _revalidated(request, entry.etag):
        return Response(status_code=304, headers=headers)
    encoded = entry.encoded
    fill = form_stamp(request).encode() if len(encoded.parts) > 1 else b""
    coding = preferred(request.headers.get("accept-encoding", ""))
    if coding == "br" and encoded.brotli is not None:
        body, headers["Content-Encoding"] = encoded.brotli, "br"
    elif coding is not None:
        body, headers["Content-Encoding"] = encoded.gzip(fill), "gzip"
    else:
        body = encoded.plain(fill)
    return Response(body, media_type=entry.media_type, headers=headers)


def keep(body: bytes, media_type: str, shop_id: int, lifetime: float | None = None) -> Entry:
    """An answer in every form it is sent in; its ETag leaves the stamp out (it changes every second)."""
    expires = time.monotonic() + lifetime if lifetime is not None else None
    return Entry(Encoded.of(body, _SLOT if _SLOT in body else None), etag_for(body), media_type, shop_id, expires)


@dataclass(frozen=True)
class Rendered:
    body: bytes
    media_type: str
    lifetime: float | None = None  # seconds, for answers that show the clock ("N looking now")


def render_cache(request: Request) -> RenderCache:
    return request.app.state.render_cache


def request_key(request: Request, *extra: Hashable) -> tuple[Hashable, ...]:
    """Everything a public answer depends on besides the database."""
    return (
        request.url.path,
        request.scope.get("query_string", b""),
        request.headers.get("host", ""),
        request.headers.get("accept-language", ""),
        *extra,
    )


async def through_cache(
    request: Request,
    slug: str,
    build: Callable[[Database, Shop], Rendered],
    *,
    max_age: int,
    key: tuple[Hashable, ...] | None = None,
    robots: bool = False,
) -> Response:
    """The kept answer for this request, rendered by ``build`` (on a reader thread) when there is none."""
    cache = render_cache(request)
    key = key or request_key(request)
    entry = cache.get(key)
    if entry is None:
        generation = cache.generation

        def run(db: Database) -> Entry:
            shop = cache.shop(db, slug)
            rendered = build(db, shop)
            return keep(rendered.body, rendered.media_type, shop.id, rendered.lifetime)

        entry = await store(request).read(run)
        cache.put(key, entry, generation)
    headers = {"Cache-Control": cache_control(max_age)}
    if robots:  # a widget is part of the shop's product page, never a page of its own in a search index
        headers["X-Robots-Tag"] = "noindex"
    return send(request, entry, cache_headers=headers)
