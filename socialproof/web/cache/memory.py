"""Public answers kept rendered in the process, dropped when the change feed says their shop changed.

Widget fragments, the batch answer and the public summaries are kept as
bytes with their ETag and compressed forms (compression.Encoded), in a cache
bounded by bytes (least recently used out first). Nothing is kept by time
alone: a write made by this process drops what it touched as it commits
(Store's commit hook), and changes made by other processes (other workers,
the CLI) are read from the feed every ``FOLLOW_SECONDS``. A few answers also
depend on the clock ("N looking now"): those entries carry a lifetime.
Known shops are kept here too, so a request never looks its shop up twice.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from socialproof.db import feed
from socialproof.db.engine import Database
from socialproof.shops.registry import Shop, require_shop
from socialproof.web.compression import Encoded

FOLLOW_SECONDS = 0.5  # another process's change shows within this (and one render)
PRESENCE_LIFETIME = 1.0  # seconds an answer showing "N looking now" is kept: with beats.FLUSH_SECONDS, 2 s late at most
FEED_BATCH = 10_000  # more changes than this at once: simpler to start afresh


@dataclass(frozen=True)
class Entry:
    encoded: Encoded
    etag: str
    media_type: str
    shop_id: int
    expires: float | None = None  # time.monotonic() past which it is rendered again
    headers: tuple[tuple[bytes, bytes], ...] = ()  # what the route adds: Cache-Control, X-Robots-Tag
    origins: tuple[str, ...] | None = None  # the shop's, when rendered: whom CORS admits (cors.py)


Rendering = dict[Hashable, "asyncio.Future[Entry | None]"]


class RenderCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._bytes = 0
        self._shops: dict[str, Shop] = {}
        self._lock = threading.Lock()
        self.position = 0  # the last change this cache has acted on
        # Bumped by every drop: a render that began before a change must not be kept after it.
        self.generation = 0
        self.rendering: Rendering = {}  # renders under way, by key (caching.render_once); event loop only

    def get(self, key: Hashable) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires is not None and entry.expires < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: Hashable, entry: Entry, generation: int) -> None:
        """Keep ``entry``, rendered from what the database held at ``generation``, unless that is past."""
        size = entry.encoded.size
        if size > self.max_bytes // 8:  # one huge answer must not empty the cache
            return
        with self._lock:
            if generation != self.generation:
                return
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self.generation += 1
            self._forget_all()

    def _forget_all(self) -> None:
        self._entries.clear()
        self._bytes = 0
        self._shops.clear()

    def _drop(self, key: Hashable) -> None:
        self._bytes -= self._entries.pop(key).encoded.size

    @property
    def bytes(self) -> int:
        return self._bytes

    def known_shop(self, slug: str) -> Shop | None:
        """The shop if it is in memory: for answers that must not wait on the database."""
        return self._shops.get(slug)

    def shop(self, db: Database, slug: str) -> Shop:
        """The shop from memory, read once until it changes; NotFound as require_shop."""
        known = self._shops.get(slug)
        if known is not None:
            return known
        shop = require_shop(db, slug)
        with self._lock:
            self._shops[slug] = shop
        return shop

    def start_at(self, db: Database) -> None:
        self.position = feed.latest(db)

    def follow(self, db: Database) -> int:
        """Drop what the changes since the last call touched; how many changes there were."""
        changes = feed.since(db, self.position, FEED_BATCH)
        if not changes:
            return 0
        shops = {c.shop_id for c in changes}
        with self._lock:
            self.generation += 1
            if len(changes) == FEED_BATCH:
                self._forget_all()
                self.position = feed.latest(db)
            else:
                for key in [k for k, e in self._entries.items() if e.shop_id in shops]:
                    self._drop(key)
                # any change may be the shop's own settings, and shops change rarely
                self._shops = {s: shop for s, shop in self._shops.items() if shop.id not in shops}
            self.position = max(self.position, changes[-1].id)
        return len(changes)
