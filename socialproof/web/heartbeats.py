"""Heartbeats answered before routing: a page view's "I'm here" at the framework's speed.

The activity widget's form post (embed.js, every ~25 s per open page) is as
frequent as page views. When all it needs is in memory (the shop, today's
hashing keys and the count in signals/beats.py, the widget as rendered for the
count shown) this middleware answers it with no routing and no database.
Anything else goes on to the route (routes/activity.py) with the body as it
arrived, and is answered as it always was: a body that is slow, large or not
a plain form, an origin the shop doesn't admit, a bad parameter, a refusal.
An answer not kept yet is rendered as the route renders it. A test holds the
two paths' answers equal.
"""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from socialproof.display.content import WidgetQuery
from socialproof.errors import Problem
from socialproof.shops.registry import Shop
from socialproof.signals.beats import Beats
from socialproof.web.cache.before_routing import admitted, send_cached
from socialproof.web.cache.entries import KEY_HEADERS, key_headers
from socialproof.web.cache.memory import RenderCache
from socialproof.web.routes.activity import beat_answer
from socialproof.web.widget_requests import widget_query

BEAT_PATH = re.compile(r"/w/([^/]+)/activity")
MAX_BODY = 1024  # a visitor id is 64 characters at most
FORM = b"application/x-www-form-urlencoded"
NAMES = KEY_HEADERS | {b"content-type", b"user-agent"}
MAX_QUERIES = 4096  # distinct widget queries remembered, then forgotten all at once


class Heartbeats:
    def __init__(self, app: ASGIApp, *, cache: RenderCache, beats: Beats, body_seconds: float) -> None:
        self.app, self.cache, self.beats, self.body_seconds = app, cache, beats, body_seconds
        # A page's widget asks with the same query every time: read once per shop's settings.
        self._queries: dict[tuple[Shop, bytes], WidgetQuery] = {}

    def _query(self, shop: Shop, query_string: bytes) -> WidgetQuery:
        known = self._queries.get((shop, query_string))
        if known is None:
            params = dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))
            known = widget_query(shop, "activity", params)  # Problem for a bad parameter: not kept
            if len(self._queries) >= MAX_QUERIES:
                self._queries.clear()
            self._queries[(shop, query_string)] = known
        return known

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = BEAT_PATH.fullmatch(scope["path"]) if scope["type"] == "http" and scope["method"] == "POST" else None
        shop = self.cache.known_shop(match.group(1)) if match else None
        found = key_headers(scope, NAMES) if shop else {}
        if shop is None or found.get(b"content-type", b"").split(b";")[0].strip().lower() != FORM:
            await self.app(scope, receive, send)
            return
        try:
            async with asyncio.timeout(self.body_seconds):
                message = await receive()
        except TimeoutError:  # the route's own deadline answers it
            await self.app(scope, receive, send)
            return
        replay = _replaying(message, receive)
        body = message.get("body", b"")
        if message["type"] != "http.request" or message.get("more_body") or len(body) > MAX_BODY:
            await self.app(scope, replay, send)
            return
        try:
            q = self._query(shop, scope.get("query_string", b""))
        except Problem:
            await self.app(scope, replay, send)
            return
        fields = parse_qsl(body.decode("latin-1"), keep_blank_values=True)  # as Starlette reads forms
        visitor = next((value for name, value in fields if name == "visitor"), None)
        client = scope.get("client")
        agent = found.get(b"user-agent")
        shopper = self.beats.shopper(visitor, client[0] if client else None, agent.decode("latin-1") if agent else None)
        product = q.product or ""
        if shopper is None or not admitted(scope, found, shop.origins):
            await self.app(scope, replay, send)
            return
        try:
            others = self.beats.beat(shop, product, shopper)
        except Problem:  # past a limit: the route refuses it, in the shopper's language
            await self.app(scope, replay, send)
            return
        entry = await beat_answer(Request(scope, replay), shop, q, others)  # kept, or rendered as the route does
        await send_cached(scope, send, entry, found, revalidate=False, write=True)


def _replaying(first: Message, receive: Receive) -> Receive:
    """``receive`` that hands the route the message this middleware has already read."""
    pending: list[Message] = [first]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed
