"""Who may call the public paths from a browser, and the headers every answer carries.

CORS is granted only on the public paths that shops' pages call (widgets,
the public API, assets), only to the shop's configured origins (any origin
while a shop has configured none), and never with credentials: the widgets
carry no cookies. A browser write (POST, DELETE) from another origin is
refused outright. The merchant and moderation APIs are for servers and get no
CORS grant, so a leaked page can't spend a shop's key.
"""

from __future__ import annotations

import json
import re
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from socialproof.i18n import N_
from socialproof.shops.registry import get_shop
from socialproof.web.errors import request_language

PUBLIC_PATHS = re.compile(
    r"^/(w/|embed\.js$|static/|photos/|api/v1/shops/[^/]+/(products/|summary$|recommendations$|reviews/\d+/(helpful|reports)$))"
)
SHOP_IN_PATH = re.compile(r"^/(?:w|api/v1/shops)/([^/]+)")
ORIGINS_TTL = 30  # seconds a shop's origins are remembered between lookups


class PublicCORS:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._origins: dict[str, tuple[float, tuple[str, ...] | None]] = {}

    async def _shop_origins(self, scope: Scope, slug: str) -> tuple[str, ...] | None:
        cached = self._origins.get(slug)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        shop = await scope["app"].state.store.read(lambda db: get_shop(db, slug))
        origins = shop.origins if shop else None
        self._origins[slug] = (time.monotonic() + ORIGINS_TTL, origins)
        return origins

    async def _allowed(self, scope: Scope, origin: str | None) -> bool:
        slug = shop_to_ask(scope, origin, Headers(scope=scope).get("host", ""))
        return slug is None or admits(await self._shop_origins(scope, slug), origin)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        public = bool(PUBLIC_PATHS.match(scope["path"]))
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        allowed = public and await self._allowed(scope, origin)
        if public and scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            if not allowed:
                await _refuse(scope, receive, send)
                return
            await Response(
                status_code=204,
                headers={
                    "Access-Control-Allow-Origin": origin or "*",
                    "Vary": "Origin",
                    "Access-Control-Allow-Methods": "GET, POST, DELETE",
                    "Access-Control-Allow-Headers": "Content-Type",
                    "Access-Control-Max-Age": "86400",
                },
            )(scope, receive, send)
            return
        if public and not allowed and scope["method"] in ("POST", "DELETE"):
            await _refuse(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start" and public and allowed:
                out = MutableHeaders(scope=message)
                out["Access-Control-Allow-Origin"] = origin or "*"
                out.add_vary_header("Origin")  # one Vary, beside Accept-Encoding
            await send(message)

        await self.app(scope, receive, send_with_headers)


def shop_to_ask(scope: Scope, origin: str | None, host: str) -> str | None:
    """The shop whose origins decide whether ``origin`` may read this answer; None when anyone may."""
    if origin is None or origin == f"{scope.get('scheme', 'http')}://{host}":
        return None  # not a cross-origin browser request
    match = SHOP_IN_PATH.match(scope["path"])
    return match.group(1) if match else None  # assets and photos: the same for every shop


def admits(origins: tuple[str, ...] | None, origin: str | None) -> bool:
    return not origins or origin in origins


async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
    message = N_("This shop's widgets accept browser requests only from the shop's own web site.")
    body = json.dumps({"error": request_language(Request(scope)).gettext(message)}, ensure_ascii=False)
    await Response(body, status_code=403, media_type="application/json", headers={"Vary": "Origin"})(
        scope, receive, send
    )  # SecurityHeaders adds the rest
