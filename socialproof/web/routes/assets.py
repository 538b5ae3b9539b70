"""The embed script and content-hashed static files.

/embed.js keeps its address (it is in every merchant's markup), so it is
cached briefly and revalidated by ETag; everything it pulls in is addressed by
content hash and cached for a year, immutable.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.web import state
from socialproof.web.cache.answers import cached, respond

ROBOTS = b"""# socialproof: its widgets are part of the shops' product pages and are indexed there;
# a widget opened on its own answers X-Robots-Tag: noindex.
User-agent: *
Disallow: /admin
Disallow: /api/
Disallow: /review/
Disallow: /shop-reviews/*/write
Allow: /
"""


async def embed_js(request: Request) -> Response:
    return respond(request, state(request).assets.embed_js.entry)


async def static_file(request: Request) -> Response:
    asset = state(request).assets.by_hashed_name.get(request.path_params["name"])
    if asset is None:
        raise NotFound(N_("There is no such file; its address may be from an older version."))
    return respond(request, asset.entry)


async def robots_txt(request: Request) -> Response:
    return cached(request, ROBOTS, "text/plain; charset=utf-8", max_age=86400)


# A star in the stars' own amber: what a browser tab shows for the workspace and socialproof's own pages.
FAVICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path fill="#a16207" '
    b'd="M8 .8l2.2 4.6 5 .7-3.6 3.5.9 5L8 12.2 3.5 14.6l.9-5L.8 6.1l5-.7z"/></svg>'
)


async def favicon(request: Request) -> Response:
    return cached(request, FAVICON, "image/svg+xml", max_age=86400)


routes = [
    Route("/robots.txt", robots_txt, methods=["GET"]),
    Route("/favicon.ico", favicon, methods=["GET"]),
    Route("/embed.js", embed_js, methods=["GET"]),
    Route("/static/{name}", static_file, methods=["GET"]),
]
