"""Rate limits on shoppers' writes and sign-ins: GCRA buckets kept in SQLite.

A limit "N per W seconds" is a bucket of N that refills one every W/N
seconds (the generic cell rate algorithm): a burst of N passes, then one per
W/N. Unlike fixed windows there is no edge at which a client gets a second
allowance, and the Retry-After we send is the real wait until the next one
fits. One row a key holds the time the bucket is full again ("theoretical
arrival time"); once that is past, the row carries nothing and is purged.

Counted in the database rather than in memory so that every worker process
shares one count. Keys carry hashes only (see shoppers.py). A hit runs in the
same transaction as the write it guards; heartbeats, which come with page
views, are decided in memory and written in batches instead (``Deferred``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from socialproof import clock, policy
from socialproof.db.engine import Database, executemany
from socialproof.errors import TooMany
from socialproof.i18n import N_
from socialproof.safety.shoppers import Shopper

Bucket = tuple[str, int, int]  # key, how many, per how many seconds


def _stored_tat(db: Database, key: str) -> float | None:
    rows = list(db.query("SELECT tat FROM rate_limits WHERE key = ?", [key]))
    return rows[0]["tat"] if rows else None


def _tat(db: Database, key: str, now: float) -> float:
    stored = _stored_tat(db, key)
    return max(stored, now) if stored is not None else now


def _after(tat: float | None, moment: float, limit: int, window_seconds: int) -> float:
    """The bucket's full-again time after one taken at ``moment``; never more than a full window into debt."""
    start = moment if tat is None else max(tat, moment)
    return min(start + window_seconds / limit, moment + window_seconds)


def _wait(tat: float, now: float, limit: int, window_seconds: int) -> int | None:
    """Whole seconds until one more fits in a bucket at ``tat``, or None if it fits now."""
    fits_at = tat + window_seconds / limit - window_seconds
    return max(1, math.ceil(fits_at - now)) if fits_at > now + 1e-9 else None  # 1e-9: float noise


def _store(db: Database, key: str, tat: float, now: float, limit: int, window_seconds: int) -> None:
    """Take one from the bucket at ``tat``; never more than a full window into debt."""
    _write(db, key, _after(tat, now, limit, window_seconds))


UPSERT = (
    "INSERT INTO rate_limits (key, tat, changed_at) VALUES (?, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET tat = excluded.tat, changed_at = excluded.changed_at"
)


def _write(db: Database, key: str, tat: float) -> None:
    db.execute(UPSERT, [key, tat, clock.now().timestamp()])


def spend(db: Database, key: str, limit: int, window_seconds: int) -> None:
    """Take one from ``key``'s bucket, whether or not it had one (a failed sign-in counts regardless)."""
    now = clock.now().timestamp()
    _store(db, key, _tat(db, key, now), now, limit, window_seconds)


def blocked_for(db: Database, key: str, limit: int, window_seconds: int) -> int | None:
    """Seconds until ``key`` may act again, if its bucket is empty; read-only."""
    now = clock.now().timestamp()
    return _wait(_tat(db, key, now), now, limit, window_seconds)


def take(db: Database, buckets: list[tuple[str, int]], window_seconds: int, message: str) -> None:
    """One from each ``(key, limit)`` bucket, or 429 with the real wait if any is empty.

    Every bucket is checked before any is taken from, so a refused request costs nothing."""
    now = clock.now().timestamp()
    tats = [_tat(db, key, now) for key, _ in buckets]
    waits = [w for (_, limit), tat in zip(buckets, tats, strict=True) if (w := _wait(tat, now, limit, window_seconds))]
    if waits:
        raise TooMany(message, retry_after=max(waits))
    for (key, limit), tat in zip(buckets, tats, strict=True):
        _store(db, key, tat, now, limit, window_seconds)


SHOPPER_REFUSAL = N_("Too many requests from this shopper; wait a moment and try again.")
SHOP_REFUSAL = N_("This shop is receiving too many requests; try again in a while.")


def shopper_buckets(action: str, shopper: Shopper) -> list[Bucket]:
    """The action's limit per shopper, and ten times it per address: one office or
    household behind one address is many shoppers, each with their own visitor id."""
    limit, seconds = policy.SHOPPER_LIMITS[action]
    if shopper.visitor_hash:
        return [
            (f"{action}:v:{shopper.visitor_hash}", limit, seconds),
            (f"{action}:ip:{shopper.ip_hash}", limit * 10, seconds),
        ]
    return [(f"{action}:ip:{shopper.ip_hash}", limit, seconds)]


def shop_buckets(action: str, shop_id: int) -> list[Bucket]:
    return [(f"{action}:shop:{shop_id}", policy.SHOP_LIMITS[action], policy.SHOP_WINDOW_SECONDS)]


def guard_shopper(db: Database, action: str, shopper: Shopper) -> None:
    buckets = shopper_buckets(action, shopper)
    take(db, [(key, limit) for key, limit, _ in buckets], buckets[0][2], SHOPPER_REFUSAL)


def guard_shop(db: Database, action: str, shop_id: int) -> None:
    ((key, limit, seconds),) = shop_buckets(action, shop_id)
    take(db, [(key, limit)], seconds, SHOP_REFUSAL)


class Takes(NamedTuple):
    """Takes from one bucket, folded into one function of the stored full-again time.

    One take at moment m maps a full-again time t to min(max(t, m) + W/N, m + W)
    (``_after``): t + W/N clamped into [m + W/N, m + W]. Clamps compose into a
    clamp, so any number of takes stays three numbers, applied in O(1) to
    whatever the database holds when a decision or the write comes.
    """

    shift: float = 0.0
    low: float = -math.inf
    high: float = math.inf

    def __call__(self, stored: float | None) -> float | None:
        tat = min(max((-math.inf if stored is None else stored) + self.shift, self.low), self.high)
        return None if tat == -math.inf else tat

    def then(self, later: Takes) -> Takes:
        shift, low, high = later
        return Takes(self.shift + shift, min(max(self.low + shift, low), high), min(max(self.high + shift, low), high))

    @classmethod
    def one(cls, moment: float, limit: int, window_seconds: int) -> Takes:
        step = window_seconds / limit
        return cls(step, moment + step, moment + window_seconds)


Spent = dict[Bucket, Takes]


class Deferred:
    """One action's limits decided in memory, written later in batches (heartbeats: signals/beats.py).

    A decision applies this process's unwritten takes, in order, over its
    mirror of the stored buckets (refreshed with every batch written): in one
    process exactly what writing each at once would decide. Not thread-safe:
    its owner holds a lock around it.
    """

    def __init__(self, action: str) -> None:
        self.action = action
        self._stored: dict[str, float] = {}
        self._pending: Spent = {}
        self._writing: Spent = {}  # detached for a write not yet read back: still counted
        self._reads = 0

    def take(self, groups: Sequence[tuple[Sequence[Bucket], str]], now: float | None = None) -> None:
        """One from every bucket, or TooMany with the first full group's message and real wait."""
        now = clock.now().timestamp() if now is None else now
        for buckets, message in groups:
            waits = [w for bucket in buckets if (w := _wait(self._tat(bucket, now), now, *bucket[1:]))]
            if waits:
                raise TooMany(message, retry_after=max(waits))
        for buckets, _ in groups:
            for bucket in buckets:
                taken = Takes.one(now, *bucket[1:])
                before = self._pending.get(bucket)
                self._pending[bucket] = taken if before is None else before.then(taken)

    def _tat(self, bucket: Bucket, now: float) -> float:
        tat = self._stored.get(bucket[0])
        for unwritten in (self._writing.get(bucket), self._pending.get(bucket)):
            if unwritten is not None:
                tat = unwritten(tat)
        return max(tat, now) if tat is not None else now

    def detach(self) -> Spent:
        self._writing, self._pending = self._pending, {}
        return self._writing

    def written(self, stored: dict[str, float] | None) -> None:
        """The detached takes are stored (``stored``: the buckets changed, read back) or given up (None)."""
        self._writing = {}
        if stored is not None:
            self._stored.update(stored)
            self._reads += 1
            if self._reads % PRUNE_EVERY == 0:  # buckets full again hold nothing a decision needs
                now = clock.now().timestamp()
                self._stored = {key: tat for key, tat in self._stored.items() if tat > now}


PRUNE_EVERY = 60  # reads between forgetting a Deferred's buckets that are full again


def _range(action: str) -> list[str]:
    return [f"{action}:", f"{action};"]  # every key "action:…" sorts between these (";" follows ":")


def in_debt(db: Database, action: str, changed_since: float | None = None) -> dict[str, float]:
    """The action's buckets that are not full again (changed since ``changed_since``): a Deferred's mirror."""
    rows = db.execute(
        "SELECT key, tat FROM rate_limits WHERE key >= ? AND key < ? AND tat > ? AND changed_at >= ?",
        [*_range(action), clock.now().timestamp(), changed_since or 0.0],
    ).fetchall()
    return dict(rows)


def write_spent(db: Database, spent: Mapping[Bucket, Takes]) -> None:
    """Apply takes made in memory (Deferred) over what the database holds now."""
    keys = [key for key, _, _ in spent]
    marks = ", ".join("?" * len(keys))  # one placeholder per key, never the keys themselves
    stored = dict(db.execute(f"SELECT key, tat FROM rate_limits WHERE key IN ({marks})", keys)) if keys else {}
    now = clock.now().timestamp()
    rows = [(key, tat, now) for (key, _, _), takes in spent.items() if (tat := takes(stored.get(key))) is not None]
    executemany(db, UPSERT, rows)


def purge(db: Database) -> int:
    """Forget the buckets that are full again: they hold nothing a later request needs."""
    return db.execute("DELETE FROM rate_limits WHERE tat < ?", [clock.now().timestamp()]).rowcount
