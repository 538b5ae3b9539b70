"""``/review/{shop}``: where an in-store code's QR image leads, and where a code is typed.

A code for one product goes straight to that product's review page; a basket's code
lists its products, each reviewed once; a code for any product asks which one was
bought. A code that can't be used says why, and the page still lets the shopper type
another.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.display.render import render
from socialproof.reviews import store_codes
from socialproof.reviews.products import named_products, product_info
from socialproof.shops.registry import Shop, require_shop
from socialproof.web import state
from socialproof.web.requests import base_url, request_formatter, store
from socialproof.web.routes.review_page import PRIVATE_PAGE
from socialproof.web.widget_requests import theme_url

SEARCH_MAX = 100  # characters of a product search; a name is shorter


def _product_link(request: Request, slug: str, product: str, code: str, lang: str) -> str:
    return f"{base_url(request)}/review/{slug}/{quote(product, safe='')}?" + urlencode({"code": code, "lang": lang})


async def code_landing(request: Request) -> Response:
    slug = request.path_params["shop"]
    typed = request.query_params.get("code", "").strip()[:40]
    words = request.query_params.get("q", "").strip()[:SEARCH_MAX]

    def load(db: Database) -> tuple[Shop, store_codes.Code | store_codes.CodeProblem | None]:
        shop = require_shop(db, slug)
        if not typed:
            return shop, None
        try:
            return shop, store_codes.usable(db, shop.id, typed)
        except store_codes.CodeProblem as problem:
            return shop, problem

    shop, found = await store(request).read(load)
    t = request_formatter(request, shop.lang)
    code = store_codes.normalized(typed)
    products: list[dict[str, Any]] = []
    if isinstance(found, store_codes.Code):
        if len(found.batch.products) == 1:
            return RedirectResponse(_product_link(request, slug, found.batch.products[0], code, t.lang), 303)

        def listed(db: Database) -> list[dict[str, Any]]:
            if found.batch.products:
                left = set(store_codes.unused(db, shop.id, found))
                return [
                    {
                        "name": product_info(db, shop.id, p).get("name") or p,
                        "url": _product_link(request, slug, p, code, t.lang),
                        "done": p not in left,
                    }
                    for p in found.batch.products
                ]
            if not words:
                return []
            return [
                {"name": name, "url": _product_link(request, slug, p, code, t.lang), "done": False}
                for p, name in named_products(db, shop.id, words)
            ]

        products = await store(request).read(listed)
    html = render(
        t.lang,
        "review_code.html",
        shop=shop,
        css_url=base_url(request) + state(request).assets.widget_css.url,
        theme_url=theme_url(request, shop),
        code=code if isinstance(found, store_codes.Code) else typed,
        valid=isinstance(found, store_codes.Code),
        basket=isinstance(found, store_codes.Code) and bool(found.batch.products),
        problem=found.in_language(t)[0] if isinstance(found, store_codes.CodeProblem) else None,
        products=products,
        words=words,
        form_action=f"{base_url(request)}/review/{slug}",
    )
    return HTMLResponse(html, headers=PRIVATE_PAGE)


routes = [Route("/review/{shop}", code_landing, methods=["GET"])]
