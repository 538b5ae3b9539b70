"""Who is looking now, kept in each process: heartbeats counted in memory, written in batches.

Every open product page says "I'm here" every ~25 s, so heartbeats are as
many as page views. Each process answers them from memory, with no database
work on the request: it knows who the table counted as looking at its last
refresh, adds the beats it has had since, and decides the heartbeat rate
limits on its mirror of the stored buckets plus its own takes since
(ratelimit.Deferred). Every ``FLUSH_SECONDS`` one transaction writes what
arrived and reads back what every process has written, so "N looking now"
includes this process's beats at once and other processes' within two
flushes. Limits: in one process exactly as strict as writing each beat; with
several, another process's takes of the last two seconds may not be seen yet.

A batch whose write fails is dropped (logged by the caller): presence is
about the last minute, and the next beats rebuild it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from socialproof import clock, policy
from socialproof.db.engine import Database
from socialproof.safety import ratelimit
from socialproof.safety.shoppers import Hasher, Shopper
from socialproof.shops.registry import Shop
from socialproof.signals import presence

FLUSH_SECONDS = 1.0
# A read takes what changed since the last read began, less this: a transaction that stamped its rows
# earlier but committed after that read began is still seen. It bounds how long a visitor who has
# left can still be counted, when rows arrive out of order.
OVERLAP_SECONDS = 2.0
ACTION = "heartbeat"

Where = tuple[int, str]  # shop id, product
Seen = dict[Where, dict[str, str]]  # visitor key -> seen at (ISO, as the table keeps it)


@dataclass(frozen=True)
class Batch:
    seen: Seen
    spent: ratelimit.Spent

    def __len__(self) -> int:
        return sum(map(len, self.seen.values())) + len(self.spent)


@dataclass(frozen=True)
class Known:
    """What one refresh read: who the table counts as looking, oldest first, and the day's hashing keys."""

    looking: Seen  # changed since the read before, each product's oldest first
    stored: dict[str, float]  # heartbeat rate-limit buckets still in debt, changed since the read before
    hasher: Hasher | None  # None before the day's salt exists (made by the next flush)
    started: float  # when this read began (clock.now), for the next one


class Beats:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # beats arrive on the event loop and on reader threads
        self._limits = ratelimit.Deferred(ACTION)
        # Who is looking, by product, oldest first: what the table held at the last read, and every
        # beat here since (a beat moves its visitor last). What arrives out of order from other
        # processes leaves a little late, bounded by OVERLAP_SECONDS.
        self._looking: Seen = {}
        self._pending: Seen = {}  # beats here not yet detached for writing
        self._hasher: Hasher | None = None
        self._last_read: float | None = None

    def read_since(self) -> float | None:
        """Where the next read starts (None: read everything, as at start-up)."""
        return None if self._last_read is None else self._last_read - OVERLAP_SECONDS

    def shopper(self, visitor_id: str | None, ip: str | None, user_agent: str | None) -> Shopper | None:
        """The shopper as shoppers.identify hashes them; None until today's salt has been read."""
        hasher = self._todays()
        return hasher.shopper(visitor_id, ip, user_agent) if hasher else None

    def needs_keys(self) -> bool:
        """Whether the next flush must make today's salt (or the visitor secret): a write, not a read."""
        hasher = self._todays()
        return hasher is None or hasher.secret is None

    def _todays(self) -> Hasher | None:
        hasher = self._hasher
        return hasher if hasher and hasher.day == clock.now().date() else None

    def beat(self, shop: Shop, product: str, shopper: Shopper) -> int:
        """Count one heartbeat after the rate limits (TooMany past them); how many others are looking."""
        key = shopper.visitor_hash or shopper.ip_hash
        groups = [
            (ratelimit.shopper_buckets(ACTION, shopper), ratelimit.SHOPPER_REFUSAL),
            (ratelimit.shop_buckets(ACTION, shop.id), ratelimit.SHOP_REFUSAL),
        ]
        moment = clock.now()
        with self._lock:
            self._limits.take(groups, moment.timestamp())
            if not shopper.automated:  # a crawler or an audit tool is not someone looking
                now, where = moment.isoformat(timespec="microseconds"), (shop.id, product)
                self._pending.setdefault(where, {})[key] = now
                looking = self._looking.setdefault(where, {})
                looking.pop(key, None)
                looking[key] = now
            return self._others((shop.id, product), key, moment)

    def others(self, shop_id: int, product: str, viewer_key: str | None = None) -> int:
        with self._lock:
            return self._others((shop_id, product), viewer_key, clock.now())

    def _others(self, where: Where, viewer_key: str | None, now: datetime) -> int:
        since = (now - policy.VIEWER_WINDOW).isoformat(timespec="microseconds")
        looking = self._looking.get(where, {})
        while looking and looking[oldest := next(iter(looking))] < since:  # oldest first: who left the window
            del looking[oldest]
        return len(looking) - (viewer_key in looking)

    def detach(self) -> Batch:
        """What arrived since the last write, for ``flush``; its takes count still until ``refreshed``."""
        with self._lock:
            seen, self._pending = self._pending, {}
            return Batch(seen, self._limits.detach())

    def refreshed(self, known: Known | None) -> None:
        """The detached batch is in the table (or given up, with None): merge what was read back."""
        with self._lock:
            self._limits.written(known.stored if known else None)
            if known is None:
                return
            for where, seen in known.looking.items():
                mine = self._looking.setdefault(where, {})
                for key, seen_at in seen.items():  # oldest first, so appended in order
                    if mine.get(key, "") < seen_at:
                        mine.pop(key, None)
                        mine[key] = seen_at
            self._hasher = known.hasher or self._hasher
            self._last_read = known.started


def flush(db: Database, batch: Batch, since: float | None) -> Known:
    """Write a batch and read back what every process has written (the caller's write transaction)."""
    for (shop_id, product), seen in batch.seen.items():
        presence.record_heartbeats(db, shop_id, product, seen)
    ratelimit.write_spent(db, batch.spent)
    return read(db, since, creating=True)


def read(db: Database, since: float | None, *, creating: bool = False) -> Known:
    """What changed since ``since`` (a timestamp; None: all that is live), and the day's keys.

    ``creating`` (on the writer) makes the day's salt and the visitor secret when they are missing."""
    started = clock.now().timestamp()
    looking: Seen = {}
    for shop_id, product, key, seen_at in presence.looking_now(db, since):
        looking.setdefault((shop_id, product), {})[key] = seen_at
    stored = ratelimit.in_debt(db, ACTION, since)
    return Known(looking, stored, Hasher.of(db, creating=creating), started)
