"""The embed script and content-hashed static files.

/embed.js keeps its address (it is in every merchant's markup), so it is
cached briefly and revalidated by ETag; everything it pulls in is addressed by
content hash and cached for a year, immutable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.resources import STATIC_DIR, WIDGETS_DIR, WORKSPACE_TEMPLATES_DIR
from socialproof.web.caching import cache_control, cached, keep, send
from socialproof.web.rendered import Entry

IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    """A file as it is served: its content-hashed name and compressed forms worked out once, at start-up."""

    name: str
    body: bytes
    media_type: str
    hashed_name: str = field(init=False)
    entry: Entry = field(init=False)

    cache_control: str = IMMUTABLE

    def __post_init__(self) -> None:
        stem, dot, ext = self.name.rpartition(".")
        object.__setattr__(self, "hashed_name", f"{stem}.{hashlib.sha256(self.body).hexdigest()[:12]}{dot}{ext}")
        entry = keep(self.body, self.media_type, shop_id=0, headers={"Cache-Control": self.cache_control})
        object.__setattr__(self, "entry", entry)

    @property
    def url(self) -> str:
        return f"/static/{self.hashed_name}"

    @property
    def text(self) -> str:
        return self.body.decode()


def _load(path: Path, media_type: str, cache_control: str = IMMUTABLE) -> Asset:
    return Asset(path.name, path.read_bytes(), media_type, cache_control)


ROBOTS = b"""# socialproof: its widgets are part of the shops' product pages and are indexed there;
# a widget opened on its own answers X-Robots-Tag: noindex.
User-agent: *
Disallow: /admin
Disallow: /api/
Disallow: /review/
Allow: /
"""


JS, CSS = "text/javascript; charset=utf-8", "text/css; charset=utf-8"


class Assets:
    """Read once at start-up: the files don't change under a running server."""

    def __init__(self, embed_max_age: int) -> None:
        # /embed.js keeps its address, so it is only briefly cacheable; the rest are named by content.
        self.embed_js = _load(STATIC_DIR / "js" / "embed.js", JS, cache_control(embed_max_age))
        self.widget_css = _load(WIDGETS_DIR / "widget.css", CSS)
        self.admin_css = _load(WORKSPACE_TEMPLATES_DIR / "admin.css", CSS)
        self.admin_js = _load(STATIC_DIR / "js" / "admin.js", JS)
        self.by_hashed_name = {
            a.hashed_name: a for a in (self.embed_js, self.widget_css, self.admin_css, self.admin_js)
        }
        # What kept.py answers before routing, by path.
        self.by_path = {"/embed.js": self.embed_js.entry} | {a.url: a.entry for a in self.by_hashed_name.values()}


def assets(request: Request) -> Assets:
    return request.app.state.assets


async def embed_js(request: Request) -> Response:
    return send(request, assets(request).embed_js.entry)


async def static_file(request: Request) -> Response:
    asset = assets(request).by_hashed_name.get(request.path_params["name"])
    if asset is None:
        raise NotFound(N_("There is no such file; its address may be from an older version."))
    return send(request, asset.entry)


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
