"""The yardstick for scripts/benchmark.py: a bare Starlette app answering a fixed 3.6 KB HTML page."""

from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

PAGE = (
    "<!doctype html><html lang=en><title>bare</title><body>"
    + "<p>Lorem ipsum dolor sit amet.</p>" * 105
    + "</body></html>"
)


async def page(request: object) -> HTMLResponse:
    return HTMLResponse(PAGE)


app = Starlette(routes=[Route("/{path:path}", page, methods=["GET", "POST"])])
