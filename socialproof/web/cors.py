"""Who may call the public paths from a browser, and the headers every answer carries.

CORS is granted only on the public paths that shops' pages call (widgets,
the public API, assets), and never with credentials: the widgets carry no
cookies. Reads answer any origin ("*"): they carry nothing private, and a
page on ``www.`` or a preview host must not go blank for a letter. A browser
write (POST, DELETE) is held to the shop's configured origins (any origin
while it has configured none); one from another origin is refused with a
sentence naming the origin and the command that adds it, in the answer and
in the server's log. The merchant and moderation APIs are for servers and
get no CORS grant, so a leaked page can't spend a shop's key.
"""

from __future__ import annotations

import json
import logging
import re
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from socialproof.i18n import N_
from socialproof.shops.registry import get_shop
from socialproof.web import state
from socialproof.web.problems import request_language

PUBLIC_PATHS = re.compile(
    r"^/(w/|embed\.js$|static/|photos/|api/v1/shops/[^/]+/(products/|summary$|recommendations$|shop-reviews$|(reviews|questions|answers)/\d+/(helpful|reports)$))"
)
SHOP_IN_PATH = re.compile(r"^/(?:w|api/v1/shops)/([^/]+)")
ORIGINS_TTL = 30  # seconds a shop's origins are remembered between lookups
WRITES = ("POST", "DELETE")
log = logging.getLogger("socialproof")


class PublicCORS:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._origins: dict[str, tuple[float, tuple[str, ...] | None]] = {}

    async def _shop_origins(self, scope: Scope, slug: str) -> tuple[str, ...] | None:
        cached = self._origins.get(slug)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        shop = await state(scope).store.read(lambda db: get_shop(db, slug))
        origins = shop.origins if shop else None
        self._origins[slug] = (time.monotonic() + ORIGINS_TTL, origins)
        return origins

    async def _refused_shop(self, scope: Scope, origin: str | None) -> str | None:
        """The shop whose origins don't include ``origin``, for a write; None when the write may go on."""
        slug = shop_to_ask(scope, origin, Headers(scope=scope).get("host", ""))
        if slug is None or admits(await self._shop_origins(scope, slug), origin):
            return None
        return slug

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not PUBLIC_PATHS.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        method = headers.get("access-control-request-method", "").upper() if preflight else scope["method"]
        writes = method in WRITES
        if writes and (slug := await self._refused_shop(scope, origin)) is not None:
            await _refuse(scope, receive, send, slug, origin or "")
            return
        grant = (
            {"Access-Control-Allow-Origin": origin or "*", "Vary": "Origin"}
            if writes
            else {"Access-Control-Allow-Origin": "*"}
        )
        if preflight:
            await Response(
                status_code=204,
                headers=grant
                | {
                    "Access-Control-Allow-Methods": "GET, POST, DELETE",
                    "Access-Control-Allow-Headers": "Content-Type",
                    "Access-Control-Max-Age": "86400",
                },
            )(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out["Access-Control-Allow-Origin"] = grant["Access-Control-Allow-Origin"]
                if writes:
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


REFUSED = N_(
    "Shop %(shop)s takes reviews and other writes only from its own web sites, and %(origin)s is not one "
    "of them. Add it with: socialproof shop set %(shop)s --origin %(origin)s (repeat --origin for each "
    "site the shop keeps)."
)


async def _refuse(scope: Scope, receive: Receive, send: Send, slug: str, origin: str) -> None:
    said = {"shop": slug, "origin": origin[:200]}
    log.warning(REFUSED % said)  # the operator's log names it too: a blank widget should never be a riddle
    text = request_language(Request(scope)).gettext(REFUSED) % said
    body = json.dumps({"error": text}, ensure_ascii=False)
    # The page may read the refusal (it is no secret), so embed.js can say it in the console.
    grant = {"Vary": "Origin", "Access-Control-Allow-Origin": origin or "*"}
    await Response(body, status_code=403, media_type="application/json", headers=grant)(
        scope, receive, send
    )  # SecurityHeaders adds the rest
