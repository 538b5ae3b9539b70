"""Rate limits on shoppers' writes and sign-ins: GCRA buckets kept in SQLite.

A limit "N per W seconds" is a bucket of N that refills one every W/N
seconds (the generic cell rate algorithm): a burst of N passes, then one per
W/N. Unlike fixed windows there is no edge at which a client gets a second
allowance, and the Retry-After we send is the real wait until the next one
fits. One row a key holds the time the bucket is full again ("theoretical
arrival time"); once that is past, the row carries nothing and is purged.

Counted in the database rather than in memory so that every worker process
shares one count. Keys carry hashes only (see shoppers.py). A hit runs in the
same transaction as the write it guards.
"""

from __future__ import annotations

import math

from sqlite_utils import Database

from socialproof import clock, policy
from socialproof.errors import TooMany
from socialproof.i18n import N_
from socialproof.safety.shoppers import Shopper


def _tat(db: Database, key: str, now: float) -> float:
    rows = list(db.query("SELECT tat FROM rate_limits WHERE key = ?", [key]))
    return max(rows[0]["tat"], now) if rows else now


def _wait(tat: float, now: float, limit: int, window_seconds: int) -> int | None:
    """Whole seconds until one more fits in a bucket at ``tat``, or None if it fits now."""
    fits_at = tat + window_seconds / limit - window_seconds
    return max(1, math.ceil(fits_at - now)) if fits_at > now + 1e-9 else None  # 1e-9: float noise


def _store(db: Database, key: str, tat: float, now: float, limit: int, window_seconds: int) -> None:
    """Take one from the bucket at ``tat``; never more than a full window into debt."""
    db.execute(
        "INSERT INTO rate_limits (key, tat) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET tat = excluded.tat",
        [key, min(tat + window_seconds / limit, now + window_seconds)],
    )


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


def guard_shopper(db: Database, action: str, shopper: Shopper) -> None:
    """The action's limit per shopper, and ten times it per address: one office or
    household behind one address is many shoppers, each with their own visitor id."""
    limit, seconds = policy.SHOPPER_LIMITS[action]
    if shopper.visitor_hash:
        buckets = [(f"{action}:v:{shopper.visitor_hash}", limit), (f"{action}:ip:{shopper.ip_hash}", limit * 10)]
    else:
        buckets = [(f"{action}:ip:{shopper.ip_hash}", limit)]
    take(db, buckets, seconds, N_("Too many requests from this shopper; wait a moment and try again."))


def guard_shop(db: Database, action: str, shop_id: int) -> None:
    take(
        db,
        [(f"{action}:shop:{shop_id}", policy.SHOP_LIMITS[action])],
        policy.SHOP_WINDOW_SECONDS,
        N_("This shop is receiving too many requests; try again in a while."),
    )


def purge(db: Database) -> int:
    """Forget the buckets that are full again: they hold nothing a later request needs."""
    return db.execute("DELETE FROM rate_limits WHERE tat < ?", [clock.now().timestamp()]).rowcount
