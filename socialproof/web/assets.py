"""The files the server sends: the embed script, the stylesheets, the workspace script.

Read once at start-up, the scripts and stylesheets stripped of their comments and spaces, and compressed;
each is addressed by its content hash and cached for a year, immutable, except /embed.js,
which keeps its address (it is in every merchant's markup) and is cached briefly and
revalidated by its ETag.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

from socialproof.resources import STATIC_DIR, WIDGETS_DIR, WORKSPACE_TEMPLATES_DIR
from socialproof.web.cache.entries import cache_control, make_entry
from socialproof.web.cache.memory import Entry

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
        entry = make_entry(self.body, self.media_type, shop_id=0, headers={"Cache-Control": self.cache_control})
        object.__setattr__(self, "entry", entry)

    @property
    def url(self) -> str:
        return f"/static/{self.hashed_name}"

    @property
    def text(self) -> str:
        return self.body.decode()


JS, CSS = "text/javascript; charset=utf-8", "text/css; charset=utf-8"
# A first line such as V8's `//# allFunctionsCalledOnLoad` (compile every function while the script streams
# in, off the page's main thread) is meant for the browser, not the next engineer: the minifier keeps it.
BROWSER_HINT = re.compile(r"//# [A-Za-z]+\n")


def _load(path: Path, media_type: str, cache_control: str = IMMUTABLE) -> Asset:
    return _prepared(path.name, path.read_bytes(), media_type, cache_control)


# Once per content, not per app: minifying and compressing take 5 ms, a cost the tests' thousands of apps
# paid again and again; a file changed on disk is prepared anew (its bytes are the key), and Asset is frozen.
@functools.lru_cache(maxsize=32)
def _prepared(name: str, body: bytes, media_type: str, cache_control: str) -> Asset:
    if media_type == JS:
        # The comments are for the next engineer, not for every shopper's phone: a third of embed.js gzipped.
        # rjsmin takes template literals only unnested (tests/web/test_assets.py holds embed.js to that).
        text = body.decode()
        hint = BROWSER_HINT.match(text)
        body = ((hint.group() if hint else "") + rjsmin.jsmin(text)).encode()
    elif media_type == CSS:
        # The same for the stylesheets: a fifth less to fetch and parse (widget.css: _widget_css below).
        body = rcssmin.cssmin(body.decode()).encode()
    return Asset(name, body, media_type, cache_control)


# widget.css has two parts, this comment line between them: the rules every widget needs, then the rules
# only the sections (widgets with a heading) need, which embed.js parses when it first draws one.
SECTIONS_MARK = "/* ---- The sections"


@functools.lru_cache(maxsize=4)
def _widget_css(source: bytes) -> tuple[Asset, tuple[int, int]]:
    """The whole stylesheet as served (its first part, then the sections'), and each part's length in
    UTF-16 code units, as the script slices the text."""
    first, mark, sections = source.decode().partition(SECTIONS_MARK)
    if not mark:
        raise ValueError(f"widget.css has no line starting {SECTIONS_MARK!r}")
    first = rcssmin.cssmin(first)
    whole = first + rcssmin.cssmin(mark + sections)
    first_length, whole_length = (len(text.encode("utf-16-le")) // 2 for text in (first, whole))
    return Asset("widget.css", whole.encode(), CSS), (first_length, whole_length - first_length)


class Assets:
    """Read once at start-up: the files don't change under a running server."""

    def __init__(self, embed_max_age: int) -> None:
        # /embed.js keeps its address, so it is only briefly cacheable; the rest are named by content.
        self.embed_js = _load(STATIC_DIR / "js" / "embed.js", JS, cache_control(embed_max_age))
        self.widget_css, self.widget_css_split = _widget_css((WIDGETS_DIR / "widget.css").read_bytes())
        self.admin_css = _load(WORKSPACE_TEMPLATES_DIR / "admin.css", CSS)
        self.admin_js = _load(STATIC_DIR / "js" / "admin.js", JS)
        self.by_hashed_name = {
            a.hashed_name: a for a in (self.embed_js, self.widget_css, self.admin_css, self.admin_js)
        }
        # What cache/before_routing.py answers, by path.
        self.by_path = {"/embed.js": self.embed_js.entry} | {a.url: a.entry for a in self.by_hashed_name.values()}
