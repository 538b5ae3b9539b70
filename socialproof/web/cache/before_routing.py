"""Kept answers sent before routing: the read path at the framework's speed.

Nearly all traffic is widget reads whose answers the render cache already
holds (memory.py), and the fixed assets. For a GET that finds its answer
there, this outermost middleware sends it at once: no routing, no Request, no
other middleware. It adds what those would have added, the security headers
(headers.py) and the CORS grant (cors.py), from the same declarations; a test
holds its answers equal to the routes' header for header. A miss goes on to
the routes, which render the answer and keep it for the next request.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Receive, Scope, Send

from socialproof.safety import formguard
from socialproof.web import state
from socialproof.web.cache.entries import KeyHeaders, cache_key, key_headers, reply
from socialproof.web.cache.memory import Entry, RenderCache
from socialproof.web.cors import PUBLIC_PATHS, admits, shop_to_ask
from socialproof.web.headers import for_path


class CachedAnswers:
    def __init__(self, app: ASGIApp, *, cache: RenderCache, fixed: Mapping[str, Entry]) -> None:
        self.app = app
        self.cache = cache
        self.fixed = fixed  # by path: the embed script and the content-hashed statics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        found = key_headers(scope)
        path: str = scope["path"]
        entry = self.fixed.get(path) or self.cache.get(cache_key(scope, found))
        if entry is None:
            await self.app(scope, receive, send)
            return
        await send_cached(scope, send, entry, found)


def admitted(scope: Scope, found: KeyHeaders, origins: tuple[str, ...] | None) -> bool:
    """Whether a browser write from this request's origin may go on (cors.py decides the same way)."""
    raw_origin = found.get(b"origin")
    origin = raw_origin.decode("latin-1") if raw_origin is not None else None
    slug = shop_to_ask(scope, origin, found.get(b"host", b"").decode("latin-1"))
    return slug is None or admits(origins, origin)


async def send_cached(
    scope: Scope, send: Send, entry: Entry, found: KeyHeaders, *, revalidate: bool = True, write: bool = False
) -> None:
    """A kept answer with what the middleware it skips would add: the CORS grant as cors.py gives it
    (a read to any origin; a write, already admitted, to its own), the security headers."""
    granted = bool(PUBLIC_PATHS.match(scope["path"]))
    status, headers, body = reply(
        entry,
        found,
        lambda: formguard.stamp(state(scope).form_key),
        vary=b"Accept-Encoding, Origin" if granted and write else b"Accept-Encoding",
        revalidate=revalidate,
    )
    if granted:
        headers.append((b"access-control-allow-origin", (found.get(b"origin") or b"*") if write else b"*"))
    headers += [(name.encode(), value.encode()) for name, value in for_path(scope["path"]).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
