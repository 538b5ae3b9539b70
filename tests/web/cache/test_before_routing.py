"""Kept answers leave before routing (web/cache/before_routing.py), exactly as the routes would have sent them."""

from __future__ import annotations

import re

from starlette.types import Receive, Scope, Send

from socialproof.app import create_app
from socialproof.config import Settings
from socialproof.web.cache.before_routing import CachedAnswers
from socialproof.web.cache.entries import make_entry
from socialproof.web.cache.memory import RenderCache
from tests.client import TestClient
from tests.support import published

REQUESTS = [
    "/w/kahvi/stars?product=P1",
    "/w/kahvi/reviews?product=P1",
    "/w/kahvi?w=stars~P1&w=reviews~P1&w=trust~",
    "/api/v1/shops/kahvi/products/P1/summary",
]
STAMP = re.compile(r'name="started" value="[^"]+"')
VARIANTS = [
    {},
    {"Accept-Encoding": "br"},
    {"Accept-Encoding": "gzip"},
    {"Origin": "https://kahvi.example"},  # the shop's own site
    {"Origin": "https://elsewhere.example"},  # not admitted: no grant, as the routes answer it
    {"Sec-Fetch-Dest": "document"},
]


def test_kept_answers_match_the_routes_header_for_header(db_path, shops, travel):
    """The project's clock stands still here (travel): a form stamp signed a second later
    compresses to another length, which would make the two answers differ by a byte."""
    shops.create("kahvi", "Kahvi Oy", origins=("https://kahvi.example",))
    with TestClient(create_app(Settings(db_path=db_path))) as client:
        published(client, shops, rating=4)
        cache = client.app.state.socialproof.render_cache
        for url in REQUESTS:
            for headers in VARIANTS:
                cache.clear()
                routed = client.get(url, headers=headers)  # a miss: rendered by the route, then kept
                kept = client.get(url, headers=headers)
                assert kept.status_code == routed.status_code == 200
                assert kept.headers == routed.headers, (url, headers)
                assert STAMP.sub("", kept.text) == STAMP.sub("", routed.text)  # the signed stamp is per second
                again = client.get(url, headers={**headers, "If-None-Match": routed.headers["etag"]})
                assert again.status_code == 304 and again.headers["etag"] == routed.headers["etag"]
                assert again.headers["cache-control"] == routed.headers["cache-control"]


def test_a_kept_answer_never_reaches_the_app_and_a_miss_does():
    reached: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(f"{scope['method']} {scope['path']}")
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    cache = RenderCache(1 << 20)
    entry = make_entry(b"<p>kept</p>", "text/html; charset=utf-8", 1, headers={"Cache-Control": "public, max-age=60"})
    client = TestClient(CachedAnswers(app, cache=cache, fixed={}))
    key = ("/w/kahvi/stars", b"product=P1", "http", b"testserver", b"", False)
    cache.put(key, entry, cache.generation)
    answer = client.get("/w/kahvi/stars?product=P1")
    assert answer.text == "<p>kept</p>" and answer.headers["cache-control"] == "public, max-age=60"
    assert answer.headers["x-content-type-options"] == "nosniff" and reached == []
    client.get("/w/kahvi/stars?product=P2")
    client.post("/w/kahvi/stars?product=P1")
    assert reached == ["GET /w/kahvi/stars", "POST /w/kahvi/stars"]


def test_a_kept_answer_is_read_by_any_origin_as_the_routes_answer_is(db_path, shops):
    """A page on www. or a preview host must not go blank for a letter: reads carry nothing private."""
    shops.create("kahvi", "Kahvi Oy", origins=("https://kahvi.example",))
    with TestClient(create_app(Settings(db_path=db_path))) as client:
        first = client.get("/w/kahvi/stars?product=P1", headers={"Origin": "https://www.kahvi.example"})
        kept = client.get("/w/kahvi/stars?product=P1", headers={"Origin": "http://localhost:8080"})
    for answer in (first, kept):
        assert answer.headers["access-control-allow-origin"] == "*" and answer.headers["vary"] == "Accept-Encoding"
