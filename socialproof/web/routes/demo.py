"""The demo shop's product page, served only by ``socialproof demo``.

``/?lang=sv`` serves the same page with ``<html lang="sv">``: the widgets
follow the page's language, which is how a merchant's multilingual shop
drives them too.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from socialproof.i18n import DEFAULT_LANGUAGE, normalize
from socialproof.resources import EXAMPLES_DIR


async def demo_shop(request: Request) -> Response:
    lang = normalize(request.query_params.get("lang")) or DEFAULT_LANGUAGE
    html = (EXAMPLES_DIR / "demo-shop.html").read_text()
    html = html.replace('<html lang="fi">', f'<html lang="{lang}">', 1)
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})


routes = [Route("/", demo_shop, methods=["GET"])]
