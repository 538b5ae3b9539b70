"""One-click unsubscribe (RFC 8058) from a shop's review requests.

The link in a request's List-Unsubscribe header and footer names the shop
and a keyed hash of the address, signed. A GET only shows a page with a
button, since link checkers and mail scanners follow links; a POST with
``List-Unsubscribe=One-Click`` (what a mail client sends, and what the
button sends) puts the address on the shop's suppression list.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from socialproof.db.engine import Database
from socialproof.display.render import render
from socialproof.errors import Invalid, NotFound
from socialproof.i18n import N_
from socialproof.mail import suppression
from socialproof.shops.registry import Shop, shop_by_id
from socialproof.web import state
from socialproof.web.requests import base_url, read_form, request_formatter, settings, store
from socialproof.web.routes.review_page import PRIVATE_PAGE

NOT_A_LINK = N_("This unsubscribe link is not valid. Use the link in the message you got.")


def _page(request: Request, shop: Shop, *, done: bool) -> Response:
    t = request_formatter(request, shop.lang)
    html = render(
        t.lang,
        "unsubscribe.html",
        shop=shop,
        done=done,
        form_action=str(request.url),
        css_url=base_url(request) + state(request).assets.widget_css.url,
    )
    return HTMLResponse(html, headers=PRIVATE_PAGE)


async def confirm(request: Request) -> Response:
    token = request.path_params["token"]

    def load(db: Database) -> Shop | None:
        shop_id = suppression.token_shop(db, token)
        return shop_by_id(db, shop_id) if shop_id is not None else None

    shop = await store(request).read(load)
    if shop is None:
        raise NotFound(NOT_A_LINK)
    return _page(request, shop, done=False)


async def unsubscribe(request: Request) -> Response:
    token = request.path_params["token"]
    form = await read_form(request, settings(request).max_json_bytes)
    one_click = form.get("List-Unsubscribe") == "One-Click"
    if not one_click:
        raise Invalid(N_("Send List-Unsubscribe=One-Click to unsubscribe."), {"List-Unsubscribe": N_("One-Click")})

    def stop(db: Database) -> Shop | None:
        shop_id = suppression.unsubscribe(db, token)
        return shop_by_id(db, shop_id) if shop_id is not None else None

    shop = await store(request).write(stop)
    if shop is None:
        raise NotFound(NOT_A_LINK)
    return _page(request, shop, done=True)


routes = [
    Route("/mail/unsubscribe/{token}", confirm, methods=["GET"]),
    Route("/mail/unsubscribe/{token}", unsubscribe, methods=["POST"]),
]
