"""The demo shop's product page, served only by ``socialproof demo``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from socialproof.resources import EXAMPLES_DIR


async def demo_shop(request: Request) -> Response:
    return HTMLResponse((EXAMPLES_DIR / "demo-shop.html").read_text(), headers={"Cache-Control": "no-cache"})


routes = [Route("/", demo_shop, methods=["GET"])]
