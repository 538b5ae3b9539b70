"""The HTTP edge: routes, the workspace's pages, middleware, request parsing, caching,
error handlers and the OpenAPI description. Only this package (and app.py) knows Starlette.

Here too, ``AppState``: what one running app holds, typed. Starlette's ``app.state`` is
untyped; app.py sets this one object on it and every handler and middleware reads it
through ``state()``, so mypy sees what each part of the app holds. (It lives in the
package itself because the modules that read it are the ones its fields come from.)
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.types import Scope

from socialproof.config import Settings
from socialproof.db.store import Store
from socialproof.photos.storage import PhotoStorage
from socialproof.signals.beats import Beats
from socialproof.web.assets import Assets
from socialproof.web.cache.memory import RenderCache

# ``{name:id}`` in a path is a row id: digits SQLite's 64-bit integers can hold. A larger
# number is no id of ours, so it answers 404 rather than reaching the database.


class RowId(Convertor[int]):
    regex = "[0-9]{1,18}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", RowId())


@dataclass
class AppState:
    settings: Settings
    assets: Assets
    render_cache: RenderCache
    beats: Beats  # heartbeats counted in memory (signals/beats.py)
    photo_storage: PhotoStorage
    # Set when serving starts (the lifespan), from the database:
    store: Store = field(init=False)
    form_key: bytes = field(init=False)  # signs the review form's start stamp (safety/formguard.py)
    photo_executor: ThreadPoolExecutor = field(init=False)  # decoding photos: its own pool, never starving reads


def state(request: Request | Scope) -> AppState:
    """The app's state, from a request or (in middleware, before routing) an ASGI scope."""
    app = request.app if isinstance(request, Request) else request["app"]
    held: AppState = app.state.socialproof
    return held
