"""A shop page rendered on the shop's own server, with the reviews inlined.

Search engines (and shoppers with JavaScript off) see the stars, the reviews
and the structured data in the page's HTML; embed.js, if it runs, only brings
the inlined widgets to life (sorting, paging, the form) without fetching
them again.

Try it against the demo:  socialproof demo  (in one terminal), then
    SOCIALPROOF_URL=http://127.0.0.1:8000 python examples/ssr_shop.py
and open http://127.0.0.1:8001/.
"""

from __future__ import annotations

import html
import os
import urllib.request
from collections.abc import Callable
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

Fetch = Callable[[str], str]


def fetch_url(url: str) -> str:
    # A real shop would cache this for the widget's max-age and revalidate with its ETag.
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.read().decode()


def widget(base: str, shop: str, name: str, product: str, lang: str, fetch: Fetch) -> str:
    """The widget as a declarative shadow root; empty if socialproof can't be reached (the page still works)."""
    try:
        return fetch(f"{base}/w/{shop}/{name}?" + urlencode({"product": product, "lang": lang, "ssr": 1}))
    except OSError:
        return ""


PAGE = """<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Paahtimo Pohjola</title>
<script src="{base}/embed.js" data-shop="{shop}" async></script></head>
<body>
<main>
<h1>{title}</h1>
<div data-socialproof="stars" data-product="{product}">{stars}</div>
<p>Marjainen ja raikas vaalea paahto, paahdettu Oulussa.</p>
<div data-socialproof="reviews" data-product="{product}">{reviews}</div>
</main>
</body>
</html>
"""


def make_app(base: str, shop: str = "paahtimo", fetch: Fetch = fetch_url) -> Starlette:
    async def product_page(request: Request) -> HTMLResponse:
        product, lang = "aamukahvi", "fi"
        return HTMLResponse(
            PAGE.format(
                lang=lang,
                base=html.escape(base),
                shop=shop,
                product=product,
                title="Aamukahvi, vaalea paahto 500 g",
                stars=widget(base, shop, "stars", product, lang, fetch),
                reviews=widget(base, shop, "reviews", product, lang, fetch),
            )
        )

    return Starlette(routes=[Route("/", product_page)])


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(make_app(os.environ.get("SOCIALPROOF_URL", "http://127.0.0.1:8000")), port=8001)
