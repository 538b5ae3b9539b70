"""The embed script and content-hashed static files.

/embed.js keeps its address (it is in every merchant's markup), so it is
cached briefly and revalidated by ETag; everything it pulls in is addressed by
content hash and cached for a year, immutable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from socialproof.errors import NotFound
from socialproof.i18n import N_
from socialproof.resources import STATIC_DIR, WIDGETS_DIR, WORKSPACE_TEMPLATES_DIR
from socialproof.web.caching import cached
from socialproof.web.requests import settings

IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class Asset:
    name: str
    body: bytes
    media_type: str

    @property
    def hashed_name(self) -> str:
        stem, dot, ext = self.name.rpartition(".")
        return f"{stem}.{hashlib.sha256(self.body).hexdigest()[:12]}{dot}{ext}"

    @property
    def url(self) -> str:
        return f"/static/{self.hashed_name}"

    @property
    def text(self) -> str:
        return self.body.decode()


def _load(path: Path, media_type: str) -> Asset:
    return Asset(path.name, path.read_bytes(), media_type)


class Assets:
    """Read once at start-up: the files don't change under a running server."""

    def __init__(self) -> None:
        self.embed_js = _load(STATIC_DIR / "js" / "embed.js", "text/javascript")
        self.widget_css = _load(WIDGETS_DIR / "widget.css", "text/css")
        self.admin_css = _load(WORKSPACE_TEMPLATES_DIR / "admin.css", "text/css")
        self.admin_js = _load(STATIC_DIR / "js" / "admin.js", "text/javascript")
        self.by_hashed_name = {
            a.hashed_name: a for a in (self.embed_js, self.widget_css, self.admin_css, self.admin_js)
        }


def assets(request: Request) -> Assets:
    return request.app.state.assets


async def embed_js(request: Request) -> Response:
    asset = assets(request).embed_js
    return cached(request, asset.body, asset.media_type, max_age=settings(request).embed_max_age)


async def static_file(request: Request) -> Response:
    asset = assets(request).by_hashed_name.get(request.path_params["name"])
    if asset is None:
        raise NotFound(N_("There is no such file; its address may be from an older version."))
    response = cached(request, asset.body, asset.media_type, max_age=0)
    response.headers["Cache-Control"] = IMMUTABLE
    return response


routes = [
    Route("/embed.js", embed_js, methods=["GET"]),
    Route("/static/{name}", static_file, methods=["GET"]),
]
