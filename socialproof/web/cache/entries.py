"""Cache entries: an answer in every form it is sent in, its key, and the reply made from it.

Pure: nothing here reads a request's app or the database, so the early path
(before_routing.py) and the static files (web/assets.py) build on it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.types import Scope

from socialproof.web.cache.memory import Entry
from socialproof.web.compression import Encoded, preferred

# Rendered where the review form's signed start stamp goes, and filled in on every answer
# (compression.py), so a kept answer never hands out an old stamp.
STAMP_SLOT = "sp-form-stamp-slot"
_SLOT = STAMP_SLOT.encode()


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def cache_control(max_age: int) -> str:
    # A CDN or nginx may make_entry it max_age seconds and serve it stale as long
    # again while it revalidates; a moderation decision shows within both.
    return f"public, max-age={max_age}, stale-while-revalidate={max_age}"


def revalidates(if_none_match: str, etag: str) -> bool:
    return etag in [t.strip() for t in if_none_match.split(",")]


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


# The request headers a kept answer depends on, read once from the ASGI scope.
KEY_HEADERS = frozenset(
    (b"host", b"accept-language", b"sec-fetch-dest", b"if-none-match", b"accept-encoding", b"origin")
)
KeyHeaders = dict[bytes, bytes]


def key_headers(scope: Scope, names: frozenset[bytes] = KEY_HEADERS) -> KeyHeaders:
    found: KeyHeaders = {}
    for name, value in scope["headers"]:
        if name in names and name not in found:  # the first of repeated headers, as Starlette reads them
            found[name] = value
    return found


def cache_key(scope: Scope, found: KeyHeaders) -> tuple[Hashable, ...]:
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


Reply = tuple[int, list[tuple[bytes, bytes]], bytes]


def reply(
    entry: Entry,
    found: KeyHeaders,
    stamp: Callable[[], str],
    vary: bytes = b"Accept-Encoding",
    *,
    revalidate: bool = True,
) -> Reply:
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


def make_entry(
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
